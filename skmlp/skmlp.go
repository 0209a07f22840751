// Package skmlp is scikit-learn 1.2's multilayer perceptron, MLPRegressor and
// MLPClassifier with their default solver (adam), as float64 Gorgonia graphs
// that train to scikit-learn's own numbers: the same initial weights, the
// same minibatches in the same order, the same loss, the same Adam steps and
// the same stopping epoch. It serves the notebook's two scikit-learn MLP
// cells (zoo/mlpreg's sklearn preset and zoo/mlpcls's iris cell); gozoo's
// other models are Keras's, in float32, in package nn.
//
// What it reproduces, from sklearn/neural_network/_multilayer_perceptron.py
// and _stochastic_optimizers.py:
//
//   - initialisation: for each layer in turn, its coefficients (fan_in x
//     fan_out, C order) then its intercepts, drawn from
//     RandomState(random_state).uniform(-b, b) with b = sqrt(6/(fan_in+fan_out));
//   - each epoch, sample_idx = shuffle(sample_idx) through the same
//     RandomState (a permutation of the last epoch's order), then minibatches
//     of min(200, n) rows in that order, the last one shorter;
//   - the loss of a batch of k rows: mean((y-p)^2)/2 for regression (identity
//     output), mean log-loss of a softmax for classification, plus
//     alpha/2 * sum of squared coefficients / k; the epoch's loss is the
//     batch losses weighted by their rows, over n;
//   - Adam with beta1 0.9, beta2 0.999, epsilon 1e-8 and the bias correction
//     folded into the step: lr*sqrt(1-beta2^t)/(1-beta1^t) * m/(sqrt(v)+eps);
//   - the stop: an epoch whose loss is not below the best so far minus tol
//     counts as no improvement, and more than n_iter_no_change of them in a
//     row end training; max_iter epochs without that end it with
//     scikit-learn's ConvergenceWarning.
//
// Sums are taken in another order than numpy's BLAS takes them, so the
// numbers agree with scikit-learn's to rounding, not to the bit: the tests
// hold the loss curves to 1e-9 relative and the predictions to 1e-7, against
// fixtures that scikit-learn itself wrote (bench/peers/sklearn_cells.py).
package skmlp

import (
	"errors"
	"fmt"
	"math"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/nn"
	"gorgonia.org/tensor"
)

// Config holds an MLP's hyper-parameters, named after scikit-learn's.
type Config struct {
	// Hidden lists the widths of the hidden ReLU layers (hidden_layer_sizes).
	Hidden []int `json:"hidden"`
	// Classifier gives a softmax output trained on the log-loss, as
	// MLPClassifier on three classes or more; otherwise the output is linear,
	// trained on the halved squared error, as MLPRegressor.
	Classifier bool `json:"classifier"`
	// Alpha is the L2 penalty.
	Alpha float64 `json:"alpha"`
	// BatchSize is the minibatch size; 0 is scikit-learn's "auto",
	// min(200, n).
	BatchSize int `json:"batch_size"`
	// LearningRate is Adam's learning_rate_init.
	LearningRate float64 `json:"learning_rate_init"`
	// Beta1, Beta2 and Epsilon are Adam's.
	Beta1   float64 `json:"beta_1"`
	Beta2   float64 `json:"beta_2"`
	Epsilon float64 `json:"epsilon"`
	// MaxIter bounds the epochs.
	MaxIter int `json:"max_iter"`
	// Tol and NoChange are the stopping rule (tol, n_iter_no_change).
	Tol      float64 `json:"tol"`
	NoChange int     `json:"n_iter_no_change"`
	// Seed is random_state: it draws the initial weights and the shuffles.
	Seed uint32 `json:"random_state"`
}

// DefaultConfig is scikit-learn's defaults for MLPRegressor (classifier
// false) or MLPClassifier (true) with the given hidden layers and
// random_state.
func DefaultConfig(classifier bool, seed uint32, hidden ...int) Config {
	return Config{
		Hidden: hidden, Classifier: classifier, Alpha: 1e-4, LearningRate: 1e-3,
		Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8, MaxIter: 200, Tol: 1e-4, NoChange: 10, Seed: seed,
	}
}

// Batch is the minibatch size for n training rows: BatchSize, or
// scikit-learn's "auto" min(200, n) when it is 0, clipped to [1, n].
func (c Config) Batch(n int) int {
	b := c.BatchSize
	if b == 0 {
		b = 200
	}
	return max(1, min(b, n))
}

// maxUnits bounds a layer's width and maxParams the weights, and so what
// New allocates.
const (
	maxUnits  = 1 << 16
	maxParams = 1 << 24
)

func (c Config) check() error {
	for i, h := range c.Hidden {
		if h <= 0 || h > maxUnits {
			return fmt.Errorf("skmlp: hidden layer %d has %d units; want 1 to %d", i+1, h, maxUnits)
		}
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case !finite(c.Alpha) || c.Alpha < 0:
		return fmt.Errorf("skmlp: alpha %v: want a number >= 0", c.Alpha)
	case c.BatchSize < 0:
		return fmt.Errorf("skmlp: batch size %d: want 0 (auto) or more", c.BatchSize)
	case !finite(c.LearningRate) || c.LearningRate <= 0:
		return fmt.Errorf("skmlp: learning rate %v: want a positive number", c.LearningRate)
	case !(c.Beta1 >= 0 && c.Beta1 < 1) || !(c.Beta2 >= 0 && c.Beta2 < 1):
		return fmt.Errorf("skmlp: Adam's betas %v, %v: want each in [0, 1)", c.Beta1, c.Beta2)
	case !finite(c.Epsilon) || c.Epsilon <= 0:
		return fmt.Errorf("skmlp: epsilon %v: want a positive number", c.Epsilon)
	case c.MaxIter < 0:
		return fmt.Errorf("skmlp: max_iter %d: want 0 or more", c.MaxIter)
	case !finite(c.Tol) || c.Tol < 0:
		return fmt.Errorf("skmlp: tol %v: want a number >= 0", c.Tol)
	case c.NoChange < 1:
		return fmt.Errorf("skmlp: n_iter_no_change %d: want 1 or more", c.NoChange)
	}
	return nil
}

// Model is a trained or trainable MLP. Its weights are float64 tensors that
// every graph of the model shares, so a step is seen by all of them.
type Model struct {
	// Config is the model's set-up.
	Config Config
	// Units is the width of each layer, the input's first and the output's
	// last: [features, hidden..., outputs].
	Units []int
	// Coefs[i] is layer i's weight matrix, Units[i] x Units[i+1]
	// (scikit-learn's coefs_[i]); Intercepts[i] its bias (intercepts_[i]).
	Coefs, Intercepts []*tensor.Dense

	rs     *data.RandomState // random_state, after the initial draws: Fit shuffles with it
	train  map[int]*graph    // by batch size
	infer  *graph
	epochs int
	best   float64 // best_loss_
	stale  int     // _no_improvement_count
}

// New builds an MLP with features inputs and outputs outputs (the number of
// classes for a classifier; scikit-learn's binary case, one logistic
// output, is not reproduced: a classifier needs 3 outputs or more), with
// scikit-learn's initial weights for cfg.Seed.
func New(cfg Config, features, outputs int) (*Model, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if features <= 0 || features > maxUnits || outputs <= 0 || outputs > maxUnits {
		return nil, fmt.Errorf("skmlp: %d features and %d outputs; want 1 to %d of each", features, outputs, maxUnits)
	}
	if cfg.Classifier && outputs < 3 {
		return nil, errors.New("skmlp: a classifier needs 3 classes or more (scikit-learn's binary logistic output is not reproduced)")
	}
	units := append(append([]int{features}, cfg.Hidden...), outputs)
	weights := 0
	for i := range len(units) - 1 {
		if weights += (units[i] + 1) * units[i+1]; weights > maxParams {
			return nil, fmt.Errorf("skmlp: layers %v hold more than %d weights", units, maxParams)
		}
	}
	m := &Model{Config: cfg, Units: units, rs: data.NewRandomState(cfg.Seed), train: map[int]*graph{}, best: math.Inf(1)}
	for i := range len(units) - 1 {
		in, out := units[i], units[i+1]
		// _init_coef: factor 6 for ReLU; the coefficients, then the intercepts.
		bound := math.Sqrt(6 / float64(in+out))
		w := make([]float64, in*out)
		b := make([]float64, out)
		m.rs.Uniform(-bound, bound, w)
		m.rs.Uniform(-bound, bound, b)
		m.Coefs = append(m.Coefs, tensor.New(tensor.WithShape(in, out), tensor.WithBacking(w)))
		m.Intercepts = append(m.Intercepts, tensor.New(tensor.WithShape(out), tensor.WithBacking(b)))
	}
	return m, nil
}

// Params is the model's weights in scikit-learn's order, coefs_ then
// intercepts_, as flat float64 slices that alias the model's.
func (m *Model) Params() [][]float64 {
	var ps [][]float64
	for _, t := range append(append([]*tensor.Dense(nil), m.Coefs...), m.Intercepts...) {
		ps = append(ps, t.Data().([]float64))
	}
	return ps
}

// CountParams is the number of weights and biases.
func (m *Model) CountParams() int {
	n := 0
	for _, p := range m.Params() {
		n += len(p)
	}
	return n
}

// SetParams copies ps, in Params's order and sizes, into the model: a
// saved model's weights.
func (m *Model) SetParams(ps [][]float64) error {
	dst := m.Params()
	if len(ps) != len(dst) {
		return fmt.Errorf("skmlp: %d weight arrays for a model of %d", len(ps), len(dst))
	}
	for i, p := range ps {
		if len(p) != len(dst[i]) {
			return fmt.Errorf("skmlp: weight array %d has %d values, the model's %d", i, len(p), len(dst[i]))
		}
	}
	for i, p := range ps {
		copy(dst[i], p)
	}
	return nil
}

// Epochs is the number of epochs trained (scikit-learn's n_iter_).
func (m *Model) Epochs() int { return m.epochs }

// Export copies the weights into dst, the float32 parameters of an nn model
// with the same layers (kernel then bias of each Dense layer, as Keras
// orders them), rounding each value, and returns an exact copy of them in
// Params's order, for a saved model to restore with SetParams.
func (m *Model) Export(dst []*nn.Param) ([][]float64, error) {
	ps := m.Params()
	layers := len(m.Coefs)
	if len(dst) != 2*layers {
		return nil, fmt.Errorf("skmlp: %d parameters to hold a %d-layer model", len(dst), layers)
	}
	for i := range layers {
		for k, src := range [][]float64{ps[i], ps[layers+i]} {
			d := dst[2*i+k].Data()
			if len(d) != len(src) {
				return nil, fmt.Errorf("skmlp: %s has %d values, layer %d's %d", dst[2*i+k].Name, len(d), i, len(src))
			}
			for j, v := range src {
				d[j] = float32(v)
			}
		}
	}
	exact := make([][]float64, len(ps))
	for i, p := range ps {
		exact[i] = append([]float64(nil), p...)
	}
	return exact, nil
}
