package bench

import (
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/mlpcls"
	"github.com/gozoo/gozoo/zoo/mlpreg"
	"github.com/gozoo/gozoo/zoo/widedeep"
)

// californiaTrain is the number of training rows of the notebook's
// California housing split (20,640 rows, then 25% test, then 25% of the
// rest for validation).
const californiaTrain = 11610

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
		{
			Name: "mlpreg", Package: "zoo/mlpreg", About: "Norm-50-50-50-1, Adam 1e-3",
			Batch: 32, EpochSamples: californiaTrain, Outputs: 1, Steps: 500,
			Build: func() (Built, error) {
				m, err := mlpreg.New(mlpreg.KerasConfig())
				if err != nil {
					return Built{}, err
				}
				return Built{Model: m.Model, Optimizer: nn.NewAdam(1e-3), Prepare: m.Adapt}, nil
			},
		},
		{
			Name: "widedeep", Package: "zoo/widedeep", About: "Norm + 2x30 -> 1, Adam 1e-3",
			Batch: 32, EpochSamples: californiaTrain, Outputs: 1, Steps: 500,
			Build: func() (Built, error) {
				m, err := widedeep.New(widedeep.OneInputConfig())
				if err != nil {
					return Built{}, err
				}
				return Built{Model: m.Model, Optimizer: nn.NewAdam(1e-3), Prepare: m.Adapt}, nil
			},
		},
		{
			Name: "widedeep-2in", Package: "zoo/widedeep", About: "wide 0-4, deep 2-7, Adam 1e-3",
			Batch: 32, EpochSamples: californiaTrain, Outputs: 1, Steps: 500,
			Build: func() (Built, error) {
				m, err := widedeep.New(widedeep.TwoInputConfig())
				if err != nil {
					return Built{}, err
				}
				return Built{Model: m.Model, Optimizer: nn.NewAdam(1e-3), Prepare: m.Adapt}, nil
			},
		},
		cnnSpec(),
	}
}
