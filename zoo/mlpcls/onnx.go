package mlpcls

import (
	"fmt"
	"io"

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
	g, err := onnx.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(g.Inputs) != 1 {
		return nil, fmt.Errorf("%s: %d inputs: an mlpcls classifier has one", path, len(g.Inputs))
	}
	dense := g.LayersOf("Dense")
	if len(dense) == 0 {
		return nil, fmt.Errorf("%s: no Dense (Gemm or MatMul) layer", path)
	}
	cfg := Config{Input: g.Inputs[0].Shape, Seed: seed}
	for _, d := range dense[:len(dense)-1] {
		cfg.Hidden = append(cfg.Hidden, d.KernelShape[1])
	}
	cfg.Classes = dense[len(dense)-1].KernelShape[1]
	m, err := New(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := onnx.Restore(g, m.Model); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}
