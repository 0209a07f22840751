//go:build !openblas

package nn

import (
	"github.com/gozoo/gozoo/internal/gemm"
	"github.com/gozoo/gozoo/internal/kernels"
)

// buildBLAS is the default build's BLAS: pureGoBLAS (gemm.go), gozoo's own
// GEMM for Sgemm and gonum's for the rest.
var buildBLAS kernels.BLAS = pureGoBLAS{}

// BLAS names the BLAS library that nn's matrix products run on: in the
// default build gozoo's own GEMM (its micro-kernel named) and gonum's
// pure-Go implementation for the rest. Build with -tags openblas (and
// Debian's libopenblas-dev installed) for OpenBLAS. Gorgonia's own matrix
// multiplies keep the BLAS the program gave them (gonum's by default).
func BLAS() string { return "gozoo GEMM (pure Go, " + gemm.Kernel() + ") + gonum" }
