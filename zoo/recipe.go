// Package zoo holds what the zoo's model packages share: the Recipe type,
// in which each of them (zoo/mlpcls, zoo/mlpreg, zoo/widedeep, zoo/cnn,
// zoo/perceptron) writes down how a notebook cell trains its model.
//
// A recipe is the single place a hyperparameter of the notebook is written:
// the commands take their flag defaults from it, the bench builds its
// optimizers from it, and the README's model table is tested against it.
package zoo

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gozoo/gozoo/internal/human"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/skmlp"
)

// Optimizer names a training rule of the notebook.
type Optimizer string

// The notebook's training rules.
const (
	// SGD is plain stochastic gradient descent, Keras's "sgd".
	SGD Optimizer = "SGD"
	// Adam is Keras's Adam (and scikit-learn's MLP solver "adam").
	Adam Optimizer = "Adam"
	// PerceptronRule is the perceptron's update, scikit-learn's Perceptron.
	PerceptronRule Optimizer = "perceptron rule"
)

// Stopping is a cell's early-stopping rule: training stops once Monitor
// has failed Patience epochs in a row to improve on its best by MinDelta.
type Stopping struct {
	// Monitor is the History metric watched: "loss" for scikit-learn's
	// rule, which watches the training loss.
	Monitor string
	// Patience is scikit-learn's n_iter_no_change, Keras's patience.
	Patience int
	// MinDelta is scikit-learn's tol, Keras's min_delta.
	MinDelta float64
}

// Recipe is how one notebook cell trains its model: everything the cell
// sets besides the architecture.
type Recipe struct {
	// Cell says where in the notebook the recipe is, for the reader.
	Cell string
	// Optimizer and LearningRate are the training rule and its step.
	Optimizer    Optimizer
	LearningRate float64
	// L2 is scikit-learn's alpha: alpha/2 ||W||^2 added to the loss of a
	// batch, per example of the batch. 0 for none.
	L2 float64
	// Batch is the minibatch size; scikit-learn's "auto" is min(200, n),
	// written 200 here (a batch never holds more rows than the data).
	Batch int
	// Epochs is the number of epochs, or their maximum with Stop
	// (scikit-learn's max_iter).
	Epochs int
	// Stop is the early-stopping rule, nil for none.
	Stop *Stopping
	// Preprocess names what the cell does to the inputs before the
	// network sees them ("StandardScaler", "Normalization layer"), "" for
	// nothing.
	Preprocess string
	// HoldOut is the number of the last training examples kept for
	// validation; 0 when the data set's own split (or none) is used.
	HoldOut int
	// Seed is the cell's random_state or seed.
	Seed int64
}

// String writes the recipe in the words of the README's model table, such
// as "SGD 0.01, batch 32, 30 epochs, the last 5,000 training images for
// validation".
func (r Recipe) String() string {
	var parts []string
	if r.Preprocess != "" {
		parts = append(parts, r.Preprocess)
	}
	parts = append(parts, fmt.Sprintf("%s %s", r.Optimizer, num(r.LearningRate)))
	if r.L2 != 0 {
		parts = append(parts, "L2 "+num(r.L2))
	}
	parts = append(parts, fmt.Sprintf("batch %d", r.Batch))
	if r.Stop == nil {
		parts = append(parts, human.Plural(r.Epochs, "epoch"))
	} else {
		parts = append(parts, fmt.Sprintf("up to %s, stopping when the %s has not improved by %s for %s",
			human.Plural(r.Epochs, "epoch"), r.Stop.Monitor, num(r.Stop.MinDelta), human.Plural(r.Stop.Patience, "epoch")))
	}
	if r.HoldOut > 0 {
		parts = append(parts, fmt.Sprintf("the last %s training examples for validation", human.Commas(r.HoldOut)))
	}
	return strings.Join(parts, ", ")
}

// num writes a hyperparameter as the notebook does: 0.01, 0.05, but 1e-3
// and 1e-4 for the small ones.
func num(v float64) string {
	if v == 0 || v >= 0.01 {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	mant, exp, _ := strings.Cut(strconv.FormatFloat(v, 'e', -1, 64), "e")
	sign := exp[:1]
	if sign == "+" {
		sign = ""
	}
	return mant + "e" + sign + strings.TrimLeft(exp[1:], "0")
}

// NewOptimizer is the recipe's optimizer for nn, training on batches of
// batch rows out of rows: L2 is spread over the examples of a batch as
// scikit-learn does, so its weight depends on the batch actually used.
// Recipes of the perceptron rule have no nn optimizer: nil.
func (r Recipe) NewOptimizer(lr float64, batch, rows int) nn.Optimizer {
	switch r.Optimizer {
	case SGD:
		return nn.NewSGD(lr)
	case Adam:
		adam := nn.NewAdam(lr)
		if r.L2 != 0 {
			adam.L2 = r.L2 / float64(min(batch, rows))
		}
		return adam
	}
	return nil
}

// FitOptions are the recipe's settings for nn's Fit on rows training
// examples: its epochs, batch, optimizer, stopping rule and shuffling seed.
// The rest (validation data, progress) is the caller's.
func (r Recipe) FitOptions(rows int) nn.FitOptions {
	return nn.FitOptions{
		Epochs: r.Epochs, BatchSize: r.Batch, Seed: r.Seed,
		Optimizer: r.NewOptimizer(r.LearningRate, r.Batch, rows), EarlyStopping: r.EarlyStopping(),
	}
}

// EarlyStopping is the recipe's stopping rule for nn.FitOptions, nil for
// none.
func (r Recipe) EarlyStopping() *nn.EarlyStopping {
	if r.Stop == nil {
		return nil
	}
	return &nn.EarlyStopping{Monitor: r.Stop.Monitor, Patience: r.Stop.Patience, MinDelta: r.Stop.MinDelta}
}

// Sklearn is the configuration of scikit-learn's MLP (package skmlp) that
// trains as the recipe says: a classifier or a regressor with the given
// hidden layers and random_state. The recipe's Batch of 200 is
// scikit-learn's "auto", min(200, n).
func (r Recipe) Sklearn(classifier bool, seed uint32, hidden ...int) skmlp.Config {
	c := skmlp.DefaultConfig(classifier, seed, hidden...)
	c.LearningRate, c.Alpha, c.MaxIter, c.BatchSize = r.LearningRate, r.L2, r.Epochs, r.Batch
	if r.Stop != nil {
		c.Tol, c.NoChange = r.Stop.MinDelta, r.Stop.Patience
	}
	return c
}
