package skmlp

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
)

// smallData is a few rows of three features with targets for a model of
// outs outputs: one-hot classes for a classifier, values for a regressor.
func smallData(classifier bool, outs int) (X, Y [][]float64) {
	for i := range 7 {
		x := []float64{math.Sin(float64(i)), float64(i%3) - 1, 0.3 * float64(i)}
		y := make([]float64, outs)
		if classifier {
			y[i%outs] = 1
		} else {
			for j := range y {
				y[j] = math.Cos(float64(i + j))
			}
		}
		X, Y = append(X, x), append(Y, y)
	}
	return X, Y
}

// TestGradientFiniteDifferences checks the gradients Gorgonia derives for
// both losses, L2 term included, against central differences of the loss.
func TestGradientFiniteDifferences(t *testing.T) {
	for _, c := range []struct {
		name       string
		classifier bool
		outs       int
	}{{"regressor", false, 2}, {"classifier", true, 3}} {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultConfig(c.classifier, 3, 4, 5)
			cfg.Alpha = 0.1 // large enough to matter
			m, err := New(cfg, 3, c.outs)
			if err != nil {
				t.Fatal(err)
			}
			X, Y := smallData(c.classifier, c.outs)
			idx := []int{0, 1, 2, 3, 4, 5, 6}
			gr, err := m.trainGraph(len(idx))
			if err != nil {
				t.Fatal(err)
			}
			loss := func() float64 {
				gr.load(X, Y, idx)
				if err := gr.run(); err != nil {
					t.Fatal(err)
				}
				return gr.loss.Value().Data().(float64)
			}
			loss()
			var grads [][]float64
			for _, g := range gr.grads {
				grads = append(grads, slices.Clone(g.Value().Data().([]float64)))
			}
			const h = 1e-6
			for i, p := range m.Params() {
				for j := range p {
					v := p[j]
					p[j] = v + h
					up := loss()
					p[j] = v - h
					down := loss()
					p[j] = v
					num := (up - down) / (2 * h)
					if d := math.Abs(num - grads[i][j]); d > 1e-7*math.Max(1, math.Abs(num)) {
						t.Errorf("param %d[%d]: gradient %v, finite differences %v", i, j, grads[i][j], num)
					}
				}
			}
		})
	}
}

// TestAdamStep: two steps of scikit-learn's AdamOptimizer(params, 1e-3),
// values printed by scikit-learn 1.2.1.
func TestAdamStep(t *testing.T) {
	params := [][]float64{{1, -2}, {0.25}}
	a := newAdam(DefaultConfig(false, 0), params)
	a.step(params, [][]float64{{0.5, -3}, {1e-9}})
	a.step(params, [][]float64{{0.1, 0.2}, {-4}})
	want := [][]float64{{0.9981969601522883, -1.9983809513740187}, {0.2507409844553871}}
	for i := range want {
		if !slices.Equal(params[i], want[i]) {
			t.Errorf("after two steps %v, scikit-learn's %v", params, want)
		}
	}
}

func TestMaxIterWarnsAndStopRuleCounts(t *testing.T) {
	cfg := DefaultConfig(false, 1, 3)
	cfg.MaxIter = 3
	m, err := New(cfg, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	X, Y := smallData(false, 2)
	var seen []int
	res, err := m.Fit(context.Background(), X, Y, func(epoch int, _ float64) error {
		seen = append(seen, epoch)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "Stochastic Optimizer: Maximum iterations (3) reached and the optimization hasn't converged yet."
	if res.Converged || res.Message != want || !slices.Equal(seen, []int{1, 2, 3}) || m.Epochs() != 3 {
		t.Errorf("converged %v, message %q, epochs %v (%d)", res.Converged, res.Message, seen, m.Epochs())
	}
	// A tolerance no epoch can beat: the first epoch improves on +Inf, the
	// next NoChange+1 do not, and the rule stops after them.
	cfg.MaxIter, cfg.Tol, cfg.NoChange = 100, 1e9, 2
	if m, err = New(cfg, 3, 2); err != nil {
		t.Fatal(err)
	}
	if res, err = m.Fit(context.Background(), X, Y, nil); err != nil {
		t.Fatal(err)
	}
	if !res.Converged || m.Epochs() != 4 || !strings.Contains(res.Message, "tol=1000000000.000000 for 2 consecutive epochs") {
		t.Errorf("converged %v after %d epochs: %q", res.Converged, m.Epochs(), res.Message)
	}
}

func TestBadInput(t *testing.T) {
	good := DefaultConfig(false, 0, 4)
	for _, mod := range []func(*Config){
		func(c *Config) { c.Hidden = []int{0} },
		func(c *Config) { c.Alpha = -1 },
		func(c *Config) { c.LearningRate = 0 },
		func(c *Config) { c.Beta2 = 1 },
		func(c *Config) { c.NoChange = 0 },
		func(c *Config) { c.Tol = math.NaN() },
	} {
		cfg := good
		cfg.Hidden = slices.Clone(good.Hidden)
		mod(&cfg)
		if _, err := New(cfg, 3, 1); err == nil {
			t.Errorf("New accepted %+v", cfg)
		}
	}
	if _, err := New(DefaultConfig(false, 0, 1<<16, 1<<16), 3, 1); err == nil {
		t.Error("New accepted 2^32 weights")
	}
	if _, err := New(DefaultConfig(true, 0, 4), 3, 2); err == nil {
		t.Error("New accepted a two-class classifier")
	}
	m, err := New(good, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := m.Fit(ctx, [][]float64{{1, 2}}, [][]float64{{1}}, nil); err == nil {
		t.Error("Fit accepted a row of 2 features")
	}
	if _, err := m.Fit(ctx, [][]float64{{1, 2, math.Inf(1)}}, [][]float64{{1}}, nil); err == nil {
		t.Error("Fit accepted an infinite feature")
	}
	if _, err := m.Fit(ctx, [][]float64{{1, 2, 3}}, nil, nil); err == nil {
		t.Error("Fit accepted no targets")
	}
	if _, err := m.Predict([][]float64{{1}}); err == nil {
		t.Error("Predict accepted a row of 1 feature")
	}
	if _, err := OneHot([]int{0, 3}, 3); err == nil {
		t.Error("OneHot accepted label 3 of 3 classes")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := m.Fit(cancelled, [][]float64{{1, 2, 3}}, [][]float64{{1}}, nil); err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("Fit on a cancelled context: %v", err)
	}
}

// Predict runs long inputs in chunks: the rows past the first chunk, and
// the padded last one, get the same outputs as rows predicted alone.
func TestPredictChunks(t *testing.T) {
	m, err := New(DefaultConfig(true, 5, 6), 3, 3)
	if err != nil {
		t.Fatal(err)
	}
	X := make([][]float64, predictBatch+5)
	for i := range X {
		X[i] = []float64{float64(i%7) - 3, float64(i%5) / 2, float64(i%3) - 1}
	}
	all, err := m.Predict(X)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, predictBatch - 1, predictBatch, len(X) - 1} {
		one, err := m.Predict(X[i : i+1])
		if err != nil {
			t.Fatal(err)
		}
		for j := range one[0] {
			if math.Abs(one[0][j]-all[i][j]) > 1e-15 {
				t.Errorf("row %d: %v alone, %v in the batch", i, one[0], all[i])
			}
		}
		if s := all[i][0] + all[i][1] + all[i][2]; math.Abs(s-1) > 1e-12 {
			t.Errorf("row %d: probabilities sum to %v", i, s)
		}
	}
}
