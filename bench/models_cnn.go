package bench

import (
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/cnn"
)

// cnnSpec is the notebook's Fashion-MNIST CNN, zoo/cnn's DefaultConfig:
// Conv 64 7x7, MaxPool, Conv 128 3x3 x2, MaxPool, Conv 256 3x3 x2, MaxPool,
// Dense 128, Dropout 0.5, Dense 64, Dropout 0.5, Dense 10; "same" padding,
// ReLU and He-normal kernels; 1,413,834 parameters; trained as cnn.Recipe
// says.
func cnnSpec() Spec {
	return recipeSpec("cnn", "zoo/cnn", "Conv64-Pool-Conv128x2-Pool-Conv256x2-Pool-128-64-10", cnn.Recipe(), fashionTrain, 10, 20,
		func() (*nn.Model, func(nn.Data) error, error) {
			m, err := cnn.New(cnn.DefaultConfig())
			if err != nil {
				return nil, nil, err
			}
			return m.Model, nil, nil
		})
}
