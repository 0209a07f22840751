// Package gemm is gozoo's float32 matrix multiply: the GotoBLAS/BLIS
// scheme (A and B copied into packed panels sized for the caches, a
// register-blocked micro-kernel over the panels), with the micro-kernel in
// Go assembly for CPUs with AVX2 and FMA and in plain Go elsewhere. It
// runs on the calling goroutine; callers split a product between
// goroutines by rows or columns of C.
//
// Every element of C is computed the same way wherever it lies in C: one
// accumulation over k in increasing order, cut into blocks that depend on
// k alone. So a product split by rows or columns of C gives the same bits
// as the whole product, on any number of goroutines.
package gemm

import (
	"fmt"
	"sync"
)

// The micro-kernel computes an mr x nr tile of C; the packing sizes keep a
// kc x nr panel of B in L1, an mc x kc block of A in L2 and a kc x nc
// block of B in L3 (BLIS's values for AMD's Zen cores).
const (
	mr = 6
	nr = 16
	kc = 256
	mc = 144
	nc = 4080
)

// Sgemm computes C = alpha op(A) op(B) + beta C for row-major matrices:
// op(A) is m x k, op(B) is k x n, C is m x n with row stride ldc; op
// transposes when transA or transB. As in BLAS, beta 0 overwrites C
// without reading it (NaN in C does not propagate) and alpha 0 skips the
// product. It panics, as gonum's BLAS does, on sizes or strides that do
// not fit the slices.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if err := check(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc); err != nil {
		panic(err)
	}
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scale(m, n, beta, c, ldc)
		return
	}
	// Blocks of k as even as can be, at most kc long: they depend on k
	// alone, so every element of C sums its terms in the same order
	// whatever m, n and the caller's split.
	blocks := (k + kc - 1) / kc
	kcb := (k + blocks - 1) / blocks
	ap, bp := getBuf(&aBufs, min(mc, roundUp(m, mr))*kcb), getBuf(&bBufs, min(nc, roundUp(n, nr))*kcb)
	defer aBufs.Put(ap)
	defer bBufs.Put(bp)
	for jc := 0; jc < n; jc += nc {
		nb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kcb {
			kb := min(kcb, k-pc)
			pack(*bp, b, ldb, !transB, nr, jc, nb, pc, kb)
			be := beta
			if pc > 0 {
				be = 1
			}
			for ic := 0; ic < m; ic += mc {
				mb := min(mc, m-ic)
				pack(*ap, a, lda, transA, mr, ic, mb, pc, kb)
				macro(kb, *ap, *bp, mb, nb, c[ic*ldc+jc:], ldc, alpha, be)
			}
		}
	}
}

// check reports arguments that do not describe matrices inside the slices.
func check(transA, transB bool, m, n, k, la, lda, lb, ldb, lc, ldc int) error {
	if m < 0 || n < 0 || k < 0 {
		return fmt.Errorf("gemm: negative size m=%d n=%d k=%d", m, n, k)
	}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	for _, x := range []struct {
		name           string
		rows, cols, ld int
		size           int
	}{{"a", ar, ac, lda, la}, {"b", br, bc, ldb, lb}, {"c", m, n, ldc, lc}} {
		if x.ld < max(1, x.cols) {
			return fmt.Errorf("gemm: ld%s=%d below the %d columns", x.name, x.ld, x.cols)
		}
		if x.rows > 0 && x.cols > 0 && x.size < (x.rows-1)*x.ld+x.cols {
			return fmt.Errorf("gemm: %s has %d elements, a %dx%d matrix of stride %d needs %d", x.name, x.size, x.rows, x.cols, x.ld, (x.rows-1)*x.ld+x.cols)
		}
	}
	return nil
}

// scale sets C = beta C, or to zero when beta is 0 whatever C held.
func scale(m, n int, beta float32, c []float32, ldc int) {
	if beta == 1 {
		return
	}
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}

// Kernel names the micro-kernel in use, for the bench.
func Kernel() string {
	if useAsm {
		return "AVX2+FMA 6x16"
	}
	return "Go 6x16"
}

func roundUp(x, to int) int { return (x + to - 1) / to * to }

// macro runs the micro-kernel over the packed block: mb rows of A in
// panels of mr, nb columns of B in panels of nr. A tile at the bottom edge
// of C runs a kernel of fewer rows; one at the right edge goes through a
// copy nr wide. Either way its elements get the instructions of a full
// tile's, so their bits do not depend on where the tile lies.
func macro(kb int, ap, bp []float32, mb, nb int, c []float32, ldc int, alpha, beta float32) {
	for jr := 0; jr < nb; jr += nr {
		cols := min(nr, nb-jr)
		bpan := bp[jr*kb : (jr+nr)*kb]
		for ir := 0; ir < mb; ir += mr {
			rows := min(mr, mb-ir)
			apan := ap[ir*kb : (ir+mr)*kb]
			cc := c[ir*ldc+jr:]
			if cols == nr {
				kernel(kb, rows, apan, bpan, cc, ldc, alpha, beta)
				continue
			}
			var tmp [mr * nr]float32
			if beta != 0 {
				for r := range rows {
					copy(tmp[r*nr:r*nr+cols], cc[r*ldc:r*ldc+cols])
				}
			}
			kernel(kb, rows, apan, bpan, tmp[:], nr, alpha, beta)
			for r := range rows {
				copy(cc[r*ldc:r*ldc+cols], tmp[r*nr:r*nr+cols])
			}
		}
	}
}

// pack copies the elements (x, p) of a matrix, for x in x0..x0+nx and p
// in p0..p0+kb, into dst as panels of w values of x, each panel p by p (w
// values for each p), padding the last panel with zeros. The element is
// src[p*ld+x] when byRow, else src[x*ld+p]. A is packed with x its rows
// (op(A)(i, p)), w = mr; B with x its columns (op(B)(p, j)), w = nr.
// Either way src is read along its rows, the order memory streams fastest.
func pack(dst, src []float32, ld int, byRow bool, w, x0, nx, p0, kb int) {
	full := nx / w * w // the values of x in whole panels
	if byRow {
		for p := range kb {
			row := src[(p0+p)*ld+x0:]
			row = row[:nx]
			switch w { // whole panels by array assignment, inline, no memmove call
			case nr:
				for xr := 0; xr < full; xr += nr {
					*(*[nr]float32)(dst[xr*kb+p*nr:]) = *(*[nr]float32)(row[xr:])
				}
			case mr:
				for xr := 0; xr < full; xr += mr {
					*(*[mr]float32)(dst[xr*kb+p*mr:]) = *(*[mr]float32)(row[xr:])
				}
			}
			if full < nx {
				dp := dst[full*kb+p*w:][:w]
				copy(dp, row[full:])
				clear(dp[nx-full:])
			}
		}
		return
	}
	for xr := 0; xr < nx; xr += w {
		n := min(w, nx-xr)
		d := dst[xr*kb : (xr+w)*kb]
		x := 0
		for ; x+4 <= n; x += 4 { // four rows of src at a time: four values side by side in d
			r0 := src[(x0+xr+x)*ld+p0:][:kb]
			r1 := src[(x0+xr+x+1)*ld+p0:][:kb]
			r2 := src[(x0+xr+x+2)*ld+p0:][:kb]
			r3 := src[(x0+xr+x+3)*ld+p0:][:kb]
			for p := range kb {
				q := d[p*w+x : p*w+x+4]
				q[0], q[1], q[2], q[3] = r0[p], r1[p], r2[p], r3[p]
			}
		}
		for ; x < n; x++ {
			row := src[(x0+xr+x)*ld+p0:][:kb]
			for p, v := range row {
				d[p*w+x] = v
			}
		}
		for x := n; x < w; x++ {
			for p := range kb {
				d[p*w+x] = 0
			}
		}
	}
}

// aBufs and bBufs pool the packing buffers of A and of B, apart so that a
// product does not take B's large buffer for A's and then find only A's
// small one for B: each pool's buffers grow to the largest size asked of
// it, and a product allocates nothing once they have.
var aBufs, bBufs sync.Pool

func getBuf(pool *sync.Pool, n int) *[]float32 {
	if p, ok := pool.Get().(*[]float32); ok && cap(*p) >= n {
		*p = (*p)[:n]
		return p
	}
	s := make([]float32, n)
	return &s
}

// kernelGo is the micro-kernel in plain Go: C (rows x nr, row stride ldc)
// = alpha (the first rows rows of the A panel times the B panel) + beta C,
// beta 0 leaving C unread. It accumulates each element over p in
// increasing order, as the assembly kernels do.
func kernelGo(kb, rows int, a, b, c []float32, ldc int, alpha, beta float32) {
	a, b = a[:kb*mr], b[:kb*nr]
	for i := range rows {
		for h := 0; h < nr; h += 8 {
			var s0, s1, s2, s3, s4, s5, s6, s7 float32
			for p := range kb {
				x := a[p*mr+i]
				bb := b[p*nr+h : p*nr+h+8]
				s0 += x * bb[0]
				s1 += x * bb[1]
				s2 += x * bb[2]
				s3 += x * bb[3]
				s4 += x * bb[4]
				s5 += x * bb[5]
				s6 += x * bb[6]
				s7 += x * bb[7]
			}
			row := c[i*ldc+h : i*ldc+h+8]
			for j, s := range [8]float32{s0, s1, s2, s3, s4, s5, s6, s7} {
				if beta == 0 {
					row[j] = alpha * s
				} else {
					row[j] = alpha*s + beta*row[j]
				}
			}
		}
	}
}
