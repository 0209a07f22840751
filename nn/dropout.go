package nn

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gozoo/gozoo/internal/kernels"
)

// Dropout zeroes each input with probability Rate during training and scales
// the survivors by 1/(1-Rate), so inference (where it does nothing) sees the
// same expected values. Unlike Gorgonia's own Dropout, whose backward pass
// divides by the keep probability the wrong way for any rate but 0.5, the
// mask here is an input of the graph drawn before each step: the gradient is
// the same mask, exactly.
type Dropout struct {
	name string
	Rate float64
}

// NewDropout makes a Dropout layer; rate must be in [0, 1).
func NewDropout(name string, rate float64) (*Dropout, error) {
	if rate < 0 || rate >= 1 {
		return nil, fmt.Errorf("dropout %s: rate %v is not in [0, 1)", name, rate)
	}
	return &Dropout{name: name, Rate: rate}, nil
}

// Name is the layer's name.
func (d *Dropout) Name() string { return d.name }

// Type is "Dropout".
func (d *Dropout) Type() string { return "Dropout" }

// Params is empty.
func (d *Dropout) Params() []*Param { return nil }

// Apply multiplies x by a fresh mask at each training step; in an inference
// graph it passes x through.
func (d *Dropout) Apply(s *Scope, x *G.Node) (*G.Node, error) {
	if !s.Training() || d.Rate == 0 {
		out, err := try(d.name, func() (*G.Node, error) { return G.Reshape(x, x.Shape().Clone()) })
		if err != nil {
			return nil, err
		}
		s.setInfer(out, nil, x)
		s.Record(d, out, x)
		return out, nil
	}
	shape := x.Shape().Clone()
	mask := make([]float32, shape.TotalSize())
	mt := tensor.New(tensor.WithShape(shape...), tensor.WithBacking(mask))
	m := G.NodeFromAny(s.Graph(), mt, G.WithName(d.name+"/mask"))
	keep, scale := 1-d.Rate, float32(1/(1-d.Rate))
	rng := s.Rand()
	s.BeforeStep(func() { kernels.DropoutMask(mask, keep, scale, rng.Float64) })
	out, err := try(d.name, func() (*G.Node, error) { return G.HadamardProd(x, m) })
	if err != nil {
		return nil, err
	}
	s.Record(d, out, x)
	return out, nil
}

// Concatenate joins its inputs along the feature axis, like Keras's
// Concatenate layer: (batch, a) and (batch, b) give (batch, a+b).
type Concatenate struct{ name string }

// NewConcatenate makes a Concatenate layer.
func NewConcatenate(name string) *Concatenate { return &Concatenate{name: name} }

// Name is the layer's name.
func (c *Concatenate) Name() string { return c.name }

// Type is "Concatenate".
func (c *Concatenate) Type() string { return "Concatenate" }

// Params is empty.
func (c *Concatenate) Params() []*Param { return nil }

// Apply adds the concatenation of xs along their last axis.
func (c *Concatenate) Apply(s *Scope, xs ...*G.Node) (*G.Node, error) {
	if len(xs) == 0 {
		return nil, fmt.Errorf("%s: nothing to concatenate", c.name)
	}
	axis := xs[0].Shape().Dims() - 1
	out, err := try(c.name, func() (*G.Node, error) { return G.Concat(axis, xs...) })
	if err != nil {
		return nil, err
	}
	s.setInfer(out, concatRows(xs, out), xs...)
	s.Record(c, out, xs...)
	return out, nil
}

// concatRows is the concatenation's inference step: the inputs' runs along
// their last axis, one after the other, run after run.
func concatRows(xs []*G.Node, out *G.Node) inferFunc {
	widths := make([]int, len(xs))
	for i, x := range xs {
		widths[i] = x.Shape()[x.Shape().Dims()-1]
	}
	total := out.Shape()[out.Shape().Dims()-1]
	runs := out.Shape().TotalSize() / total / out.Shape()[0] // per example
	return func(dst []float32, src [][]float32, rows int) {
		kernels.Concat(dst, src, widths, rows*runs)
	}
}
