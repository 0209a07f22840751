//go:build openblas

package nn

// Link OpenBLAS: gonum.org/v1/netlib/blas/netlib ships the CBLAS header but
// leaves the library to the program (Debian: apt-get install libopenblas-dev).

// #cgo LDFLAGS: -lopenblas
// void openblas_set_num_threads(int);
import "C"

import (
	"github.com/gozoo/gozoo/internal/kernels"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/netlib/blas/netlib"
)

// buildBLAS is the openblas build's BLAS: OpenBLAS by cgo, but for small
// products.
var buildBLAS kernels.BLAS = openBLAS{}

// openBLASMinMACs is the fewest multiply-adds of a product that the
// openblas build hands to OpenBLAS: below it the product runs on gozoo's
// own GEMM (internal/gemm). A call into OpenBLAS costs microseconds before
// it multiplies (cgo, its dispatch, packing every operand); on the zoo's
// small products gozoo's GEMM took 0.33x to 0.99x of OpenBLAS's time (one
// thread, this 2-core AMD EPYC machine, 30 November 2026): the iris MLP's
// 1,000x10x4 and 1,000x3x10 (13.5 and 12.1 us against 10.0 and 12.1),
// the CNN's products for one image (16x128x128: 12.0 against 6.8 us;
// 4x256x256: 21.2 against 9.1), and its prediction of 1,000 rows took
// 1.39x PyTorch's time on OpenBLAS. Above it OpenBLAS keeps the products
// it was chosen for: the CNN's Winograd products of a training step
// (128x128x128, 2M multiply-adds) and the Fashion MLP's first layer.
const openBLASMinMACs = 1 << 20

// openBLAS is OpenBLAS's Sgemm for products of openBLASMinMACs
// multiply-adds and more, gozoo's GEMM below.
type openBLAS struct{ netlib.Implementation }

// Sgemm computes C = alpha op(A) op(B) + beta C, row-major.
func (o openBLAS) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m*n*k < openBLASMinMACs {
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

// BLAS names the BLAS library that nn's matrix products run on: OpenBLAS
// in this build (-tags openblas), for products of a million multiply-adds
// and more, gozoo's own GEMM for smaller ones (openBLASMinMACs says why).
// The build also sets OpenBLAS to one thread for the whole process. Gorgonia's own matrix multiplies keep the BLAS
// the program gave them (gonum's by default).
func BLAS() string { return "OpenBLAS + gozoo GEMM (products under 1M multiply-adds)" }
