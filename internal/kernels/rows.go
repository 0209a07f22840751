package kernels

import (
	"fmt"
	"math"

	"github.com/gozoo/gozoo/internal/vecf32"
)

// DropoutMask fills mask for one training step of a dropout layer: each
// value is scale with probability keep, else 0, drawing one uniform
// number in [0, 1) per value from uniform, in order.
func DropoutMask(mask []float32, keep float64, scale float32, uniform func() float64) {
	for i := range mask {
		if uniform() < keep {
			mask[i] = scale
		} else {
			mask[i] = 0
		}
	}
}

// Normalize sets dst = (x - mean) * inv for rows rows of len(mean)
// features, each value rounded after the subtraction and after the
// product, as a graph's broadcast subtraction and product round it
// (vecf32.Normalize: eight values at a time).
func Normalize(dst, x, mean, inv []float32, rows int) {
	vecf32.Normalize(dst, x, mean, inv, rows)
}

// Moments returns the mean and the population variance (ddof 0, as
// numpy's var) of each of k features over rows rows of x, summed in
// float64, or an error for a value that is not a finite number. Two
// passes: summing squared deviations from the mean avoids the
// cancellation of E[x^2] - E[x]^2 on features whose mean is large beside
// their spread.
func Moments(x []float32, rows, k int) (mean, variance []float64, err error) {
	sum := make([]float64, k)
	for r := 0; r < rows; r++ {
		for j, v := range x[r*k : (r+1)*k] {
			f := float64(v)
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, nil, fmt.Errorf("row %d feature %d is %v", r, j, v)
			}
			sum[j] += f
		}
	}
	mean = make([]float64, k)
	for j := range mean {
		mean[j] = sum[j] / float64(rows)
	}
	variance = make([]float64, k)
	for r := 0; r < rows; r++ {
		for j, v := range x[r*k : (r+1)*k] {
			d := float64(v) - mean[j]
			variance[j] += d * d
		}
	}
	for j := range variance {
		variance[j] /= float64(rows)
	}
	return mean, variance, nil
}

// Concat writes runs runs of the inputs src one after the other into dst:
// run r of dst is run r of src[0], then of src[1], and so on, input i's
// runs widths[i] values long.
func Concat(dst []float32, src [][]float32, widths []int, runs int) {
	total := 0
	for _, w := range widths {
		total += w
	}
	for r := range runs {
		row := dst[r*total : (r+1)*total]
		for i, x := range src {
			w := widths[i]
			row = row[copy(row, x[r*w:(r+1)*w]):]
		}
	}
}
