package nn

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gozoo/gozoo/internal/kernels"
)

// The softmax and the sparse categorical cross-entropy are gozoo's own
// ops (internal/kernels says why): a softmax that is never differentiated,
// and a cross-entropy on the logits beneath it whose gradient is (softmax
// - onehot) / batch.

// softmaxRows writes the row-wise softmax of z (rows x cols) into dst.
func softmaxRows(dst, z []float32, rows, cols int) { kernels.SoftmaxRows(dst, z, rows, cols) }

// softmaxOp is a forward-only, numerically stable softmax over the last
// axis of a (rows, cols) matrix. It is never differentiated: training
// takes the gradient of the fused cross-entropy on the logits instead.
type softmaxOp struct{ rows, cols int }

func (op softmaxOp) args() []arg            { return []arg{{"softmax", 2, op.rows * op.cols}} }
func (op softmaxOp) outShape() tensor.Shape { return tensor.Shape{op.rows, op.cols} }
func (op softmaxOp) run(out []float32, in [][]float32) error {
	kernels.SoftmaxRows(out, in[0], op.rows, op.cols)
	return nil
}
func (softmaxOp) key() string    { return "gozoo.softmax" }
func (softmaxOp) String() string { return "Softmax" }

// xentOp is the mean sparse categorical cross-entropy of logits (rows x
// cols) against one-hot targets (rows x cols), a scalar.
type xentOp struct{ rows, cols int }

func (op xentOp) args() []arg {
	n := op.rows * op.cols
	return []arg{{"cross-entropy logits", 2, n}, {"cross-entropy targets", 2, n}}
}
func (xentOp) outShape() tensor.Shape { return tensor.ScalarShape() }
func (op xentOp) run(out []float32, in [][]float32) error {
	out[0] = kernels.Xent(in[0], in[1], op.rows, op.cols)
	return nil
}
func (xentOp) key() string        { return "gozoo.xent" }
func (xentOp) String() string     { return "SparseXent" }
func (xentOp) DiffWRT(int) []bool { return []bool{true, false} }
func (op xentOp) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	dz, err := G.ApplyOp(newOp(xentGradOp(op)), in[0], in[1], grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dz, nil}, nil
}

// xentGradOp is d(xent)/d(logits) scaled by the incoming scalar gradient.
type xentGradOp struct{ rows, cols int }

func (op xentGradOp) args() []arg {
	n := op.rows * op.cols
	return []arg{{"cross-entropy logits", 2, n}, {"cross-entropy targets", 2, n}, {"cross-entropy gradient", 0, 1}}
}
func (op xentGradOp) outShape() tensor.Shape { return tensor.Shape{op.rows, op.cols} }
func (op xentGradOp) run(dst []float32, in [][]float32) error {
	kernels.XentGrad(dst, in[0], in[1], op.rows, op.cols, in[2][0])
	return nil
}
func (xentGradOp) key() string    { return "gozoo.xentgrad" }
func (xentGradOp) String() string { return "SparseXentGrad" }

// matrixShape is z's (rows, cols), or an error if z is not a matrix.
func matrixShape(z *G.Node, what string) (rows, cols int, err error) {
	if z.Shape().Dims() != 2 {
		return 0, 0, fmt.Errorf("%s wants a (batch, classes) matrix, got shape %v", what, z.Shape())
	}
	return z.Shape()[0], z.Shape()[1], nil
}
