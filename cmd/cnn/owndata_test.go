package main

import (
	"github.com/gozoo/gozoo/nn"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gozoo/gozoo/internal/cli/clitest"
	"github.com/gozoo/gozoo/zoo/cnn"
)

func TestOwnImages(t *testing.T) {
	out := t.TempDir()
	a := []string{"-images", "../../examples/fashion", "-first", "4x5", "-blocks", "8x1", "-dense", "16", "-epochs", "1", "-estimate", "0", "-out", out}
	if _, err := runQuiet(t, a); err != nil {
		t.Fatal(err)
	}
	rep := clitest.ReadReport(t, out)
	if rep.Dataset != "images" || rep.TrainRows != 33 || rep.Epochs != 1 {
		t.Errorf("dataset %q, train rows %d, epochs %d", rep.Dataset, rep.TrainRows, rep.Epochs)
	}
	m, _, err := nn.LoadFile[cnn.Config](filepath.Join(out, "model.gozoo"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Config.ClassNames, []string{"bag", "sneaker", "trouser", "tshirt"}) || !slices.Equal(m.Config.Input, []int{28, 28, 1}) {
		t.Errorf("saved classes %v, input %v", m.Config.ClassNames, m.Config.Input)
	}
	clitest.OneLineErrors(t, run, []clitest.ErrorCase{
		{Args: []string{"-csv", "../../examples/iris.csv", "-target", "species", "-out", out}, Want: []string{"-csv", "images", "-images DIR"}},
		{Args: []string{"-images", "../../examples", "-out", out}, Want: []string{"-images", "no PNG or JPEG image"}},
	})
}
