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
	"io"
	"slices"

	"github.com/gozoo/gozoo/data"
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
	// ClassNames names the classes, when known: the folders of an image
	// folder, the labels of a CSV file's target (data.ReadCSV), so that a
	// loaded model can say what it predicts.
	ClassNames []string `json:"class_names,omitempty"`
	// Schema and Scaler belong to a model trained on a table: its columns,
	// and the standardization fitted on its training rows that
	// PredictTable applies to new rows.
	Schema *data.Schema         `json:"schema,omitempty"`
	Scaler *data.StandardScaler `json:"scaler,omitempty"`
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
	Config Config // what New built the model from, and what Save writes
}

// ParamCount is the number of parameters New builds from c, counted without
// building them; an error for a size of zero or less or a model over
// nn.MaxParams.
func (c Config) ParamCount() (int, error) {
	if len(c.Input) == 0 || c.Classes < 2 {
		return 0, errors.New("mlpcls: need an input shape and at least two classes")
	}
	for _, d := range c.Input {
		if d <= 0 {
			return 0, fmt.Errorf("mlpcls: input shape %v", c.Input)
		}
	}
	for i, units := range c.Hidden {
		if units <= 0 {
			return 0, fmt.Errorf("mlpcls: hidden layer %d has %d units", i+1, units)
		}
	}
	// The input's size saturates past MaxParams instead of overflowing.
	in := 1
	for _, d := range c.Input {
		in = min(in*min(d, nn.MaxParams+1), nn.MaxParams+1)
	}
	var s nn.Sizes
	s.AddDense(in, append(slices.Clone(c.Hidden), c.Classes)...)
	n, err := s.Total()
	if err != nil {
		return 0, fmt.Errorf("mlpcls: input %v, hidden %v: %w", c.Input, c.Hidden, err)
	}
	return n, nil
}

// New builds the classifier's layers with Glorot-uniform weights drawn from
// cfg.Seed and zero biases, as Keras does.
func New(cfg Config) (*Model, error) {
	if _, err := cfg.ParamCount(); err != nil {
		return nil, err
	}
	in := 1
	for _, d := range cfg.Input {
		in *= d
	}
	if cfg.ClassNames != nil && len(cfg.ClassNames) != cfg.Classes {
		return nil, fmt.Errorf("mlpcls: %d class names for %d classes", len(cfg.ClassNames), cfg.Classes)
	}
	if err := checkTable(cfg, in); err != nil {
		return nil, err
	}
	rng := nn.NewRand(cfg.Seed)
	// Sequential names the layers as Keras does: flatten, dense, dense_1, ...
	layers := []nn.Applier{nn.NewFlatten("")}
	for _, units := range cfg.Hidden {
		layers = append(layers, nn.NewDense(rng, "", in, units, nn.ReLU))
		in = units
	}
	layers = append(layers, nn.NewDense(rng, "", in, cfg.Classes, nn.Softmax))
	m := nn.Sequential(nn.Input{Name: "input", Shape: cfg.Input}, layers,
		nn.WithLoss(nn.SparseCategoricalCrossentropy{}),
		nn.WithMetric(func() nn.Metric { return &nn.Accuracy{} }),
		nn.WithSeed(cfg.Seed))
	return &Model{Model: m, Config: cfg}, nil
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

// checkTable checks the Schema and Scaler of a model of in inputs.
func checkTable(cfg Config, in int) error {
	if cfg.Schema != nil {
		if err := cfg.Schema.Check(in); err != nil {
			return fmt.Errorf("mlpcls: %w", err)
		}
	}
	if s := cfg.Scaler; s != nil && (len(s.Mean) != in || len(s.Scale) != in) {
		return fmt.Errorf("mlpcls: the scaler has %d means and %d scales for %d inputs", len(s.Mean), len(s.Scale), in)
	}
	return nil
}

// TableData turns a table into the model's input, standardized by the
// Config's scaler if it has one, and its class indices as targets (none
// for a table without them).
func (m *Model) TableData(t data.Table) (nn.Data, error) {
	if len(m.Config.Input) != 1 || t.NumFeatures() != m.Config.Input[0] {
		return nn.Data{}, fmt.Errorf("mlpcls: the table has %d columns, the model takes input %v", t.NumFeatures(), m.Config.Input)
	}
	t, err := m.Config.Scaler.TransformTable(t)
	if err != nil {
		return nn.Data{}, fmt.Errorf("mlpcls: %w", err)
	}
	return nn.Data{X: [][]float32{t.Flat32()}, Y: t.Targets32()}, nil
}

// PredictTable returns the model's prediction for each row of t, a table
// of the model's Schema columns (data.ReadCSVRows reads one from a CSV
// file), standardized by the Config's scaler as the training rows were.
func (m *Model) PredictTable(t data.Table) ([]nn.ClassPrediction, error) {
	d, err := m.TableData(t)
	if err != nil {
		return nil, err
	}
	return m.PredictProbabilities(d, 256)
}

// PredictImages returns the model's prediction for each image, which must
// have the model's input shape: (height, width) for one channel, (height,
// width, channels) otherwise.
func (m *Model) PredictImages(im data.Images) ([]nn.ClassPrediction, error) {
	if err := im.CheckShape(m.Config.Input); err != nil {
		return nil, fmt.Errorf("mlpcls: %w", err)
	}
	return m.PredictProbabilities(nn.Data{X: [][]float32{im.Float32()[:im.N*im.Size()]}}, 256)
}
