package nn

import (
	"context"
	"testing"
)

// rewind must recognise the tape machine of the pinned Gorgonia: if an
// upgrade renames its fields, this fails instead of every step silently
// allocating its outputs again.
func TestRewindReachesTheTapeMachine(t *testing.T) {
	rng := NewRand(1)
	m := Sequential("r", Input{"x", []int{3}}, SparseCategoricalCrossentropy{}, nil, 1,
		NewDense(rng, "dense", 3, 2, Softmax))
	d := randData(2, 4, 3, 2)
	if _, err := m.Fit(context.Background(), d, FitOptions{Epochs: 1, BatchSize: 4, Optimizer: NewSGD(0.1)}); err != nil {
		t.Fatal(err)
	}
	gr, err := m.graphFor(trainGraph, 4)
	if err != nil {
		t.Fatal(err)
	}
	if !rewind(gr.vm) {
		t.Fatal("rewind does not recognise Gorgonia's tape machine")
	}
	if rewind(nil) {
		t.Fatal("rewind(nil) reported success")
	}
}

// Reusing the registers must not change a single bit of training.
func TestRewindGivesTheSameWeightsAsReset(t *testing.T) {
	train := suiteLearnable(7, 70)
	run := func(noRewind bool) [][]float32 {
		m := suiteClassifier(8, 0)
		m.noRewind = noRewind
		if _, err := m.Fit(context.Background(), train, FitOptions{Epochs: 3, BatchSize: 16, Optimizer: NewAdam(0.01), Seed: 3}); err != nil {
			t.Fatal(err)
		}
		return suiteWeights(m)
	}
	if !suiteSameWeights(run(false), run(true)) {
		t.Fatal("training with rewind and with Reset give different weights")
	}
}
