// Package mlpreg is the notebook's multilayer-perceptron regressor on the
// California housing data (sections 1.5 and 1.7.2): Dense hidden layers with
// ReLU and one linear output, trained on the mean squared error.
//
// KerasConfig is the Keras model of section 1.7.2: a Normalization layer
// adapted on the training rows, three hidden layers of 50, Adam 1e-3, 5,618
// parameters of which 17 are the normalization's. Sklearn is the
// scikit-learn cell of section 1.5, make_pipeline(StandardScaler(),
// MLPRegressor(hidden_layer_sizes=[50, 50, 50])), trained exactly as
// scikit-learn trains it, in float64 (package skmlp). SklearnConfig is its
// nn twin, which holds its weights and scaler for Summary, Save and the
// reports: the inputs are standardized by the scaler kept in the Config, and
// the network has no normalization layer.
package mlpreg

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/nn"
)

// Kind names this model in saved files.
const Kind = "mlpreg"

// Config describes a regressor.
type Config struct {
	// Features is the number of input columns: 8 for California housing.
	Features int `json:"features"`
	// Hidden lists the width of each hidden ReLU layer.
	Hidden []int `json:"hidden"`
	// Normalize puts a Keras Normalization layer in front of the hidden
	// layers; call Adapt on the training rows before training.
	Normalize bool `json:"normalize"`
	// Scaler, when set, standardizes the inputs in Data before they reach the
	// network, as scikit-learn's pipeline does. It is saved with the model so
	// that a loaded model sees its inputs scaled as in training.
	Scaler *data.StandardScaler `json:"scaler,omitempty"`
	// Schema, for a model trained on a user's table, names its columns and
	// target (data.ReadCSVRows reads new rows by it). Nil for California
	// housing.
	Schema *data.Schema `json:"schema,omitempty"`
	// SklearnInit draws the biases like the weights, uniform in
	// +-sqrt(6/(fanIn+fanOut)), as scikit-learn's MLP does; Keras starts
	// them at zero.
	SklearnInit bool `json:"sklearn_init,omitempty"`
	// SklearnWeights, when set, are the exact float64 weights of a model
	// trained as scikit-learn trains it (see Sklearn), in skmlp's order
	// (coefs_, then intercepts_); the float32 parameters are their rounding.
	// Model.Sklearn rebuilds that model from them.
	SklearnWeights [][]float64 `json:"sklearn_weights,omitempty"`
	// Seed draws the initial weights.
	Seed int64 `json:"seed"`
}

// KerasConfig is the notebook's Keras regressor: eight features, a
// Normalization layer, hidden layers of 50, 50 and 50.
func KerasConfig() Config {
	return Config{Features: 8, Hidden: []int{50, 50, 50}, Normalize: true, Seed: 42}
}

// SklearnConfig is the notebook's MLPRegressor: eight features, hidden
// layers of 50, 50 and 50, scikit-learn's initialization. Its Scaler is
// left for the caller to fit on the training rows (data.FitStandardScaler).
func SklearnConfig() Config {
	return Config{Features: 8, Hidden: []int{50, 50, 50}, SklearnInit: true, Seed: 42}
}

// Model is a trained or trainable regressor.
type Model struct {
	*nn.Model
	Config Config // what New built the model from, and what Save writes
	// Norm is the Normalization layer, nil unless Config.Normalize.
	Norm *nn.Normalization
}

// ParamCount is the number of parameters New builds from c (the
// Normalization layer's mean, variance and count included), counted without
// building them; an error for a size of zero or less or a model over
// nn.MaxParams.
func (c Config) ParamCount() (int, error) {
	if c.Features <= 0 {
		return 0, fmt.Errorf("mlpreg: %d input features", c.Features)
	}
	var s nn.Sizes
	if c.Normalize {
		s.AddNormalization(c.Features)
	}
	if i := s.AddDense(c.Features, append(slices.Clone(c.Hidden), 1)...); i >= 0 {
		return 0, fmt.Errorf("mlpreg: hidden layer %d has %d units", i+1, c.Hidden[i])
	}
	n, err := s.Total()
	if err != nil {
		return 0, fmt.Errorf("mlpreg: %d features, hidden %v: %w", c.Features, c.Hidden, err)
	}
	return n, nil
}

// New builds the regressor's layers, named as Keras names them
// (normalization, dense, dense_1, ...), with Glorot-uniform weights drawn
// from cfg.Seed.
func New(cfg Config) (*Model, error) {
	if _, err := cfg.ParamCount(); err != nil {
		return nil, err
	}
	if cfg.Normalize && cfg.Scaler != nil {
		return nil, errors.New("mlpreg: both a Normalization layer and a scaler: choose one")
	}
	if s := cfg.Scaler; s != nil && (len(s.Mean) != cfg.Features || len(s.Scale) != cfg.Features) {
		return nil, fmt.Errorf("mlpreg: the scaler has %d means and %d scales for %d features", len(s.Mean), len(s.Scale), cfg.Features)
	}
	if cfg.Schema != nil {
		if err := cfg.Schema.Check(cfg.Features); err != nil {
			return nil, fmt.Errorf("mlpreg: %w", err)
		}
	}
	rng := nn.NewRand(cfg.Seed)
	var layers []nn.Applier
	m := &Model{Config: cfg}
	if cfg.Normalize {
		m.Norm = nn.NewNormalization("", cfg.Features)
		layers = append(layers, m.Norm)
	}
	in := cfg.Features
	for _, units := range cfg.Hidden {
		layers = append(layers, dense(rng, cfg, in, units, nn.ReLU))
		in = units
	}
	layers = append(layers, dense(rng, cfg, in, 1, nn.Linear))
	// Sequential names the layers as Keras does: normalization, dense,
	// dense_1, ...
	m.Model = nn.Sequential(nn.Input{Name: "input_layer", Shape: []int{cfg.Features}}, layers,
		nn.WithLoss(nn.MeanSquaredError{}),
		nn.WithMetric(func() nn.Metric { return &nn.RootMeanSquaredError{} }),
		nn.WithSeed(cfg.Seed))
	return m, nil
}

// dense makes a Dense layer, its bias drawn as scikit-learn draws it for
// an SklearnInit config.
func dense(rng *rand.Rand, cfg Config, in, units int, act nn.Activation) *nn.Dense {
	d := nn.NewDense(rng, "", in, units, act)
	if cfg.SklearnInit {
		// scikit-learn's _init_coef draws the intercepts from the same
		// uniform law as the weights, right after them.
		nn.GlorotUniform(rng, in, units, d.Bias.Data())
	}
	return d
}

// Data turns a table into the model's input, standardized by the Config's
// scaler if it has one, and its targets.
func (m *Model) Data(t data.Table) (nn.Data, error) {
	if t.NumFeatures() != m.Config.Features {
		return nn.Data{}, fmt.Errorf("mlpreg: the table has %d features, the model takes %d", t.NumFeatures(), m.Config.Features)
	}
	t, err := m.Config.Scaler.TransformTable(t)
	if err != nil {
		return nn.Data{}, fmt.Errorf("mlpreg: %w", err)
	}
	return nn.Data{X: [][]float32{t.Flat32()}, Y: t.Targets32()}, nil
}

// PredictTable returns the model's prediction for each row of t, a table of
// the model's columns (data.ReadCSVRows reads one from a CSV file by the
// Config's Schema), scaled as the training rows were.
func (m *Model) PredictTable(t data.Table) ([]float64, error) {
	d, err := m.Data(t)
	if err != nil {
		return nil, err
	}
	return m.PredictValues(d, 256)
}

// Adapt sets the Normalization layer's mean and variance from the inputs of
// d, like Keras's norm.adapt(XTrain); it does nothing for a model without
// one.
func (m *Model) Adapt(d nn.Data) error {
	if m.Norm == nil {
		return nil
	}
	n, err := m.Len(d)
	if err != nil {
		return fmt.Errorf("mlpreg: adapt: %w", err)
	}
	return m.Norm.Adapt(d.X[0], n)
}

// Save writes the model, its config and the epochs it was trained to w, in
// nn's model file format; nn.Load[Config] reads it back.
func (m *Model) Save(w io.Writer, epochs int) error {
	return m.Model.Save(w, Kind, m.Config, epochs)
}

// SaveFile is Save to the file path, written atomically: a crash leaves
// the previous file whole; nn.LoadFile[Config] reads it back.
func (m *Model) SaveFile(path string, epochs int) error {
	return m.Model.SaveFile(path, Kind, m.Config, epochs)
}

// Kind is the name the model's files are saved under.
func (Config) Kind() string { return Kind }

// Build is New(c): with Kind, it makes Config an nn.Config, which
// nn.Load and nn.LoadFile rebuild a saved model from.
func (c Config) Build() (*Model, error) { return New(c) }
