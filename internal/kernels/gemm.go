package kernels

import (
	"gonum.org/v1/gonum/blas"

	"github.com/gozoo/gozoo/internal/gemm"
)

// BLAS is the one routine of a BLAS the kernels use: gonum's, OpenBLAS's
// through gonum's netlib package, gozoo's own (internal/gemm) and
// Gorgonia's G.BLAS all have it.
type BLAS interface {
	Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)
}

// SgemmFunc is a BLAS Sgemm as a function: C = alpha op(A) op(B) + beta
// C, row-major.
type SgemmFunc func(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)

// Sgemm calls f.
func (f SgemmFunc) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	f(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// GozooSgemm is gozoo's own GEMM (internal/gemm) in BLAS's terms: the
// default build's Sgemm, and the bench's in both builds.
func GozooSgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemm.Sgemm(transposed(tA), transposed(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// transposed tells whether t transposes, panicking as gonum does on a
// value that is not a blas.Transpose.
func transposed(t blas.Transpose) bool {
	switch t {
	case blas.NoTrans:
		return false
	case blas.Trans, blas.ConjTrans:
		return true
	}
	panic("blas: illegal transpose")
}

// gemmCall is one C = alpha op(A) op(B) + beta C, in BLAS's row-major
// terms, run by bl.
type gemmCall struct {
	bl      BLAS
	tA, tB  blas.Transpose
	m, n, k int
	alpha   float32
	a       []float32
	lda     int
	b       []float32
	ldb     int
	beta    float32
	c       []float32
	ldc     int
}

func (g gemmCall) run() {
	g.bl.Sgemm(g.tA, g.tB, g.m, g.n, g.k, g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, g.c, g.ldc)
}

// gemmSplitMin is the fewest multiply-adds worth splitting a product
// between goroutines: below it the goroutines cost more than they save.
const gemmSplitMin = 1 << 21

// split cuts g into parts products over ranges of C's rows, or of its
// columns when it has more of those. Each C element is still one dot
// product over all of k, so the result does not depend on the split.
func (g gemmCall) split(parts int) []gemmCall {
	out := make([]gemmCall, 0, parts)
	rows := g.m >= g.n
	size := g.n
	if rows {
		size = g.m
	}
	per := (size + parts - 1) / parts
	for lo := 0; lo < size; lo += per {
		hi := min(lo+per, size)
		p := g
		if rows {
			p.m = hi - lo
			if g.tA == blas.NoTrans {
				p.a = g.a[lo*g.lda:]
			} else {
				p.a = g.a[lo:]
			}
			p.c = g.c[lo*g.ldc:]
		} else {
			p.n = hi - lo
			if g.tB == blas.NoTrans {
				p.b = g.b[lo:]
			} else {
				p.b = g.b[lo*g.ldb:]
			}
			p.c = g.c[lo:]
		}
		out = append(out, p)
	}
	return out
}

// gemmMaxParts and gemmMinSide bound the pieces a large product is cut
// into: at most gemmMaxParts, each at least gemmMinSide rows or columns of C.
const (
	gemmMaxParts = 8
	gemmMinSide  = 32
)

// pieces cuts a product into pieces for runGemms. How many depends on its
// shape alone, never on GOMAXPROCS: gonum's Sgemm sums a piece's dot
// products whole or in blocks of 64 depending on the piece's size, so a
// count that followed the cores would make the weights follow them too.
func (g gemmCall) pieces() []gemmCall {
	parts := g.parts()
	if parts <= 1 {
		return []gemmCall{g}
	}
	return g.split(parts)
}

// parts is how many pieces pieces cuts g into.
func (g gemmCall) parts() int {
	if g.m*g.n*g.k < gemmSplitMin {
		return 1
	}
	return max(1, min(gemmMaxParts, max(g.m, g.n)/gemmMinSide))
}

// Sgemm runs one product C = alpha op(A) op(B) + beta C on bl, its pieces
// on the cores when it is large; a product of one piece runs on the
// caller's goroutine, with no slice of pieces to allocate (a one-example
// prediction would make one a layer).
func Sgemm(bl BLAS, tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	g := gemmCall{bl, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc}
	if g.parts() <= 1 {
		g.run()
		return
	}
	runGemms(g.pieces())
}
