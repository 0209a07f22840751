//go:build openblas

package nn

// Link OpenBLAS: gonum.org/v1/netlib/blas/netlib ships the CBLAS header but
// leaves the library to the program (Debian: apt-get install libopenblas-dev).

// #cgo LDFLAGS: -lopenblas
// void openblas_set_num_threads(int);
import "C"

import (
	"github.com/gozoo/gozoo/internal/kernels"
	"gonum.org/v1/netlib/blas/netlib"
)

// buildBLAS is the openblas build's BLAS: OpenBLAS by cgo.
var buildBLAS kernels.BLAS = netlib.Implementation{}

// A program built with -tags openblas asks for this: OpenBLAS runs on one
// thread, process-wide, from the moment nn is initialized, since gozoo
// splits its products over goroutines itself (gemm.go says why). That is
// the one global state nn sets; Gorgonia's BLAS (G.Use) it leaves alone.
func init() { C.openblas_set_num_threads(1) }

// BLAS names the BLAS library that nn's matrix products run on: "OpenBLAS"
// in this build (-tags openblas), which also sets OpenBLAS to one thread
// for the whole process. Gorgonia's own matrix multiplies keep the BLAS
// the program gave them (gonum's by default).
func BLAS() string { return "OpenBLAS" }
