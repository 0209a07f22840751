package main

import (
	"context"
	"github.com/gozoo/gozoo/nn"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/internal/cli/clitest"
	"github.com/gozoo/gozoo/zoo/mlpreg"
)

func TestOwnCSV(t *testing.T) {
	out := t.TempDir()
	if err := run(context.Background(), []string{"-csv", "../../examples/housing.csv", "-target", "MedHouseVal", "-epochs", "2", "-out", out}); err != nil {
		t.Fatal(err)
	}
	rep := clitest.ReadReport(t, out)
	if rep.Dataset != "csv" || rep.Params != 5618 || rep.TrainRows != 168 || len(rep.Files) != 4 {
		t.Errorf("dataset %q, params %d, train rows %d, files %v", rep.Dataset, rep.Params, rep.TrainRows, rep.Files)
	}
	path := filepath.Join(out, "model.gozoo")
	m, _, err := nn.LoadFile[mlpreg.Config](path)
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Config.Schema; s == nil || s.Target != "MedHouseVal" || len(s.Columns) != 8 || s.Columns[0] != "MedInc" || s.Impute != nil {
		t.Errorf("saved schema %+v", s)
	}
	// The Normalization was adapted on the 168 training rows only.
	again := t.TempDir()
	if err := run(context.Background(), []string{"-csv", "../../examples/housing.csv", "-target", "MedHouseVal", "-load", path, "-out", again}); err != nil {
		t.Fatal(err)
	}
	if r := clitest.ReadReport(t, again); r.Test["rmse"] != rep.Test["rmse"] {
		t.Errorf("loaded: test RMSE %v, saved %v", r.Test["rmse"], rep.Test["rmse"])
	}
}

// TestImpute: missing cells are refused, or filled with the training rows'
// means, saved with the model.
func TestImpute(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile("../../examples/housing.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	cells := strings.Split(lines[5], ",")
	cells[2] = "NA"
	lines[5] = strings.Join(cells, ",")
	missing := filepath.Join(dir, "missing.csv")
	os.WriteFile(missing, []byte(strings.Join(lines, "\n")), 0o644)
	err = run(context.Background(), []string{"-csv", missing, "-target", "MedHouseVal", "-epochs", "1", "-out", dir})
	if err == nil || err.Error() != "-csv "+missing+` line 6, column "AveRooms": missing value (-impute mean fills missing cells with the training rows' mean)` {
		t.Errorf("missing cell: %v", err)
	}
	if err := run(context.Background(), []string{"-csv", missing, "-target", "MedHouseVal", "-impute", "mean", "-epochs", "1", "-out", dir}); err != nil {
		t.Fatal(err)
	}
	m, _, err := nn.LoadFile[mlpreg.Config](filepath.Join(dir, "model.gozoo"))
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Config.Schema; s == nil || len(s.Impute) != 8 || !(s.Impute[2] > 3 && s.Impute[2] < 8) {
		t.Errorf("saved schema %+v: want 8 means, rooms between 3 and 8", s)
	}
}

func TestOwnCSVErrors(t *testing.T) {
	out := t.TempDir()
	clitest.OneLineErrors(t, run, []clitest.ErrorCase{
		{Args: []string{"-csv", "../../examples/iris.csv", "-target", "species", "-out", out}, Want: []string{"-csv", "iris.csv line 2", `"species"`, `"setosa" is not a number`}},
		{Args: []string{"-csv", "../../examples/housing.csv", "-target", "MedHouseVal", "-data", out, "-out", out}, Want: []string{"-data"}},
		{Args: []string{"-images", out, "-out", out}, Want: []string{"-images"}},
	})
}
