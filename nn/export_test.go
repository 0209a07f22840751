package nn

// PredictTape is Predict through the tape machine, the way every model
// predicted before plans (infer.go): the reference the plans' outputs are
// compared with, bit for bit.
func (m *Model) PredictTape(d Data, batch int) ([]float32, int, error) {
	return m.predictTape(d, batch)
}

// Planned tells whether m predicts through a plan.
func (m *Model) Planned() bool { return m.inferPlan() != nil }
