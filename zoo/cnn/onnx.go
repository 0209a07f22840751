package cnn

import (
	"fmt"
	"io"

	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/onnx"
)

// ExportONNX writes the CNN as an ONNX model (opset 13): input "input" of
// shape (batch, Config.Input...) in gozoo's NHWC layout, which the graph
// transposes to ONNX's NCHW before the first Conv, and output "output" the
// class probabilities (batch, Classes).
func (m *Model) ExportONNX(w io.Writer) error { return onnx.Export(w, m.Model, onnx.Options{}) }

// LoadONNX reads a CNN of this architecture from an ONNX file, such as one
// PyTorch exported: a first convolution and a max pooling, blocks of
// convolutions each ended by a max pooling, Flatten, hidden Linear+ReLU
// layers and a Softmax output. Filters, kernels and widths come from the
// file; the dropout rate too when the graph keeps its Dropout nodes
// (PyTorch's export leaves them out: then def.Dropout), and def.Seed draws
// what training further needs.
func LoadONNX(path string, def Config) (*Model, error) {
	return onnx.Load(path, func(g *onnx.Graph) (Config, error) { return configOf(g, def) },
		build)
}

// configOf reads the architecture from the graph's layers: Conv2D, then
// MaxPooling2D, then blocks of Conv2D each closed by a MaxPooling2D, then
// Dense layers.
func configOf(g *onnx.Graph, def Config) (Config, error) {
	if len(g.Inputs) != 1 {
		return Config{}, fmt.Errorf("%d inputs: the CNN has one", len(g.Inputs))
	}
	cfg := Config{Input: g.Inputs[0].Shape, Dropout: def.Dropout, Seed: def.Seed}
	if rate, ok, err := g.Dropout(); err != nil {
		return Config{}, err
	} else if ok {
		cfg.Dropout = rate
	}
	var block []int
	convs, pools := 0, 0
	channels := 1 // a (height, width) grey image
	if len(cfg.Input) == 3 {
		channels = cfg.Input[2]
	}
	for _, l := range g.Layers {
		// New builds "same" convolutions of stride 1 and 2x2 poolings, each
		// reading the channels before it: a file of other shapes is refused
		// here, before New allocates anything by them.
		switch l.Type {
		case "Conv2D":
			kh, f := l.KernelShape[0], l.KernelShape[3]
			if l.KernelShape[1] != kh || l.KernelShape[2] != channels || l.Strides != [2]int{1, 1} || l.Padding != nn.Same {
				return Config{}, fmt.Errorf("convolution %s: kernel %v, strides %v, padding %v: the CNN's are square, of stride 1, \"same\", on %d channels",
					l.Name, l.KernelShape, l.Strides, l.Padding, channels)
			}
			channels = f
			if convs == 0 {
				cfg.FirstFilters, cfg.FirstKernel = f, kh
			} else {
				if cfg.Kernel != 0 && cfg.Kernel != kh {
					return Config{}, fmt.Errorf("convolution %s has a kernel of %d, the blocks' others %d: the CNN's blocks share one", l.Name, kh, cfg.Kernel)
				}
				cfg.Kernel = kh
				block = append(block, f)
			}
			convs++
		case "MaxPooling2D":
			if l.Window != [2]int{2, 2} || l.Strides != [2]int{2, 2} || l.Padding != nn.Valid {
				return Config{}, fmt.Errorf("max pooling %s: window %v, strides %v, padding %v: the CNN's are 2x2 of stride 2, \"valid\"", l.Name, l.Window, l.Strides, l.Padding)
			}
			if pools > 0 {
				if len(block) == 0 {
					return Config{}, fmt.Errorf("max pooling %s follows no convolution", l.Name)
				}
				cfg.Blocks = append(cfg.Blocks, block)
				block = nil
			}
			pools++
		}
	}
	dense := g.LayersOf("Dense")
	if convs == 0 || len(dense) == 0 {
		return Config{}, fmt.Errorf("%d convolutions and %d Dense layers: the CNN has at least one of each", convs, len(dense))
	}
	var err error
	if cfg.Dense, err = g.Chain(dense[0].KernelShape[0], 0); err != nil {
		return Config{}, err
	}
	if len(block) > 0 {
		return Config{}, fmt.Errorf("the last %d convolutions have no max pooling after them", len(block))
	}
	cfg.Classes = cfg.Dense[len(cfg.Dense)-1]
	cfg.Dense = cfg.Dense[:len(cfg.Dense)-1]
	return cfg, nil
}
