package nn_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gozoo/gozoo/bench"
	"github.com/gozoo/gozoo/internal/zootest"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/mlpreg"
)

// trained is a bench model after a few training steps on random data (and
// its Normalization adapted), with examples to predict.
func trained(t *testing.T, spec bench.Spec, steps, examples int) (*nn.Model, nn.Data) {
	t.Helper()
	b, err := spec.Build()
	if err != nil {
		t.Fatal(err)
	}
	m := b.Model
	train := bench.RandomData(m, 2*spec.Batch, spec.Classes, spec.Outputs, 7)
	if b.Prepare != nil {
		if err := b.Prepare(train); err != nil {
			t.Fatal(err)
		}
	}
	idx := make([]int, spec.Batch)
	for s := range steps {
		for i := range idx {
			idx[i] = (s%2)*spec.Batch + i
		}
		if _, err := m.TrainStep(train, idx, b.Optimizer); err != nil {
			t.Fatal(err)
		}
	}
	return m, bench.RandomData(m, examples, spec.Classes, spec.Outputs, 8)
}

func sameBits(a, b []float32) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d values, want %d", len(a), len(b))
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return fmt.Errorf("value %d is %v, want %v", i, a[i], b[i])
		}
	}
	return nil
}

// TestPredictMatchesTape checks, for every model of the bench (the zoo's
// with the notebook's settings), that Predict's plan gives bit for bit
// the outputs of the tape machine, which every prediction ran on before,
// for one example at a time, a batch with a partial last chunk, and all
// the examples at once.
func TestPredictMatchesTape(t *testing.T) {
	for _, spec := range bench.Specs() {
		t.Run(spec.Name, func(t *testing.T) {
			examples := 23
			if spec.Name == "cnn" {
				if testing.Short() {
					t.Skip("slow in -short")
				}
				examples = 5
			}
			m, d := trained(t, spec, 2, examples)
			if !m.Planned() {
				t.Fatal("no plan")
			}
			matchTape(t, m, d, 1, 3, examples)
		})
	}
}

// matchTape checks that Predict gives bit for bit the tape machine's
// outputs for each batch size.
func matchTape(t *testing.T, m *nn.Model, d nn.Data, batches ...int) {
	t.Helper()
	for _, batch := range batches {
		want, ww, err := m.PredictTape(d, batch)
		if err != nil {
			t.Fatal(err)
		}
		got, w, err := m.Predict(d, batch)
		if err != nil {
			t.Fatal(err)
		}
		if w != ww {
			t.Fatalf("batch %d: width %d, want %d", batch, w, ww)
		}
		if err := sameBits(got, want); err != nil {
			t.Errorf("batch %d: %v", batch, err)
		}
	}
}

// TestPredictSklearnRegressor covers the zoo model the bench leaves out:
// the scikit-learn MLPRegressor preset (no Normalization, random biases).
func TestPredictSklearnRegressor(t *testing.T) {
	m, err := mlpreg.New(mlpreg.SklearnConfig())
	if err != nil {
		t.Fatal(err)
	}
	matchTape(t, m.Model, bench.RandomData(m.Model, 17, 0, 1, 3), 5)
}

// TestPredictConcurrent predicts from 8 goroutines at once on one model,
// with batch sizes that differ between goroutines, and checks every
// result against a single goroutine's. Run under -race, it also checks
// that the calls share nothing they write.
func TestPredictConcurrent(t *testing.T) {
	for _, spec := range bench.Specs() {
		if spec.Name == "cnn" && testing.Short() {
			continue
		}
		t.Run(spec.Name, func(t *testing.T) {
			examples := 40
			if spec.Name == "cnn" {
				examples = 6
			}
			m, d := trained(t, spec, 1, examples)
			batches := []int{1, 4, 16, examples}
			want := map[int][]float32{}
			for _, b := range batches {
				out, _, err := m.Predict(d, b)
				if err != nil {
					t.Fatal(err)
				}
				want[b] = out
			}
			zootest.Concurrently(t, 8, 3, func(g, rep int) error {
				b := batches[(g+rep)%len(batches)]
				if g%2 == 0 {
					out, _, err := m.Predict(d, b)
					if err != nil {
						return err
					}
					return sameBits(out, want[b])
				}
				out := make([]float32, len(want[b]))
				if _, err := m.PredictInto(out, d, b); err != nil {
					return err
				}
				return sameBits(out, want[b])
			})
		})
	}
}

// TestPredictIntoChecksLength checks that PredictInto refuses an output of
// the wrong size rather than writing past it or leaving part of it.
func TestPredictIntoChecksLength(t *testing.T) {
	spec := bench.Specs()[1] // iris-mlp
	m, d := trained(t, spec, 0, 5)
	if _, err := m.PredictInto(make([]float32, 14), d, 2); err == nil {
		t.Error("14 values for 5 examples of 3: no error")
	}
	if w, err := m.PredictInto(make([]float32, 15), d, 2); err != nil || w != 3 {
		t.Errorf("width %d, %v", w, err)
	}
}
