//go:build !amd64

package gemm

// useAsm is false: there is no assembly kernel for this architecture.
var useAsm = false

// kernel runs the micro-kernel on tiles of C (kernelGo).
func kernel(kb, rows, tiles, w, cols int, a []float32, rsa, csa, ta int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32) {
	kernelGo(kb, rows, tiles, cols, a, rsa, csa, ta, b, rsb, c, ldc, alpha, beta)
}

// pack8 packs nothing: there is no assembly for this architecture.
func pack8(d []float32, pw, x int, src []float32, s0, ld, kb int) bool { return false }
