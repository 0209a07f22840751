package nn

import (
	"context"
	"testing"
)

// BenchmarkFashionMLPStep times one training step of the notebook's
// 784-300-100-10 classifier on a batch of 32.
func BenchmarkFashionMLPStep(b *testing.B) {
	rng := NewRand(1)
	m := Sequential(Input{"x", []int{28, 28}}, []Applier{
		NewFlatten("flatten"),
		NewDense(rng, "dense", 784, 300, ReLU),
		NewDense(rng, "dense_1", 300, 100, ReLU),
		NewDense(rng, "dense_2", 100, 10, Softmax),
	}, WithName("mlp"), WithLoss(SparseCategoricalCrossentropy{}), WithMetric(func() Metric { return &Accuracy{} }), WithSeed(1))
	d := randData(2, 32, 784, 10)
	opt := FitOptions{Epochs: 1, BatchSize: 32, Optimizer: NewSGD(0.01), NoShuffle: true}
	if _, err := m.Fit(context.Background(), d, opt); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.Fit(context.Background(), d, opt); err != nil {
			b.Fatal(err)
		}
	}
}
