//go:build !openblas

package bench

import "github.com/gozoo/gozoo/internal/kernels"

// openBLAS is nil: the default build has no OpenBLAS.
var openBLAS kernels.SgemmFunc
