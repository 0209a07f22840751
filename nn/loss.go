package nn

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
)

// Loss turns a model's output and a batch's targets into the scalar that
// training minimises.
type Loss interface {
	// Name is the loss's Keras name.
	Name() string
	// LabelWidth is how many values Data.Y holds per example, for an output
	// of width outWidth: 1 class index, or outWidth values.
	LabelWidth(outWidth int) int
	// TargetWidth is how many target values the graph holds per example, for
	// an output of width outWidth.
	TargetWidth(outWidth int) int
	// FillTarget writes the graph's target values for one example from its
	// label or value(s) y.
	FillTarget(dst []float32, y []float32) error
	// Node adds the loss of out against target (batch, TargetWidth) to the graph.
	Node(s *Scope, out, target *G.Node) (*G.Node, error)
}

// SparseCategoricalCrossentropy is the loss of a classifier whose targets are
// class indices and whose output is a softmax (or, equivalently, logits).
type SparseCategoricalCrossentropy struct{}

// Name is "sparse_categorical_crossentropy".
func (SparseCategoricalCrossentropy) Name() string { return "sparse_categorical_crossentropy" }

// LabelWidth is 1: one class index per example.
func (SparseCategoricalCrossentropy) LabelWidth(int) int { return 1 }

// TargetWidth is the number of classes: targets are one-hot in the graph.
func (SparseCategoricalCrossentropy) TargetWidth(outWidth int) int { return outWidth }

// FillTarget writes the one-hot vector of class y[0].
func (SparseCategoricalCrossentropy) FillTarget(dst []float32, y []float32) error {
	clear(dst)
	c := int(y[0])
	if float32(c) != y[0] || c < 0 || c >= len(dst) {
		return fmt.Errorf("label %v is not a class index in [0, %d)", y[0], len(dst))
	}
	dst[c] = 1
	return nil
}

// Node is the mean cross-entropy. On a softmax output it works on the logits
// beneath, which is exact and cannot overflow; on other outputs it takes
// -log(clip(p, 1e-7, 1)) like Keras.
func (SparseCategoricalCrossentropy) Node(s *Scope, out, target *G.Node) (*G.Node, error) {
	if z, ok := s.logits[out]; ok {
		return try("sparse_categorical_crossentropy", func() (*G.Node, error) {
			rows, cols, err := matrixShape(z, "the cross-entropy")
			if err != nil {
				return nil, err
			}
			return G.ApplyOp(newOp(xentOp{rows, cols}), z, target)
		})
	}
	return try("sparse_categorical_crossentropy", func() (*G.Node, error) {
		eps := G.NewConstant(float32(1e-7))
		p, err := G.Add(out, eps)
		if err != nil {
			return nil, err
		}
		lp, err := G.Log(p)
		if err != nil {
			return nil, err
		}
		prod, err := G.HadamardProd(lp, target)
		if err != nil {
			return nil, err
		}
		sum, err := G.Sum(prod)
		if err != nil {
			return nil, err
		}
		return G.Div(sum, G.NewConstant(float32(-out.Shape()[0])))
	})
}

// MeanSquaredError is the regression loss "mse".
type MeanSquaredError struct{}

// Name is "mse".
func (MeanSquaredError) Name() string { return "mse" }

// LabelWidth equals the output's width.
func (MeanSquaredError) LabelWidth(outWidth int) int { return outWidth }

// TargetWidth equals the output's width.
func (MeanSquaredError) TargetWidth(outWidth int) int { return outWidth }

// FillTarget copies the target values.
func (MeanSquaredError) FillTarget(dst []float32, y []float32) error {
	if len(y) != len(dst) {
		return fmt.Errorf("target has %d values, the output %d", len(y), len(dst))
	}
	copy(dst, y)
	return nil
}

// Node is mean((out - target)^2) over the batch and the outputs.
func (MeanSquaredError) Node(s *Scope, out, target *G.Node) (*G.Node, error) {
	return try("mse", func() (*G.Node, error) {
		d, err := G.Sub(out, target)
		if err != nil {
			return nil, err
		}
		sq, err := G.Square(d)
		if err != nil {
			return nil, err
		}
		return G.Mean(sq)
	})
}

// Metric is a score accumulated over an epoch's batches, like Keras's
// running metrics.
type Metric interface {
	// Name is the metric's key in History, like "accuracy".
	Name() string
	// Reset starts a new epoch.
	Reset()
	// Update adds a batch: out holds rows outputs of width w, y the targets as
	// given to Fit (one class index, or w values, per row).
	Update(out, y []float32, rows, w int)
	// Result is the score over the batches since Reset.
	Result() float64
}

// Accuracy is the share of rows whose largest output is the target class.
type Accuracy struct{ right, total int }

// Name is "accuracy".
func (*Accuracy) Name() string { return "accuracy" }

// Reset starts over.
func (a *Accuracy) Reset() { a.right, a.total = 0, 0 }

// Update counts the batch's correct predictions.
func (a *Accuracy) Update(out, y []float32, rows, w int) {
	for r := 0; r < rows; r++ {
		if Argmax(out[r*w:(r+1)*w]) == int(y[r]) {
			a.right++
		}
	}
	a.total += rows
}

// Result is right / total.
func (a *Accuracy) Result() float64 {
	if a.total == 0 {
		return math.NaN()
	}
	return float64(a.right) / float64(a.total)
}

// RootMeanSquaredError is Keras's "RootMeanSquaredError": the square root of
// the mean squared error over all rows seen, not the mean of batch RMSEs.
type RootMeanSquaredError struct {
	sum float64
	n   int
}

// Name is "rmse".
func (*RootMeanSquaredError) Name() string { return "rmse" }

// Reset starts over.
func (m *RootMeanSquaredError) Reset() { m.sum, m.n = 0, 0 }

// Update adds the batch's squared errors.
func (m *RootMeanSquaredError) Update(out, y []float32, rows, w int) {
	for i := 0; i < rows*w; i++ {
		d := float64(out[i]) - float64(y[i])
		m.sum += d * d
	}
	m.n += rows * w
}

// Result is sqrt(sum / n).
func (m *RootMeanSquaredError) Result() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	return math.Sqrt(m.sum / float64(m.n))
}

// Argmax is the index of the largest value (the first one on ties).
func Argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}
