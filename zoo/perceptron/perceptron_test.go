package perceptron

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gozoo/gozoo/data"
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

func fitIris(t testing.TB, cfg Config) (*Model, int) {
	t.Helper()
	X, y := irisSetosa(t)
	m, err := New(cfg, 2)
	if err != nil {
		t.Fatal(err)
	}
	epochs, err := m.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	return m, epochs
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
	m, epochs := fitIris(t, DefaultConfig())
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
	h := m.History()
	if len(h.Epoch) != epochs || h.Last("loss") != 0 || h.Last("accuracy") != 1 {
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
// (y - ŷ) x, (y - ŷ), and that the loss is max(0, -(2y-1) z).
func TestGradientIsPerceptronRule(t *testing.T) {
	m, err := New(DefaultConfig(), 2)
	if err != nil {
		t.Fatal(err)
	}
	// w = (-1, 2), b = 0.5.
	copy(m.W.Data(), []float32{-1, 2})
	m.B.Data()[0] = 0.5
	for _, c := range []struct {
		name     string
		x        []float64
		y        bool
		z        float64 // x·w + b
		wantGrad []float32
		wantB    float32
	}{
		// z = -3 + 1 + 0.5 = -1.5 < 0: ŷ = 0, y = 1, wrong. Rule: w += x.
		{"misclassified positive", []float64{3, 0.5}, true, -1.5, []float32{-3, -0.5}, -1},
		// z = -1 + 4 + 0.5 = 3.5 >= 0: ŷ = 1, y = 0, wrong. Rule: w -= x.
		{"misclassified negative", []float64{1, 2}, false, 3.5, []float32{1, 2}, 1},
		// z = 3.5, ŷ = 1 = y: right, no update.
		{"correct positive", []float64{1, 2}, true, 3.5, []float32{0, 0}, 0},
		// z = -1.5, ŷ = 0 = y: right, no update.
		{"correct negative", []float64{3, 0.5}, false, -1.5, []float32{0, 0}, 0},
		// z = 0 exactly: the step says 1, so a negative is wrong (loss 0,
		// but the rule still moves the weights) and a positive is right.
		{"on the boundary, negative", []float64{0.5, 0}, false, 0, []float32{0.5, 0}, 1},
		{"on the boundary, positive", []float64{0.5, 0}, true, 0, []float32{0, 0}, 0},
	} {
		loss, err := m.forward(c.x, c.y)
		if err != nil {
			t.Fatal(err)
		}
		s := -1.0
		if c.y {
			s = 1
		}
		if want := max(0, -s*c.z); loss != want {
			t.Errorf("%s: loss %v, want max(0, -(2y-1)z) = %v", c.name, loss, want)
		}
		gw, err := m.train.w.Grad()
		if err != nil {
			t.Fatal(err)
		}
		gb, err := m.train.b.Grad()
		if err != nil {
			t.Fatal(err)
		}
		if got := gw.Data().([]float32); !slices.Equal(got, c.wantGrad) || gb.Data().([]float32)[0] != c.wantB {
			t.Errorf("%s: gradient w %v b %v, want %v %v", c.name, got, gb.Data(), c.wantGrad, c.wantB)
		}
		// And the rule by hand: the SGD step -eta*grad is eta (y - ŷ) x.
		yhat := 0.0
		if c.z >= 0 {
			yhat = 1
		}
		yv := 0.0
		if c.y {
			yv = 1
		}
		for j, xj := range c.x {
			if rule := (yv - yhat) * xj; float64(-c.wantGrad[j]) != rule {
				t.Errorf("%s: rule update w%d = %v, table says %v", c.name, j, rule, -c.wantGrad[j])
			}
		}
	}
}

func TestFitAppliesRule(t *testing.T) {
	// One instance, one epoch, from zero weights: z = 0 so ŷ = 1; a
	// negative instance is wrong and the rule gives w = -eta x, b = -eta.
	cfg := DefaultConfig()
	cfg.MaxEpochs, cfg.LearningRate = 1, 0.5
	m, err := New(cfg, 2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit([][]float64{{2, 4}}, []bool{false}); err != nil {
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
	if err := m.Save(path, epochs); err != nil {
		t.Fatal(err)
	}
	m2, e2, err := Load(path)
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
	if _, _, err := Load(bad); !errors.Is(err, nn.ErrNotModel) {
		t.Errorf("Load(not a model) = %v, want ErrNotModel", err)
	}
	b, _ := os.ReadFile(path)
	b[len(b)-10] ^= 1
	os.WriteFile(bad, b, 0o644)
	if _, _, err := Load(bad); err == nil {
		t.Error("Load(corrupt file) succeeded")
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
	if _, err := m.Fit([][]float64{{1, 2, 3}}, []bool{true}); err == nil {
		t.Error("Fit with 3 features succeeded")
	}
	if _, err := m.Fit([][]float64{{1, 2}}, nil); err == nil {
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
	copy(m.W.Data(), []float32{1})
	m.B.Data()[0] = -300
	X := make([][]float64, 600)
	for i := range X {
		X[i] = []float64{float64(i)}
	}
	got, err := m.Predict(X)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range got {
		if p != (i >= 300) {
			t.Fatalf("row %d: %v", i, p)
		}
	}
}
