package nn

import (
	"math"
	"testing"
)

// TestPredictProbabilities: one prediction per row, its class the largest
// probability, the probabilities a softmax's (summing to 1), and the same
// classes as PredictClasses, across batch boundaries.
func TestPredictProbabilities(t *testing.T) {
	rng := NewRand(3)
	m := Sequential(Input{Name: "in", Shape: []int{3}}, []Applier{
		NewDense(rng, "d", 3, 4, Softmax),
	}, WithName("s"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(3))
	x := make([]float32, 7*3)
	for i := range x {
		x[i] = rng.Float32()*4 - 2
	}
	d := Data{X: [][]float32{x}}
	preds, err := m.PredictProbabilities(d, 3)
	if err != nil {
		t.Fatal(err)
	}
	classes, err := m.PredictClasses(d, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(preds) != 7 {
		t.Fatalf("%d predictions for 7 rows", len(preds))
	}
	for i, p := range preds {
		sum := 0.0
		for j, v := range p.Probabilities {
			sum += float64(v)
			if v > p.Probabilities[p.Class] {
				t.Errorf("row %d: class %d but class %d is more probable", i, p.Class, j)
			}
		}
		if len(p.Probabilities) != 4 || math.Abs(sum-1) > 1e-5 || p.Class != classes[i] {
			t.Errorf("row %d: %+v (sum %v), PredictClasses says %d", i, p, sum, classes[i])
		}
	}
}
