package bench

import (
	"fmt"

	"github.com/gozoo/gozoo/nn"
)

// cnnSpec is the notebook's Fashion-MNIST CNN, built here from nn's layers
// (the zoo/cnn package was not there yet when the bench was written): Conv
// 64 7x7, MaxPool, Conv 128 3x3 x2, MaxPool, Conv 256 3x3 x2, MaxPool,
// Dense 128, Dropout 0.5, Dense 64, Dropout 0.5, Dense 10; "same" padding,
// ReLU and He-normal kernels; 1,413,834 parameters; SGD 0.05, batch 32.
func cnnSpec() Spec {
	return Spec{
		Name: "cnn", Package: "nn (zoo/cnn's layers)", About: "Conv64-Pool-Conv128x2-Pool-Conv256x2-Pool-128-64-10, SGD 0.05",
		Batch: 32, EpochSamples: 55000, Classes: 10, Steps: 20,
		Build: func() (Built, error) {
			m, err := buildCNN(42)
			if err != nil {
				return Built{}, fmt.Errorf("cnn: %w", err)
			}
			return Built{Model: m, Optimizer: nn.NewSGD(0.05)}, nil
		},
	}
}

func buildCNN(seed int64) (*nn.Model, error) {
	rng := nn.NewRand(seed)
	var layers []nn.Applier
	in, convs := 1, 0
	conv := func(filters, size int) error {
		name := "conv2d"
		if convs > 0 {
			name = fmt.Sprintf("conv2d_%d", convs)
		}
		convs++
		c, err := nn.NewConv2D(rng, name, in, filters, size, nn.ReLU, nn.WithPadding(nn.Same), nn.WithConvKernelInit(nn.HeNormal))
		if err != nil {
			return err
		}
		layers = append(layers, c)
		in = filters
		return nil
	}
	pools := 0
	pool := func() {
		name := "max_pooling2d"
		if pools > 0 {
			name = fmt.Sprintf("max_pooling2d_%d", pools)
		}
		pools++
		layers = append(layers, nn.NewMaxPool2D(name, 2))
	}
	if err := conv(64, 7); err != nil {
		return nil, err
	}
	pool()
	for _, filters := range []int{128, 256} {
		for range 2 {
			if err := conv(filters, 3); err != nil {
				return nil, err
			}
		}
		pool()
	}
	layers = append(layers, nn.NewFlatten("flatten"))
	width := 3 * 3 * in
	for i, units := range []int{128, 64} {
		layers = append(layers, nn.NewDense(rng, fmt.Sprintf("dense_%d", i), width, units, nn.ReLU, nn.WithKernelInit(nn.HeNormal)))
		d, err := nn.NewDropout(fmt.Sprintf("dropout_%d", i), 0.5)
		if err != nil {
			return nil, err
		}
		layers = append(layers, d)
		width = units
	}
	layers = append(layers, nn.NewDense(rng, "dense_2", width, 10, nn.Softmax))
	return nn.Sequential("sequential", nn.Input{Name: "input", Shape: []int{28, 28, 1}},
		nn.SparseCategoricalCrossentropy{}, func() nn.Metric { return &nn.Accuracy{} }, seed, layers...), nil
}
