package cli

import (
	"context"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/nn"
)

// stdout runs f and returns what it printed.
func stdout(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	orig := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	defer func() { os.Stdout = orig }()
	f()
	w.Close()
	return <-done
}

func TestLoadCalifornia(t *testing.T) {
	f := NewFlags("reg", Flags{Epochs: 1, Batch: 32, LR: 1e-3, Dataset: "california"})
	if err := f.Parse([]string{"-limit", "100"}); err != nil {
		t.Fatal(err)
	}
	var ds *RegData
	var err error
	out := stdout(t, func() { ds, err = LoadCalifornia(f) })
	if err != nil {
		t.Fatal(err)
	}
	// The notebook's splits of 20,640 districts: 11,610, 3,870 and 5,160.
	if ds.TrainTable.Len() != 100 || ds.ValidTable.Len() != 3870 || ds.TestTable.Len() != 5160 {
		t.Errorf("%d, %d, %d districts, want 100, 3870, 5160", ds.TrainTable.Len(), ds.ValidTable.Len(), ds.TestTable.Len())
	}
	if want := "california housing: 100 training, 3870 validation, 5160 test districts (embedded copy of scikit-learn's cal_housing.tgz)\n"; out != want {
		t.Errorf("printed %q, want %q", out, want)
	}

	if err := f.Parse([]string{"-data", t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	stdout(t, func() { _, err = LoadCalifornia(f) })
	if err == nil || !strings.HasPrefix(err.Error(), "-data ") {
		t.Errorf("an empty -data folder: %v, want an error naming -data", err)
	}
}

// line is a model y = 2 x0 - x1 + 0.5 on two features, and its data.
func line(t *testing.T) (*nn.Model, *RegData) {
	t.Helper()
	d := nn.NewDense(nn.NewRand(1), "dense", 2, 1, nn.Linear)
	copy(d.Kernel.Data(), []float32{2, -1})
	d.Bias.Data()[0] = 0.5
	m := nn.Sequential(nn.Input{Name: "x", Shape: []int{2}}, []nn.Applier{d}, nn.WithName("line"), nn.WithLoss(nn.MeanSquaredError{}), nn.WithMetric(func() nn.Metric { return &nn.RootMeanSquaredError{} }), nn.WithSeed(1))
	tab := data.Table{X: [][]float64{{1, 0}, {0, 1}, {3, 2}, {1, 1}}, Y: []float64{2.5, -0.5, 4.5, 1.5}}
	ds := &RegData{Name: "california", From: "by hand", TrainTable: tab, ValidTable: tab, TestTable: tab}
	if err := ds.Prepare(func(t data.Table) (nn.Data, error) {
		return nn.Data{X: [][]float32{t.Flat32()}, Y: t.Targets32()}, nil
	}); err != nil {
		t.Fatal(err)
	}
	return m, ds
}

func TestTrainSavesEveryEpoch(t *testing.T) {
	m, ds := line(t)
	var saved []int
	save := func(_ string, epoch int) error { saved = append(saved, epoch); return nil }
	opt := nn.FitOptions{Epochs: 2, BatchSize: 2, Optimizer: nn.NewSGD(0.01), InitialEpoch: 3}
	hist, epochs, err := Train(context.Background(), m, ds.Train, opt, "m.gozoo", save)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist.Epoch) != 2 || epochs != 5 || !slices.Equal(saved, []int{4, 5}) {
		t.Errorf("%d epochs run, %d in all, saved after %v; want 2, 5, [4 5]", len(hist.Epoch), epochs, saved)
	}

	// No epochs: the model is saved once, as it is.
	saved = nil
	opt.Epochs = 0
	if hist, epochs, err = Train(context.Background(), m, ds.Train, opt, "m.gozoo", save); err != nil {
		t.Fatal(err)
	}
	if len(hist.Epoch) != 0 || epochs != 3 || !slices.Equal(saved, []int{3}) {
		t.Errorf("-epochs 0: %d epochs run, %d in all, saved after %v; want 0, 3, [3]", len(hist.Epoch), epochs, saved)
	}

	// Ctrl-C during the second epoch: the error names the last one saved.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opt.Epochs = 5
	_, _, err = Train(ctx, m, ds.Train, opt, "m.gozoo", func(string, int) error { cancel(); return nil })
	if !errors.Is(err, nn.ErrInterrupted) || !strings.Contains(err.Error(), "m.gozoo holds epoch 4") {
		t.Errorf("interrupted: %v, want an interruption naming m.gozoo and epoch 4", err)
	}
	var stopped *StoppedError
	if !errors.As(err, &stopped) || stopped.Path != "m.gozoo" || stopped.Epoch != 4 {
		t.Errorf("interrupted: %#v, want a *StoppedError with m.gozoo and epoch 4", err)
	}
}

func TestReportRegressor(t *testing.T) {
	m, ds := line(t)
	out := t.TempDir()
	rep := &Report{Model: "line", Epochs: 1}
	notes := RegNotes{Name: "line", NotebookRMSE: map[string]float64{"test": 0.25}, NotebookFirst: "[[2.5]]"}
	var err error
	printed := stdout(t, func() {
		err = ReportRegressor(m, ds, nn.History{}, rep, notes, out, filepath.Join(out, "model.gozoo"), time.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	// The model is the line itself: no error, predictions as the targets.
	for _, want := range []string{
		"\nvalidation: loss 0.0000, RMSE 0.0000\n",
		"test: loss 0.0000, RMSE 0.0000 (notebook: 0.2500)\n",
		"\npredictions for the first 3 test districts (notebook: [[2.5]]):\n  2.50  (actual 2.500)\n  -0.50  (actual -0.500)\n  4.50  (actual 4.500)\n",
		"\nWrote:\n  " + filepath.Join(out, "model.gozoo") + "\n  " + filepath.Join(out, "predicted_vs_actual.png") + "\n  " + filepath.Join(out, "metrics.json") + "\n",
	} {
		if !strings.Contains(printed, want) {
			t.Errorf("printed\n%s\nwithout %q", printed, want)
		}
	}
	if math.Abs(rep.Test["rmse"]) > 1e-6 || rep.Dataset != "california" || rep.TrainRows != 4 || rep.Params != 3 ||
		!slices.Equal(rep.Extra["first_test_predictions"].([]float64), []float64{2.5, -0.5, 4.5}) {
		t.Errorf("report %+v", rep)
	}
	for _, f := range rep.Files[1:] {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
}

func TestFirstPredictions(t *testing.T) {
	pred, truth := []float64{0.523, 1.04, 4.581, 9}, []float64{0.477, 0.458, 5, 1}
	if got, want := firstPredictions(pred, truth, "", "districts"), "\npredictions for the first 3 test districts:\n  0.52  (actual 0.477)\n  1.04  (actual 0.458)\n  4.58  (actual 5.000)\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := firstPredictions(pred[:1], truth, "[[0.47]]", "districts"); got != "\npredictions for the first 3 test districts (notebook: [[0.47]]):\n  0.52  (actual 0.477)\n" {
		t.Errorf("one prediction with the notebook's: %q", got)
	}
}
