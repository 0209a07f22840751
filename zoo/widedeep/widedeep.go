// Package widedeep is the notebook's Wide & Deep regressor (section 1.7.3),
// built like Keras's functional API: part or all of the inputs go straight
// to the output layer (the wide path, for simple rules) while the deep path
// runs them through hidden layers (for deep patterns).
//
//	normWide = Normalization(inputWide)      normDeep = Normalization(inputDeep)
//	                                         hid1 = Dense(30, relu)(normDeep)
//	                                         hid2 = Dense(30, relu)(hid1)
//	output = Dense(1)(Concatenate([normWide, hid2]))
//
// OneInputConfig is the first model of the section: one input of the eight
// California features feeding both paths through one Normalization (1,256
// parameters). TwoInputConfig is the second: a wide input of features 0-4
// and a deep input of features 2-7, each with its own Normalization (1,200
// parameters). Any other split of a table's columns works the same way.
package widedeep

import (
	"errors"
	"fmt"
	"io"
	"slices"

	G "gorgonia.org/gorgonia"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/nn"
)

// Kind names this model in saved files.
const Kind = "widedeep"

// Config describes a Wide & Deep regressor over the columns of a table.
type Config struct {
	// Features is the number of columns of the tables the model reads: 8
	// for California housing.
	Features int `json:"features"`
	// Wide lists the columns of the wide input, which reaches the output
	// layer directly. Empty makes a deep-only network (a plain MLP).
	Wide []int `json:"wide"`
	// Deep lists the columns of the deep input, which goes through the
	// hidden layers. When Deep equals Wide the model has a single input and
	// a single Normalization feeding both paths.
	Deep []int `json:"deep"`
	// Hidden lists the width of each hidden ReLU layer of the deep path.
	Hidden []int `json:"hidden"`
	// Schema, for a model trained on a user's table, names its columns and
	// target (data.ReadCSVRows reads new rows by it). Nil for California
	// housing.
	Schema *data.Schema `json:"schema,omitempty"`
	// Seed draws the initial weights.
	Seed int64 `json:"seed"`
}

// OneInputConfig is the notebook's first Wide & Deep model: all eight
// features on both paths, two hidden layers of 30.
func OneInputConfig() Config {
	all := []int{0, 1, 2, 3, 4, 5, 6, 7}
	return Config{Features: 8, Wide: all, Deep: slices.Clone(all), Hidden: []int{30, 30}, Seed: 42}
}

// TwoInputConfig is the notebook's two-input model: XTrain[:, :5] on the
// wide path, XTrain[:, 2:] on the deep one, two hidden layers of 30.
func TwoInputConfig() Config {
	return Config{Features: 8, Wide: []int{0, 1, 2, 3, 4}, Deep: []int{2, 3, 4, 5, 6, 7}, Hidden: []int{30, 30}, Seed: 42}
}

// SingleInput tells whether the model has one input: the wide and deep
// columns are the same, or there is no wide path.
func (c Config) SingleInput() bool { return len(c.Wide) == 0 || slices.Equal(c.Wide, c.Deep) }

// Model is a trained or trainable Wide & Deep regressor.
type Model struct {
	*nn.Model
	Config Config // what New built the model from, and what Save writes
	// NormWide and NormDeep are the Normalization layers of the two inputs:
	// the same layer for a single input; NormWide is nil without a wide path.
	NormWide, NormDeep *nn.Normalization
}

// ParamCount is the number of parameters New builds from c (the
// Normalization layers' means, variances and counts included), counted
// without building them; an error for a bad column, a size of zero or less,
// or a model over nn.MaxParams.
func (c Config) ParamCount() (int, error) {
	if c.Features <= 0 {
		return 0, fmt.Errorf("widedeep: %d input features", c.Features)
	}
	if len(c.Deep) == 0 {
		return 0, errors.New("widedeep: no deep columns")
	}
	for _, cols := range [][]int{c.Wide, c.Deep} {
		for _, col := range cols {
			if col < 0 || col >= c.Features {
				return 0, fmt.Errorf("widedeep: column %d is not one of the %d features", col, c.Features)
			}
		}
	}
	var s nn.Sizes
	s.AddNormalization(len(c.Deep))
	if len(c.Wide) > 0 && !c.SingleInput() {
		s.AddNormalization(len(c.Wide))
	}
	if i := s.AddDense(len(c.Deep), c.Hidden...); i >= 0 {
		return 0, fmt.Errorf("widedeep: hidden layer %d has %d units", i+1, c.Hidden[i])
	}
	in := len(c.Deep)
	if len(c.Hidden) > 0 {
		in = c.Hidden[len(c.Hidden)-1]
	}
	s.AddDense(in+len(c.Wide), 1)
	n, err := s.Total()
	if err != nil {
		return 0, fmt.Errorf("widedeep: hidden %v: %w", c.Hidden, err)
	}
	return n, nil
}

// New builds the network with Keras's layer names (normalization, dense,
// dense_1, concatenate, dense_2, ...), Glorot-uniform weights drawn from
// cfg.Seed and zero biases. A two-input model takes its inputs in the order
// wide, deep, like keras.Model(inputs=[inputWide, inputDeep]).
func New(cfg Config) (*Model, error) {
	if _, err := cfg.ParamCount(); err != nil {
		return nil, err
	}
	if cfg.Schema != nil {
		if err := cfg.Schema.Check(cfg.Features); err != nil {
			return nil, fmt.Errorf("widedeep: %w", err)
		}
	}
	rng := nn.NewRand(cfg.Seed)
	m := &Model{Config: cfg}
	var inputs []nn.Input
	var layers []nn.Layer
	switch {
	case len(cfg.Wide) == 0:
		m.NormDeep = nn.NewNormalization("", len(cfg.Deep))
		inputs = []nn.Input{{Name: "input_layer", Shape: []int{len(cfg.Deep)}}}
		layers = append(layers, m.NormDeep)
	case cfg.SingleInput():
		m.NormDeep = nn.NewNormalization("", len(cfg.Deep))
		m.NormWide = m.NormDeep
		inputs = []nn.Input{{Name: "input_layer", Shape: []int{len(cfg.Deep)}}}
		layers = append(layers, m.NormDeep)
	default:
		// Keras numbers layers in the order they are created: the notebook
		// makes normLayerWide first, and NewModel numbers them in the
		// order of layers.
		m.NormWide = nn.NewNormalization("", len(cfg.Wide))
		m.NormDeep = nn.NewNormalization("", len(cfg.Deep))
		inputs = []nn.Input{{Name: "inputWide", Shape: []int{len(cfg.Wide)}}, {Name: "inputDeep", Shape: []int{len(cfg.Deep)}}}
		layers = append(layers, m.NormWide, m.NormDeep)
	}
	hidden := make([]*nn.Dense, len(cfg.Hidden))
	in := len(cfg.Deep)
	for i, units := range cfg.Hidden {
		hidden[i] = nn.NewDense(rng, "", in, units, nn.ReLU)
		layers = append(layers, hidden[i])
		in = units
	}
	var concat *nn.Concatenate
	if m.NormWide != nil {
		concat = nn.NewConcatenate("")
		layers = append(layers, concat)
		in += len(cfg.Wide)
	}
	output := nn.NewDense(rng, "", in, 1, nn.Linear)
	layers = append(layers, output)

	// forward is the notebook's functional wiring, one line per layer call.
	forward := func(s *nn.Scope, x []*G.Node) (*G.Node, error) {
		xDeep := x[len(x)-1]
		var normWide, h *G.Node
		var err error
		if m.NormWide != nil && m.NormWide != m.NormDeep {
			if normWide, err = m.NormWide.Apply(s, x[0]); err != nil {
				return nil, err
			}
		}
		if h, err = m.NormDeep.Apply(s, xDeep); err != nil {
			return nil, err
		}
		if m.NormWide == m.NormDeep {
			normWide = h // one input: the normalized input feeds both paths
		}
		for _, d := range hidden {
			if h, err = d.Apply(s, h); err != nil {
				return nil, err
			}
		}
		if concat != nil {
			if h, err = concat.Apply(s, normWide, h); err != nil {
				return nil, err
			}
		}
		return output.Apply(s, h)
	}
	// NewModel names the layers made with "" as Keras does.
	m.Model = nn.NewModel(inputs, layers, forward,
		nn.WithLoss(nn.MeanSquaredError{}),
		nn.WithMetric(func() nn.Metric { return &nn.RootMeanSquaredError{} }),
		nn.WithSeed(cfg.Seed))
	return m, nil
}

// Data cuts a table into the model's inputs (wide then deep for a
// two-input model, like the notebook's (XTrainWide, XTrainDeep)) and its
// targets.
func (m *Model) Data(t data.Table) (nn.Data, error) {
	if t.NumFeatures() != m.Config.Features {
		return nn.Data{}, fmt.Errorf("widedeep: the table has %d features, the model takes %d", t.NumFeatures(), m.Config.Features)
	}
	d := nn.Data{Y: t.Targets32()}
	if !m.Config.SingleInput() {
		d.X = append(d.X, t.Columns(m.Config.Wide...).Flat32())
	}
	d.X = append(d.X, t.Columns(m.Config.Deep...).Flat32())
	return d, nil
}

// PredictTable returns the model's prediction for each row of t, a table of
// the model's columns (data.ReadCSVRows reads one from a CSV file by the
// Config's Schema).
func (m *Model) PredictTable(t data.Table) ([]float64, error) {
	d, err := m.Data(t)
	if err != nil {
		return nil, err
	}
	return m.PredictValues(d, 256)
}

// Adapt sets each Normalization layer's mean and variance from its input in
// d, like the notebook's normLayerWide.adapt(XTrainWide) and
// normLayerDeep.adapt(XTrainDeep).
func (m *Model) Adapt(d nn.Data) error {
	n, err := m.Len(d)
	if err != nil {
		return fmt.Errorf("widedeep: adapt: %w", err)
	}
	if m.NormWide != nil && m.NormWide != m.NormDeep {
		if err := m.NormWide.Adapt(d.X[0], n); err != nil {
			return err
		}
	}
	return m.NormDeep.Adapt(d.X[len(d.X)-1], n)
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
