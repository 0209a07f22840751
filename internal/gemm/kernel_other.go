//go:build !amd64

package gemm

// useAsm is false: there is no assembly kernel for this architecture.
var useAsm = false

// kernel runs the micro-kernel for a rows x w tile of C (kernelGo).
func kernel(kb, rows, w int, a []float32, rsa, csa int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32) {
	kernelGo(kb, rows, w, a, rsa, csa, b, rsb, c, ldc, alpha, beta)
}
