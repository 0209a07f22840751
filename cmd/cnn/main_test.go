package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/internal/cli/clitest"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/cnn"
	"github.com/gozoo/gozoo/zoo/mlpcls"
)

// tiny is the notebook's structure at a fraction of its width, so that the
// command's tests train in a second; MNIST ships in the module cache.
var tiny = []string{"-dataset", "mnist", "-first", "4x5", "-blocks", "8x1,16x1", "-dense", "16", "-limit", "256", "-eval-limit", "200"}

func args(extra ...string) []string { return append(slices.Clone(tiny), extra...) }

// runQuiet runs the command with its standard output captured.
func runQuiet(t *testing.T, a []string) (string, error) {
	t.Helper()
	return runQuietContext(t, context.Background(), a)
}

// runQuietContext is runQuiet under ctx, to stop it as Ctrl-C does.
func runQuietContext(t *testing.T, ctx context.Context, a []string) (string, error) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	done := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(r)
		done <- b
	}()
	err = run(ctx, a)
	os.Stdout = stdout
	w.Close()
	return string(<-done), err
}

func TestBadInputGetsOneClearError(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt")
	os.Mkdir(corrupt, 0o755)
	for _, name := range []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"} {
		os.WriteFile(filepath.Join(corrupt, name), []byte("not an idx file"), 0o644)
	}
	notModel := filepath.Join(dir, "notes.txt")
	os.WriteFile(notModel, []byte("hello"), 0o644)
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)

	// A model of another kind: the notebook's MLP.
	mlp, err := mlpcls.New(mlpcls.FashionConfig())
	if err != nil {
		t.Fatal(err)
	}
	mlpFile := filepath.Join(dir, "mlp.gozoo")
	if err := mlp.SaveFile(mlpFile, 1); err != nil {
		t.Fatal(err)
	}
	// A CNN for 14x14 images, and a file whose config and weights disagree.
	cfg := cnn.DefaultConfig()
	cfg.FirstFilters, cfg.Blocks, cfg.Dense = 4, [][]int{{8}}, []int{8}
	small := cfg
	small.Input = []int{14, 14, 1}
	m, err := cnn.New(small)
	if err != nil {
		t.Fatal(err)
	}
	smallFile := filepath.Join(dir, "small.gozoo")
	if err := m.SaveFile(smallFile, 1); err != nil {
		t.Fatal(err)
	}
	mismatchFile := filepath.Join(dir, "mismatch.gozoo")
	if err := m.Model.SaveFile(mismatchFile, cnn.Kind, cfg, 1); err != nil { // 28x28 config, 14x14 weights
		t.Fatal(err)
	}

	// An -out of the test's own, unless the case has one: nothing is left
	// in the source tree.
	quiet := func(_ context.Context, a []string) error {
		_, err := runQuiet(t, append([]string{"-out", t.TempDir()}, a...))
		return err
	}
	clitest.OneLineErrors(t, quiet, []clitest.ErrorCase{
		{Args: []string{"-epochs", "x"}, Want: []string{"-epochs"}},
		{Args: []string{"-nosuchflag"}, Want: []string{"nosuchflag"}},
		{Args: []string{"-dataset", "iris"}, Want: []string{"-dataset"}},
		{Args: []string{"-batch", "0"}, Want: []string{"-batch"}},
		{Args: []string{"-lr", "-1"}, Want: []string{"-lr"}},
		{Args: []string{"-eval-limit", "-1"}, Want: []string{"-eval-limit"}},
		{Args: []string{"-estimate", "-2"}, Want: []string{"-estimate"}},
		{Args: []string{"-first", "64"}, Want: []string{"-first"}},
		{Args: []string{"-first", "0x7"}, Want: []string{"-first"}},
		{Args: []string{"-blocks", "128x2,abc"}, Want: []string{"-blocks"}},
		{Args: []string{"-blocks", "128+0"}, Want: []string{"-blocks"}},
		{Args: []string{"-dense", "128,-4"}, Want: []string{"-dense"}},
		{Args: []string{"-dropout", "1"}, Want: []string{"-dropout"}},
		// Sizes past the limits, refused before any data is read (no
		// -data: these would otherwise load Fashion-MNIST).
		{Args: []string{"-blocks", "1000000000x1"}, Want: []string{"-blocks", "values per image"}},
		{Args: []string{"-blocks", "8x1000000000"}, Want: []string{"-blocks", "convolutions"}},
		{Args: []string{"-first", "100000x7"}, Want: []string{"-first", "values per image"}},
		{Args: []string{"-dense", "100000000"}, Want: []string{"-dense", "parameters"}},
		{Args: []string{"-data", filepath.Join(dir, "nothing")}, Want: []string{"-data"}},
		{Args: []string{"-data", corrupt, "-out", filepath.Join(dir, "o1")}, Want: []string{"magic"}},
		{Args: []string{"-out", filepath.Join(blocker, "sub")}, Want: []string{"-out"}},
		{Args: []string{"-load", notModel}, Want: []string{"not a gozoo model"}},
		{Args: []string{"-load", filepath.Join(dir, "missing.gozoo")}, Want: []string{"-load"}},
		{Args: []string{"-load", mlpFile}, Want: []string{`holds a "mlpcls" model`}},
		{Args: []string{"-load", mismatchFile}, Want: []string{"mismatch.gozoo"}},
		{Args: []string{"-load", smallFile, "-dropout", "0.2"}, Want: []string{"-dropout: not with -load"}},
		{Args: []string{"-load", smallFile, "-dataset", "mnist", "-limit", "10", "-out", filepath.Join(dir, "o3")}, Want: []string{"[14 14 1]"}},
	})
}

// TestQuickRunResumeAndEvaluate trains one epoch, resumes for one more from
// the saved file (the epochs numbered on, the history whole), then
// evaluates the saved model without training: its test metrics are those
// of the run that saved it. The resumed model file is the one a straight
// run of two epochs writes, byte for byte: dropout masks and all.
func TestQuickRunResumeAndEvaluate(t *testing.T) {
	first := t.TempDir()
	out, err := runQuiet(t, args("-epochs", "1", "-estimate", "2", "-out", first))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"reshape (Reshape)", "per epoch on this machine", "Epoch 1/1", "Classification report"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	rep := clitest.ReadReport(t, first) // and checks its files
	if rep.Epochs != 1 || !slices.Equal(rep.History.Epoch, []int{1}) || len(rep.Files) != 4 {
		t.Errorf("first run: epochs %d, history %v, files %v", rep.Epochs, rep.History.Epoch, rep.Files)
	}

	second := t.TempDir()
	if _, err := runQuiet(t, args("-load", filepath.Join(first, "model.gozoo"), "-epochs", "1", "-estimate", "0", "-out", second)); err == nil {
		t.Fatal("architecture flags accepted with -load")
	}
	if out, err = runQuiet(t, []string{"-dataset", "mnist", "-limit", "256", "-eval-limit", "200", "-estimate", "0",
		"-load", filepath.Join(first, "model.gozoo"), "-epochs", "1", "-out", second}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Epoch 2/2") {
		t.Errorf("resumed run does not count on from epoch 1:\n%s", out)
	}
	rep2 := clitest.ReadReport(t, second)
	if rep2.Epochs != 2 || !slices.Equal(rep2.History.Epoch, []int{1, 2}) || len(rep2.History.Metrics["loss"]) != 2 {
		t.Errorf("resumed run: epochs %d, history %v; want 2 and [1 2]", rep2.Epochs, rep2.History)
	}
	straight := t.TempDir()
	if _, err := runQuiet(t, args("-epochs", "2", "-estimate", "2", "-out", straight)); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(straight, "model.gozoo"))
	b, _ := os.ReadFile(filepath.Join(second, "model.gozoo"))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Error("the resumed run's model file differs from the straight run's")
	}
	if _, epochs, err := nn.LoadFile[cnn.Config](filepath.Join(second, "model.gozoo")); err != nil || epochs != 2 {
		t.Errorf("resumed model file: %d epochs, %v", epochs, err)
	}

	third := t.TempDir()
	if _, err := runQuiet(t, []string{"-dataset", "mnist", "-eval-limit", "200", "-load", filepath.Join(second, "model.gozoo"), "-out", third}); err != nil {
		t.Fatal(err)
	}
	rep3 := clitest.ReadReport(t, third)
	if rep3.Epochs != 2 || !slices.Equal(rep3.History.Epoch, []int{1, 2}) || fmt.Sprint(rep3.Test) != fmt.Sprint(rep2.Test) {
		t.Errorf("evaluating the saved model: epochs %d, test %v; the run that saved it had %v", rep3.Epochs, rep3.Test, rep2.Test)
	}
}

// TestEstimateLeavesTheRunAlone: the timed steps before training are
// undone, so a run with them saves the same weights as one without.
func TestEstimateLeavesTheRunAlone(t *testing.T) {
	with, without := t.TempDir(), t.TempDir()
	if _, err := runQuiet(t, args("-epochs", "1", "-estimate", "3", "-out", with)); err != nil {
		t.Fatal(err)
	}
	if _, err := runQuiet(t, args("-epochs", "1", "-estimate", "0", "-out", without)); err != nil {
		t.Fatal(err)
	}
	a, _, err := nn.LoadFile[cnn.Config](filepath.Join(with, "model.gozoo"))
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := nn.LoadFile[cnn.Config](filepath.Join(without, "model.gozoo"))
	if err != nil {
		t.Fatal(err)
	}
	pa, pb := a.Params(), b.Params()
	for i := range pa {
		if !slices.Equal(pa[i].Data(), pb[i].Data()) {
			t.Fatalf("%s differs after a run with the estimate", pa[i].Name)
		}
	}
}

func TestFlagFormats(t *testing.T) {
	def := cnn.DefaultConfig()
	if got := formatBlocks(def.Blocks); got != "128x2,256x2" {
		t.Errorf("formatBlocks = %q", got)
	}
	for _, s := range []string{"128x2,256x2", "64+128,256x3", "32"} {
		b, err := parseBlocks(s)
		if err != nil || formatBlocks(b) != s {
			t.Errorf("parseBlocks(%q) = %v, %v; formats back as %q", s, b, err, formatBlocks(b))
		}
	}
	if b, err := parseBlocks(""); err != nil || b != nil {
		t.Errorf("parseBlocks(\"\") = %v, %v; want no blocks", b, err)
	}
	if got := formatInts(def.Dense); got != "128,64" {
		t.Errorf("formatInts = %q", got)
	}
}

// The binary, not just run: a model file of another kind gives exit status
// 1 and a single line on stderr.
func TestExitStatusAndOneLine(t *testing.T) {
	mlp, err := mlpcls.New(mlpcls.IrisConfig())
	if err != nil {
		t.Fatal(err)
	}
	mlpFile := filepath.Join(t.TempDir(), "mlp.gozoo")
	if err := mlp.SaveFile(mlpFile, 1); err != nil {
		t.Fatal(err)
	}
	clitest.ExitStatus(t, "cnn", "cnn: ", []string{"-load", mlpFile}, []string{"-blocks", "x"}, []string{"-data", t.TempDir()})
}

// TestInterruptNamesTheEpochAndHowToResume: Ctrl-C once an epoch is saved
// stops the run with an error that names the file, the epoch it holds and
// the -load that resumes from it.
func TestInterruptNamesTheEpochAndHowToResume(t *testing.T) {
	out := t.TempDir()
	model := filepath.Join(out, "model.gozoo")
	_, err := runQuietContext(t, clitest.CancelOnceWritten(t, model), args("-epochs", "50", "-estimate", "0", "-out", out))
	if !errors.Is(err, nn.ErrInterrupted) || !strings.Contains(err.Error(), model+" holds epoch ") ||
		!strings.HasSuffix(err.Error(), " (resume with -load "+model+" -epochs N)") {
		t.Errorf("error %v, want an interruption naming %s, its epoch and how to resume", err, model)
	}
}
