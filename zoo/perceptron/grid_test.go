package perceptron

import "testing"

// The grid predictor batches a row of the plot once it knows its x1
// values; its answers are the model's own, for the foreseen points and for
// one it has not seen.
func TestGridPredictorAgrees(t *testing.T) {
	X, y, err := Petals(0)
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(DefaultConfig(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(t.Context(), X, y); err != nil {
		t.Fatal(err)
	}
	g := NewGridPredictor(m)
	xs := []float64{0.5, 1.5, 2.5, 3.5, 4.5, 5.5}
	for _, x2 := range []float64{0, 0.5, 1, 1.5, 2.5} {
		for _, x1 := range append(xs, x2+0.25) {
			want, err := m.Predict([][]float64{{x1, x2}})
			if err != nil {
				t.Fatal(err)
			}
			if got := g.Predict(x1, x2); got != b2i(want[0]) {
				t.Errorf("(%v, %v): %d, the model says %v", x1, x2, got, want[0])
			}
		}
	}
	if err := g.Err(); err != nil {
		t.Error(err)
	}
}
