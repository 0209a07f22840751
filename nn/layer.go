package nn

import (
	"fmt"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"

	"github.com/gozoo/gozoo/internal/kernels"
)

// Layer is a named block of a network. Each layer type has its own Apply
// method, which adds the layer's operations to a Scope; the interface is what
// Summary, Save and the optimizers need to know of it.
type Layer interface {
	// Name is the layer's unique name in its model, like Keras's "dense_1".
	Name() string
	// Type is the layer's kind as Summary prints it, like "Dense".
	Type() string
	// Params are the layer's weights, trainable or not.
	Params() []*Param
}

// Activation is a layer's element-wise non-linearity.
type Activation int

// The activations of the notebook. Softmax works over the last axis.
const (
	Linear Activation = iota
	ReLU
	Sigmoid
	Tanh
	Softmax
)

var activationNames = [...]string{"linear", "relu", "sigmoid", "tanh", "softmax"}

// String is the activation's Keras name.
func (a Activation) String() string {
	if int(a) < len(activationNames) {
		return activationNames[a]
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// Apply adds the activation of z to z's graph.
func (a Activation) Apply(s *Scope, z *G.Node) (*G.Node, error) {
	switch a {
	case Linear:
		return z, nil
	case ReLU:
		return G.Rectify(z)
	case Sigmoid:
		return G.Sigmoid(z)
	case Tanh:
		return G.Tanh(z)
	case Softmax:
		if z.Shape().Dims() != 2 {
			return nil, fmt.Errorf("softmax wants a (batch, classes) matrix, got shape %v", z.Shape())
		}
		p, err := G.ApplyOp(newOp(softmaxOp{z.Shape()[0], z.Shape()[1]}), z)
		if err != nil {
			return nil, err
		}
		s.SetLogits(p, z)
		return p, nil
	}
	return nil, fmt.Errorf("unknown activation %v", a)
}

// Dense is a fully connected layer: act(x W + b), with W of shape (in, out).
type Dense struct {
	name       string
	Kernel     *Param     // W, (in, units)
	Bias       *Param     // b, (units); nil WithoutBias
	Activation Activation // act
}

// DenseOption changes how NewDense builds a layer.
type DenseOption func(*denseConfig)

type denseConfig struct {
	kernelInit Initializer
	noBias     bool
}

// WithKernelInit sets the kernel initializer (default GlorotUniform, as Keras).
func WithKernelInit(init Initializer) DenseOption {
	return func(c *denseConfig) { c.kernelInit = init }
}

// WithoutBias leaves out the bias vector.
func WithoutBias() DenseOption { return func(c *denseConfig) { c.noBias = true } }

// NewDense makes a Dense layer named name with in inputs and units outputs,
// its kernel drawn from rng (Glorot-uniform unless told otherwise) and its
// bias at zero, like Keras's defaults.
func NewDense(rng *rand.Rand, name string, in, units int, act Activation, opts ...DenseOption) *Dense {
	cfg := denseConfig{kernelInit: GlorotUniform}
	for _, o := range opts {
		o(&cfg)
	}
	d := &Dense{name: name, Activation: act}
	d.Kernel = NewParam(name+"/kernel", true, in, units)
	cfg.kernelInit(rng, in, units, d.Kernel.Data())
	if !cfg.noBias {
		d.Bias = NewParam(name+"/bias", true, units)
	}
	return d
}

// Name is the layer's name.
func (d *Dense) Name() string { return d.name }

// Type is "Dense".
func (d *Dense) Type() string { return "Dense" }

// Params are the kernel and the bias.
func (d *Dense) Params() []*Param {
	if d.Bias == nil {
		return []*Param{d.Kernel}
	}
	return []*Param{d.Kernel, d.Bias}
}

// Apply adds act(x W + b) to the scope's graph; x is (batch, in).
func (d *Dense) Apply(s *Scope, x *G.Node) (*G.Node, error) {
	out, err := try(d.name, func() (*G.Node, error) {
		if x.Shape().Dims() != 2 || x.Shape()[1] != d.Kernel.Shape()[0] {
			return nil, fmt.Errorf("input shape %v, want (batch, %d)", x.Shape(), d.Kernel.Shape()[0])
		}
		if x.Dtype() != G.Float32 {
			return nil, fmt.Errorf("input is %v, want float32", x.Dtype())
		}
		if denseApply != nil {
			return denseApply(d, s, x)
		}
		act, fused := fusedAct(d.Activation) // if not, the activation (softmax, sigmoid) is an op of its own on top
		op := denseOp{dense: kernels.Dense{Act: act, Batch: x.Shape()[0], In: d.Kernel.Shape()[0], Units: d.Kernel.Shape()[1]}, bias: d.Bias != nil, sgd: &kernelSGD{}}
		in := G.Nodes{x, s.Param(d.Kernel)}
		if d.Bias != nil {
			in = append(in, s.Param(d.Bias))
		}
		z, err := G.ApplyOp(newOp(op), in...)
		if err != nil {
			return nil, err
		}
		y := z
		if !fused {
			if y, err = d.Activation.Apply(s, z); err != nil {
				return nil, err
			}
		}
		if fused || d.Activation == Softmax {
			s.setInfer(y, d.infer(op.dense), x)
		}
		return y, nil
	})
	if err != nil {
		return nil, err
	}
	s.Record(d, out, x)
	return out, nil
}

// infer is the layer's inference step: op's forward pass, then the
// softmax if the layer has one.
func (d *Dense) infer(dense kernels.Dense) inferFunc {
	return func(dst []float32, src [][]float32, rows int) {
		k := dense // a copy: the step runs on many goroutines at once
		k.Batch = rows
		var b []float32
		if d.Bias != nil {
			b = d.Bias.Data()
		}
		k.Forward(blasNow(), dst, src[0], d.Kernel.Data(), b)
		if d.Activation == Softmax {
			softmaxRows(dst, dst, rows, k.Units)
		}
	}
}

// denseApply, when not nil, adds Dense layers to graphs in place of
// Dense.Apply's op: the seam through which tests build the layer from
// Gorgonia's own ops, to compare (export_test.go).
var denseApply func(d *Dense, s *Scope, x *G.Node) (*G.Node, error)

// Flatten reshapes (batch, d1, d2, ...) to (batch, d1*d2*...).
type Flatten struct{ name string }

// NewFlatten makes a Flatten layer.
func NewFlatten(name string) *Flatten { return &Flatten{name: name} }

// Name is the layer's name.
func (f *Flatten) Name() string { return f.name }

// Type is "Flatten".
func (f *Flatten) Type() string { return "Flatten" }

// Params is empty: Flatten has no weights.
func (f *Flatten) Params() []*Param { return nil }

// Apply adds the reshape to the scope's graph.
func (f *Flatten) Apply(s *Scope, x *G.Node) (*G.Node, error) {
	sh := x.Shape()
	size := 1
	for _, d := range sh[1:] {
		size *= d
	}
	out, err := try(f.name, func() (*G.Node, error) { return G.Reshape(x, []int{sh[0], size}) })
	if err != nil {
		return nil, err
	}
	s.setInfer(out, nil, x)
	s.Record(f, out, x)
	return out, nil
}
