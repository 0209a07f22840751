package nn

import (
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
// finite differences of the loss, by checkGradientsRel's relative norm over
// each whole parameter: a per-entry tolerance of tol*max(1, |num|) let an
// all-zero gradient pass for 6 of the 147 parameters of a sigmoid stack,
// whose entries are all under tol.
func checkGradients(t *testing.T, m *Model, d Data, tol float64) {
	t.Helper()
	checkGradientsRel(t, m, d, tol, nil)
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
			m := Sequential(Input{"x", []int{5}}, []Applier{
				NewDense(rng, "dense", 5, 7, act),
				NewDense(rng, "dense_1", 7, 4, Softmax),
			}, WithName("g"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
			checkGradients(t, m, randData(4, 6, 5, 4), 2e-2)
		})
	}
}
