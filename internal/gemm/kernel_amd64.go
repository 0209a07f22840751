package gemm

//go:generate go run ./internal/asmgen

import "golang.org/x/sys/cpu"

// useAsm picks the AVX2+FMA micro-kernels, on CPUs (and systems) that have
// both; a variable so that the tests can run the Go kernel here too.
var useAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernel runs the micro-kernel on tiles tiles of rows x w (w 16 or 8),
// one below the other, tile t's A at a[t*ta:] and its C at c[t*rows*ldc:]:
// C = alpha A B + beta C with A(i, p) = a[i*rsa+p*csa] and B(p, j) =
// b[p*rsb+j], p < kb, j < cols (cols below w only when w is 8: B and C
// are then neither read nor written past column cols); rsa or csa is 1
// (or rows is 1). The assembly
// kernels (kernel_amd64.s, written by internal/asmgen) are kernelGo in
// AVX2 and FMA instructions, each product added with one fused
// multiply-add.
func kernel(kb, rows, tiles, w, cols int, a []float32, rsa, csa, ta int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32) {
	if !useAsm {
		kernelGo(kb, rows, tiles, cols, a, rsa, csa, ta, b, rsb, c, ldc, alpha, beta)
		return
	}
	if rsa != 1 && csa != 1 && rows > 1 {
		panic("gemm: A read with neither stride 1")
	}
	// The kernels read and write inside these bounds: check them here.
	_, _, _ = a[(tiles-1)*ta+(rows-1)*rsa+(kb-1)*csa], b[(kb-1)*rsb+cols-1], c[((tiles-1)*rows+rows-1)*ldc+cols-1]
	var mask *int32
	if cols < w {
		mask = &masks[8-cols]
	}
	asmKernel(kb, rows, tiles, w, &a[0], rsa, csa, ta, &b[0], rsb, &c[0], ldc, alpha, beta, mask)
}

// masks[8-cols:][:8] is the mask of a masked kernel for cols columns: -1
// (all bits set) for the first cols, 0 for the rest.
var masks = [16]int32{-1, -1, -1, -1, -1, -1, -1, -1}

// pack8 packs 8 rows of a transposed operand into panel d of width pw
// (8 or 16) at offset x: d[p*pw+x+r] = src[s0+r*ld+p] for r < 8, p < kb,
// the blocks of 8 values of p with AVX2 shuffles (packT8), the rest in Go.
// It returns false, packing nothing, without the assembly.
func pack8(d []float32, pw, x int, src []float32, s0, ld, kb int) bool {
	if !useAsm {
		return false
	}
	n := kb / 8
	if n > 0 {
		_, _ = src[s0+7*ld+8*n-1], d[(8*n-1)*pw+x+7]
		packT8(n, &src[s0], ld, &d[x], pw)
	}
	for r := range 8 {
		row := src[s0+r*ld:][:kb]
		for p := 8 * n; p < kb; p++ {
			d[p*pw+x+r] = row[p]
		}
	}
	return true
}
