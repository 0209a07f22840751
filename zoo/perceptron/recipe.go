package perceptron

import "github.com/gozoo/gozoo/zoo"

// Recipe is how section 1.3 of the notebook trains the perceptron:
//
//	perceptron = Perceptron(random_state=42)
//	perceptron.fit(X, y)
//
// with scikit-learn's defaults: the perceptron rule with eta0 1, one
// instance at a time, max_iter 1000, and the stopping rule on the summed
// training loss (tol 1e-3, n_iter_no_change 5). DefaultConfig is this
// recipe.
func Recipe() zoo.Recipe {
	return zoo.Recipe{
		Cell:      "section 1.3, scikit-learn's Perceptron on Iris petals",
		Optimizer: zoo.PerceptronRule, LearningRate: 1, Batch: 1, Epochs: 1000,
		Stop: &zoo.Stopping{Monitor: "loss", Patience: 5, MinDelta: 1e-3},
		Seed: 42,
	}
}
