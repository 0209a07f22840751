package bench

import (
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/mlpcls"
)

// Specs is the table of the bench's models, in the order the tables print
// them: each entry builds a zoo model with the notebook's hyper-parameters.
func Specs() []Spec {
	return []Spec{
		{
			Name: "fashion-mlp", Package: "zoo/mlpcls", About: "784-300-100-10, SGD 0.01",
			Batch: 32, EpochSamples: 55000, Classes: 10, Steps: 200,
			Build: func() (Built, error) {
				m, err := mlpcls.New(mlpcls.FashionConfig())
				if err != nil {
					return Built{}, err
				}
				return Built{Model: m.Model, Optimizer: nn.NewSGD(0.01)}, nil
			},
		},
		{
			// scikit-learn's MLPClassifier cell: batch min(200, 84 rows), so
			// one step is one epoch.
			Name: "iris-mlp", Package: "zoo/mlpcls", About: "4-10-3, Adam 1e-3, L2",
			Batch: 84, EpochSamples: 84, Classes: 3, Steps: 500,
			Build: func() (Built, error) {
				m, err := mlpcls.New(mlpcls.IrisConfig())
				if err != nil {
					return Built{}, err
				}
				adam := nn.NewAdam(1e-3)
				adam.L2 = 1e-4 / 84
				return Built{Model: m.Model, Optimizer: adam}, nil
			},
		},
	}
}
