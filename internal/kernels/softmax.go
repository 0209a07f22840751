package kernels

import (
	"math"

	"github.com/gozoo/gozoo/internal/vecexp"
	"github.com/gozoo/gozoo/internal/vecf32"
)

// Gorgonia's LogSoftMax computes log(softmax(z)) and overflows to -Inf for
// large logits, so gozoo computes softmax and the sparse categorical
// cross-entropy itself: a max-shifted softmax forward, and a fused
// cross-entropy on logits whose gradient is (softmax - onehot) / batch.
// Keras does the same fusion when the last layer is a softmax.

// SoftmaxRows writes the row-wise softmax of z (rows x cols) into dst.
// The exponentials are float64 (vecexp.Exp: math.Exp's bits, four at a
// time), taken over a block of rows at once so that a softmax of few
// classes (the iris MLP's three) still fills the vectors; the sums run
// along each row in order, as they always have. The row maxima come from
// vecf32.MaxShift, without a branch, the sums and scaling from
// vecf32.NormRows: on 1,000 rows of three classes Go's loops took as long
// as the exponentials.
func SoftmaxRows(dst, z []float32, rows, cols int) {
	if rows <= 0 || cols <= 0 {
		return
	}
	var buf [256]float64
	per := max(1, len(buf)/cols)
	e := buf[:]
	if cols > len(buf) {
		e = make([]float64, cols)
	}
	z, dst = z[:rows*cols], dst[:rows*cols]
	for r0 := 0; r0 < rows; r0 += per {
		nr := min(per, rows-r0)
		n := nr * cols
		zb, db, eb := z[r0*cols:][:n], dst[r0*cols:][:n], e[:n]
		vecf32.MaxShift(eb, zb, nr, cols)
		vecexp.Exp(eb)
		vecf32.NormRows(db, eb, nr, cols)
	}
}

// Xent is the mean cross-entropy of the logits z (rows x cols) against
// the targets y (rows x cols, one-hot or any distribution), summed in
// float64.
func Xent(z, y []float32, rows, cols int) float32 {
	var total float64
	for r := 0; r < rows; r++ {
		row := z[r*cols : (r+1)*cols]
		m := row[0]
		for _, v := range row[1:] {
			if v > m {
				m = v
			}
		}
		var sum float64
		for _, v := range row {
			sum += math.Exp(float64(v - m))
		}
		lse := float64(m) + math.Log(sum)
		for i, v := range row {
			if t := y[r*cols+i]; t != 0 {
				total += float64(t) * (lse - float64(v))
			}
		}
	}
	return float32(total / float64(rows))
}

// XentGrad is Xent's gradient with respect to the logits, times g:
// dst = (softmax(z) - y) g / rows.
func XentGrad(dst, z, y []float32, rows, cols int, g float32) {
	SoftmaxRows(dst, z, rows, cols)
	scale := g / float32(rows)
	for i := range dst {
		dst[i] = (dst[i] - y[i]) * scale
	}
}
