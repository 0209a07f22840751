package nn

import (
	"testing"

	G "gorgonia.org/gorgonia"
)

// TestTrainGraphSkipsInputGradient checks that the training graph's machine
// leaves out the gradient Gorgonia builds for the input examples (the
// first Dense layer's x·W gives one), while the full graph has it, and that
// it keeps the weights and their gradients.
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
		if len(gr.grads[i]) != gr.trainable[i].Size() {
			t.Errorf("weight %s: %d gradient values", gr.trainable[i].Name, len(gr.grads[i]))
		}
	}
}

// TestGradientArrays checks that the gradients land, at every run, in the
// arrays the graph made for them, whole (not added to the last run's), and
// the same whether the machine is rewound (Fit's way) or reset.
func TestGradientArrays(t *testing.T) {
	var runs [][][]float32
	for _, noRewind := range []bool{false, true} {
		rng := NewRand(5)
		drop, err := NewDropout("dropout", 0.3)
		if err != nil {
			t.Fatal(err)
		}
		m := Sequential("lean", Input{"x", []int{7}}, SparseCategoricalCrossentropy{}, nil, 1,
			NewDense(rng, "dense", 7, 5, Tanh), drop, NewDense(rng, "dense_1", 5, 3, Softmax))
		m.noRewind = noRewind
		d := randData(6, 4, 7, 3)
		var arrays []*float32
		for run := 0; run < 3; run++ {
			m.SeedMasks(1) // the same dropout mask at every run
			_, params, grads := lossAndGrads(t, m, d)
			gr := m.graphs[graphKey{trainGraph, 4}]
			for i, g := range gr.grads {
				if run == 0 {
					arrays = append(arrays, &g[0])
				} else if arrays[i] != &g[0] {
					t.Errorf("noRewind %v run %d: %s's gradient moved to another array", noRewind, run, params[i].Name)
				}
				if v := gr.gradVals[i].Data().([]float32); &v[0] != &g[0] {
					t.Errorf("%s: the read's tensor is not over the gradient array", params[i].Name)
				}
			}
			runs = append(runs, grads)
		}
	}
	for r := 1; r < len(runs); r++ {
		if !suiteSameWeights(runs[r], runs[0]) {
			t.Errorf("run %d's gradients differ from the first run's", r)
		}
	}
}
