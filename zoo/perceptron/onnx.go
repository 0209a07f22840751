package perceptron

import (
	"io"

	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/onnx"
)

// ExportONNX writes the TLU as an ONNX model (opset 13): input "x" of shape
// (batch, features), output "output" (batch, 1), 1 where x·w + b >= 0 (the
// positive class) and 0 elsewhere, as Predict. ONNX models hold float32
// weights: the float64 ones are rounded, which can move a point lying
// within rounding of the boundary to the other side.
func (m *Model) ExportONNX(w io.Writer) error {
	d := nn.NewDense(nn.NewRand(0), "tlu", m.features, 1, nn.Linear)
	weights, bias := m.Weights()
	for i, v := range weights {
		d.Kernel.Data()[i] = float32(v)
	}
	d.Bias.Data()[0] = float32(bias)
	net := nn.Sequential(nn.Input{Name: "x", Shape: []int{m.features}}, []nn.Applier{d}, nn.WithName(Kind))
	return onnx.Export(w, net, onnx.Options{Step: true})
}
