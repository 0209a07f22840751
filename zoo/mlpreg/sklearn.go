package mlpreg

import (
	"errors"
	"fmt"
	"math"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/metrics"
	"github.com/gozoo/gozoo/skmlp"
)

// Sklearn is the notebook's scikit-learn cell of section 1.5, exactly:
//
//	mlpReg = MLPRegressor(hidden_layer_sizes=[50, 50, 50], random_state=42, activation="relu")
//	mlpRegPipe = make_pipeline(StandardScaler(), mlpReg)
//	mlpRegPipe.fit(XTrain, yTrain)
//
// Model is scikit-learn's MLP in float64 (package skmlp), which trains to
// scikit-learn's numbers: it stops at epoch 169 with validation RMSE 0.5053.
type Sklearn struct {
	// Model is the MLPRegressor, 8-50-50-50-1.
	Model *skmlp.Model
	// Scaler is the StandardScaler fitted on the training rows.
	Scaler *data.StandardScaler
	// TrainX is the training rows, scaled; TrainY their targets, one per row
	// (the (n, 1) array MLPRegressor reshapes y to).
	TrainX, TrainY [][]float64
}

// SklearnHidden is the cell's hidden_layer_sizes.
var SklearnHidden = []int{50, 50, 50}

// NewSklearn fits the scaler on train and builds the untrained
// MLPRegressor with random_state seed.
func NewSklearn(train data.Table, seed uint32) (*Sklearn, error) {
	sc, err := data.FitStandardScaler(train.X)
	if err != nil {
		return nil, fmt.Errorf("mlpreg: %w", err)
	}
	x, err := sc.Transform(train.X)
	if err != nil {
		return nil, fmt.Errorf("mlpreg: %w", err)
	}
	if len(train.Y) != len(x) {
		return nil, fmt.Errorf("mlpreg: %d rows but %d targets", len(x), len(train.Y))
	}
	y := make([][]float64, len(train.Y))
	for i := range y {
		y[i] = train.Y[i : i+1 : i+1]
	}
	m, err := skmlp.New(SklearnRecipe().Sklearn(false, seed, SklearnHidden...), train.NumFeatures(), 1)
	if err != nil {
		return nil, fmt.Errorf("mlpreg: %w", err)
	}
	return &Sklearn{Model: m, Scaler: sc, TrainX: x, TrainY: y}, nil
}

// Predict scales the rows of t and returns the model's predictions, as
// mlpRegPipe.predict does.
func (s *Sklearn) Predict(t data.Table) ([]float64, error) {
	x, err := s.Scaler.Transform(t.X)
	if err != nil {
		return nil, fmt.Errorf("mlpreg: %w", err)
	}
	out, err := s.Model.Predict(x)
	if err != nil {
		return nil, fmt.Errorf("mlpreg: %w", err)
	}
	p := make([]float64, len(out))
	for i, o := range out {
		p[i] = o[0]
	}
	return p, nil
}

// RMSE is root_mean_squared_error(t's targets, Predict(t)).
func (s *Sklearn) RMSE(t data.Table) (float64, error) {
	p, err := s.Predict(t)
	if err != nil {
		return 0, err
	}
	return metrics.RMSE(t.Y, p)
}

// Keep copies the model's weights into m, the scikit-learn preset's nn
// model (SklearnConfig, same layers), which saves them, summarises them and
// reports on them: m's float32 parameters get their rounding, and its
// Config.SklearnWeights the exact values.
func (s *Sklearn) Keep(m *Model) error {
	exact, err := s.Model.Export(m.Params())
	if err != nil {
		return err
	}
	m.Config.SklearnWeights = exact
	m.Config.Scaler = s.Scaler
	return nil
}

// Sklearn rebuilds the scikit-learn model a saved scikit-learn preset holds
// (Keep), with its scaler; train is the training table, which it scales for
// further training.
func (m *Model) Sklearn(train data.Table) (*Sklearn, error) {
	if m.Config.SklearnWeights == nil || m.Config.Scaler == nil {
		return nil, errors.New("mlpreg: the model holds no scikit-learn weights and scaler")
	}
	if m.Config.Seed < 0 || m.Config.Seed > math.MaxUint32 {
		return nil, fmt.Errorf("mlpreg: seed %d is no scikit-learn random_state", m.Config.Seed)
	}
	s, err := NewSklearn(train, uint32(m.Config.Seed))
	if err != nil {
		return nil, err
	}
	s.Scaler = m.Config.Scaler
	if s.TrainX, err = s.Scaler.Transform(train.X); err != nil {
		return nil, fmt.Errorf("mlpreg: %w", err)
	}
	if err := s.Model.SetParams(m.Config.SklearnWeights); err != nil {
		return nil, fmt.Errorf("mlpreg: %w", err)
	}
	return s, nil
}
