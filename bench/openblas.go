//go:build openblas

package bench

import (
	"github.com/gozoo/gozoo/internal/kernels"
	"gonum.org/v1/netlib/blas/netlib"
)

// openBLAS is OpenBLAS's Sgemm, which nn runs on in this build (linked by
// nn, set to one thread as nn uses it).
var openBLAS kernels.SgemmFunc = netlib.Implementation{}.Sgemm
