package mlpcls

import (
	"errors"
	"io"

	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/onnx"
)

// ExportONNX writes the classifier as an ONNX model (opset 13): input
// "input" of shape (batch, Config.Input...), output "output" the class
// probabilities (batch, Classes).
func (m *Model) ExportONNX(w io.Writer) error { return onnx.Export(w, m.Model, onnx.Options{}) }

// LoadONNX reads a classifier of this architecture from an ONNX file, such
// as one PyTorch exported (Flatten, Linear and ReLU layers, a Softmax
// output): its input shape, hidden widths and classes come from the file,
// seed draws what training further needs.
func LoadONNX(path string, seed int64) (*Model, error) {
	return onnx.Load(path, func(g *onnx.Graph) (Config, error) {
		if len(g.Inputs) != 1 {
			return Config{}, errors.New("an mlpcls classifier has one input")
		}
		size := 1
		for _, d := range g.Inputs[0].Shape {
			size *= d
		}
		w, err := g.Chain(size, 0)
		if err != nil {
			return Config{}, err
		}
		return Config{Input: g.Inputs[0].Shape, Hidden: w[:len(w)-1], Classes: w[len(w)-1], Seed: seed}, nil
	}, build)
}

// build is New for the loaders.
var build = nn.Builder(New, func(m *Model) *nn.Model { return m.Model })
