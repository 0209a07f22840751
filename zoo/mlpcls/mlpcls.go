// Package mlpcls is the notebook's multilayer-perceptron classifier
// (sections 1.6 and 1.7.1): Flatten, Dense hidden layers with ReLU, and a
// softmax output, trained on sparse class labels with cross-entropy.
//
// FashionConfig is the Keras model of section 1.7.1 (784-300-100-10, SGD
// 0.01, 266,610 parameters). Iris is scikit-learn's MLPClassifier cell of
// section 1.6 (one hidden layer of 10, Adam, L2 1e-4), trained exactly as
// scikit-learn trains it, in float64 (package skmlp); IrisConfig is its nn
// twin, which holds its weights for Summary, Save and the reports.
package mlpcls

import (
	"errors"
	"fmt"

	"github.com/gozoo/gozoo/nn"
)

// Kind names this model in saved files.
const Kind = "mlpcls"

// Config describes a classifier.
type Config struct {
	// Input is the shape of one example: [28, 28] for an image, [4] for Iris.
	Input []int `json:"input"`
	// Hidden lists the width of each hidden ReLU layer.
	Hidden []int `json:"hidden"`
	// Classes is the width of the softmax output.
	Classes int `json:"classes"`
	// Seed draws the initial weights.
	Seed int64 `json:"seed"`
	// SklearnWeights, when set, are the exact float64 weights of the iris
	// cell trained as scikit-learn trains it (see Iris), in skmlp's order
	// (coefs_, then intercepts_); the float32 parameters are their rounding.
	SklearnWeights [][]float64 `json:"sklearn_weights,omitempty"`
}

// FashionConfig is the notebook's Fashion-MNIST classifier: 28x28 images,
// hidden layers of 300 and 100, ten classes.
func FashionConfig() Config {
	return Config{Input: []int{28, 28}, Hidden: []int{300, 100}, Classes: 10, Seed: 42}
}

// IrisConfig is the notebook's scikit-learn MLPClassifier on Iris: four
// features, one hidden layer of 10, three classes.
func IrisConfig() Config {
	return Config{Input: []int{4}, Hidden: []int{10}, Classes: 3, Seed: 42}
}

// Model is a trained or trainable classifier.
type Model struct {
	*nn.Model
	Config Config
}

// New builds the classifier's layers with Glorot-uniform weights drawn from
// cfg.Seed and zero biases, as Keras does.
func New(cfg Config) (*Model, error) {
	if len(cfg.Input) == 0 || cfg.Classes < 2 {
		return nil, errors.New("mlpcls: need an input shape and at least two classes")
	}
	in := 1
	for _, d := range cfg.Input {
		if d <= 0 {
			return nil, fmt.Errorf("mlpcls: input shape %v", cfg.Input)
		}
		in *= d
	}
	rng := nn.NewRand(cfg.Seed)
	// Keras names layers by kind and count: flatten, dense, dense_1, ...
	layers := []nn.Applier{nn.NewFlatten("flatten")}
	for i, units := range cfg.Hidden {
		if units <= 0 {
			return nil, fmt.Errorf("mlpcls: hidden layer %d has %d units", i+1, units)
		}
		layers = append(layers, nn.NewDense(rng, denseName(i), in, units, nn.ReLU))
		in = units
	}
	layers = append(layers, nn.NewDense(rng, denseName(len(cfg.Hidden)), in, cfg.Classes, nn.Softmax))
	m := nn.Sequential("sequential", nn.Input{Name: "input", Shape: cfg.Input},
		nn.SparseCategoricalCrossentropy{}, func() nn.Metric { return &nn.Accuracy{} }, cfg.Seed, layers...)
	return &Model{Model: m, Config: cfg}, nil
}

func denseName(i int) string {
	if i == 0 {
		return "dense"
	}
	return fmt.Sprintf("dense_%d", i)
}

// Save writes the model, its config and the epochs it was trained.
func (m *Model) Save(path string, epochs int) error {
	return m.Model.Save(path, Kind, m.Config, epochs)
}

// Load reads a model saved by Save; it also returns the epochs trained.
func Load(path string) (*Model, int, error) {
	return nn.Load(path, Kind, build)
}
