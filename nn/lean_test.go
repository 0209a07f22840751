package nn

import (
	"testing"

	G "gorgonia.org/gorgonia"
)

// TestTrainGraphSkipsInputGradient checks that the training graph's machine
// leaves out the gradient Gorgonia builds for the input examples (the
// first Dense layer's x·W gives one), while the full graph has it, and that
// the weights' gradients are still there.
func TestTrainGraphSkipsInputGradient(t *testing.T) {
	rng := NewRand(5)
	// Widths all different from the input's 7, so that only the input and
	// its gradient have the shape (batch, 7).
	m := Sequential("lean", Input{"x", []int{7}}, SparseCategoricalCrossentropy{}, nil, 1,
		NewDense(rng, "dense", 7, 5, ReLU), NewDense(rng, "dense_1", 5, 3, Softmax))
	d := randData(6, 4, 7, 3)
	loss, _, grads := lossAndGrads(t, m, d)
	if loss <= 0 || len(grads) != 4 {
		t.Fatalf("loss %v, %d gradients", loss, len(grads))
	}
	gr := m.graphs[graphKey{trainGraph, 4}]
	inputShaped := func(g *G.ExprGraph) int {
		k := 0
		for _, n := range g.AllNodes() {
			if s := n.Shape(); !n.IsVar() && s.Dims() == 2 && s[0] == 4 && s[1] == 7 {
				k++
			}
		}
		return k
	}
	if k := inputShaped(gr.scope.g); k == 0 {
		t.Fatal("the full graph has no gradient for the input: the test no longer tests anything")
	}
	if k := inputShaped(gr.subgraph); k != 0 {
		t.Errorf("the machine runs %d nodes of the input's shape, want none", k)
	}
	for i, n := range gr.nodes {
		if !gr.subgraph.Has(n.ID()) {
			t.Errorf("weight %s is not in the machine's graph", gr.trainable[i].Name)
		}
		if g, err := n.Grad(); err != nil || g == nil {
			t.Errorf("weight %s: no gradient (%v)", gr.trainable[i].Name, err)
		}
	}
}
