//go:build !amd64

package gemm

// useAsm is false: there is no assembly kernel for this architecture.
var useAsm = false

// kernel runs the micro-kernel on the first rows rows of the panels.
func kernel(kb, rows int, a, b, c []float32, ldc int, alpha, beta float32) {
	kernelGo(kb, rows, a, b, c, ldc, alpha, beta)
}
