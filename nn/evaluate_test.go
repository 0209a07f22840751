package nn

import (
	"context"
	"slices"
	"testing"
)

// EvaluatePredict gives what Evaluate and Predict give, bit for bit, with
// one graph per batch size; ReleaseGraphs drops the graphs and changes no
// result.
func TestEvaluatePredictSameAsBoth(t *testing.T) {
	const n = 50
	m := suiteClassifier(90, 0.5)
	d := suiteLearnable(91, n)
	if _, err := m.Fit(context.Background(), d, FitOptions{Epochs: 2, BatchSize: 8, Optimizer: NewAdam(0.01)}); err != nil {
		t.Fatal(err)
	}
	m.ReleaseGraphs()
	if len(m.graphs) != 0 {
		t.Fatalf("%d graphs after ReleaseGraphs", len(m.graphs))
	}
	loss, acc, out, w, err := m.EvaluatePredict(d, 16)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.graphs) != 2 { // batch 16 and the last 2
		t.Errorf("EvaluatePredict built %d graphs, want 2 (evaluation graphs only)", len(m.graphs))
	}
	m.ReleaseGraphs()
	refLoss, refAcc, err := m.Evaluate(d, 16)
	if err != nil {
		t.Fatal(err)
	}
	ref, refW, err := m.Predict(d, 16)
	if err != nil {
		t.Fatal(err)
	}
	if loss != refLoss || acc != refAcc || w != refW || !slices.Equal(out, ref) {
		t.Errorf("EvaluatePredict: loss %v, accuracy %v, width %d; Evaluate and Predict: %v, %v, %d; outputs equal %v",
			loss, acc, w, refLoss, refAcc, refW, slices.Equal(out, ref))
	}
	classes, err := m.PredictClasses(d, 16)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ArgmaxRows(out, w), classes) {
		t.Error("ArgmaxRows differs from PredictClasses")
	}
}
