//go:build openblas

package nn

// Link OpenBLAS: gonum.org/v1/netlib/blas/netlib ships the CBLAS header but
// leaves the library to the program (Debian: apt-get install libopenblas-dev).

// #cgo LDFLAGS: -lopenblas
import "C"

import (
	"gonum.org/v1/netlib/blas/netlib"
	G "gorgonia.org/gorgonia"
)

// The openblas build routes Gorgonia's matrix multiplies, and gorgonia.org/tensor's
// (G.Use calls tensor.Use), through OpenBLAS by cgo.
func init() { G.Use(netlib.Implementation{}) }

// BLAS names the BLAS library that Gorgonia's matrix multiplies run on:
// "OpenBLAS" in this build (-tags openblas).
func BLAS() string { return "OpenBLAS" }
