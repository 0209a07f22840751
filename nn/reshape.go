package nn

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// Reshape is Keras's Reshape layer: it gives each example a new shape with
// the same number of values, in row-major order, leaving the batch axis
// alone. The notebook's CNN starts with Reshape((28, 28, 1)) so that it
// takes (28, 28) images as well as (28, 28, 1) ones.
type Reshape struct {
	name string
	// Target is the new shape of one example; one entry may be -1, to be
	// worked out from the others, as in Keras.
	Target []int
}

// NewReshape makes a Reshape layer to the target shape (batch axis left
// out). Bad targets are reported by OutputShape and Apply.
func NewReshape(name string, target ...int) *Reshape {
	return &Reshape{name: name, Target: append([]int(nil), target...)}
}

// Name is the layer's name.
func (r *Reshape) Name() string { return r.name }

// Type is "Reshape".
func (r *Reshape) Type() string { return "Reshape" }

// Params is empty: Reshape has no weights.
func (r *Reshape) Params() []*Param { return nil }

// OutputShape is the target shape, with a -1 worked out, for an input of
// shape in (batch axis left out); an error if the sizes differ.
func (r *Reshape) OutputShape(ins ...[]int) ([]int, error) {
	in, err := oneInput(r.name, ins)
	if err != nil {
		return nil, err
	}
	size := 1
	for _, d := range in {
		size *= d
	}
	out, err := r.resolve(size)
	if err != nil {
		return nil, fmt.Errorf("%s: input shape %v: %w", r.name, in, err)
	}
	return out, nil
}

// resolve checks the target against an example of size values and fills in
// its -1.
func (r *Reshape) resolve(size int) ([]int, error) {
	if len(r.Target) == 0 {
		return nil, fmt.Errorf("empty target shape")
	}
	out := append([]int(nil), r.Target...)
	known, free := 1, -1
	for i, d := range out {
		switch {
		case d == -1 && free < 0:
			free = i
		case d == -1:
			return nil, fmt.Errorf("target %v has more than one -1", r.Target)
		case d <= 0:
			return nil, fmt.Errorf("target %v: sizes must be positive (or one -1)", r.Target)
		default:
			known *= d
		}
	}
	if free >= 0 {
		if size%known != 0 {
			return nil, fmt.Errorf("%d values do not divide into target %v", size, r.Target)
		}
		out[free] = size / known
		known = size
	}
	if known != size {
		return nil, fmt.Errorf("%d values per example, target %v holds %d", size, r.Target, known)
	}
	return out, nil
}

// Apply adds the reshape to the scope's graph; x is (batch, ...).
func (r *Reshape) Apply(s *Scope, x *G.Node) (*G.Node, error) {
	out, err := try(r.name, func() (*G.Node, error) {
		sh := x.Shape()
		if sh.Dims() < 1 {
			return nil, fmt.Errorf("input shape %v has no batch axis", sh)
		}
		size := 1
		for _, d := range sh[1:] {
			size *= d
		}
		target, err := r.resolve(size)
		if err != nil {
			return nil, fmt.Errorf("input shape %v: %w", sh, err)
		}
		return G.Reshape(x, append([]int{sh[0]}, target...))
	})
	if err != nil {
		return nil, err
	}
	s.setInfer(out, nil, x)
	s.Record(r, out, x)
	return out, nil
}
