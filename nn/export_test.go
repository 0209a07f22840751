package nn

import G "gorgonia.org/gorgonia"

// PredictTape is Predict through the tape machine, the way every model
// predicted before plans (infer.go): the reference the plans' outputs are
// compared with, bit for bit.
func (m *Model) PredictTape(d Data, batch int) ([]float32, int, error) {
	return m.predictTape(d, batch)
}

// Planned tells whether m predicts through a plan.
func (m *Model) Planned() bool { return m.inferPlan() != nil }

// gorgoniaApply is a Dense layer's act(x W + b) in Gorgonia's ops, for
// denseApply.
func (d *Dense) gorgoniaApply(s *Scope, x *G.Node) (*G.Node, error) {
	z, err := G.Mul(x, s.Param(d.Kernel))
	if err != nil {
		return nil, err
	}
	if d.Bias != nil {
		if z, err = G.BroadcastAdd(z, s.Param(d.Bias), nil, []byte{0}); err != nil {
			return nil, err
		}
	}
	return d.Activation.Apply(s, z)
}
