package kernels

import "gonum.org/v1/gonum/blas/gonum"

// vec is gonum's pure-Go BLAS for vector operations, in both of gozoo's
// builds: its assembly kernels are what a cgo call to OpenBLAS would cost
// on vectors of a few hundred values.
var vec gonum.Implementation

// sumRowsPart is the most rows*cols values one partial sum of SumRows
// covers.
const sumRowsPart = 1 << 16

// SumRows sets db to the column sums of the (rows, cols) matrix dy, the
// gradient of a bias added to every row: row by row with gonum's assembly
// axpy, and for a convolution's many rows in parts summed side by side and
// added up at the end. The parts are cut by the matrix's size alone, never
// by GOMAXPROCS: a float sum depends on its order, and the weights must not
// depend on the core count.
func SumRows(db, dy []float32, rows, cols int) {
	add := func(dst []float32, lo, hi int) {
		clear(dst)
		for r := lo; r < hi; r++ {
			vec.Saxpy(cols, 1, dy[r*cols:(r+1)*cols], 1, dst, 1)
		}
	}
	parts := min(rows, rows*cols/sumRowsPart)
	if parts <= 1 {
		add(db, 0, rows)
		return
	}
	partial := make([]float32, parts*cols)
	per := (rows + parts - 1) / parts
	parts = (rows + per - 1) / per // parallelRanges's own count for that size
	parallelRanges(parts, maxProcs(), func(_, plo, phi int) {
		for p := plo; p < phi; p++ {
			add(partial[p*cols:(p+1)*cols], p*per, min((p+1)*per, rows))
		}
	})
	copy(db, partial[:cols])
	for p := 1; p < parts; p++ {
		vec.Saxpy(cols, 1, partial[p*cols:(p+1)*cols], 1, db, 1)
	}
}
