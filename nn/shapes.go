package nn

import (
	"fmt"
	"slices"
)

// Shaper is a layer that tells the shape of its output from the shapes of
// its inputs, batch axis left out, without building a graph: (28, 28, 1)
// through a Conv2D of 32 filters and "same" padding is (28, 28, 32). Every
// layer of nn is a Shaper; a model's constructor finds it by type
// assertion to follow its input through the layers and report a bad size,
// naming the layer, before it builds anything (as zoo/cnn does for an
// image pooled down to nothing). Layers of one input take one shape;
// Concatenate takes one per input.
type Shaper interface {
	OutputShape(in ...[]int) ([]int, error)
}

// Every layer of nn reports its output shape.
var (
	_ Shaper = (*Dense)(nil)
	_ Shaper = (*Flatten)(nil)
	_ Shaper = (*Reshape)(nil)
	_ Shaper = (*Conv2D)(nil)
	_ Shaper = (*MaxPool2D)(nil)
	_ Shaper = (*AvgPool2D)(nil)
	_ Shaper = (*GlobalAveragePooling2D)(nil)
	_ Shaper = (*DepthMaxPool)(nil)
	_ Shaper = (*Dropout)(nil)
	_ Shaper = (*Normalization)(nil)
	_ Shaper = (*Concatenate)(nil)
)

// oneInput is the one input shape of a layer that takes one.
func oneInput(layer string, in [][]int) ([]int, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("%s: %d input shapes: the layer takes one input", layer, len(in))
	}
	for _, d := range in[0] {
		if d <= 0 {
			return nil, fmt.Errorf("%s: input shape %v", layer, in[0])
		}
	}
	return in[0], nil
}

// OutputShape is (units) for an input of shape (in), the kernel's rows.
func (d *Dense) OutputShape(ins ...[]int) ([]int, error) {
	in, err := oneInput(d.name, ins)
	if err != nil {
		return nil, err
	}
	if len(in) != 1 || in[0] != d.Kernel.Shape()[0] {
		return nil, fmt.Errorf("%s: input shape %v, want (%d)", d.name, in, d.Kernel.Shape()[0])
	}
	return []int{d.Kernel.Shape()[1]}, nil
}

// OutputShape is the product of the input's dimensions: (d1*d2*...).
func (f *Flatten) OutputShape(ins ...[]int) ([]int, error) {
	in, err := oneInput(f.name, ins)
	if err != nil {
		return nil, err
	}
	size := 1
	for _, d := range in {
		size *= d
	}
	return []int{size}, nil
}

// OutputShape is the input's shape: dropout changes values, not shapes.
func (d *Dropout) OutputShape(ins ...[]int) ([]int, error) {
	in, err := oneInput(d.name, ins)
	if err != nil {
		return nil, err
	}
	return slices.Clone(in), nil
}

// OutputShape is (features) for an input of shape (features).
func (n *Normalization) OutputShape(ins ...[]int) ([]int, error) {
	in, err := oneInput(n.name, ins)
	if err != nil {
		return nil, err
	}
	if len(in) != 1 || in[0] != n.Features() {
		return nil, fmt.Errorf("%s: input shape %v, want (%d)", n.name, in, n.Features())
	}
	return slices.Clone(in), nil
}

// OutputShape is the inputs' shape with their last axes joined: (a) and
// (b) give (a+b); the other axes must agree.
func (c *Concatenate) OutputShape(in ...[]int) ([]int, error) {
	if len(in) == 0 {
		return nil, fmt.Errorf("%s: nothing to concatenate", c.name)
	}
	out := slices.Clone(in[0])
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: input shape %v", c.name, in[0])
	}
	for _, s := range in[1:] {
		if len(s) != len(out) || !slices.Equal(s[:len(s)-1], out[:len(out)-1]) {
			return nil, fmt.Errorf("%s: input shapes %v: all but the last axis must agree", c.name, in)
		}
		out[len(out)-1] += s[len(s)-1]
	}
	return out, nil
}
