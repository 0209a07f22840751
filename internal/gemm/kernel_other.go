//go:build !amd64

package gemm

// useAsm is false: there is no assembly kernel for this architecture.
var useAsm = false

func kernel(kb int, a, b, c []float32, ldc int, alpha, beta float32) {
	kernelGo(kb, a, b, c, ldc, alpha, beta)
}
