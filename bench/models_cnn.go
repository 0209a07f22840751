package bench

import (
	"fmt"

	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/cnn"
)

// cnnSpec is the notebook's Fashion-MNIST CNN, zoo/cnn's DefaultConfig:
// Conv 64 7x7, MaxPool, Conv 128 3x3 x2, MaxPool, Conv 256 3x3 x2, MaxPool,
// Dense 128, Dropout 0.5, Dense 64, Dropout 0.5, Dense 10; "same" padding,
// ReLU and He-normal kernels; 1,413,834 parameters; SGD 0.05, batch 32.
func cnnSpec() Spec {
	return Spec{
		Name: "cnn", Package: "zoo/cnn", About: "Conv64-Pool-Conv128x2-Pool-Conv256x2-Pool-128-64-10, SGD 0.05",
		Batch: 32, EpochSamples: 55000, Classes: 10, Steps: 20,
		Build: func() (Built, error) {
			m, err := cnn.New(cnn.DefaultConfig())
			if err != nil {
				return Built{}, fmt.Errorf("cnn: %w", err)
			}
			return Built{Model: m.Model, Optimizer: nn.NewSGD(0.05)}, nil
		},
	}
}
