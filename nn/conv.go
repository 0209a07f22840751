package nn

import (
	"fmt"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"

	"github.com/gozoo/gozoo/internal/kernels"
)

// Images flow through gozoo's convolution and pooling layers in Keras's
// layout, NHWC: (batch, height, width, channels), as data.Images stores its
// pixels. Nothing is transposed: Conv2D's kernel is Keras's (kh, kw, inC,
// filters) array, Summary shows Keras's shapes, and Flatten after the last
// pooling layer orders the features as Keras does, so the Dense head's
// weights line up with a Keras model's too.

// Padding is how a convolution or pooling window treats the image border,
// as Keras's padding argument.
type Padding int

const (
	// Valid slides the window over the image only: an output side is
	// floor((in - window) / stride) + 1, so 7 pools to 3 with a window of 2.
	Valid Padding = iota
	// Same pads with zeros so that an output side is ceil(in / stride); as
	// in TensorFlow, an odd amount of padding puts the extra row or column
	// at the bottom or right.
	Same
)

// String is the padding's Keras name.
func (p Padding) String() string {
	switch p {
	case Valid:
		return "valid"
	case Same:
		return "same"
	}
	return fmt.Sprintf("Padding(%d)", int(p))
}

// ConvOption changes how NewConv2D or a pooling constructor builds a layer.
type ConvOption func(*convConfig)

type convConfig struct {
	kh, kw     int // window, when not square
	sh, sw     int
	padding    Padding
	kernelInit Initializer
}

// WithStrides sets the vertical and horizontal strides (Keras's strides;
// default 1 for Conv2D, the pool size for pooling layers).
func WithStrides(sh, sw int) ConvOption { return func(c *convConfig) { c.sh, c.sw = sh, sw } }

// WithPadding sets the padding (default Valid, as Keras).
func WithPadding(p Padding) ConvOption { return func(c *convConfig) { c.padding = p } }

// WithWindow makes the kernel or pooling window kh rows by kw columns,
// instead of the square size the constructor was given.
func WithWindow(kh, kw int) ConvOption { return func(c *convConfig) { c.kh, c.kw = kh, kw } }

// WithConvKernelInit sets Conv2D's kernel initializer (default
// GlorotUniform, as Keras; HeNormal is Keras's "he_normal"). Pooling layers
// have no kernel and ignore it.
func WithConvKernelInit(init Initializer) ConvOption {
	return func(c *convConfig) { c.kernelInit = init }
}

func newConvConfig(size, stride int, opts []ConvOption) convConfig {
	c := convConfig{kh: size, kw: size, sh: stride, sw: stride, kernelInit: GlorotUniform}
	for _, o := range opts {
		o(&c)
	}
	return c
}

func (c convConfig) check() error {
	if c.kh <= 0 || c.kw <= 0 {
		return fmt.Errorf("window %dx%d: sizes must be positive", c.kh, c.kw)
	}
	if c.sh <= 0 || c.sw <= 0 {
		return fmt.Errorf("strides (%d, %d) must be positive", c.sh, c.sw)
	}
	if c.padding != Valid && c.padding != Same {
		return fmt.Errorf("unknown padding %v", c.padding)
	}
	return nil
}

// outputShape maps an (H, W, C) image shape through the window, with C
// replaced by channels.
func (c convConfig) outputShape(in []int, channels int) ([]int, error) {
	if len(in) != 3 {
		return nil, fmt.Errorf("input shape %v: want (height, width, channels)", in)
	}
	g, err := newWindow(append([]int{1}, in...), c.kh, c.kw, c.sh, c.sw, c.padding)
	if err != nil {
		return nil, err
	}
	return []int{g.OutH, g.OutW, channels}, nil
}

// Conv2D is Keras's Conv2D: act(conv(x, Kernel) + Bias) with one bias per
// filter, on NHWC images. z(i,j,k) = b(k) + sum over u, v, k' of
// x(i*sh+u-padTop, j*sw+v-padLeft, k') * w(u,v,k',k), with zeros outside
// the image.
type Conv2D struct {
	name string
	// Kernel is (kh, kw, inChannels, filters), Keras's layout.
	Kernel *Param
	// Bias is (filters,).
	Bias       *Param
	Strides    [2]int
	Padding    Padding
	Activation Activation
}

// NewConv2D makes a Conv2D layer named name over images of inChannels
// channels, with filters square kernels of side kernelSize (WithWindow for
// others), stride 1 and "valid" padding unless told otherwise, its kernel
// drawn from rng by the kernel initializer with Keras's fans (fanIn =
// kh*kw*inChannels, fanOut = kh*kw*filters) and its bias at zero. It has
// filters*(kh*kw*inChannels+1) parameters, as in Keras.
func NewConv2D(rng *rand.Rand, name string, inChannels, filters, kernelSize int, act Activation, opts ...ConvOption) (*Conv2D, error) {
	cfg := newConvConfig(kernelSize, 1, opts)
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("conv2d %s: %w", name, err)
	}
	if inChannels <= 0 || filters <= 0 {
		return nil, fmt.Errorf("conv2d %s: %d input channels and %d filters: both must be positive", name, inChannels, filters)
	}
	if cfg.kernelInit == nil {
		cfg.kernelInit = GlorotUniform
	}
	c := &Conv2D{name: name, Strides: [2]int{cfg.sh, cfg.sw}, Padding: cfg.padding, Activation: act}
	c.Kernel = NewParam(name+"/kernel", true, cfg.kh, cfg.kw, inChannels, filters)
	area := cfg.kh * cfg.kw
	cfg.kernelInit(rng, area*inChannels, area*filters, c.Kernel.Data())
	c.Bias = NewParam(name+"/bias", true, filters)
	return c, nil
}

// Name is the layer's name.
func (c *Conv2D) Name() string { return c.name }

// Type is "Conv2D".
func (c *Conv2D) Type() string { return "Conv2D" }

// Params are the kernel and the bias.
func (c *Conv2D) Params() []*Param { return []*Param{c.Kernel, c.Bias} }

// Filters is the number of output channels.
func (c *Conv2D) Filters() int { return c.Kernel.Shape()[3] }

func (c *Conv2D) config() convConfig {
	ks := c.Kernel.Shape()
	return convConfig{kh: ks[0], kw: ks[1], sh: c.Strides[0], sw: c.Strides[1], padding: c.Padding}
}

// OutputShape is the layer's output shape (height, width, filters) for an
// input image of shape (height, width, channels), batch axis left out.
func (c *Conv2D) OutputShape(ins ...[]int) ([]int, error) {
	in, err := oneInput("conv2d "+c.name, ins)
	if err != nil {
		return nil, err
	}
	if len(in) == 3 && in[2] != c.Kernel.Shape()[2] {
		return nil, fmt.Errorf("conv2d %s: input has %d channels, the kernel wants %d", c.name, in[2], c.Kernel.Shape()[2])
	}
	out, err := c.config().outputShape(in, c.Filters())
	if err != nil {
		return nil, fmt.Errorf("conv2d %s: %w", c.name, err)
	}
	return out, nil
}

// Apply adds the convolution, bias and activation to the scope's graph; x
// is (batch, height, width, channels).
func (c *Conv2D) Apply(s *Scope, x *G.Node) (*G.Node, error) {
	out, err := try(c.name, func() (*G.Node, error) {
		sh := x.Shape()
		ks := c.Kernel.Shape()
		if sh.Dims() != 4 || sh[3] != ks[2] {
			return nil, fmt.Errorf("input shape %v, want (batch, height, width, %d): add the channel axis to a grey image's (height, width)", sh, ks[2])
		}
		if x.Dtype() != G.Float32 {
			return nil, fmt.Errorf("input is %v, want float32", x.Dtype())
		}
		cfg := c.config()
		if err := cfg.check(); err != nil {
			return nil, err
		}
		win, err := newWindow(sh, cfg.kh, cfg.kw, cfg.sh, cfg.sw, cfg.padding)
		if err != nil {
			return nil, err
		}
		act, fused := fusedAct(c.Activation) // if not, act is Linear and the activation an op of its own on top
		op := conv2dOp{conv: kernels.NewConv(win, ks[3], act), inputGrad: s.Training() && needsGrad(s, x)}
		z, err := G.ApplyOp(newOp(op), x, s.Param(c.Kernel), s.Param(c.Bias))
		if err != nil {
			return nil, err
		}
		if !fused {
			return c.Activation.Apply(s, z)
		}
		conv := op.conv
		var u []float32 // the Winograd-transformed kernel, for inference
		if n := conv.TransformedKernelSize(); n > 0 {
			u = make([]float32, n)
			s.onWeights(func() { conv.TransformKernel(blasNow(), u, c.Kernel.Data()) })
		}
		s.setInfer(z, func(dst []float32, src [][]float32, rows int) {
			cv := conv
			cv.Win.N = rows
			if u != nil {
				cv.ForwardTransformed(blasNow(), dst, src[0], u, c.Bias.Data())
				return
			}
			cv.Forward(blasNow(), dst, src[0], c.Kernel.Data(), c.Bias.Data())
		}, x)
		return z, nil
	})
	if err != nil {
		return nil, err
	}
	s.Record(c, out, x)
	return out, nil
}

// newWindow computes the geometry of a (kh, kw) window with strides (sh, sw)
// over an NHWC shape.
func newWindow(nhwc []int, kh, kw, sh, sw int, p Padding) (kernels.Window, error) {
	if p != Valid && p != Same {
		return kernels.Window{}, fmt.Errorf("unknown padding %v", p)
	}
	return kernels.NewWindow(nhwc, kh, kw, sh, sw, p == Same)
}

// needsGrad tells whether a gradient flowing into x can reach a trainable
// parameter bound in s: the convolution of a model's input image does not
// need the image's gradient, a costly product and col2im per step.
func needsGrad(s *Scope, x *G.Node) bool {
	targets := map[*G.Node]bool{}
	for p, n := range s.params {
		if p.Trainable {
			targets[n] = true
		}
	}
	if len(targets) == 0 {
		return false
	}
	seen := map[int64]bool{}
	var walk func(n *G.Node) bool
	walk = func(n *G.Node) bool {
		if targets[n] {
			return true
		}
		if seen[n.ID()] {
			return false
		}
		seen[n.ID()] = true
		children := s.g.From(n.ID())
		if children == nil {
			return false
		}
		for children.Next() {
			if c, ok := children.Node().(*G.Node); ok && walk(c) {
				return true
			}
		}
		return false
	}
	return walk(x)
}
