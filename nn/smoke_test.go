package nn

import (
	"context"
	"os"
	"testing"
)

func TestSmokeXOR(t *testing.T) {
	rng := NewRand(1)
	n := 400
	x := make([]float32, n*2)
	y := make([]float32, n)
	for i := 0; i < n; i++ {
		a, b := rng.Float32()*2-1, rng.Float32()*2-1
		x[2*i], x[2*i+1] = a, b
		if (a > 0) != (b > 0) {
			y[i] = 1
		}
	}
	m := Sequential("xor", Input{"x", []int{2}}, SparseCategoricalCrossentropy{}, func() Metric { return &Accuracy{} }, 1,
		NewDense(rng, "dense", 2, 16, ReLU), NewDense(rng, "dense_1", 16, 2, Softmax))
	h, err := m.Fit(context.Background(), Data{X: [][]float32{x}, Y: y}, FitOptions{Epochs: 30, BatchSize: 32, Optimizer: NewAdam(0.01), Progress: os.Stderr, Valid: &Data{X: [][]float32{x[:200]}, Y: y[:100]}})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(h.Last("accuracy"))
}

func TestSummaryFashionMLP(t *testing.T) {
	rng := NewRand(1)
	m := Sequential("sequential", Input{"x", []int{28, 28}}, SparseCategoricalCrossentropy{}, nil, 1,
		NewFlatten("flatten"), NewDense(rng, "dense", 784, 300, ReLU), NewDense(rng, "dense_1", 300, 100, ReLU), NewDense(rng, "dense_2", 100, 10, Softmax))
	s, err := m.Summary()
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + s)
}
