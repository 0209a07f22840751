package gemm

//go:generate go run ./internal/asmgen

import "golang.org/x/sys/cpu"

// useAsm picks the AVX2+FMA micro-kernel, on CPUs (and systems) that have
// both; a variable so that the tests can run the Go kernel here too.
var useAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kern6x16 is kernelGo in AVX2 and FMA instructions (kernel_amd64.s):
// C (6 x 16, row stride ldc) = alpha (A panel times B panel) + beta C over
// k steps, each product added with one fused multiply-add.
//
//go:noescape
func kern6x16(k int, a, b, c *float32, ldc int, alpha, beta float32)

func kernel(kb int, a, b, c []float32, ldc int, alpha, beta float32) {
	if useAsm {
		_, _, _ = a[kb*mr-1], b[kb*nr-1], c[(mr-1)*ldc+nr-1]
		kern6x16(kb, &a[0], &b[0], &c[0], ldc, alpha, beta)
		return
	}
	kernelGo(kb, a, b, c, ldc, alpha, beta)
}
