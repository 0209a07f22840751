//go:build openblas

package nn

// Link OpenBLAS: gonum.org/v1/netlib/blas/netlib ships the CBLAS header but
// leaves the library to the program (Debian: apt-get install libopenblas-dev).

// #cgo LDFLAGS: -lopenblas
// void openblas_set_num_threads(int);
import "C"

import (
	"github.com/gozoo/gozoo/internal/gemm"
	"github.com/gozoo/gozoo/internal/kernels"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/netlib/blas/netlib"
)

// buildBLAS is the openblas build's BLAS: OpenBLAS by cgo for the
// products gozoo's own GEMM would run slower.
var buildBLAS kernels.BLAS = openBLAS{}

// openBLASMinMACs is the fewest multiply-adds of a product that the
// openblas build hands to OpenBLAS when gozoo's GEMM has its AVX2+FMA
// kernels: below it gozoo's GEMM is as fast or faster. On one thread of
// this 2-core AMD EPYC (30 November 2026) gozoo's GEMM took 0.33x to 0.99x
// of OpenBLAS's time on the products of the zoo's models (cmd/bench's GEMM
// table has one, 32x30x30 with B transposed, where it took 1.35x), 1.02x on
// 1,000x300x784 (235 million multiply-adds, the Fashion MLP's prediction
// of a batch, which the kernels cut into pieces of 29 million), and
// OpenBLAS was 1.1x faster at 1024^3: a call into OpenBLAS costs
// microseconds before it multiplies (cgo, its dispatch, packing every
// operand), which a large product repays. On a CPU without AVX2 and FMA
// (or not amd64) gozoo's GEMM is plain Go, and OpenBLAS takes every
// product.
const openBLASMinMACs = 1 << 28

// openBLAS is OpenBLAS's Sgemm for large products, or for all of them
// where gozoo's GEMM has no assembly, and gozoo's GEMM for the others.
type openBLAS struct{ netlib.Implementation }

// Sgemm computes C = alpha op(A) op(B) + beta C, row-major.
func (o openBLAS) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if gemm.Assembly() && m*n*k < openBLASMinMACs {
		kernels.GozooSgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	o.Implementation.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// A program built with -tags openblas asks for this: OpenBLAS runs on one
// thread, process-wide, from the moment nn is initialized, since gozoo
// splits its products over goroutines itself (gemm.go says why). That is
// the one global state nn sets; Gorgonia's BLAS (G.Use) it leaves alone.
func init() { C.openblas_set_num_threads(1) }

// BLAS names the BLAS library that nn's matrix products run on: in this
// build (-tags openblas) OpenBLAS, for every product on a CPU without AVX2
// and FMA and otherwise for products of 2^28 multiply-adds and more, and
// gozoo's own GEMM for the others (openBLASMinMACs says why). The build
// also sets OpenBLAS to one thread for the whole process.
func BLAS() string {
	if !gemm.Assembly() {
		return "OpenBLAS"
	}
	return "OpenBLAS (products of 2^28 multiply-adds and more) + gozoo GEMM (" + gemm.Kernel() + ")"
}
