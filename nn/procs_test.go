package nn

import (
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// atEachProcs runs f at GOMAXPROCS 1, 2 and 3 and reports the counts whose
// result differs from GOMAXPROCS 1's bit for bit.
func atEachProcs(t *testing.T, what string, f func() []float32) {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first []float32
	for _, procs := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(procs)
		got := f()
		if first == nil {
			first = got
			continue
		}
		if !slices.Equal(got, first) {
			t.Errorf("%s: GOMAXPROCS %d gives other values than GOMAXPROCS 1", what, procs)
		}
	}
}

// TestSumRowsSameOnAnyCoreCount: the bias gradient of a convolution with
// many rows is summed in parts; the parts must not follow the core count.
func TestSumRowsSameOnAnyCoreCount(t *testing.T) {
	rows, cols := 25088, 64 // the notebook CNN's first convolution, batch 32
	dy := randFloats(3, rows*cols)
	atEachProcs(t, "sumRows", func() []float32 {
		db := make([]float32, cols)
		sumRows(db, dy, rows, cols)
		return db
	})
}

// TestSgemmSameOnAnyCoreCount: large products are cut into pieces run side
// by side. gonum sums an A·Bᵀ piece's dot products whole or in blocks of 64
// depending on the piece's size, so pieces cut by the core count gave other
// bits at 3 cores than at 1 for this shape (a Dense layer's dX).
func TestSgemmSameOnAnyCoreCount(t *testing.T) {
	for _, tr := range []struct{ a, b blas.Transpose }{{blas.NoTrans, blas.Trans}, {blas.NoTrans, blas.NoTrans}, {blas.Trans, blas.NoTrans}} {
		m, n, k := 32, 512, 128
		a, b := randFloats(1, m*k), randFloats(2, k*n)
		lda, ldb := k, n
		if tr.a == blas.Trans {
			lda = m
		}
		if tr.b == blas.Trans {
			ldb = k
		}
		atEachProcs(t, "sgemm", func() []float32 {
			c := make([]float32, m*n)
			sgemm(tr.a, tr.b, m, n, k, 1, a, lda, b, ldb, 0, c, n)
			return c
		})
	}
}
