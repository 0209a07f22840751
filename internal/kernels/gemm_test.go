package kernels

import (
	"math"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// TestSgemmSameBitsOnAnyCores checks that a product split between
// goroutines by Sgemm gives the same bits on 1, 2 or 16 of them, in the
// four transpose cases, with beta adding into C: the split is by rows or
// columns of C, never along k, into a number of pieces fixed by the shape
// (OpenBLAS rounds a row differently in an edge block, and gonum sums a
// piece's dot products whole or in blocks of 64 depending on its size, so
// a split that followed the cores would change its bits).
func TestSgemmSameBitsOnAnyCores(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, b := range blases {
		for _, s := range [][3]int{{301, 97, 260}, {40, 700, 130}, {32, 512, 128}} {
			m, n, k := s[0], s[1], s[2]
			if m*n*k < gemmSplitMin {
				t.Fatalf("%v is too small to be split", s)
			}
			a, bb, c0 := randFloats(1, m*k), randFloats(2, k*n), randFloats(3, m*n)
			eachTranspose(m, n, k, func(tA, tB blas.Transpose, lda, ldb int) {
				var first []float32
				for _, procs := range []int{1, 2, 3, 16} {
					runtime.GOMAXPROCS(procs)
					c := append([]float32(nil), c0...)
					Sgemm(b.bl, tA, tB, m, n, k, 0.75, a, lda, bb, ldb, 0.5, c, n)
					if first == nil {
						first = c
						continue
					}
					for i := range c {
						if math.Float32bits(c[i]) != math.Float32bits(first[i]) {
							t.Fatalf("%s %v %c%c: c[%d] = %v on %d goroutines, %v on 1", b.name, s, tA, tB, i, c[i], procs, first[i])
						}
					}
				}
			})
		}
	}
}

// TestSgemmPieces checks the split against one unsplit product, bit for
// bit (pieces never cut k, so each element is the same sum), and that
// pieces never cut k.
func TestSgemmPieces(t *testing.T) {
	const m, n, k = 300, 90, 100
	a, b := randFloats(4, m*k), randFloats(5, k*n)
	eachTranspose(m, n, k, func(tA, tB blas.Transpose, lda, ldb int) {
		g := gemmCall{gozooBLAS, tA, tB, m, n, k, 1, a, lda, b, ldb, 0, make([]float32, m*n), n}
		ps := g.pieces()
		if len(ps) < 2 {
			t.Fatalf("%d pieces", len(ps))
		}
		for _, p := range ps {
			if p.k != k {
				t.Fatalf("a piece of k %d", p.k)
			}
		}
		runGemms(ps)
		want := make([]float32, m*n)
		gozooBLAS.Sgemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, want, n)
		for i := range want {
			if math.Float32bits(g.c[i]) != math.Float32bits(want[i]) {
				t.Fatalf("%c%c: c[%d] = %v, unsplit %v", tA, tB, i, g.c[i], want[i])
			}
		}
	})
}

// TestSumRows checks the bias gradient's column sums, summed in parts for
// many rows and not for few.
func TestSumRows(t *testing.T) {
	for _, rows := range []int{1, 3, 5000} {
		cols := 37
		dy := randFloats(int64(rows), rows*cols)
		db := randFloats(1, cols) // a used buffer
		SumRows(db, dy, rows, cols)
		for j := range cols {
			var want float64
			for r := range rows {
				want += float64(dy[r*cols+j])
			}
			if math.Abs(float64(db[j])-want) > 1e-4*(1+math.Abs(want)) {
				t.Fatalf("%d rows: column %d = %v, want %v", rows, j, db[j], want)
			}
		}
	}
}

// TestSumRowsSameOnAnyCoreCount: the bias gradient of a convolution with
// many rows is summed in parts; the parts must not follow the core count.
func TestSumRowsSameOnAnyCoreCount(t *testing.T) {
	rows, cols := 25088, 64 // the notebook CNN's first convolution, batch 32
	dy := randFloats(3, rows*cols)
	atEachProcs(t, "SumRows", func() []float32 {
		db := make([]float32, cols)
		SumRows(db, dy, rows, cols)
		return db
	})
}
