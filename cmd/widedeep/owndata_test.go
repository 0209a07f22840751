package main

import (
	"context"
	"github.com/gozoo/gozoo/nn"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gozoo/gozoo/internal/cli/clitest"
	"github.com/gozoo/gozoo/zoo/widedeep"
)

func TestOwnCSVColumns(t *testing.T) {
	out := t.TempDir()
	err := run(context.Background(), []string{"-csv", "../../examples/housing.csv", "-target", "MedHouseVal",
		"-wide", "MedInc,HouseAge,AveRooms,AveBedrms,Population", "-deep", "AveRooms,AveBedrms,Population,AveOccup,Latitude,Longitude",
		"-epochs", "2", "-out", out})
	if err != nil {
		t.Fatal(err)
	}
	// The notebook's two-input model: 1,200 parameters.
	if rep := clitest.ReadReport(t, out); rep.Params != 1200 || rep.Dataset != "csv" {
		t.Errorf("params %d, dataset %q; want 1200 and csv", rep.Params, rep.Dataset)
	}
	m, _, err := nn.LoadFile[widedeep.Config](filepath.Join(out, "model.gozoo"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Config.Wide, []int{0, 1, 2, 3, 4}) || !slices.Equal(m.Config.Deep, []int{2, 3, 4, 5, 6, 7}) || m.Config.Schema == nil {
		t.Errorf("saved config %+v", m.Config)
	}
	// Without -wide and -deep, every column on both paths: 1,256.
	if err := run(context.Background(), []string{"-csv", "../../examples/housing.csv", "-target", "MedHouseVal", "-epochs", "1", "-out", out}); err != nil {
		t.Fatal(err)
	}
	if rep := clitest.ReadReport(t, out); rep.Params != 1256 {
		t.Errorf("one input: params %d, want 1256", rep.Params)
	}
}

func TestColumnErrors(t *testing.T) {
	out := t.TempDir()
	h := []string{"-csv", "../../examples/housing.csv", "-target", "MedHouseVal", "-out", out}
	clitest.OneLineErrors(t, run, []clitest.ErrorCase{
		{Args: append(h, "-wide", "MedInc"), Want: []string{"-wide", "-deep", "together"}},
		{Args: append(h, "-wide", "MedInc", "-deep", "Rooms"), Want: []string{"-deep", `no column "Rooms"`, "AveRooms"}},
		{Args: append(h, "-wide", "MedInc,MedInc", "-deep", "0"), Want: []string{"-wide", `column "MedInc" twice`}},
		{Args: append(h, "-wide", "MedInc", "-deep", "1", "-inputs", "2"), Want: []string{"-inputs", "-wide"}},
		{Args: append(h, "-wide", "MedInc", "-deep", "1", "-load", "x.gozoo"), Want: []string{"-load", "columns"}},
	})
}
