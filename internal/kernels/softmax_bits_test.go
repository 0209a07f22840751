package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// softmaxScalar is SoftmaxRows as it was before vecexp: one math.Exp at a
// time. The two must agree bit for bit.
func softmaxScalar(dst, z []float32, rows, cols int) {
	for r := 0; r < rows; r++ {
		row := z[r*cols : (r+1)*cols]
		out := dst[r*cols : (r+1)*cols]
		m := row[0]
		for _, v := range row[1:] {
			if v > m {
				m = v
			}
		}
		var sum float64
		for i, v := range row {
			e := math.Exp(float64(v - m))
			out[i] = float32(e)
			sum += e
		}
		inv := float32(1 / sum)
		for i := range out {
			out[i] *= inv
		}
	}
}

func TestSoftmaxRowsBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, cols := range []int{1, 2, 3, 10, 85, 256, 257, 1000} {
		for _, rows := range []int{1, 7, 100} {
			z := make([]float32, rows*cols)
			for i := range z {
				z[i] = float32(rng.NormFloat64() * 30)
			}
			if rows > 1 {
				z[cols] = float32(math.Inf(-1))
				z[0] = 1e30
			}
			got, want := make([]float32, len(z)), make([]float32, len(z))
			SoftmaxRows(got, z, rows, cols)
			inPlace := append([]float32(nil), z...)
			SoftmaxRows(inPlace, inPlace, rows, cols)
			softmaxScalar(want, z, rows, cols)
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) || math.Float32bits(inPlace[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%dx%d: [%d] %v (in place %v), want %v", rows, cols, i, got[i], inPlace[i], want[i])
				}
			}
		}
	}
}
