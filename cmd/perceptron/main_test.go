package main

import (
	"context"
	"encoding/json"
	"github.com/gozoo/gozoo/nn"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gozoo/gozoo/internal/cli/clitest"
	"github.com/gozoo/gozoo/zoo/perceptron"
)

func TestRunWritesEverything(t *testing.T) {
	out := t.TempDir()
	if err := run(context.Background(), []string{"-out", out, "-predict", "2,0.5; 3,1"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"model.gozoo", "decision_boundary.png", "metrics.json"} {
		if fi, err := os.Stat(filepath.Join(out, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	checkPredictions(t, b)

	// The saved model predicts the same without training, and is saved
	// again with the same weights.
	out2 := t.TempDir()
	if err := run(context.Background(), []string{"-out", out2, "-load", filepath.Join(out, "model.gozoo"), "-predict", "2,0.5; 3,1"}); err != nil {
		t.Fatal(err)
	}
	b, err = os.ReadFile(filepath.Join(out2, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	checkPredictions(t, b)
	m1, _, err := nn.LoadFile[perceptron.Saved](filepath.Join(out, "model.gozoo"))
	if err != nil {
		t.Fatal(err)
	}
	m2, _, err := nn.LoadFile[perceptron.Saved](filepath.Join(out2, "model.gozoo"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m1.W.Data().([]float64), m2.W.Data().([]float64)) || !slices.Equal(m1.B.Data().([]float64), m2.B.Data().([]float64)) {
		t.Errorf("-load: weights %v %v saved again as %v %v", m1.W.Data(), m1.B.Data(), m2.W.Data(), m2.B.Data())
	}
}

// checkPredictions checks the notebook's predictions and training accuracy
// in a metrics.json.
func checkPredictions(t *testing.T, b []byte) {
	t.Helper()
	var rep struct {
		Extra struct {
			Predictions   []bool  `json:"predictions"`
			TrainAccuracy float64 `json:"train_accuracy"`
		} `json:"extra"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Extra.Predictions, []bool{true, false}) || rep.Extra.TrainAccuracy != 1 {
		t.Errorf("metrics.json: predictions %v, training accuracy %v; want [true false] and 1",
			rep.Extra.Predictions, rep.Extra.TrainAccuracy)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	out := t.TempDir()
	clitest.OneLineErrors(t, run, []clitest.ErrorCase{
		{Args: []string{"-dataset", "fashion", "-out", out}, Want: []string{"-dataset"}},
		{Args: []string{"-batch", "32", "-out", out}, Want: []string{"-batch 32"}},
		{Args: []string{"-predict", "2,x", "-out", out}, Want: []string{"-predict"}},
		{Args: []string{"-predict", "1,2,3", "-out", out}, Want: []string{"-predict"}},
		{Args: []string{"-load", filepath.Join(t.TempDir(), "none"), "-out", out}, Want: []string{"-load"}},
	})
}

// The binary, not just run: exit status 1 and a single line on stderr.
func TestExitStatusAndOneLine(t *testing.T) {
	clitest.ExitStatus(t, "perceptron", "perceptron: -batch ", []string{"-batch", "32"})
}
