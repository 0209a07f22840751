package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/internal/cli/clitest"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/mlpcls"
)

func TestBadInputGetsOneClearError(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt")
	os.Mkdir(corrupt, 0o755)
	for _, name := range []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"} {
		os.WriteFile(filepath.Join(corrupt, name), []byte("not an idx file"), 0o644)
	}
	notModel := filepath.Join(dir, "notes.txt")
	os.WriteFile(notModel, []byte("hello"), 0o644)
	readOnly := filepath.Join(dir, "ro")
	os.Mkdir(readOnly, 0o555)
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)

	cases := []clitest.ErrorCase{
		{Args: []string{"-epochs", "x"}, Want: []string{"-epochs"}},
		{Args: []string{"-nosuchflag"}, Want: []string{"nosuchflag"}},
		{Args: []string{"-dataset", "cifar"}, Want: []string{"-dataset"}},
		{Args: []string{"-batch", "0"}, Want: []string{"-batch"}},
		{Args: []string{"-lr", "-1"}, Want: []string{"-lr"}},
		{Args: []string{"-data", filepath.Join(dir, "nothing")}, Want: []string{"-data"}},
		{Args: []string{"-data", corrupt, "-out", filepath.Join(dir, "o1")}, Want: []string{"magic"}},
		{Args: []string{"-load", notModel, "-out", filepath.Join(dir, "o2")}, Want: []string{"not a gozoo model"}},
		{Args: []string{"-dataset", "iris", "-out", filepath.Join(blocker, "sub")}, Want: []string{"-out"}},
	}
	if os.Getuid() != 0 { // root writes anywhere
		cases = append(cases, clitest.ErrorCase{Args: []string{"-dataset", "iris", "-out", readOnly}, Want: []string{"-out"}})
	}
	clitest.OneLineErrors(t, run, cases)
}

func TestIrisEndToEnd(t *testing.T) {
	out := t.TempDir()
	if err := run(context.Background(), []string{"-dataset", "iris", "-out", out}); err != nil {
		t.Fatal(err)
	}
	rep := clitest.ReadReport(t, out)
	// scikit-learn's MLPClassifier stops at epoch 954 (zoo/mlpcls's
	// TestIrisMatchesSklearn holds the whole run to scikit-learn's).
	if rep.Params != 83 || rep.Test["accuracy"] != 1 || rep.Epochs != 954 {
		t.Errorf("params %d, test accuracy %v, %d epochs; want 83, 1.00 and scikit-learn's 954", rep.Params, rep.Test["accuracy"], rep.Epochs)
	}
	// -load evaluates the saved model without training, on its exact
	// float64 weights: the same figures.
	again := t.TempDir()
	if err := run(context.Background(), []string{"-dataset", "iris", "-load", filepath.Join(out, "model.gozoo"), "-out", again}); err != nil {
		t.Fatal(err)
	}
	if r := clitest.ReadReport(t, again); r.Test["loss"] != rep.Test["loss"] || r.Valid["loss"] != rep.Valid["loss"] {
		t.Errorf("loaded model: losses %v %v, saved %v %v", r.Valid["loss"], r.Test["loss"], rep.Valid["loss"], rep.Test["loss"])
	}
	// The saved model predicts from rows of a table (predict reads them
	// from a CSV file by column name): it holds Iris's columns and the
	// scaler.
	m, _, err := nn.LoadFile[mlpcls.Config](filepath.Join(out, "model.gozoo"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Config.Schema == nil || m.Config.Scaler == nil {
		t.Fatal("the iris model was saved without its columns and scaler")
	}
	rows := data.Table{Features: m.Config.Schema.Columns, X: [][]float64{{5.1, 3.5, 1.4, 0.2}, {6.7, 3.0, 5.2, 2.3}}}
	preds, err := m.PredictTable(rows)
	if err != nil {
		t.Fatal(err)
	}
	if names := m.Config.ClassNames; names[preds[0].Class] != "setosa" || names[preds[1].Class] != "virginica" {
		t.Errorf("predicted %v and %v, want setosa and virginica", names[preds[0].Class], names[preds[1].Class])
	}
	// A model for another input shape is refused in one line.
	if err := run(context.Background(), []string{"-dataset", "mnist", "-limit", "10", "-load", filepath.Join(out, "model.gozoo"), "-out", again}); err == nil || !strings.Contains(err.Error(), "-load") {
		t.Errorf("iris model on mnist: %v", err)
	}
}

// Fashion-MNIST ships with the command: a quick run needs no download and
// no system package.
func TestFashionQuickRun(t *testing.T) {
	out := t.TempDir()
	if err := run(context.Background(), []string{"-limit", "3000", "-epochs", "2", "-out", out, "-download=false"}); err != nil {
		t.Fatal(err)
	}
	rep := clitest.ReadReport(t, out)
	if rep.Valid["accuracy"] < 0.6 {
		t.Errorf("validation accuracy %.3f after 2 epochs on 3,000 images; expected > 0.6", rep.Valid["accuracy"])
	}
}

// Ctrl-C once an epoch is saved stops the run with an error that names the
// file and the epoch it holds.
func TestInterruptNamesTheEpoch(t *testing.T) {
	out := t.TempDir()
	model := filepath.Join(out, "model.gozoo")
	err := run(clitest.CancelOnceWritten(t, model), []string{"-dataset", "mnist", "-limit", "256", "-epochs", "50", "-out", out})
	if !errors.Is(err, nn.ErrInterrupted) || !regexp.MustCompile(regexp.QuoteMeta(model)+` holds epoch \d+$`).MatchString(err.Error()) {
		t.Errorf("error %v, want an interruption naming %s and its epoch", err, model)
	}
}

// The binary, not just run: exit status 1 and a single line on stderr.
func TestExitStatusAndOneLine(t *testing.T) {
	clitest.ExitStatus(t, "mlpcls", "mlpcls: ", []string{"-dataset", "nope"})
}
