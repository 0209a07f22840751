package nn

import "fmt"

// Sizes adds up the parameters of a model from its config, before the
// model is built, for a ParamCount method: Add each weight's shape, then
// Total. Products saturate past MaxParams, so no count overflows, and a
// size of zero or less is an error.
type Sizes struct {
	n   int
	err error
}

// Add counts a parameter of the given shape.
func (s *Sizes) Add(shape ...int) {
	p := 1
	for _, d := range shape {
		if d <= 0 {
			if s.err == nil {
				s.err = fmt.Errorf("a weight of shape %v", shape)
			}
			return
		}
		p = min(p, MaxParams+1) * min(d, MaxParams+1)
		p = min(p, MaxParams+1)
	}
	s.n = min(s.n+p, MaxParams+1)
}

// Total is the count, or an error for a model of more than MaxParams
// parameters or with a size of zero or less.
func (s *Sizes) Total() (int, error) {
	switch {
	case s.err != nil:
		return 0, s.err
	case s.n > MaxParams:
		return 0, fmt.Errorf("more than %d parameters (the largest model gozoo builds)", MaxParams)
	}
	return s.n, nil
}

// AddDense counts a stack of Dense layers with biases, the first taking in
// inputs, of the given widths. It returns the index of the first width of
// zero or less, counting nothing from there, or -1.
func (s *Sizes) AddDense(in int, widths ...int) int {
	for i, units := range widths {
		if units <= 0 {
			return i
		}
		s.Add(in, units)
		s.Add(units)
		in = units
	}
	return -1
}

// AddNormalization counts a Normalization layer of the given features:
// its mean, its variance and its count.
func (s *Sizes) AddNormalization(features int) {
	s.Add(features)
	s.Add(features)
	s.Add(1)
}
