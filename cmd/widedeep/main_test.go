package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/internal/cli/clitest"
	"github.com/gozoo/gozoo/internal/zootest"
)

func TestBadInputGetsOneClearError(t *testing.T) {
	dir := t.TempDir()
	orig, err := os.ReadFile("../../data/embed/cal_housing.tgz")
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated")
	os.Mkdir(truncated, 0o755)
	os.WriteFile(filepath.Join(truncated, "cal_housing.tgz"), orig[:len(orig)/3], 0o644)
	notModel := filepath.Join(dir, "notes.txt")
	os.WriteFile(notModel, []byte("hello"), 0o644)
	out := filepath.Join(dir, "out")

	clitest.OneLineErrors(t, run, []clitest.ErrorCase{
		{Args: []string{"-inputs", "3"}, Want: []string{"-inputs 3"}},
		{Args: []string{"-dataset", "fashion"}, Want: []string{"-dataset"}},
		{Args: []string{"-lr", "0"}, Want: []string{"-lr"}},
		{Args: []string{"-data", truncated, "-out", out}, Want: []string{"-data", filepath.Join(truncated, "cal_housing.tgz"), "sha256"}},
		{Args: []string{"-load", notModel, "-out", out}, Want: []string{"-load", "not a gozoo model"}},
	})
}

func TestQuickRunAndLoad(t *testing.T) {
	for _, c := range []struct {
		inputs string
		params int
	}{{"1", 1256}, {"2", 1200}} {
		t.Run(c.inputs, func(t *testing.T) {
			out := t.TempDir()
			if err := run(context.Background(), []string{"-inputs", c.inputs, "-limit", "2000", "-epochs", "10", "-out", out}); err != nil {
				t.Fatal(err)
			}
			rep := clitest.ReadReport(t, out)
			if rep.Params != c.params || rep.Epochs != 10 || len(rep.Files) != 4 {
				t.Errorf("params %d, epochs %d, files %v", rep.Params, rep.Epochs, rep.Files)
			}
			// Predicting the training mean scores about 1.15: a model
			// must beat it by far.
			if r, base := rep.Test["rmse"], zootest.CaliforniaTestBaseline(t, 2000); !(r < 0.8*base) {
				t.Errorf("test RMSE %.3f after ten epochs on 2,000 rows (two barely beat it); predicting the training mean gives %.3f", r, base)
			}
			// -load evaluates the saved model and knows its inputs.
			again := t.TempDir()
			if err := run(context.Background(), []string{"-load", filepath.Join(out, "model.gozoo"), "-out", again}); err != nil {
				t.Fatal(err)
			}
			if r := clitest.ReadReport(t, again); r.Test["rmse"] != rep.Test["rmse"] || r.Epochs != 10 {
				t.Errorf("loaded model: test RMSE %v after %d epochs, saved %v after 10", r.Test["rmse"], r.Epochs, rep.Test["rmse"])
			}
			other := map[string]string{"1": "2", "2": "1"}[c.inputs]
			err := run(context.Background(), []string{"-load", filepath.Join(out, "model.gozoo"), "-inputs", other, "-out", again})
			if err == nil || !strings.Contains(err.Error(), "-inputs") {
				t.Errorf("a %s-input model loaded with -inputs %s: %v", c.inputs, other, err)
			}
		})
	}
}

// The binary, not just run: exit status 1 and a single line on stderr.
func TestExitStatusAndOneLine(t *testing.T) {
	clitest.ExitStatus(t, "widedeep", "widedeep: -inputs ", []string{"-inputs", "0"})
}
