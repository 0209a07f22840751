package nn

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"

	"github.com/gozoo/gozoo/internal/kernels"
)

// normEpsilon is Keras's backend.epsilon(): the smallest standard deviation
// Normalization divides by, so a constant feature maps to 0 and not NaN.
const normEpsilon = 1e-7

// Normalization standardizes each feature with a mean and variance learnt
// from data by Adapt, like Keras's Normalization layer:
// (x - mean) / max(sqrt(variance), 1e-7).
//
// Its values are not trained. Like Keras it holds three weights, counted by
// Summary as non-trainable parameters and saved with the model: the mean and
// the variance (one per feature) and the number of rows adapted on, which
// Keras stores as an int64 (hence 17 parameters and 72 bytes for 8 features).
// Until Adapt is called it is the identity (mean 0, variance 1), as in Keras.
type Normalization struct {
	name     string
	Mean     *Param
	Variance *Param
	Count    *Param
	// invStd is 1 / max(sqrt(variance), eps), derived from Variance. It is
	// bound into the graphs like a parameter, so multiplying by it costs one
	// node, but it is not listed in Params: it is neither counted nor saved,
	// and Refresh recomputes it from the saved variance.
	invStd *Param
}

// NewNormalization makes a Normalization layer named name for inputs of
// shape (batch, features).
func NewNormalization(name string, features int) *Normalization {
	n := &Normalization{
		name:     name,
		Mean:     NewParam(name+"/mean", false, features),
		Variance: NewParam(name+"/variance", false, features),
		Count:    NewParam(name+"/count", false, 1),
		invStd:   NewParam(name+"/inv_std", false, features),
	}
	n.Count.ElemBytes = 8
	for i := range n.Variance.Data() {
		n.Variance.Data()[i] = 1
	}
	n.Refresh()
	return n
}

// Name is the layer's name.
func (n *Normalization) Name() string { return n.name }

// Type is "Normalization".
func (n *Normalization) Type() string { return "Normalization" }

// Params are the mean, the variance and the count, none trainable.
func (n *Normalization) Params() []*Param { return []*Param{n.Mean, n.Variance, n.Count} }

// Features is the number of features the layer normalizes.
func (n *Normalization) Features() int { return n.Mean.Size() }

// Adapt sets the mean and the population variance (ddof 0, as numpy's var
// and Keras's adapt) of each feature from rows examples of x, row-major,
// and the count to rows. It sums in float64, so the result does not depend
// on the order of the rows beyond float64 rounding.
func (n *Normalization) Adapt(x []float32, rows int) error {
	k := n.Features()
	if rows <= 0 {
		return fmt.Errorf("%s: adapt: no rows", n.name)
	}
	if len(x) != rows*k {
		return fmt.Errorf("%s: adapt: %d values is not %d rows of %d features", n.name, len(x), rows, k)
	}
	mean, variance, err := kernels.Moments(x, rows, k)
	if err != nil {
		return fmt.Errorf("%s: adapt: %w", n.name, err)
	}
	m, v := n.Mean.Data(), n.Variance.Data()
	for j := range m {
		m[j] = float32(mean[j])
		v[j] = float32(variance[j])
	}
	n.Count.Data()[0] = float32(rows)
	n.Refresh()
	return nil
}

// Refresh recomputes the inverse standard deviation from Variance. Restore
// calls it after loading saved values (Normalization is a Refresher); call it
// yourself after writing Variance directly.
func (n *Normalization) Refresh() {
	inv := n.invStd.Data()
	for j, v := range n.Variance.Data() {
		sd := math.Sqrt(math.Max(float64(v), 0))
		inv[j] = float32(1 / math.Max(sd, normEpsilon))
	}
}

// InvStd returns a copy of the factors the layer multiplies the centred
// inputs by, 1 / max(sqrt(variance), 1e-7).
func (n *Normalization) InvStd() []float32 { return append([]float32(nil), n.invStd.Data()...) }

// SetMeanInvStd sets the mean and the factors 1/std as another framework's
// model holds them, exactly, so that an imported model predicts as its
// source did; Variance becomes 1/invStd² (for Summary and saving) and Count
// 0, since the rows the statistics came from are not known.
func (n *Normalization) SetMeanInvStd(mean, invStd []float32) error {
	k := n.Features()
	if len(mean) != k || len(invStd) != k {
		return fmt.Errorf("%s: %d means and %d factors for %d features", n.name, len(mean), len(invStd), k)
	}
	for j, v := range invStd {
		if !(v > 0) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("%s: feature %d: factor 1/std %v is not a positive number", n.name, j, v)
		}
	}
	copy(n.Mean.Data(), mean)
	copy(n.invStd.Data(), invStd)
	for j, v := range invStd {
		n.Variance.Data()[j] = float32(1 / (float64(v) * float64(v)))
	}
	n.Count.Data()[0] = 0
	return nil
}

// Apply adds (x - mean) * invStd to the scope's graph; x is (batch, features).
// The gradient flows through to x, so layers below a Normalization train.
func (n *Normalization) Apply(s *Scope, x *G.Node) (*G.Node, error) {
	out, err := try(n.name, func() (*G.Node, error) {
		if x.Shape().Dims() != 2 || x.Shape()[1] != n.Features() {
			return nil, fmt.Errorf("input shape %v, want (batch, %d)", x.Shape(), n.Features())
		}
		centred, err := G.BroadcastSub(x, s.Param(n.Mean), nil, []byte{0})
		if err != nil {
			return nil, err
		}
		return G.BroadcastHadamardProd(centred, s.Param(n.invStd), nil, []byte{0})
	})
	if err != nil {
		return nil, err
	}
	s.setInfer(out, n.normalize, x)
	s.Record(n, out, x)
	return out, nil
}

// normalize is the layer's inference step, in one pass where the graph
// takes a broadcast subtraction and a broadcast product: each value is
// rounded after the subtraction and after the product, as there.
func (n *Normalization) normalize(dst []float32, src [][]float32, rows int) {
	kernels.Normalize(dst, src[0], n.Mean.Data(), n.invStd.Data(), rows)
}
