//go:build !openblas

package nn

// BLAS names the BLAS library that Gorgonia's matrix multiplies run on:
// gonum's pure-Go implementation in the default build. Build with
// -tags openblas (and Debian's libopenblas-dev installed) for OpenBLAS.
func BLAS() string { return "gonum (pure Go)" }
