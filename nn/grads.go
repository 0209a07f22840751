package nn

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// readGradients decides how each weight's gradient leaves the graph, and
// returns roots with what the machine must run for that added.
//
// Gorgonia's own way, BindDualValues, adds each run's gradient into a
// tensor of the weight node's dual value, which then has to be zeroed
// before every run: two passes over every weight per step. A Read
// statement copies the gradient into an array of ours: one pass, the
// Fashion MLP's 266,610 values, a megabyte a step. Reading the gradient
// node's value where the run left it costs nothing, and is safe when
// nothing in the machine reads that node: Gorgonia's tape machine gives
// every op node a register of its own, which a later op shares only by
// overwriting one of its own inputs in place, and only an input that is
// dead afterwards. A gradient no op reads is never such an input, so its
// value stays whole until the next run; and a rewound machine computes it
// into the same tensor again (a reset one into a new tensor, which
// refreshGrads then follows). Gorgonia's common-subexpression pass could
// only merge nodes AddNode had already merged. Gradients that another op
// reads (in grads_test.go, a weight added to a layer's output, whose
// gradient is the output's), the second of two weights with one gradient
// node, inputs and constants are still copied by a Read.
func (gr *graph) readGradients(g *G.ExprGraph, roots G.Nodes) G.Nodes {
	n := len(gr.gradNodes)
	gr.grads = make([][]float32, n)
	gr.gradVals = make([]G.Value, n)
	gr.gradSeen = make([]*tensor.Dense, n)
	sub := g.ExactSubgraphRoots(append(append(G.Nodes{}, roots...), gr.gradNodes...)...)
	taken := map[*G.Node]bool{}
	for i, gn := range gr.gradNodes {
		roots = append(roots, gn)
		if ownValue(sub, gn) && !taken[gn] {
			taken[gn] = true
			continue
		}
		p := gr.trainable[i]
		gr.grads[i] = make([]float32, p.Size())
		gr.gradVals[i] = tensor.New(tensor.WithShape(p.Shape()...), tensor.WithBacking(gr.grads[i]))
		roots = append(roots, G.Read(gn, &gr.gradVals[i]))
	}
	return roots
}

// ownValue tells whether n is an op's result that no node of sub reads.
func ownValue(sub *G.ExprGraph, n *G.Node) bool {
	if n.IsVar() || n.Op() == nil {
		return false
	}
	if _, ok := n.Op().(interface{ Value() G.Value }); ok { // a constant
		return false
	}
	for ps := sub.To(n.ID()); ps.Next(); {
		if sub.Has(ps.Node().ID()) {
			return false
		}
	}
	return true
}

// refreshGrads points grads at the values the run left in the gradient
// nodes read in place. A rewound machine reuses last run's tensors, so
// this is a pointer comparison per weight.
func (gr *graph) refreshGrads() error {
	for i, v := range gr.gradVals {
		if v != nil {
			continue // copied by the run
		}
		t, ok := gr.gradNodes[i].Value().(*tensor.Dense)
		if !ok || t.Dtype() != tensor.Float32 || t.Shape().TotalSize() != gr.trainable[i].Size() {
			return fmt.Errorf("gradient of %s: want a float32 tensor of %d values, got %v", gr.trainable[i].Name, gr.trainable[i].Size(), describe(gr.gradNodes[i].Value()))
		}
		if t == gr.gradSeen[i] && !t.RequiresIterator() {
			continue
		}
		if t.RequiresIterator() { // a view: its values in order, in a tensor of their own
			t = t.Materialize().(*tensor.Dense)
		}
		gr.grads[i] = t.Data().([]float32)
		gr.gradSeen[i] = t
	}
	for k, i := range gr.rest {
		gr.restGrads[k] = gr.grads[i]
	}
	return nil
}
