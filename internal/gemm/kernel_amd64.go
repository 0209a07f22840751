package gemm

//go:generate go run ./internal/asmgen

import "golang.org/x/sys/cpu"

// useAsm picks the AVX2+FMA micro-kernel, on CPUs (and systems) that have
// both; a variable so that the tests can run the Go kernel here too.
var useAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kern<r>x16 are kernelGo in AVX2 and FMA instructions (kernel_amd64.s,
// written by internal/asmgen) for the first r rows of an A panel:
// C (r x 16, row stride ldc) = alpha (A panel times B panel) + beta C over
// k steps, each product added with one fused multiply-add.

//go:noescape
func kern1x16(k int, a, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kern2x16(k int, a, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kern3x16(k int, a, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kern4x16(k int, a, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kern5x16(k int, a, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kern6x16(k int, a, b, c *float32, ldc int, alpha, beta float32)

// kernel runs the micro-kernel on the first rows rows of the panels.
func kernel(kb, rows int, a, b, c []float32, ldc int, alpha, beta float32) {
	if useAsm {
		_, _, _ = a[kb*mr-1], b[kb*nr-1], c[(rows-1)*ldc+nr-1]
		// A switch, not a table of funcs: called through a func value the
		// kernels' pointers would escape, and with them an edge tile's copy.
		pa, pb, pc := &a[0], &b[0], &c[0]
		switch rows {
		case 6:
			kern6x16(kb, pa, pb, pc, ldc, alpha, beta)
		case 5:
			kern5x16(kb, pa, pb, pc, ldc, alpha, beta)
		case 4:
			kern4x16(kb, pa, pb, pc, ldc, alpha, beta)
		case 3:
			kern3x16(kb, pa, pb, pc, ldc, alpha, beta)
		case 2:
			kern2x16(kb, pa, pb, pc, ldc, alpha, beta)
		default:
			kern1x16(kb, pa, pb, pc, ldc, alpha, beta)
		}
		return
	}
	kernelGo(kb, rows, a, b, c, ldc, alpha, beta)
}
