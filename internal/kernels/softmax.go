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
	var buf [256]float64
	per := max(1, len(buf)/max(cols, 1))
	if cols > len(buf) {
		per = 1
	}
	var heap []float64
	for r0 := 0; r0 < rows; r0 += per {
		n := min(per, rows-r0)
		e := buf[:]
		if n*cols > len(buf) {
			if len(heap) < cols {
				heap = make([]float64, cols)
			}
			e = heap
		}
		e = e[:n*cols]
		for r := range n {
			row := z[(r0+r)*cols : (r0+r+1)*cols]
			m := row[0]
			for _, v := range row[1:] {
				if v > m {
					m = v
				}
			}
			er := e[r*cols : (r+1)*cols]
			for i, v := range row {
				er[i] = float64(v - m)
			}
		}
		vecexp.Exp(e)
		for r := range n {
			out := dst[(r0+r)*cols : (r0+r+1)*cols]
			var sum float64
			for i, v := range e[r*cols : (r+1)*cols] {
				out[i] = float32(v)
				sum += v
			}
			inv := float32(1 / sum)
			for i := range out {
				out[i] *= inv
			}
		}
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
