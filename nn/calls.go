package nn

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// Call is one application of a layer in a model's forward pass, as Summary
// lists it: the layer, the names of what it reads (the model's inputs or
// earlier layers, in argument order) and its output shape, batch axis
// left out.
type Call struct {
	Layer  Layer
	Inputs []string
	Shape  []int
}

// Calls traces the model's inference graph (batch 1) and returns its layer
// calls in the order Forward makes them, for tools that walk a model's
// structure, such as an exporter to another format.
func (m *Model) Calls() ([]Call, error) {
	s, err := m.trace()
	if err != nil {
		return nil, err
	}
	out := make([]Call, len(s.calls))
	for i, c := range s.calls {
		out[i] = Call{Layer: c.layer, Inputs: c.inputs, Shape: append([]int(nil), c.out.Shape()[1:]...)}
	}
	return out, nil
}

// trace runs Forward on a batch-1 inference scope, whose calls then hold
// the model's layers as they were applied.
func (m *Model) trace() (*Scope, error) {
	if m.forward == nil {
		return nil, fmt.Errorf("model %s has no forward function", m.Name)
	}
	s := newScope(1, false, NewRand(0))
	ins := make([]*G.Node, 0, len(m.inputs))
	for _, in := range m.inputs {
		ins = append(ins, s.Input(in.Name, in.Shape, make([]float32, in.Size())))
	}
	if _, err := m.forward(s, ins); err != nil {
		return nil, fmt.Errorf("model %s: %w", m.Name, err)
	}
	return s, nil
}

// Builder adapts a zoo package's constructor to the build function Load
// and onnx.Load take: net returns the zoo model's nn.Model.
func Builder[C, M any](newModel func(C) (M, error), net func(M) *Model) func(C) (M, *Model, error) {
	return func(cfg C) (M, *Model, error) {
		m, err := newModel(cfg)
		if err != nil {
			var zero M
			return zero, nil, err
		}
		return m, net(m), nil
	}
}
