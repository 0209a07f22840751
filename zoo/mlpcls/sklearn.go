package mlpcls

import (
	"errors"
	"fmt"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/metrics"
	"github.com/gozoo/gozoo/skmlp"
)

// Iris is the notebook's scikit-learn cell of section 1.6, exactly:
//
//	XTrainFull, XTest, yTrainFull, yTest = train_test_split(iris.data, iris.target, random_state=42)
//	XTrain, XValid, yTrain, yValid = train_test_split(XTrainFull, yTrainFull, random_state=42)
//	mlpCls = MLPClassifier(hidden_layer_sizes=[10], max_iter=10000, random_state=42)
//	mlpClsPipe = make_pipeline(StandardScaler(), mlpCls)
//
// Model is scikit-learn's MLP in float64 (package skmlp), which trains to
// scikit-learn's numbers: it stops at epoch 954 with test accuracy 1.00.
type Iris struct {
	// Model is the MLPClassifier, 4-10-3, with its initial weights.
	Model *skmlp.Model
	// Scaler is the StandardScaler fitted on the training rows.
	Scaler *data.StandardScaler
	// TrainX, ValidX and TestX are the three parts' rows, scaled.
	TrainX, ValidX, TestX [][]float64
	// TrainY is the training labels one-hot, as MLPClassifier trains on them.
	TrainY [][]float64
	// TrainLabels, ValidLabels and TestLabels are the parts' classes.
	TrainLabels, ValidLabels, TestLabels []int
	// ClassNames names the classes.
	ClassNames []string
}

// IrisMaxIter is the cell's max_iter.
const IrisMaxIter = 10000

// IrisSplit is the embedded Iris data cut as section 1.6's cell cuts it.
type IrisSplit struct {
	// Train, Valid and Test are the three parts, unscaled.
	Train, Valid, Test data.Table
	// Scaler is the StandardScaler fitted on Train.
	Scaler *data.StandardScaler
	// ClassNames names the three species.
	ClassNames []string
}

// SplitIris cuts the embedded Iris data as the cell does, with two
// train_test_split calls of random_state 42 (a quarter of the rows for
// test, then a quarter of the rest for validation), keeps the first limit
// training rows (all for limit <= 0) and fits the scaler on them.
func SplitIris(limit int) (*IrisSplit, error) {
	tab, err := data.Iris()
	if err != nil {
		return nil, err
	}
	full, test, err := data.SplitTable(tab, 0.25, 42)
	if err != nil {
		return nil, err
	}
	train, valid, err := data.SplitTable(full, 0.25, 42)
	if err != nil {
		return nil, err
	}
	if limit > 0 && limit < train.Len() {
		idx := make([]int, limit)
		for i := range idx {
			idx[i] = i
		}
		train = train.Subset(idx)
	}
	sc, err := data.FitStandardScaler(train.X)
	if err != nil {
		return nil, err
	}
	return &IrisSplit{Train: train, Valid: valid, Test: test, Scaler: sc, ClassNames: tab.ClassNames}, nil
}

// NewIris cuts the embedded iris data as the cell does (SplitIris), fits
// the scaler on the first limit training rows (all for limit <= 0) and
// builds the untrained MLPClassifier with random_state seed.
func NewIris(seed uint32, limit int) (*Iris, error) {
	split, err := SplitIris(limit)
	if err != nil {
		return nil, fmt.Errorf("mlpcls: %w", err)
	}
	train, valid, test, sc := split.Train, split.Valid, split.Test, split.Scaler
	c := &Iris{Scaler: sc, ClassNames: split.ClassNames}
	for _, p := range []struct {
		t data.Table
		x *[][]float64
		y *[]int
	}{{train, &c.TrainX, &c.TrainLabels}, {valid, &c.ValidX, &c.ValidLabels}, {test, &c.TestX, &c.TestLabels}} {
		if *p.x, err = sc.Transform(p.t.X); err != nil {
			return nil, fmt.Errorf("mlpcls: %w", err)
		}
		*p.y = p.t.Labels()
	}
	classes := len(split.ClassNames)
	if c.TrainY, err = skmlp.OneHot(c.TrainLabels, classes); err != nil {
		return nil, fmt.Errorf("mlpcls: %w", err)
	}
	cfg := IrisRecipe().Sklearn(true, seed, IrisConfig().Hidden...)
	if c.Model, err = skmlp.New(cfg, train.NumFeatures(), classes); err != nil {
		return nil, fmt.Errorf("mlpcls: %w", err)
	}
	return c, nil
}

// TestAccuracy is the model's accuracy on the test rows.
func (c *Iris) TestAccuracy() (float64, error) {
	pred, err := c.Model.PredictClasses(c.TestX)
	if err != nil {
		return 0, err
	}
	return metrics.Accuracy(c.TestLabels, pred)
}

// Keep copies the trained weights into m, the iris cell's nn model
// (IrisConfig, same layers), which saves them, summarises them and reports
// on them: m's float32 parameters get their rounding, and its
// Config.SklearnWeights the exact values, from which Restore takes them
// back.
func (c *Iris) Keep(m *Model) error {
	exact, err := c.Model.Export(m.Params())
	if err != nil {
		return err
	}
	m.Config.SklearnWeights = exact
	return nil
}

// Restore sets the model's weights to the exact ones m holds (Keep).
func (c *Iris) Restore(m *Model) error {
	if m.Config.SklearnWeights == nil {
		return errors.New("mlpcls: the model holds no scikit-learn weights")
	}
	if err := c.Model.SetParams(m.Config.SklearnWeights); err != nil {
		return fmt.Errorf("mlpcls: %w", err)
	}
	return nil
}

// Proba returns the class probabilities of the validation or test rows
// (part "validation" or "test"), as mlpClsPipe.predict_proba.
func (c *Iris) Proba(part string) ([][]float64, error) {
	switch part {
	case "validation":
		return c.Model.Predict(c.ValidX)
	case "test":
		return c.Model.Predict(c.TestX)
	}
	return nil, fmt.Errorf("mlpcls: no part %q", part)
}
