package perceptron

import (
	"context"
	"testing"
)

// One-row Predict is all graph overhead; the plot of cmd/perceptron batches
// its rows for that reason.
func BenchmarkPredict1(b *testing.B) {
	m, _ := New(DefaultConfig(), 2)
	X := [][]float64{{1, 2}}
	for b.Loop() {
		if _, err := m.Predict(X); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPredict256(b *testing.B) {
	m, _ := New(DefaultConfig(), 2)
	X := make([][]float64, predictBatch)
	for i := range X {
		X[i] = []float64{1, 2}
	}
	for b.Loop() {
		if _, err := m.Predict(X); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFitIris is the notebook's training: 150 one-instance steps per
// epoch until the stopping rule fires.
func BenchmarkFitIris(b *testing.B) {
	X, y := irisSetosa(b)
	for b.Loop() {
		m, _ := New(DefaultConfig(), 2)
		if _, err := m.Fit(context.Background(), X, y); err != nil {
			b.Fatal(err)
		}
	}
}
