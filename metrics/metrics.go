// Package metrics scores predictions: accuracy, RMSE, confusion matrices and
// scikit-learn's classification report.
package metrics

import (
	"errors"
	"fmt"
	"math"
)

// ErrEmpty is returned when there is nothing to score.
var ErrEmpty = errors.New("metrics: no samples")

// checkLen reports whether two label or target vectors can be compared.
func checkLen(nTrue, nPred int) error {
	if nTrue != nPred {
		return fmt.Errorf("metrics: %d true values but %d predictions", nTrue, nPred)
	}
	if nTrue == 0 {
		return ErrEmpty
	}
	return nil
}

// Accuracy returns the fraction of predictions equal to the true labels.
func Accuracy(yTrue, yPred []int) (float64, error) {
	if err := checkLen(len(yTrue), len(yPred)); err != nil {
		return 0, fmt.Errorf("accuracy: %w", err)
	}
	hits := 0
	for i, y := range yTrue {
		if y == yPred[i] {
			hits++
		}
	}
	return float64(hits) / float64(len(yTrue)), nil
}

// MSE returns the mean squared error between targets and predictions.
func MSE(yTrue, yPred []float64) (float64, error) {
	if err := checkLen(len(yTrue), len(yPred)); err != nil {
		return 0, fmt.Errorf("mse: %w", err)
	}
	var sum float64
	for i, y := range yTrue {
		d := y - yPred[i]
		sum += d * d
	}
	return sum / float64(len(yTrue)), nil
}

// RMSE returns the root mean squared error between targets and predictions,
// in the unit of the targets.
func RMSE(yTrue, yPred []float64) (float64, error) {
	mse, err := MSE(yTrue, yPred)
	if err != nil {
		return 0, fmt.Errorf("rmse: %w", err)
	}
	return math.Sqrt(mse), nil
}

// ConfusionMatrix counts predictions per (true, predicted) pair of classes
// 0..numClasses-1. As in scikit-learn, row i is the true class i and column
// j the predicted class j, so m[i][j] is how often class i was predicted as j
// and the diagonal holds the correct predictions.
func ConfusionMatrix(yTrue, yPred []int, numClasses int) ([][]int, error) {
	if err := checkLen(len(yTrue), len(yPred)); err != nil {
		return nil, fmt.Errorf("confusion matrix: %w", err)
	}
	if numClasses <= 0 {
		return nil, fmt.Errorf("confusion matrix: %d classes, want at least 1", numClasses)
	}
	m := make([][]int, numClasses)
	for i := range m {
		m[i] = make([]int, numClasses)
	}
	for i, t := range yTrue {
		p := yPred[i]
		if t < 0 || t >= numClasses {
			return nil, fmt.Errorf("confusion matrix: true label %d at index %d is outside 0..%d", t, i, numClasses-1)
		}
		if p < 0 || p >= numClasses {
			return nil, fmt.Errorf("confusion matrix: predicted label %d at index %d is outside 0..%d", p, i, numClasses-1)
		}
		m[t][p]++
	}
	return m, nil
}
