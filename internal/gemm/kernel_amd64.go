package gemm

//go:generate go run ./internal/asmgen

import "golang.org/x/sys/cpu"

// useAsm picks the AVX2+FMA micro-kernels, on CPUs (and systems) that have
// both; a variable so that the tests can run the Go kernel here too.
var useAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernel runs the micro-kernel for a rows x w tile (w 16 or 8) of C:
// C = alpha A B + beta C with A(i, p) = a[i*rsa+p*csa] and B(p, j) =
// b[p*rsb+j], p < kb; rsa or csa is 1 (or rows is 1). The assembly
// kernels (kernel_amd64.s, written by internal/asmgen) are kernelGo in
// AVX2 and FMA instructions, each product added with one fused
// multiply-add.
func kernel(kb, rows, w int, a []float32, rsa, csa int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32) {
	if !useAsm {
		kernelGo(kb, rows, w, a, rsa, csa, b, rsb, c, ldc, alpha, beta)
		return
	}
	if rsa != 1 && csa != 1 && rows > 1 {
		panic("gemm: A read with neither stride 1")
	}
	// The kernels read and write inside these bounds: check them here.
	_, _, _ = a[(rows-1)*rsa+(kb-1)*csa], b[(kb-1)*rsb+w-1], c[(rows-1)*ldc+w-1]
	asmKernel(kb, rows, w, &a[0], rsa, csa, &b[0], rsb, &c[0], ldc, alpha, beta)
}
