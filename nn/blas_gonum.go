//go:build !openblas

package nn

import G "gorgonia.org/gorgonia"

// The default build routes Gorgonia's matrix multiplies, and
// gorgonia.org/tensor's (G.Use calls tensor.Use), through pureGoBLAS (gemm.go): gozoo's
// own GEMM for Sgemm, gonum's for the rest.
func init() { G.Use(pureGoBLAS{}) }

// BLAS names the BLAS library that Gorgonia's matrix multiplies run on:
// in the default build gozoo's own GEMM (its micro-kernel named) and
// gonum's pure-Go implementation for the rest. Build with -tags openblas
// (and Debian's libopenblas-dev installed) for OpenBLAS.
func BLAS() string { return "gozoo GEMM (pure Go, " + GemmKernel() + ") + gonum" }
