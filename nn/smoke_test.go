package nn

import (
	"context"
	"testing"
)

// TestLearnsXOR trains a small MLP end to end on the XOR of two signs, a
// problem no linear model solves, and checks that it learns it.
func TestLearnsXOR(t *testing.T) {
	xor := func(seed int64, n int) Data {
		rng := NewRand(seed)
		x := make([]float32, n*2)
		y := make([]float32, n)
		for i := 0; i < n; i++ {
			a, b := rng.Float32()*2-1, rng.Float32()*2-1
			x[2*i], x[2*i+1] = a, b
			if (a > 0) != (b > 0) {
				y[i] = 1
			}
		}
		return Data{X: [][]float32{x}, Y: y}
	}
	train, valid := xor(1, 400), xor(2, 200)
	rng := NewRand(1)
	m := Sequential(Input{"x", []int{2}}, []Applier{
		NewDense(rng, "dense", 2, 16, ReLU),
		NewDense(rng, "dense_1", 16, 2, Softmax),
	}, WithName("xor"), WithLoss(SparseCategoricalCrossentropy{}), WithMetric(func() Metric { return &Accuracy{} }), WithSeed(1))
	h, err := m.Fit(context.Background(), train, FitOptions{Epochs: 30, BatchSize: 32, Optimizer: NewAdam(0.01), Valid: &valid, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("val_accuracy %.3f", h.Last("val_accuracy"))
	if acc := h.Last("val_accuracy"); acc < 0.95 {
		t.Errorf("XOR validation accuracy %.3f after 30 epochs, want at least 0.95 (History %v)", acc, h.Metrics)
	}
	if first, last := h.Metrics["loss"][0], h.Last("loss"); !(last < first/3) {
		t.Errorf("loss went from %.4f to %.4f only", first, last)
	}
}
