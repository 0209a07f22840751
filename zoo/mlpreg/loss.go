package mlpreg

import (
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gozoo/gozoo/nn"
)

// mse is nn.MeanSquaredError computed on a copy of the output.
//
// Gorgonia's compiler lets an element-wise op write its result over an
// input that nothing reads afterwards: the loss's out - target overwrites the
// model's output, and Fit's and Evaluate's RMSE, read from that output after
// the run, would score out - target instead of out. Multiplying by the
// identity first (a matrix product, which never works in place) leaves the
// output intact at the cost of a (batch x 1) x (1 x 1) product.
type mse struct{ nn.MeanSquaredError }

// Node adds mean((out I - target)^2) to the graph.
func (l mse) Node(s *nn.Scope, out, target *G.Node) (*G.Node, error) {
	w := out.Shape()[1]
	eye := make([]float32, w*w)
	for i := 0; i < w; i++ {
		eye[i*w+i] = 1
	}
	id := G.NewConstant(tensor.New(tensor.WithShape(w, w), tensor.WithBacking(eye)), G.WithName("identity"))
	cp, err := G.Mul(out, id)
	if err != nil {
		return nil, err
	}
	return l.MeanSquaredError.Node(s, cp, target)
}
