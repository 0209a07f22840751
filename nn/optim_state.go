package nn

import (
	"fmt"
	"strings"
)

// OptimizerState is what an optimizer carries from one step to the next
// (Adam's step count and moments, SGD's velocity), as a model file stores
// it so that a resumed run goes on exactly as an uninterrupted one.
type OptimizerState struct {
	// Name is the optimizer's Name.
	Name string `json:"name"`
	// Steps is the number of steps taken (Adam's t).
	Steps int `json:"steps"`
	// Slots holds one tensor per parameter and kind of state, named
	// "kind/parameter name" (m/dense/kernel, v/dense/kernel, velocity/...).
	Slots []SavedParam `json:"slots"`
}

// StatefulOptimizer is an optimizer whose state can be saved and restored.
type StatefulOptimizer interface {
	Optimizer
	// State returns the optimizer's state, nil before its first step.
	State() *OptimizerState
	// SetState has the optimizer start from s at its next step, which
	// must be on parameters of the names and sizes of s's slots.
	SetState(s *OptimizerState) error
}

// slotsOf returns the state tensors of params of the given kinds, named as
// OptimizerState says, sharing their values.
func slotsOf(params []*Param, kinds []string, values ...[][]float32) []SavedParam {
	var out []SavedParam
	for k, kind := range kinds {
		for i, p := range params {
			out = append(out, SavedParam{Name: kind + "/" + p.Name, Shape: p.Shape(), Values: values[k][i]})
		}
	}
	return out
}

// fromSlots builds the state tensors of params of the given kinds from s's
// slots, checking that s has exactly one of each, of the parameter's size.
func fromSlots(name string, s *OptimizerState, params []*Param, kinds []string) ([][][]float32, error) {
	if len(s.Slots) != len(kinds)*len(params) {
		return nil, fmt.Errorf("%s: saved state has %d tensors, want %d for %d parameters", name, len(s.Slots), len(kinds)*len(params), len(params))
	}
	byName := map[string][]float32{}
	for _, sl := range s.Slots {
		byName[sl.Name] = sl.Values
	}
	out := make([][][]float32, len(kinds))
	for k, kind := range kinds {
		out[k] = make([][]float32, len(params))
		for i, p := range params {
			v, ok := byName[kind+"/"+p.Name]
			if !ok || len(v) != p.Size() {
				return nil, fmt.Errorf("%s: saved state has no %s/%s of %d values", name, kind, p.Name, p.Size())
			}
			out[k][i] = append([]float32(nil), v...)
		}
	}
	return out, nil
}

// checkState checks that s is the state of the optimizer called name.
func checkState(name string, s *OptimizerState) error {
	if s == nil || !strings.EqualFold(s.Name, name) {
		return fmt.Errorf("%s: no saved state of this optimizer", name)
	}
	if s.Steps < 0 {
		return fmt.Errorf("%s: saved state of %d steps", name, s.Steps)
	}
	return nil
}

// State is Adam's step count and moments, nil before its first step.
func (o *Adam) State() *OptimizerState {
	if o.m == nil {
		return nil
	}
	return &OptimizerState{Name: o.Name(), Steps: o.t, Slots: slotsOf(o.params, []string{"m", "v"}, o.m, o.v)}
}

// SetState has Adam start from s at its next step.
func (o *Adam) SetState(s *OptimizerState) error {
	if err := checkState(o.Name(), s); err != nil {
		return err
	}
	o.pending = s
	return nil
}

// State is SGD's velocity, nil without momentum or before its first step.
func (o *SGD) State() *OptimizerState {
	if o.velocity == nil {
		return nil
	}
	return &OptimizerState{Name: o.Name(), Slots: slotsOf(o.params, []string{"velocity"}, o.velocity)}
}

// SetState has SGD start from s's velocity at its next step.
func (o *SGD) SetState(s *OptimizerState) error {
	if err := checkState(o.Name(), s); err != nil {
		return err
	}
	o.pending = s
	return nil
}
