package nn

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gozoo/gozoo/internal/kernels"
)

// poolOp is an NHWC max or average pooling, internal/kernels' Pool: x (N,
// H, W, C) -> y (N, outH, outW, C).
type poolOp struct{ pool kernels.Pool }

func (op poolOp) name() string {
	if op.pool.Avg {
		return "AvgPool"
	}
	return "MaxPool"
}

func (op poolOp) args() []arg            { return []arg{{op.name() + " input", 4, op.pool.Win.InSize()}} }
func (op poolOp) outShape() tensor.Shape { return shapeOf(op.pool.OutShape()) }
func (op poolOp) run(y []float32, in [][]float32) error {
	op.pool.Forward(y, in[0])
	return nil
}
func (op poolOp) key() string        { return fmt.Sprintf("gozoo.%s %v", op.name(), op.pool.Win) }
func (op poolOp) String() string     { return fmt.Sprintf("%s NHWC %v", op.name(), op.pool.Win) }
func (op poolOp) DiffWRT(int) []bool { return []bool{true} }
func (op poolOp) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	dx, err := G.ApplyOp(newOp(poolGradOp{op}), in[0], grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx}, nil
}

// poolGradOp is (x, dy) -> dx.
type poolGradOp struct{ pool poolOp }

func (op poolGradOp) args() []arg {
	g, name := op.pool.pool.Win, op.pool.name()
	return []arg{{name + " input", 4, g.InSize()}, {name + " output gradient", 4, g.N * g.OutPixels() * g.C}}
}
func (op poolGradOp) outShape() tensor.Shape { return shapeOf(op.pool.pool.Win.InShape()) }
func (op poolGradOp) run(dx []float32, in [][]float32) error {
	op.pool.pool.Backward(dx, in[0], in[1])
	return nil
}
func (op poolGradOp) key() string    { return op.pool.key() + ".grad" }
func (op poolGradOp) String() string { return op.pool.name() + "Grad" }
