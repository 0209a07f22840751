//go:build !openblas

package bench

import "github.com/gozoo/gozoo/nn"

// openBLAS is nil: the default build has no OpenBLAS.
var openBLAS nn.SgemmFunc
