package kernels

import (
	"math"

	"github.com/gozoo/gozoo/internal/vecexp"
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
// along each row in order, as they always have.
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
		n := min(per, rows-r0) * cols
		zb, db, eb := z[r0*cols:][:n], dst[r0*cols:][:n], e[:n]
		for i := 0; i < n; i += cols {
			row, er := zb[i:i+cols], eb[i:i+cols]
			m := row[0]
			for _, v := range row {
				m = max32(m, v)
			}
			for j, v := range row {
				er[j] = float64(v - m)
			}
		}
		vecexp.Exp(eb)
		for i := 0; i < n; i += cols {
			er, out := eb[i:i+cols], db[i:i+cols]
			var sum float64
			for j, v := range er {
				out[j] = float32(v)
				sum += v
			}
			inv := float32(1 / sum)
			for j := range out {
				out[j] *= inv
			}
		}
	}
}

// max32 is the larger of m and v as SoftmaxRows has always taken it: v
// replaces m only when v > m, so a NaN never does and -0 after +0 keeps +0
// (Go's max would differ on both).
func max32(m, v float32) float32 {
	if v > m {
		return v
	}
	return m
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
