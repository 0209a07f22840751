//go:build openblas

package nn

// Link OpenBLAS: gonum.org/v1/netlib/blas/netlib ships the CBLAS header but
// leaves the library to the program (Debian: apt-get install libopenblas-dev).

// #cgo LDFLAGS: -lopenblas
// void openblas_set_num_threads(int);
import "C"

import (
	"gonum.org/v1/netlib/blas/netlib"
	G "gorgonia.org/gorgonia"
)

// The openblas build routes Gorgonia's matrix multiplies, and gorgonia.org/tensor's
// (G.Use calls tensor.Use), through OpenBLAS by cgo.
// OpenBLAS runs on one thread: gozoo splits its products over goroutines
// itself (gemm.go says why).
func init() {
	G.Use(netlib.Implementation{})
	C.openblas_set_num_threads(1)
}

// BLAS names the BLAS library that Gorgonia's matrix multiplies run on:
// "OpenBLAS" in this build (-tags openblas).
func BLAS() string { return "OpenBLAS" }
