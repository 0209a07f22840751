package nn

import (
	"math"
	"testing"
)

// lossAndGrads runs one training graph over all of d, without an optimizer
// step, and returns the loss and copies of the gradients.
func lossAndGrads(t *testing.T, m *Model, d Data) (float64, []*Param, [][]float32) {
	t.Helper()
	n, err := m.Len(d)
	if err != nil {
		t.Fatal(err)
	}
	gr, err := m.graphFor(trainGraph, n)
	if err != nil {
		t.Fatal(err)
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if err := gr.load(m, d, idx, true); err != nil {
		t.Fatal(err)
	}
	if err := gr.run(); err != nil {
		t.Fatal(err)
	}
	loss, err := gr.lossValue()
	if err != nil {
		t.Fatal(err)
	}
	grads := make([][]float32, len(gr.grads))
	for i, g := range gr.grads {
		grads[i] = append([]float32(nil), g...)
	}
	return loss, gr.trainable, grads
}

// checkGradients compares each trainable parameter's gradient with central
// finite differences of the loss, in float64 steps on float32 weights.
func checkGradients(t *testing.T, m *Model, d Data, tol float64) {
	t.Helper()
	_, params, grads := lossAndGrads(t, m, d)
	_, _, again := lossAndGrads(t, m, d)
	for i := range grads {
		for j := range grads[i] {
			if grads[i][j] != again[i][j] {
				t.Fatalf("%s: gradient changes between two identical runs (%v, %v): gradients accumulate", params[i].Name, grads[i][j], again[i][j])
			}
		}
	}
	const h = 1e-2
	checked := 0
	for i, p := range params {
		w := p.Data()
		step := max(1, len(w)/25)
		for j := 0; j < len(w); j += step {
			orig := w[j]
			w[j] = orig + h
			lp, _, _ := lossAndGrads(t, m, d)
			w[j] = orig - h
			lm, _, _ := lossAndGrads(t, m, d)
			w[j] = orig
			num := (lp - lm) / (2 * h)
			got := float64(grads[i][j])
			if math.Abs(num-got) > tol*math.Max(1, math.Abs(num)) {
				t.Errorf("%s[%d]: gradient %g, finite differences %g", p.Name, j, got, num)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no parameter checked")
	}
}

func randData(seed int64, n, width, classes int) Data {
	rng := NewRand(seed)
	x := make([]float32, n*width)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	y := make([]float32, n)
	for i := range y {
		y[i] = float32(rng.IntN(classes))
	}
	return Data{X: [][]float32{x}, Y: y}
}

func TestDenseSoftmaxCrossentropyGradients(t *testing.T) {
	for _, act := range []Activation{Linear, ReLU, Sigmoid, Tanh} {
		t.Run(act.String(), func(t *testing.T) {
			rng := NewRand(3)
			m := Sequential("g", Input{"x", []int{5}}, SparseCategoricalCrossentropy{}, nil, 1,
				NewDense(rng, "dense", 5, 7, act), NewDense(rng, "dense_1", 7, 4, Softmax))
			checkGradients(t, m, randData(4, 6, 5, 4), 2e-2)
		})
	}
}
