package nn

import (
	"testing"

	G "gorgonia.org/gorgonia"
)

// shiftLayer adds a trainable (batch, width) array to its input: its
// gradient is the output's gradient itself, a node other ops read.
type shiftLayer struct{ p *Param }

func (l shiftLayer) Name() string     { return "shift" }
func (l shiftLayer) Type() string     { return "Shift" }
func (l shiftLayer) Params() []*Param { return []*Param{l.p} }
func (l shiftLayer) apply(s *Scope, x *G.Node) (*G.Node, error) {
	return G.Add(x, s.Param(l.p))
}

// TestGradientWithReadersIsCopied checks that a gradient node other ops
// of the machine read is copied out of the graph by a Read rather than
// taken in place (a later op may overwrite it), and that the gradients are
// right either way. The shift's gradient is the gradient of the first
// layer's output, which that layer's backward pass reads.
func TestGradientWithReadersIsCopied(t *testing.T) {
	rng := NewRand(41)
	first := NewDense(rng, "dense", 4, 3, Tanh)
	shift := shiftLayer{NewParam("shift", true, 5, 3)}
	for i := range shift.p.Data() {
		shift.p.Data()[i] = float32(rng.NormFloat64()) * 0.3
	}
	last := NewDense(rng, "dense_1", 3, 2, Linear)
	forward := func(s *Scope, in []*G.Node) (*G.Node, error) {
		h, err := first.Apply(s, in[0])
		if err != nil {
			return nil, err
		}
		if h, err = shift.apply(s, h); err != nil {
			return nil, err
		}
		return last.Apply(s, h)
	}
	m := NewModel([]Input{{"x", []int{4}}}, []Layer{first, shift, last}, forward, WithName("shift"), WithLoss(MeanSquaredError{}), WithSeed(1))
	d := suiteRegData(42, 5, 4, 2)
	checkGradientsRel(t, m, d, 1e-2, nil)
	gr := m.graphs[graphKey{trainGraph, 5}]
	for i, p := range gr.trainable {
		if copied := gr.gradVals[i] != nil; copied != (p == shift.p) {
			t.Errorf("%s: gradient copied %t", p.Name, copied)
		}
	}
}
