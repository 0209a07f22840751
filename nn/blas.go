package nn

import "github.com/gozoo/gozoo/internal/kernels"

// nnBLAS is the BLAS that nn's matrix products (the Dense and convolution
// kernels') run on: the build's (buildBLAS: blas_gonum.go or
// blas_openblas.go). It is nn's own: nn does not touch Gorgonia's global
// BLAS (G.Use, G.WhichBLAS), so a program importing nn keeps the one it
// had for its own Gorgonia graphs. Tests swap it to compare BLAS.
var nnBLAS kernels.BLAS = buildBLAS

// blasNow is the BLAS for the kernels' products.
func blasNow() kernels.BLAS { return nnBLAS }
