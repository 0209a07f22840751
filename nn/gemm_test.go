package nn

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// randSlices returns slices of the given lengths, values in [-0.5, 0.5).
func randSlices(seed int64, lens ...int) [][]float32 {
	rng := NewRand(seed)
	out := make([][]float32, len(lens))
	for i, n := range lens {
		out[i] = make([]float32, n)
		for j := range out[i] {
			out[i][j] = rng.Float32() - 0.5
		}
	}
	return out
}

// eachTranspose calls f for the four transpose cases of an (m x k) by
// (k x n) product whose operands are stored without padding.
func eachTranspose(m, n, k int, f func(tA, tB blas.Transpose, lda, ldb int)) {
	for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
		for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			lda, ldb := k, n
			if tA == blas.Trans {
				lda = m
			}
			if tB == blas.Trans {
				ldb = k
			}
			f(tA, tB, lda, ldb)
		}
	}
}

// checkSgemmLikeGonum checks that the BLAS in use multiplies as gonum's
// does, to float32 rounding, in the four transpose cases.
func checkSgemmLikeGonum(t *testing.T) {
	t.Helper()
	const m, n, k = 7, 5, 33
	ab := randSlices(1, m*k, k*n)
	eachTranspose(m, n, k, func(tA, tB blas.Transpose, lda, ldb int) {
		got, want := make([]float32, m*n), make([]float32, m*n)
		blasNow().Sgemm(tA, tB, m, n, k, 1, ab[0], lda, ab[1], ldb, 0, got, n)
		gonum.Implementation{}.Sgemm(tA, tB, m, n, k, 1, ab[0], lda, ab[1], ldb, 0, want, n)
		for i := range got {
			if math.Abs(float64(got[i]-want[i])) > 1e-5 {
				t.Fatalf("%c%c: c[%d] = %v, gonum says %v", tA, tB, i, got[i], want[i])
			}
		}
	})
}
