package perceptron

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/internal/zootest"
	"github.com/gozoo/gozoo/nn"
)

// irisSetosa is the notebook's training set: petal length and width, and
// whether the flower is a setosa (class 0).
func irisSetosa(t testing.TB) ([][]float64, []bool) {
	t.Helper()
	iris, err := data.Iris()
	if err != nil {
		t.Fatal(err)
	}
	petals := iris.Columns(2, 3)
	y := make([]bool, petals.Len())
	for i, c := range petals.Labels() {
		y[i] = c == 0
	}
	return petals.X, y
}

// fitIris trains a TLU on iris setosa and returns it with the number of
// epochs it ran.
func fitIris(t testing.TB, cfg Config) (*Model, int) {
	m, h := fitIrisHistory(t, cfg)
	return m, len(h.Epoch)
}

func fitIrisHistory(t testing.TB, cfg Config) (*Model, nn.History) {
	t.Helper()
	X, y := irisSetosa(t)
	m, err := New(cfg, 2)
	if err != nil {
		t.Fatal(err)
	}
	h, err := m.Fit(context.Background(), X, y)
	if err != nil {
		t.Fatal(err)
	}
	return m, h
}

func TestNotebookPredictions(t *testing.T) {
	m, epochs := fitIris(t, DefaultConfig())
	got, err := m.Predict([][]float64{{2, 0.5}, {3, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []bool{true, false}) {
		w, b := m.Weights()
		t.Fatalf("Predict([[2 0.5] [3 1]]) = %v, want [true false] (w %v, b %v after %d epochs)", got, w, b, epochs)
	}
}

func TestSeparableTrainingAccuracy(t *testing.T) {
	m, h := fitIrisHistory(t, DefaultConfig())
	epochs := len(h.Epoch)
	X, y := irisSetosa(t)
	pred, err := m.Predict(X)
	if err != nil {
		t.Fatal(err)
	}
	for i := range pred {
		if pred[i] != y[i] {
			t.Errorf("row %d %v: predicted %v, want %v", i, X[i], pred[i], y[i])
		}
	}
	// Setosa is linearly separable: the rule converges to zero loss, after
	// which sklearn's stopping rule waits NoChange more epochs.
	if h.Last("loss") != 0 || h.Last("accuracy") != 1 {
		t.Errorf("after %d epochs: history %d epochs, last loss %v, accuracy %v; want zero loss and accuracy 1",
			epochs, len(h.Epoch), h.Last("loss"), h.Last("accuracy"))
	}
	if epochs >= DefaultConfig().MaxEpochs || epochs <= DefaultConfig().NoChange {
		t.Errorf("ran %d epochs: want an early stop after more than %d", epochs, DefaultConfig().NoChange)
	}
}

func TestDeterministic(t *testing.T) {
	m1, e1 := fitIris(t, DefaultConfig())
	m2, e2 := fitIris(t, DefaultConfig())
	w1, b1 := m1.Weights()
	w2, b2 := m2.Weights()
	if e1 != e2 || !slices.Equal(w1, w2) || b1 != b2 {
		t.Errorf("same seed, different models: %d epochs w %v b %v, then %d epochs w %v b %v", e1, w1, b1, e2, w2, b2)
	}
	// A different seed shuffles differently, which shows the seed is used.
	cfg := DefaultConfig()
	cfg.Seed = 7
	m3, _ := fitIris(t, cfg)
	w3, b3 := m3.Weights()
	if slices.Equal(w1, w3) && b1 == b3 {
		t.Errorf("seeds 42 and 7 give the same weights %v %v: is the seed used?", w1, b1)
	}
}

// TestGradientIsPerceptronRule checks, on hand-computed cases, that the
// gradient Gorgonia derives for the criterion is minus the rule's update
// y x, y on a wrong instance (margin y z <= 0, labels ±1) and zero on a
// right one, and that the loss is max(0, -y z).
func TestGradientIsPerceptronRule(t *testing.T) {
	m, err := New(DefaultConfig(), 2)
	if err != nil {
		t.Fatal(err)
	}
	// w = (-1, 2), b = 0.5.
	if err := m.SetWeights([]float64{-1, 2}, 0.5); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		x        []float64
		y        bool
		z        float64 // x·w + b
		wantGrad []float64
		wantB    float64
	}{
		// z = -3 + 1 + 0.5 = -1.5, y = +1: wrong. Rule: w += x.
		{"misclassified positive", []float64{3, 0.5}, true, -1.5, []float64{-3, -0.5}, -1},
		// z = -1 + 4 + 0.5 = 3.5, y = -1: wrong. Rule: w -= x.
		{"misclassified negative", []float64{1, 2}, false, 3.5, []float64{1, 2}, 1},
		{"correct positive", []float64{1, 2}, true, 3.5, []float64{0, 0}, 0},
		{"correct negative", []float64{3, 0.5}, false, -1.5, []float64{0, 0}, 0},
		// z = 0 exactly: a zero margin is wrong for either label, as in
		// scikit-learn's Hinge(threshold=0) (loss 0, but the weights move).
		{"on the boundary, negative", []float64{0.5, 0}, false, 0, []float64{0.5, 0}, 1},
		{"on the boundary, positive", []float64{0.5, 0}, true, 0, []float64{-0.5, 0}, -1},
	} {
		loss, right, err := m.forward(c.x, c.y)
		if err != nil {
			t.Fatal(err)
		}
		s := -1.0
		if c.y {
			s = 1
		}
		if want := max(0, -s*c.z); loss != want {
			t.Errorf("%s: loss %v, want max(0, -y z) = %v", c.name, loss, want)
		}
		if right != (s*c.z > 0) {
			t.Errorf("%s: right = %v with margin %v", c.name, right, s*c.z)
		}
		gw, err := m.train.w.Grad()
		if err != nil {
			t.Fatal(err)
		}
		gb, err := m.train.b.Grad()
		if err != nil {
			t.Fatal(err)
		}
		if got := gw.Data().([]float64); !slices.Equal(got, c.wantGrad) || gb.Data().([]float64)[0] != c.wantB {
			t.Errorf("%s: gradient w %v b %v, want %v %v", c.name, got, gb.Data(), c.wantGrad, c.wantB)
		}
	}
}

func TestFitAppliesRule(t *testing.T) {
	// One instance, one epoch, from zero weights: z = 0, a zero margin, so
	// the negative instance is wrong and the rule gives w = -eta x, b = -eta.
	cfg := DefaultConfig()
	cfg.MaxEpochs, cfg.LearningRate = 1, 0.5
	m, err := New(cfg, 2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(context.Background(), [][]float64{{2, 4}}, []bool{false}); err != nil {
		t.Fatal(err)
	}
	w, b := m.Weights()
	if !slices.Equal(w, []float64{-1, -2}) || b != -0.5 {
		t.Errorf("w %v b %v, want [-1 -2] -0.5", w, b)
	}
}

func TestSaveLoad(t *testing.T) {
	m, epochs := fitIris(t, DefaultConfig())
	path := filepath.Join(t.TempDir(), "model.gozoo")
	if err := m.SaveFile(path, epochs); err != nil {
		t.Fatal(err)
	}
	m2, e2, err := nn.LoadFile[Saved](path)
	if err != nil {
		t.Fatal(err)
	}
	w1, b1 := m.Weights()
	w2, b2 := m2.Weights()
	if e2 != epochs || !slices.Equal(w1, w2) || b1 != b2 || m2.Config != m.Config || m2.Features() != 2 {
		t.Errorf("loaded %d epochs w %v b %v config %+v, saved %d %v %v %+v", e2, w2, b2, m2.Config, epochs, w1, b1, m.Config)
	}
	X, _ := irisSetosa(t)
	p1, _ := m.Predict(X)
	p2, err := m2.Predict(X)
	if err != nil || !slices.Equal(p1, p2) {
		t.Errorf("loaded model predicts differently (err %v)", err)
	}

	// A file that is not a model, and a corrupt one.
	bad := filepath.Join(t.TempDir(), "bad")
	os.WriteFile(bad, []byte("hello"), 0o644)
	if _, _, err := nn.LoadFile[Saved](bad); !errors.Is(err, nn.ErrNotModel) {
		t.Errorf("nn.LoadFile[Saved](not a model) = %v, want ErrNotModel", err)
	}
	b, _ := os.ReadFile(path)
	b[len(b)-10] ^= 1
	os.WriteFile(bad, b, 0o644)
	if _, _, err := nn.LoadFile[Saved](bad); err == nil {
		t.Error("nn.LoadFile[Saved](corrupt file) succeeded")
	}
}

func TestBadInput(t *testing.T) {
	if _, err := New(DefaultConfig(), 0); err == nil {
		t.Error("New with 0 features succeeded")
	}
	cfg := DefaultConfig()
	cfg.LearningRate = 0
	if _, err := New(cfg, 2); err == nil {
		t.Error("New with learning rate 0 succeeded")
	}
	m, _ := New(DefaultConfig(), 2)
	if _, err := m.Fit(context.Background(), [][]float64{{1, 2, 3}}, []bool{true}); err == nil {
		t.Error("Fit with 3 features succeeded")
	}
	if _, err := m.Fit(context.Background(), [][]float64{{1, 2}}, nil); err == nil {
		t.Error("Fit with no labels succeeded")
	}
	if _, err := m.Predict([][]float64{{1}}); err == nil {
		t.Error("Predict with 1 feature succeeded")
	}
}

func TestPredictChunks(t *testing.T) {
	// More rows than one inference graph holds: the padded last chunk must
	// not leak into the answers.
	m, _ := New(DefaultConfig(), 1)
	if err := m.SetWeights([]float64{1}, -300); err != nil {
		t.Fatal(err)
	}
	X := make([][]float64, 600)
	for i := range X {
		X[i] = []float64{float64(i)}
	}
	got, err := m.Predict(X)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range got {
		if p != (i > 300) { // a zero score is the negative class
			t.Fatalf("row %d: %v", i, p)
		}
	}
}

// sklearnPerceptron is what bench/peers/sklearn_cells.py recorded of
// scikit-learn 1.2.1's Perceptron(random_state=42) on the notebook's data.
type sklearnPerceptron struct {
	Seed            uint32    `json:"seed"`
	Orders          [][]int   `json:"orders"`
	Coef            []float64 `json:"coef"`
	Intercept       float64   `json:"intercept"`
	NIter           int       `json:"n_iter"`
	Decision        []float64 `json:"decision"`
	PredictNotebook []bool    `json:"predict_notebook"`
}

// TestMatchesSklearn: the same shuffle seed, the same visiting orders, the
// same epochs, the same weights to the bit, the same scores.
func TestMatchesSklearn(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "sklearn_perceptron.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sk sklearnPerceptron
	if err := json.Unmarshal(b, &sk); err != nil {
		t.Fatal(err)
	}
	seed, err := sklearnSeed(42)
	if err != nil || seed != sk.Seed {
		t.Fatalf("shuffle seed %d (%v), scikit-learn's %d", seed, err, sk.Seed)
	}
	order := make([]int, 150)
	for i := range order {
		order[i] = i
	}
	for e, want := range sk.Orders {
		sklearnShuffle(order, seed)
		if !slices.Equal(order, want) {
			t.Fatalf("epoch %d visits %v, scikit-learn %v", e+1, order, want)
		}
	}
	m, epochs := fitIris(t, DefaultConfig())
	w, bias := m.Weights()
	if epochs != sk.NIter || !slices.Equal(w, sk.Coef) || bias != sk.Intercept {
		t.Fatalf("%d epochs, w %v, b %v; scikit-learn: %d, %v, %v", epochs, w, bias, sk.NIter, sk.Coef, sk.Intercept)
	}
	X, _ := irisSetosa(t)
	for i, row := range X {
		if z := row[0]*w[0] + row[1]*w[1] + bias; math.Abs(z-sk.Decision[i]) > 1e-12 {
			t.Errorf("row %d: score %v, scikit-learn %v", i, z, sk.Decision[i])
		}
	}
	got, err := m.Predict([][]float64{{2, 0.5}, {3, 1}})
	if err != nil || !slices.Equal(got, sk.PredictNotebook) {
		t.Errorf("notebook points: %v (%v), scikit-learn %v", got, err, sk.PredictNotebook)
	}
}

// TestPredictConcurrent predicts from 8 goroutines at once, with inputs of
// sizes that need graphs of different batches, and checks every answer
// against a single goroutine's; under -race it checks that they share
// nothing unguarded.
func TestPredictConcurrent(t *testing.T) {
	m, _ := fitIris(t, DefaultConfig())
	X, _ := irisSetosa(t)
	sizes := []int{1, 7, len(X)}
	want := map[int][]bool{}
	for _, n := range sizes {
		got, err := m.Predict(X[:n])
		if err != nil {
			t.Fatal(err)
		}
		want[n] = got
	}
	m2, _ := fitIris(t, DefaultConfig()) // fresh graphs, built by the goroutines
	zootest.Concurrently(t, 8, 3, func(g, rep int) error {
		n := sizes[(g+rep)%len(sizes)]
		got, err := m2.Predict(X[:n])
		if err == nil && !slices.Equal(got, want[n]) {
			err = fmt.Errorf("%d rows: %v, want %v", n, got, want[n])
		}
		return err
	})
}

// TestFitCancelled: a cancelled context stops Fit before its next epoch,
// with the History of the epochs done and an error wrapping
// nn.ErrInterrupted.
func TestFitCancelled(t *testing.T) {
	X, y := irisSetosa(t)
	m, err := New(DefaultConfig(), 2)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h, err := m.Fit(ctx, X, y)
	if !errors.Is(err, nn.ErrInterrupted) || len(h.Epoch) != 0 {
		t.Errorf("Fit on a cancelled context: %d epochs, error %v; want none and ErrInterrupted", len(h.Epoch), err)
	}
	if w, b := m.Weights(); !slices.Equal(w, []float64{0, 0}) || b != 0 {
		t.Errorf("weights %v %v after no epoch, want zeros", w, b)
	}
}

// TestLoadFloat32Weights: a file without the exact float64 weights in its
// config (written before they were added) loads its float32 ones.
func TestLoadFloat32Weights(t *testing.T) {
	m, err := New(DefaultConfig(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetWeights([]float64{-1.5, 0.25}, 3); err != nil {
		t.Fatal(err)
	}
	old := Saved{Config: m.Config, Features: 2} // no Weights
	var file bytes.Buffer
	if err := m.Network().Save(&file, Kind, old, 4); err != nil {
		t.Fatal(err)
	}
	got, epochs, err := nn.Load[Saved](&file)
	if err != nil {
		t.Fatal(err)
	}
	if w, b := got.Weights(); epochs != 4 || !slices.Equal(w, []float64{-1.5, 0.25}) || b != 3 {
		t.Errorf("loaded %d epochs, w %v b %v; want 4, [-1.5 0.25] 3", epochs, w, b)
	}
}
