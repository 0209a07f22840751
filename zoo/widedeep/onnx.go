package widedeep

import (
	"errors"
	"io"

	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/onnx"
)

// ExportONNX writes the model as an ONNX model (opset 13): one input
// "input_layer", or two, "inputWide" and "inputDeep" (in that order), of
// shape (batch, columns), and the output "output" (batch, 1).
func (m *Model) ExportONNX(w io.Writer) error { return onnx.Export(w, m.Model, onnx.Options{}) }

// LoadONNX reads a Wide & Deep model from an ONNX file, such as one PyTorch
// exported (normalizations, Linear and ReLU layers, a Concat of the wide
// path and the deep one, the output Linear). An ONNX model does not say
// which table columns its inputs are: they come from cfg (Features, Wide,
// Deep, and Seed for training further); the hidden widths come from the
// file, and Restore checks the rest.
func LoadONNX(path string, cfg Config) (*Model, error) {
	return onnx.Load(path, func(g *onnx.Graph) (Config, error) {
		// The output layer reads the wide columns and the last hidden
		// layer (the deep columns if there is none).
		w := g.Widths()
		if len(w) == 0 {
			return Config{}, errors.New("no Dense (Gemm or MatMul) layer")
		}
		last := len(cfg.Deep)
		if len(w) > 1 {
			last = w[len(w)-2]
		}
		if len(cfg.Wide) > 0 {
			last += len(cfg.Wide)
		}
		w, err := g.Chain(len(cfg.Deep), last)
		if err != nil {
			return Config{}, err
		}
		cfg.Hidden = w[:len(w)-1]
		return cfg, nil
	}, build)
}

// build is New for the loaders.
var build = nn.Builder(New, func(m *Model) *nn.Model { return m.Model })
