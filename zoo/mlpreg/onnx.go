package mlpreg

import (
	"errors"
	"io"

	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/onnx"
)

// ExportONNX writes the regressor as an ONNX model (opset 13): input
// "input_layer" of shape (batch, Features), output "output" (batch, 1). A
// Normalization layer becomes Sub and Mul nodes; a Config.Scaler is put in
// the graph as Sub and Div, so the exported model takes raw features.
func (m *Model) ExportONNX(w io.Writer) error {
	var opt onnx.Options
	if s := m.Config.Scaler; s != nil {
		st := &onnx.Standardize{}
		for j := range s.Mean {
			st.Mean = append(st.Mean, float32(s.Mean[j]))
			st.Scale = append(st.Scale, float32(s.Scale[j]))
		}
		opt.Standardize = st
	}
	return onnx.Export(w, m.Model, opt)
}

// LoadONNX reads a regressor of this architecture from an ONNX file, such
// as one PyTorch exported: an optional normalization ((x - mean) / std),
// Linear and ReLU layers, one output. seed draws what training further needs.
func LoadONNX(path string, seed int64) (*Model, error) {
	return onnx.Load(path, func(g *onnx.Graph) (Config, error) {
		if len(g.Inputs) != 1 || len(g.Inputs[0].Shape) != 1 {
			return Config{}, errors.New("an mlpreg regressor has one (batch, features) input")
		}
		w, err := g.Chain(g.Inputs[0].Shape[0], 0)
		if err != nil {
			return Config{}, err
		}
		return Config{Features: g.Inputs[0].Shape[0], Hidden: w[:len(w)-1],
			Normalize: len(g.LayersOf("Normalization")) > 0, Seed: seed}, nil
	}, build)
}

// build is New for the loaders.
var build = nn.Builder(New, func(m *Model) *nn.Model { return m.Model })
