package bench

import (
	"fmt"

	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo"
	"github.com/gozoo/gozoo/zoo/mlpcls"
	"github.com/gozoo/gozoo/zoo/mlpreg"
	"github.com/gozoo/gozoo/zoo/widedeep"
)

// The training rows of the notebook's data sets, before a recipe holds
// any out for validation: Fashion-MNIST's 60,000 training images, the
// 84 Iris rows and 11,610 California districts left for training by the
// notebook's train_test_split calls.
const (
	fashionTrain    = 60000
	irisTrain       = 84
	californiaTrain = 11610
)

// Specs is the table of the bench's models, in the order the tables print
// them: each entry builds a zoo model and trains it as its recipe says.
func Specs() []Spec {
	return []Spec{
		recipeSpec("fashion-mlp", "zoo/mlpcls", "784-300-100-10", mlpcls.FashionRecipe(), fashionTrain, 10, 200,
			func() (*nn.Model, func(nn.Data) error, error) {
				m, err := mlpcls.New(mlpcls.FashionConfig())
				if err != nil {
					return nil, nil, err
				}
				return m.Model, nil, nil
			}),
		// scikit-learn's MLPClassifier cell: batch min(200, 84 rows), so
		// one step is one epoch.
		recipeSpec("iris-mlp", "zoo/mlpcls", "4-10-3", mlpcls.IrisRecipe(), irisTrain, 3, 500,
			func() (*nn.Model, func(nn.Data) error, error) {
				m, err := mlpcls.New(mlpcls.IrisConfig())
				if err != nil {
					return nil, nil, err
				}
				return m.Model, nil, nil
			}),
		recipeSpec("mlpreg", "zoo/mlpreg", "Norm-50-50-50-1", mlpreg.KerasRecipe(), californiaTrain, 0, 500,
			func() (*nn.Model, func(nn.Data) error, error) {
				m, err := mlpreg.New(mlpreg.KerasConfig())
				if err != nil {
					return nil, nil, err
				}
				return m.Model, m.Adapt, nil
			}),
		recipeSpec("widedeep", "zoo/widedeep", "Norm + 2x30 -> 1", widedeep.Recipe(), californiaTrain, 0, 500,
			wideDeep(widedeep.OneInputConfig())),
		recipeSpec("widedeep-2in", "zoo/widedeep", "wide 0-4, deep 2-7", widedeep.Recipe(), californiaTrain, 0, 500,
			wideDeep(widedeep.TwoInputConfig())),
		cnnSpec(),
	}
}

// wideDeep builds the Wide & Deep model of cfg for recipeSpec.
func wideDeep(cfg widedeep.Config) func() (*nn.Model, func(nn.Data) error, error) {
	return func() (*nn.Model, func(nn.Data) error, error) {
		m, err := widedeep.New(cfg)
		if err != nil {
			return nil, nil, err
		}
		return m.Model, m.Adapt, nil
	}
}

// recipeSpec is the Spec of a model the recipe r trains on rows training
// examples (before r's hold-out): batches of r.Batch (at most the rows) and
// r's optimizer. classes is 0 for a regressor of one output; steps is how
// many training steps to time by default. build makes the model and what
// runs on the training data before fit (a Normalization's adapt), if
// anything.
func recipeSpec(name, pkg, arch string, r zoo.Recipe, rows, classes, steps int, build func() (*nn.Model, func(nn.Data) error, error)) Spec {
	samples := rows - r.HoldOut
	batch := min(r.Batch, samples)
	s := Spec{
		Name: name, Package: pkg, About: fmt.Sprintf("%s, %s %g", arch, r.Optimizer, r.LearningRate),
		Batch: batch, EpochSamples: samples, Classes: classes, Steps: steps,
		Build: func() (Built, error) {
			m, prepare, err := build()
			if err != nil {
				return Built{}, fmt.Errorf("%s: %w", name, err)
			}
			return Built{Model: m, Optimizer: r.NewOptimizer(r.LearningRate, batch, samples), Prepare: prepare}, nil
		},
	}
	if classes == 0 {
		s.Outputs = 1
	}
	return s
}
