package nn

import (
	"fmt"

	G "gorgonia.org/gorgonia"

	"github.com/gozoo/gozoo/internal/kernels"
)

// poolConfig reads a pooling constructor's size and options: Keras's
// strides default to the pool size, whatever its shape.
func poolConfig(size int, opts []ConvOption) convConfig {
	cfg := newConvConfig(size, 0, opts)
	if cfg.sh == 0 && cfg.sw == 0 {
		cfg.sh, cfg.sw = cfg.kh, cfg.kw
	}
	return cfg
}

func windowConfig(size, strides [2]int, p Padding) convConfig {
	return convConfig{kh: size[0], kw: size[1], sh: strides[0], sw: strides[1], padding: p}
}

// poolOutputShape maps an (H, W, C) shape through a pooling window.
func poolOutputShape(name string, cfg convConfig, in []int) ([]int, error) {
	if len(in) != 3 {
		return nil, fmt.Errorf("%s: input shape %v: want (height, width, channels)", name, in)
	}
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out, err := cfg.outputShape(in, in[2])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// applyPool adds a max or average pooling of x to the scope's graph.
func applyPool(s *Scope, l Layer, cfg convConfig, x *G.Node, avg bool) (*G.Node, error) {
	out, err := try(l.Name(), func() (*G.Node, error) {
		if err := check4D(x); err != nil {
			return nil, err
		}
		if err := cfg.check(); err != nil {
			return nil, err
		}
		win, err := newWindow(x.Shape(), cfg.kh, cfg.kw, cfg.sh, cfg.sw, cfg.padding)
		if err != nil {
			return nil, err
		}
		pool := kernels.Pool{Win: win, Avg: avg}
		y, err := G.ApplyOp(newOp(poolOp{pool}), x)
		if err == nil {
			s.setInfer(y, poolInfer(pool, 1), x)
		}
		return y, err
	})
	if err != nil {
		return nil, err
	}
	s.Record(l, out, x)
	return out, nil
}

// poolInfer is a pooling's inference step, over windows of per images an
// example.
func poolInfer(pool kernels.Pool, per int) inferFunc {
	return func(dst []float32, src [][]float32, rows int) {
		p := pool
		p.Win.N = rows * per
		p.Forward(dst, src[0])
	}
}

func check4D(x *G.Node) error {
	if x.Shape().Dims() != 4 {
		return fmt.Errorf("input shape %v, want (batch, height, width, channels)", x.Shape())
	}
	if x.Dtype() != G.Float32 {
		return fmt.Errorf("input is %v, want float32", x.Dtype())
	}
	return nil
}

// MaxPool2D is Keras's MaxPool2D: the maximum of each window, channel by
// channel, on NHWC images.
type MaxPool2D struct {
	name    string
	Size    [2]int // window rows and columns
	Strides [2]int
	Padding Padding
}

// NewMaxPool2D makes a max pooling layer with square windows of side size
// (WithWindow for others), strides equal to the window unless WithStrides
// says otherwise, and "valid" padding unless WithPadding says otherwise:
// like Keras, 7 rows pool to 3 with a window of 2. Bad sizes are reported by
// Apply.
func NewMaxPool2D(name string, size int, opts ...ConvOption) *MaxPool2D {
	cfg := poolConfig(size, opts)
	return &MaxPool2D{name: name, Size: [2]int{cfg.kh, cfg.kw}, Strides: [2]int{cfg.sh, cfg.sw}, Padding: cfg.padding}
}

// Name is the layer's name.
func (p *MaxPool2D) Name() string { return p.name }

// Type is "MaxPooling2D", as Keras's summary names it.
func (p *MaxPool2D) Type() string { return "MaxPooling2D" }

// Params is empty: pooling has no weights.
func (p *MaxPool2D) Params() []*Param { return nil }

// OutputShape is the layer's output shape for an input image shape (height,
// width, channels), batch axis left out.
func (p *MaxPool2D) OutputShape(ins ...[]int) ([]int, error) {
	in, err := oneInput(p.name, ins)
	if err != nil {
		return nil, err
	}
	return poolOutputShape(p.name, windowConfig(p.Size, p.Strides, p.Padding), in)
}

// Apply adds the pooling to the scope's graph; x is (batch, height, width,
// channels).
func (p *MaxPool2D) Apply(s *Scope, x *G.Node) (*G.Node, error) {
	return applyPool(s, p, windowConfig(p.Size, p.Strides, p.Padding), x, false)
}

// AvgPool2D is Keras's AveragePooling2D: the mean of each window, channel by
// channel. With "same" padding a border window averages only the values
// inside the image, as in TensorFlow.
type AvgPool2D struct {
	name    string
	Size    [2]int // window rows and columns
	Strides [2]int
	Padding Padding
}

// NewAvgPool2D makes an average pooling layer; its arguments are those of
// NewMaxPool2D.
func NewAvgPool2D(name string, size int, opts ...ConvOption) *AvgPool2D {
	cfg := poolConfig(size, opts)
	return &AvgPool2D{name: name, Size: [2]int{cfg.kh, cfg.kw}, Strides: [2]int{cfg.sh, cfg.sw}, Padding: cfg.padding}
}

// Name is the layer's name.
func (p *AvgPool2D) Name() string { return p.name }

// Type is "AveragePooling2D", as Keras's summary names it.
func (p *AvgPool2D) Type() string { return "AveragePooling2D" }

// Params is empty: pooling has no weights.
func (p *AvgPool2D) Params() []*Param { return nil }

// OutputShape is the layer's output shape for an input image shape (height,
// width, channels), batch axis left out.
func (p *AvgPool2D) OutputShape(ins ...[]int) ([]int, error) {
	in, err := oneInput(p.name, ins)
	if err != nil {
		return nil, err
	}
	return poolOutputShape(p.name, windowConfig(p.Size, p.Strides, p.Padding), in)
}

// Apply adds the pooling to the scope's graph; x is (batch, height, width,
// channels).
func (p *AvgPool2D) Apply(s *Scope, x *G.Node) (*G.Node, error) {
	return applyPool(s, p, windowConfig(p.Size, p.Strides, p.Padding), x, true)
}

// GlobalAveragePooling2D is Keras's GlobalAveragePooling2D: the mean of each
// feature map, (batch, height, width, channels) -> (batch, channels).
type GlobalAveragePooling2D struct{ name string }

// NewGlobalAveragePooling2D makes a global average pooling layer.
func NewGlobalAveragePooling2D(name string) *GlobalAveragePooling2D {
	return &GlobalAveragePooling2D{name: name}
}

// Name is the layer's name.
func (p *GlobalAveragePooling2D) Name() string { return p.name }

// Type is "GlobalAveragePooling2D".
func (p *GlobalAveragePooling2D) Type() string { return "GlobalAveragePooling2D" }

// Params is empty.
func (p *GlobalAveragePooling2D) Params() []*Param { return nil }

// OutputShape is (channels) for an input image of shape (height, width,
// channels).
func (p *GlobalAveragePooling2D) OutputShape(ins ...[]int) ([]int, error) {
	in, err := oneInput(p.name, ins)
	if err != nil {
		return nil, err
	}
	if len(in) != 3 {
		return nil, fmt.Errorf("%s: input shape %v: want (height, width, channels)", p.name, in)
	}
	return []int{in[2]}, nil
}

// Apply adds the pooling to the scope's graph: an average pooling whose
// window is the whole image, then a reshape.
func (p *GlobalAveragePooling2D) Apply(s *Scope, x *G.Node) (*G.Node, error) {
	out, err := try(p.name, func() (*G.Node, error) {
		if err := check4D(x); err != nil {
			return nil, err
		}
		sh := x.Shape()
		win, err := newWindow(sh, sh[1], sh[2], sh[1], sh[2], Valid)
		if err != nil {
			return nil, err
		}
		pool := kernels.Pool{Win: win, Avg: true}
		m, err := G.ApplyOp(newOp(poolOp{pool}), x)
		if err != nil {
			return nil, err
		}
		y, err := G.Reshape(m, []int{sh[0], sh[3]})
		if err == nil {
			s.setInfer(y, poolInfer(pool, 1), x)
		}
		return y, err
	})
	if err != nil {
		return nil, err
	}
	s.Record(p, out, x)
	return out, nil
}

// DepthMaxPool is the notebook's DepthPool layer: the maximum over each
// group of Size consecutive channels, with a stride of Size (the channels
// must divide): (batch, height, width, channels) -> (batch, height, width,
// channels/Size). It makes a network invariant to whichever of a group's
// features fired, such as the same pattern at several rotations.
type DepthMaxPool struct {
	name string
	Size int
}

// NewDepthMaxPool makes a depth-wise max pooling layer over groups of size
// channels (the notebook's default is 2). Bad sizes are reported by Apply.
func NewDepthMaxPool(name string, size int) *DepthMaxPool {
	return &DepthMaxPool{name: name, Size: size}
}

// Name is the layer's name.
func (p *DepthMaxPool) Name() string { return p.name }

// Type is "DepthPool", the notebook's class name.
func (p *DepthMaxPool) Type() string { return "DepthPool" }

// Params is empty.
func (p *DepthMaxPool) Params() []*Param { return nil }

func (p *DepthMaxPool) check(channels int) error {
	if p.Size <= 0 {
		return fmt.Errorf("pool size %d must be positive", p.Size)
	}
	if channels%p.Size != 0 {
		return fmt.Errorf("%d channels do not divide into groups of %d", channels, p.Size)
	}
	return nil
}

// OutputShape is (height, width, channels/Size) for an input image of shape
// (height, width, channels).
func (p *DepthMaxPool) OutputShape(ins ...[]int) ([]int, error) {
	in, err := oneInput(p.name, ins)
	if err != nil {
		return nil, err
	}
	if len(in) != 3 {
		return nil, fmt.Errorf("%s: input shape %v: want (height, width, channels)", p.name, in)
	}
	if err := p.check(in[2]); err != nil {
		return nil, fmt.Errorf("%s: %w", p.name, err)
	}
	return []int{in[0], in[1], in[2] / p.Size}, nil
}

// Apply adds the pooling to the scope's graph. In NHWC a pixel's channels
// are consecutive, so the groups are windows of 1 x Size over a (pixels,
// groups, Size, 1) view of x: the same max pooling op as MaxPool2D, with
// its gradient, between two reshapes that copy nothing.
func (p *DepthMaxPool) Apply(s *Scope, x *G.Node) (*G.Node, error) {
	out, err := try(p.name, func() (*G.Node, error) {
		if err := check4D(x); err != nil {
			return nil, err
		}
		sh := x.Shape()
		if err := p.check(sh[3]); err != nil {
			return nil, err
		}
		pixels, groups := sh[0]*sh[1]*sh[2], sh[3]/p.Size
		v, err := G.Reshape(x, []int{pixels, groups, p.Size, 1})
		if err != nil {
			return nil, err
		}
		win, err := newWindow(v.Shape(), 1, p.Size, 1, p.Size, Valid)
		if err != nil {
			return nil, err
		}
		pool := kernels.Pool{Win: win}
		m, err := G.ApplyOp(newOp(poolOp{pool}), v)
		if err != nil {
			return nil, err
		}
		y, err := G.Reshape(m, []int{sh[0], sh[1], sh[2], groups})
		if err == nil {
			s.setInfer(y, poolInfer(pool, sh[1]*sh[2]), x)
		}
		return y, err
	})
	if err != nil {
		return nil, err
	}
	s.Record(p, out, x)
	return out, nil
}
