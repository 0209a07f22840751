package nn

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gozoo/gozoo/internal/kernels"
)

// gozoo's convolution and pooling work on NHWC tensors, Keras's layout, with
// ops of its own rather than Gorgonia's Conv2d, MaxPool2D and AveragePool2D:
//
//   - Gorgonia's are NCHW only: keeping Keras's NHWC would cost a transpose
//     before and after every layer, forward and backward; and the NHWC
//     im2col multiplies by a (kh*kw*inC, filters) kernel, which is Keras's
//     (kh, kw, inC, filters) kernel as it is stored, so Summary's shapes,
//     Save's arrays and Flatten's order are Keras's with no mapping.
//   - Gorgonia's AveragePool2D divides every window by the input's width
//     instead of the window's size; its pooling ops offset explicit
//     asymmetric padding by the bottom amount instead of the top one; and
//     Conv2d pads symmetrically, which cannot express TensorFlow's "same"
//     padding when the total is odd (even windows, strides above 1).
//   - The convolution's backward pass is split into ops that are only built
//     when needed: the first layer's input (the images) gets no gradient,
//     which Gorgonia's Conv2d always computes.
//
// The arithmetic is internal/kernels' Conv (im2col products or Winograd's);
// its products go through nn's BLAS (blas.go), OpenBLAS in the openblas
// build, as Dense's do. This file holds the ops (newOp makes them
// Gorgonia's); conv.go the layer.

// conv2dOp is an NHWC convolution with a bias per filter: (x, kernel,
// bias) -> y, with x of shape (N, H, W, C), the kernel (kh, kw, C, F), the
// bias (F) and y (N, outH, outW, F), and the activation when
// fusedActivation allows, as denseOp does: Gorgonia's ReLU costs a >= mask
// and a product forward and backward, on one core, over the largest
// tensors of a CNN.
type conv2dOp struct {
	conv      kernels.Conv
	inputGrad bool // whether x needs a gradient: false for a model's input
}

func (op conv2dOp) win() kernels.Window { return op.conv.Win }

func (op conv2dOp) args() []arg {
	g, f := op.win(), op.conv.Filters
	return []arg{{"conv2d input", 4, g.InSize()}, {"conv2d kernel", 4, g.PatchSize() * f}, {"conv2d bias", 1, f}}
}
func (op conv2dOp) outShape() tensor.Shape { return shapeOf(op.conv.OutShape()) }
func (op conv2dOp) run(y []float32, in [][]float32) error {
	op.conv.Forward(blasNow(), y, in[0], in[1], in[2])
	return nil
}
func (op conv2dOp) key() string {
	return fmt.Sprintf("gozoo.conv2d %v f%d g%t w%d %v", op.win(), op.conv.Filters, op.inputGrad, op.conv.Tile, op.conv.Act)
}
func (op conv2dOp) String() string {
	return fmt.Sprintf("Conv2D %v filters %d", op.win(), op.conv.Filters)
}

func (op conv2dOp) DiffWRT(int) []bool { return []bool{op.inputGrad, true, true} }

func (op conv2dOp) SymDiff(in G.Nodes, y, grad *G.Node) (G.Nodes, error) {
	out := make(G.Nodes, len(in))
	var err error
	if op.conv.Act != kernels.Linear {
		if grad, err = G.ApplyOp(newOp(convActGradOp{op}), y, grad); err != nil {
			return nil, err
		}
	}
	if op.inputGrad {
		if out[0], err = G.ApplyOp(newOp(convInputGradOp{op}), in[1], grad); err != nil {
			return nil, err
		}
	}
	if out[1], err = G.ApplyOp(newOp(convKernelGradOp{op}), in[0], grad); err != nil {
		return nil, err
	}
	g := op.win()
	if out[2], err = G.ApplyOp(newOp(biasGradOp{rows: g.N * g.OutPixels(), cols: op.conv.Filters, dims: 4}), grad); err != nil {
		return nil, err
	}
	return out, nil
}

// outArg is the convolution's output (or its gradient) as an input.
func (op conv2dOp) outArg(what string) arg {
	return arg{what, 4, op.win().N * op.win().OutPixels() * op.conv.Filters}
}

// convActGradOp is (y, dy) -> dz = dy ⊙ act'(z), from the output y as
// denseActGradOp does.
type convActGradOp struct{ conv conv2dOp }

func (op convActGradOp) args() []arg {
	return []arg{op.conv.outArg("conv2d output"), op.conv.outArg("conv2d output gradient")}
}
func (op convActGradOp) outShape() tensor.Shape { return op.conv.outShape() }
func (op convActGradOp) run(dz []float32, in [][]float32) error {
	op.conv.conv.ActGrad(dz, in[0], in[1])
	return nil
}
func (op convActGradOp) key() string    { return op.conv.key() + ".dz" }
func (op convActGradOp) String() string { return fmt.Sprintf("Conv2DActGrad(%v)", op.conv.conv.Act) }

// convKernelGradOp is (x, dz) -> dkernel = im2col(x)ᵀ dz.
type convKernelGradOp struct{ conv conv2dOp }

func (op convKernelGradOp) args() []arg {
	return []arg{op.conv.args()[0], op.conv.outArg("conv2d output gradient")}
}
func (op convKernelGradOp) outShape() tensor.Shape { return shapeOf(op.conv.conv.KernelShape()) }
func (op convKernelGradOp) run(dk []float32, in [][]float32) error {
	op.conv.conv.KernelGrad(blasNow(), dk, in[0], in[1])
	return nil
}
func (op convKernelGradOp) key() string    { return op.conv.key() + ".dk" }
func (op convKernelGradOp) String() string { return "Conv2DKernelGrad" }

// convInputGradOp is (kernel, dz) -> dx = col2im(dz kernelᵀ).
type convInputGradOp struct{ conv conv2dOp }

func (op convInputGradOp) args() []arg {
	return []arg{op.conv.args()[1], op.conv.outArg("conv2d output gradient")}
}
func (op convInputGradOp) outShape() tensor.Shape { return shapeOf(op.conv.win().InShape()) }
func (op convInputGradOp) run(dx []float32, in [][]float32) error {
	op.conv.conv.InputGrad(blasNow(), dx, in[0], in[1])
	return nil
}
func (op convInputGradOp) key() string    { return op.conv.key() + ".dx" }
func (op convInputGradOp) String() string { return "Conv2DInputGrad" }

// biasGradOp sums a (rows, cols) gradient, of dims axes and that many
// values, over its rows: the gradient of a bias added to every row, a
// convolution's (4 axes) or a Dense layer's (2).
type biasGradOp struct{ rows, cols, dims int }

func (op biasGradOp) args() []arg {
	return []arg{{"bias gradient input", op.dims, op.rows * op.cols}}
}
func (op biasGradOp) outShape() tensor.Shape { return tensor.Shape{op.cols} }
func (op biasGradOp) run(db []float32, in [][]float32) error {
	kernels.SumRows(db, in[0], op.rows, op.cols)
	return nil
}
func (op biasGradOp) key() string {
	if op.dims == 2 {
		return fmt.Sprintf("gozoo.densebiasgrad %d %d", op.rows, op.cols)
	}
	return fmt.Sprintf("gozoo.biasgrad %d %d", op.rows, op.cols)
}
func (op biasGradOp) String() string {
	if op.dims == 2 {
		return "DenseBiasGrad"
	}
	return "BiasGrad"
}
