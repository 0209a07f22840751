package main

import (
	"context"
	"github.com/gozoo/gozoo/nn"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gozoo/gozoo/internal/cli/clitest"
	"github.com/gozoo/gozoo/zoo/mlpcls"
)

// TestOwnCSV: examples/iris.csv, Iris with column names and species names,
// trains as the notebook's Iris cell does on the embedded copy: the same
// rows, split and scaler, so the same perfect test accuracy.
func TestOwnCSV(t *testing.T) {
	out := t.TempDir()
	if err := run(context.Background(), []string{"-csv", "../../examples/iris.csv", "-target", "species", "-out", out}); err != nil {
		t.Fatal(err)
	}
	rep := clitest.ReadReport(t, out)
	if rep.Dataset != "csv" || rep.Params != 83 || rep.Test["accuracy"] != 1 || rep.TrainRows != 84 {
		t.Errorf("dataset %q, params %d, train rows %d, test accuracy %v; want csv, 83, 84, 1", rep.Dataset, rep.Params, rep.TrainRows, rep.Test["accuracy"])
	}
	path := filepath.Join(out, "model.gozoo")
	m, _, err := nn.LoadFile[mlpcls.Config](path)
	if err != nil {
		t.Fatal(err)
	}
	c := m.Config
	if !slices.Equal(c.ClassNames, []string{"setosa", "versicolor", "virginica"}) || c.Schema == nil || c.Schema.Target != "species" ||
		len(c.Schema.Columns) != 4 || c.Scaler == nil || len(c.Scaler.Mean) != 4 {
		t.Errorf("saved config %+v", c)
	}
	// -load evaluates it again, with its own scaler.
	again := t.TempDir()
	if err := run(context.Background(), []string{"-csv", "../../examples/iris.csv", "-target", "species", "-load", path, "-out", again}); err != nil {
		t.Fatal(err)
	}
	if r := clitest.ReadReport(t, again); r.Test["accuracy"] != 1 || r.Test["loss"] != rep.Test["loss"] {
		t.Errorf("loaded: test %v, saved %v", r.Test, rep.Test)
	}
}

func TestOwnImages(t *testing.T) {
	out := t.TempDir()
	if err := run(context.Background(), []string{"-images", "../../examples/fashion", "-epochs", "2", "-out", out}); err != nil {
		t.Fatal(err)
	}
	rep := clitest.ReadReport(t, out)
	if want := 784*300 + 300 + 300*100 + 100 + 100*4 + 4; rep.Params != want || rep.Epochs != 2 || rep.Dataset != "images" || rep.TrainRows != 33 {
		t.Errorf("params %d, epochs %d, dataset %q, train rows %d; want %d, 2, images, 33", rep.Params, rep.Epochs, rep.Dataset, rep.TrainRows, want)
	}
	m, _, err := nn.LoadFile[mlpcls.Config](filepath.Join(out, "model.gozoo"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Config.ClassNames, []string{"bag", "sneaker", "trouser", "tshirt"}) || !slices.Equal(m.Config.Input, []int{28, 28}) {
		t.Errorf("saved classes %v, input %v", m.Config.ClassNames, m.Config.Input)
	}
}

// TestOwnDataErrors: one clear line for each bad combination or file.
func TestOwnDataErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("a,b,label\n1,2,x\n3,,y\n"), 0o644)
	one := filepath.Join(dir, "one")
	os.MkdirAll(filepath.Join(one, "only"), 0o755)
	irisModel := filepath.Join(dir, "iris")
	if err := run(context.Background(), []string{"-csv", "../../examples/iris.csv", "-target", "species", "-epochs", "1", "-out", irisModel}); err != nil {
		t.Fatal(err)
	}
	clitest.OneLineErrors(t, run, []clitest.ErrorCase{
		{Args: []string{"-csv", "../../examples/iris.csv", "-out", out}, Want: []string{"-csv", "iris.csv", "-target"}},
		{Args: []string{"-target", "species", "-out", out}, Want: []string{"-target", "-csv"}},
		{Args: []string{"-csv", "x.csv", "-target", "y", "-images", dir, "-out", out}, Want: []string{"-csv", "-images"}},
		{Args: []string{"-csv", "x.csv", "-target", "y", "-dataset", "iris", "-out", out}, Want: []string{"-dataset", "your own data"}},
		{Args: []string{"-csv", "x.csv", "-target", "y", "-impute", "median", "-out", out}, Want: []string{"-impute", "median", "mean"}},
		{Args: []string{"-csv", filepath.Join(dir, "none.csv"), "-target", "y", "-out", out}, Want: []string{"-csv", "none.csv", "no such file"}},
		{Args: []string{"-csv", "../../examples/iris.csv", "-target", "kind", "-out", out}, Want: []string{"-csv", `no column "kind"`, "species"}},
		{Args: []string{"-csv", bad, "-target", "label", "-out", out}, Want: []string{"-csv", "bad.csv line 3", `column "b"`, "missing value", "-impute mean"}},
		{Args: []string{"-csv", bad, "-target", "label", "-impute", "mean", "-out", out}, Want: []string{"bad.csv", "2 rows are too few", "3 or more"}},
		{Args: []string{"-images", filepath.Join(dir, "none"), "-out", out}, Want: []string{"-images", "none", "no such file"}},
		{Args: []string{"-images", one, "-out", out}, Want: []string{"-images", "only", "no PNG or JPEG"}},
		{Args: []string{"-images", "../../examples/fashion", "-load", filepath.Join(irisModel, "model.gozoo"), "-out", out}, Want: []string{"-load", "classes", "setosa", "bag"}},
	})
}
