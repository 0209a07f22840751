package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gozoo/gozoo/plotting"
)

func TestFinish(t *testing.T) {
	out := t.TempDir()
	plot := filepath.Join(out, "plot.png")
	rep := &Report{Model: "m"}
	var err error
	printed := stdout(t, func() { err = rep.Finish(out, []string{plot}, time.Now().Add(-1500*time.Millisecond)) })
	if err != nil {
		t.Fatal(err)
	}
	mp := filepath.Join(out, "metrics.json")
	if want := "\nWrote:\n  " + plot + "\n  " + mp + "\n"; printed != want {
		t.Errorf("printed %q, want %q", printed, want)
	}
	b, err := os.ReadFile(mp)
	if err != nil {
		t.Fatal(err)
	}
	var got Report
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Model != "m" || !slices.Equal(got.Files, []string{plot, mp}) || got.WallSeconds < 1.5 {
		t.Errorf("metrics.json: model %q, files %v, wall %v s", got.Model, got.Files, got.WallSeconds)
	}
}

// TestFinishListsONNX: the -onnx file is among the files metrics.json
// lists, before metrics.json itself.
func TestFinishListsONNX(t *testing.T) {
	out := t.TempDir()
	onnx := filepath.Join(t.TempDir(), "m.onnx")
	rep := &Report{Model: "m", ONNX: onnx}
	stdout(t, func() {
		if err := rep.Finish(out, nil, time.Now()); err != nil {
			t.Error(err)
		}
	})
	if want := []string{onnx, filepath.Join(out, "metrics.json")}; !slices.Equal(rep.Files, want) {
		t.Errorf("files %v, want %v", rep.Files, want)
	}
}

// TestPlotTitle: the plots said "mlpcls on fashion" where a reader expects
// "Fashion-MNIST MLP classifier".
func TestPlotTitle(t *testing.T) {
	for _, c := range []struct{ title, dataset, model, want string }{
		{"", "fashion", "mlpcls", "Fashion-MNIST MLP classifier"},
		{"", "mnist", "cnn", "MNIST CNN classifier"},
		{"", "california", "MLP regressor (Keras)", "California housing MLP regressor (Keras)"},
		{"housing.csv", "csv", "mlpreg", "housing.csv MLP regressor"},
	} {
		if got := PlotTitle(c.title, c.dataset, c.model); got != c.want {
			t.Errorf("PlotTitle(%q, %q, %q) = %q, want %q", c.title, c.dataset, c.model, got, c.want)
		}
	}
}

func TestClassifierYLim(t *testing.T) {
	fits := []plotting.Series{{Name: "loss", Values: []float64{0.9, 0.5}}, {Name: "accuracy", Values: []float64{0.6, 1}}}
	if got := classifierYLim(fits); got != [2]float64{0, 1} {
		t.Errorf("values in [0, 1]: %v, want the notebook's [0 1]", got)
	}
	iris := []plotting.Series{{Name: "loss", Values: []float64{1.35, 0.5}}}
	if got := classifierYLim(iris); got != [2]float64{} {
		t.Errorf("a loss of 1.35: %v, want automatic limits", got)
	}
}

// TestONNXFolder checks that -onnx is refused up front when its folder
// does not exist, but accepted in the -out folder, which the command
// makes before it trains.
func TestONNXFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "fresh")
	for _, c := range []struct {
		onnx string
		ok   bool
	}{
		{filepath.Join(out, "m.onnx"), true},
		{filepath.Join(out, "sub", "m.onnx"), false},
		{filepath.Join(t.TempDir(), "m.onnx"), true},
		{filepath.Join(out, "m.gozoo"), false},
	} {
		f := NewFlags("x", Flags{Epochs: 1, Batch: 32, LR: 0.01})
		err := f.Parse([]string{"-out", out, "-onnx", c.onnx})
		if (err == nil) != c.ok {
			t.Errorf("-out %s -onnx %s: err = %v, want ok %v", out, c.onnx, err, c.ok)
		}
	}
}
