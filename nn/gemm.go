package nn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/gozoo/gozoo/internal/kernels"
)

// gozoo spreads its matrix products over GOMAXPROCS goroutines itself
// (internal/kernels cuts them) and runs OpenBLAS on one thread (blas_openblas.go). OpenBLAS's own worker
// threads spin between calls: a CNN step alternates products with Go work
// (im2col, Winograd's transforms, pooling) that wants both cores, and the
// spinning threads took a core from it. The Winograd path also has many
// independent products, which run side by side better than each split.

// pureGoBLAS is gozoo's own float32 GEMM (internal/gemm, an AVX2+FMA
// kernel in Go assembly where the CPU has one) for Sgemm and gonum's
// pure-Go implementation for everything else: the default build's BLAS
// (blas_gonum.go). Its Sgemm runs on the calling goroutine, as OpenBLAS
// does in the openblas build.
type pureGoBLAS struct{ gonum.Implementation }

// Sgemm computes C = alpha op(A) op(B) + beta C with internal/gemm.
func (pureGoBLAS) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	kernels.GozooSgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
