package widedeep

import (
	"fmt"
	"io"

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
	g, err := onnx.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dense := g.LayersOf("Dense")
	if len(dense) == 0 {
		return nil, fmt.Errorf("%s: no Dense (Gemm or MatMul) layer", path)
	}
	cfg.Hidden = nil
	for _, d := range dense[:len(dense)-1] {
		cfg.Hidden = append(cfg.Hidden, d.KernelShape[1])
	}
	m, err := New(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := onnx.Restore(g, m.Model); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}
