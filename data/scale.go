package data

import (
	"errors"
	"fmt"
	"math"
)

// StandardScaler standardizes features like scikit-learn's StandardScaler: x' = (x - Mean) / Scale.
type StandardScaler struct {
	Mean  []float64 // per-column mean
	Scale []float64 // per-column population standard deviation (ddof 0), 1 for constant columns
}

// FitStandardScaler computes the per-column mean and population standard deviation of X. Constant
// columns get Scale 1, so that transforming them yields zeros instead of NaN.
//
// The arithmetic follows sklearn's _incremental_mean_and_var (sequential column sums, then the
// variance corrected by the sum of residuals) so that Mean and Scale usually agree with sklearn's
// mean_ and scale_ to the last bit, and the models see the inputs the notebook's models saw.
func FitStandardScaler(X [][]float64) (*StandardScaler, error) {
	if len(X) == 0 {
		return nil, errors.New("standard scaler: no rows to fit")
	}
	k := len(X[0])
	if k == 0 {
		return nil, errors.New("standard scaler: rows have no columns")
	}
	sum := make([]float64, k)
	for i, row := range X {
		if len(row) != k {
			return nil, fmt.Errorf("standard scaler: row %d has %d columns, row 0 has %d", i, len(row), k)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("standard scaler: row %d column %d is %v", i, j, v)
			}
			sum[j] += v
		}
	}
	n := float64(len(X))
	mean := make([]float64, k)
	for j := range mean {
		mean[j] = sum[j] / n
	}
	// Two-pass variance with sklearn's correction term, which cancels most of the rounding error
	// of the first pass's mean.
	corr := make([]float64, k)
	sq := make([]float64, k)
	for _, row := range X {
		for j, v := range row {
			d := v - mean[j]
			corr[j] += d
			sq[j] += d * d
		}
	}
	scale := make([]float64, k)
	for j := range scale {
		v := (sq[j] - corr[j]*corr[j]/n) / n
		if scaleIsConstant(v, mean[j], n) {
			scale[j] = 1
			continue
		}
		scale[j] = math.Sqrt(v)
	}
	return &StandardScaler{Mean: mean, Scale: scale}, nil
}

// scaleIsConstant is sklearn's _is_constant_feature: a variance within rounding noise of zero means the
// column is constant, and dividing by its tiny standard deviation would only amplify that noise.
func scaleIsConstant(variance, mean, n float64) bool {
	const eps = 0x1p-52
	bound := n*eps*variance + (n*mean*eps)*(n*mean*eps)
	return variance <= bound
}

// Transform returns standardized copies of the rows of X; X is left unchanged.
func (s *StandardScaler) Transform(X [][]float64) ([][]float64, error) {
	k := len(s.Mean)
	if len(s.Scale) != k {
		return nil, fmt.Errorf("standard scaler: %d means but %d scales", k, len(s.Scale))
	}
	buf := make([]float64, len(X)*k)
	out := make([][]float64, len(X))
	for i, row := range X {
		if len(row) != k {
			return nil, fmt.Errorf("standard scaler: row %d has %d columns, the scaler was fitted on %d", i, len(row), k)
		}
		o := buf[i*k : (i+1)*k : (i+1)*k]
		for j, v := range row {
			o[j] = (v - s.Mean[j]) / s.Scale[j]
		}
		out[i] = o
	}
	return out, nil
}

// TransformTable returns t with its rows standardized (copies; t is left
// unchanged). A nil scaler returns t as it is, for models that may or may
// not have one.
func (s *StandardScaler) TransformTable(t Table) (Table, error) {
	if s == nil {
		return t, nil
	}
	x, err := s.Transform(t.X)
	if err != nil {
		return Table{}, err
	}
	t.X = x
	return t, nil
}
