package nn

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gozoo/gozoo/internal/kernels"
)

// A Dense layer is one op of gozoo's (internal/kernels' Dense), forward and backward, rather than
// Gorgonia's Mul, BroadcastAdd and activation. Gorgonia's way costs, per
// layer and step: a Repeat of the bias to the output's size and an Add;
// for ReLU, a >= mask, a product by it, and in the backward pass the mask
// times the gradient plus the product's gradient with respect to the mask;
// a Sum for the bias's gradient; transposed views for the products' gradients;
// and for each of those ops the tape machine's bookkeeping and allocations.
// denseOp computes x·W with one BLAS call, then adds the bias and applies
// the activation in the same pass over each row; its backward ops compute
// dZ = dA ⊙ act'(Z) from the output A alone, dW = xᵀ dZ and dx = dZ Wᵀ by
// BLAS, and db as dZ's column sums. dx is built for every layer but left
// out of the training machine where nothing needs it (the first layer's).
//
// The arithmetic is Gorgonia's, value for value: the product, then the
// bias added to it, Gorgonia's float32 tanh and its derivative expression
// (1 - y y) dA. The one difference is ReLU's derivative at exactly 0,
// which Gorgonia takes as 1 (its mask is z >= 0) and gozoo, like Keras, as
// 0 (A > 0). The sigmoid stays Gorgonia's op on top of a linear denseOp:
// its derivative is y σ(-z) dA, from the pre-activation z, more accurate
// than y (1 - y) where y is near 1, and the output alone cannot give it.

// denseOp is (x, kernel[, bias]) -> act(x kernel + bias), with x (batch,
// in), the kernel (in, units), the bias (units) and the output (batch,
// units).
type denseOp struct {
	dense kernels.Dense // its Act is Linear, ReLU or Tanh: a sigmoid or a softmax is an op of its own on top
	bias  bool
	// sgd lets the kernel gradient op update the kernel itself, for plain
	// SGD (dense_sgd.go); a pointer, so that the op stays comparable and
	// its copies in the graph share what build fills in.
	sgd *kernelSGD
}

// fusedAct is the kernels' activation for a, and whether denseOp and
// conv2dOp apply a themselves.
func fusedAct(a Activation) (kernels.Act, bool) {
	switch a {
	case Linear:
		return kernels.Linear, true
	case ReLU:
		return kernels.ReLU, true
	case Tanh:
		return kernels.Tanh, true
	}
	return kernels.Linear, false
}

func (op denseOp) outShape() tensor.Shape { return tensor.Shape{op.dense.Batch, op.dense.Units} }

func (op denseOp) args() []arg {
	d := op.dense
	a := []arg{{"dense input", 2, d.Batch * d.In}, {"dense kernel", 2, d.In * d.Units}}
	if op.bias {
		a = append(a, arg{"dense bias", 1, d.Units})
	}
	return a
}

func (op denseOp) run(y []float32, in [][]float32) error {
	var b []float32
	if op.bias {
		b = in[2]
	}
	op.dense.Forward(blasNow(), y, in[0], in[1], b)
	return nil
}

func (op denseOp) key() string {
	d := op.dense
	return fmt.Sprintf("gozoo.dense %v %dx%d->%d bias %t", d.Act, d.Batch, d.In, d.Units, op.bias)
}
func (op denseOp) String() string {
	d := op.dense
	return fmt.Sprintf("Dense(%v) %dx%d->%d", d.Act, d.Batch, d.In, d.Units)
}

func (op denseOp) DiffWRT(n int) []bool {
	d := make([]bool, n)
	for i := range d {
		d[i] = true
	}
	return d
}

// outArg is the layer's output (or its gradient) as an input.
func (op denseOp) outArg(what string) arg {
	return arg{what, 2, op.dense.Batch * op.dense.Units}
}

func (op denseOp) SymDiff(in G.Nodes, out, grad *G.Node) (G.Nodes, error) {
	dz := grad
	var sums *biasSums
	if op.dense.Act != kernels.Linear {
		if op.bias {
			sums = &biasSums{db: make([]float32, op.dense.Units)}
		}
		var err error
		if dz, err = G.ApplyOp(newOp(denseActGradOp{dense: op, sums: sums}), out, grad); err != nil {
			return nil, err
		}
	}
	dx, err := G.ApplyOp(newOp(denseInputGradOp{op}), dz, in[1])
	if err != nil {
		return nil, err
	}
	dk, err := G.ApplyOp(newOp(denseKernelGradOp{op}), in[0], dz)
	if err != nil {
		return nil, err
	}
	grads := G.Nodes{dx, dk}
	if op.bias {
		var bop kernelDef = biasGradOp{rows: op.dense.Batch, cols: op.dense.Units, dims: 2}
		if sums != nil {
			bop = denseBiasSumsOp{rows: op.dense.Batch, units: op.dense.Units, sums: sums}
		}
		db, err := G.ApplyOp(newOp(bop), dz)
		if err != nil {
			return nil, err
		}
		grads = append(grads, db)
	}
	return grads, nil
}

// denseActGradOp is (A, dA) -> dZ = dA ⊙ act'(Z), the derivative written
// with the activation's output A: 1 where A > 0 for ReLU, 1 - A² for tanh.
type denseActGradOp struct {
	dense denseOp
	// sums, when not nil, gets dZ's column sums, the bias's gradient, in
	// the same pass: a pass of its own read dZ back.
	sums *biasSums
}

func (op denseActGradOp) args() []arg {
	return []arg{op.dense.outArg("dense output"), op.dense.outArg("dense output gradient")}
}
func (op denseActGradOp) outShape() tensor.Shape { return op.dense.outShape() }
func (op denseActGradOp) run(dz []float32, in [][]float32) error {
	if op.sums != nil {
		kernels.ActivationGradSums(op.dense.dense.Act, dz, in[0], in[1], op.sums.db)
		return nil
	}
	kernels.ActivationGrad(op.dense.dense.Act, dz, in[0], in[1])
	return nil
}
func (op denseActGradOp) key() string { return op.dense.key() + ".dz" }
func (op denseActGradOp) String() string {
	return fmt.Sprintf("DenseActGrad(%v)", op.dense.dense.Act)
}

// biasSums holds the bias gradient a denseActGradOp computes for the
// denseBiasSumsOp of the same layer.
type biasSums struct{ db []float32 }

// denseBiasSumsOp is (dZ) -> db, the column sums its layer's
// denseActGradOp has computed while making dZ: dZ is its input so that it
// runs after that op.
type denseBiasSumsOp struct {
	rows, units int
	sums        *biasSums
}

func (op denseBiasSumsOp) args() []arg {
	return []arg{{"dense bias gradient input", 2, op.rows * op.units}}
}
func (op denseBiasSumsOp) outShape() tensor.Shape { return tensor.Shape{op.units} }
func (op denseBiasSumsOp) run(db []float32, _ [][]float32) error {
	copy(db, op.sums.db)
	return nil
}
func (op denseBiasSumsOp) key() string    { return fmt.Sprintf("gozoo.densebiassums %d", op.units) }
func (op denseBiasSumsOp) String() string { return "DenseBiasSums" }

// denseKernelGradOp is (x, dZ) -> dW = xᵀ dZ.
type denseKernelGradOp struct{ dense denseOp }

func (op denseKernelGradOp) args() []arg {
	return []arg{op.dense.args()[0], op.dense.outArg("dense output gradient")}
}
func (op denseKernelGradOp) outShape() tensor.Shape {
	return tensor.Shape{op.dense.dense.In, op.dense.dense.Units}
}
func (op denseKernelGradOp) run(dk []float32, in [][]float32) error {
	x, dz := in[0], in[1]
	if done, err := op.dense.sgd.update(op.dense.dense, x, dz); done || err != nil {
		// The output is left as it was: nothing reads it in a step
		// whose kernels the run updates.
		return err
	}
	op.dense.dense.KernelGrad(blasNow(), dk, x, dz)
	return nil
}
func (op denseKernelGradOp) key() string    { return op.dense.key() + ".dk" }
func (op denseKernelGradOp) String() string { return "DenseKernelGrad" }

// denseInputGradOp is (dZ, kernel) -> dx = dZ Wᵀ.
type denseInputGradOp struct{ dense denseOp }

func (op denseInputGradOp) args() []arg {
	return []arg{op.dense.outArg("dense output gradient"), op.dense.args()[1]}
}
func (op denseInputGradOp) outShape() tensor.Shape {
	return tensor.Shape{op.dense.dense.Batch, op.dense.dense.In}
}
func (op denseInputGradOp) run(dx []float32, in [][]float32) error {
	op.dense.dense.InputGrad(blasNow(), dx, in[0], in[1])
	return nil
}
func (op denseInputGradOp) key() string    { return op.dense.key() + ".dx" }
func (op denseInputGradOp) String() string { return "DenseInputGrad" }
