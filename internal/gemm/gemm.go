// Package gemm is gozoo's float32 matrix multiply: the GotoBLAS/BLIS
// scheme (A and B copied into packed panels sized for the caches, a
// register-blocked micro-kernel over the panels), with the micro-kernels
// in Go assembly for CPUs with AVX2 and FMA and in plain Go elsewhere. The
// kernels read their operands through strides, so a product too small to
// repay the copies (the models' products, mostly) reads A and B where
// they lie. It runs on the calling goroutine; callers split a product
// between goroutines by rows or columns of C.
//
// Every element of C is computed the same way wherever it lies in C: one
// accumulation over k in increasing order, cut into blocks that depend on
// k alone; whether an operand is packed or read in place changes no bit.
// So a product split by rows or columns of C gives the same bits as the
// whole product, on any number of goroutines.
package gemm

import (
	"fmt"
	"sync"
)

// The micro-kernel computes an mr x nr tile of C (mr x 8 at the right
// edge); the packing sizes keep a
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
	// whatever m, n, the caller's split and the way the operands are read.
	blocks := (k + kc - 1) / kc
	kcb := (k + blocks - 1) / blocks
	inA, inB := readInPlace(transA, transB, m, n, ldb)
	var ap, bp *[]float32
	if !inA {
		ap = getBuf(&aBufs, min(mc, roundUp(m, mr))*kcb)
		defer aBufs.Put(ap)
	}
	if !inB {
		bp = getBuf(&bBufs, min(nc, roundUp(n, 8))*kcb)
		defer bBufs.Put(bp)
	}
	for jc := 0; jc < n; jc += nc {
		nb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kcb {
			kb := min(kcb, k-pc)
			var bo operand
			if inB {
				bo = operand{s: b[pc*ldb+jc:], rs: ldb}
			} else {
				pack(*bp, b, ldb, !transB, nr, jc, nb, pc, kb)
				bo.s = *bp
			}
			be := beta
			if pc > 0 {
				be = 1
			}
			for ic := 0; ic < m; ic += mc {
				mb := min(mc, m-ic)
				var ao operand
				switch {
				case !inA:
					pack(*ap, a, lda, transA, mr, ic, mb, pc, kb)
					ao.s = *ap
				case transA: // op(A)(i, p) = a[p*lda+i]
					ao = operand{s: a[pc*lda+ic:], rs: 1, cs: lda}
				default:
					ao = operand{s: a[ic*lda+pc:], rs: lda, cs: 1}
				}
				macro(kb, ao, bo, mb, nb, c[ic*ldc+jc:], ldc, alpha, be)
			}
		}
	}
}

// inPlaceA and inPlaceB override readInPlace's choice for A and for B
// when not 0 (1 in place, 2 packed): the tests run every path.
var inPlaceA, inPlaceB int

// readInPlace tells whether the kernels read op(A) and op(B) where they
// lie rather than from packed copies. Packing pays only when each packed
// value is read many times: op(B)'s by each panel of mr rows of C, op(A)'s
// by each panel of nr columns; below that, copying costs more than the
// contiguous panels save (measured on a Zen 3 core). B rows a multiple of
// 2 KiB apart fall into few sets of the L1 cache and evict each other, so
// such a B is packed whatever m. B is read in place only untransposed: its
// rows then hold the kernel's vectors.
func readInPlace(transA, transB bool, m, n, ldb int) (inA, inB bool) {
	inA = m < 512 || n < 512
	inB = !transB && m <= 256 && ldb%512 != 0
	switch inPlaceA {
	case 1:
		inA = true
	case 2:
		inA = false
	}
	switch inPlaceB {
	case 1:
		inB = !transB
	case 2:
		inB = false
	}
	return inA, inB
}

// operand is op(A) or op(B) for macro: a packed copy (rs 0) or the
// matrix in place, element (x, p) at s[x*rs+p*cs] for A, (p, x) at
// s[p*rs+x] for B.
type operand struct {
	s      []float32
	rs, cs int
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

// Assembly tells whether the micro-kernels in use are the AVX2+FMA
// assembly (else plain Go, several times slower).
func Assembly() bool { return useAsm }

// Kernel names the micro-kernel in use, for the bench.
func Kernel() string {
	if useAsm {
		return "AVX2+FMA 6x16"
	}
	return "Go 6x16"
}

func roundUp(x, to int) int { return (x + to - 1) / to * to }

// macro runs the micro-kernels over an mb x nb block of C for one block
// of k: panels of mr rows (fewer at the bottom edge) and of 16 or 8
// columns (8 when fewer than 16 are left, masked when fewer than 8).
// Every tile's elements get the instructions of a full tile's, so their
// bits do not depend on where the tile lies.
func macro(kb int, a, b operand, mb, nb int, c []float32, ldc int, alpha, beta float32) {
	// A's tiles of mr rows: the first's strides, and the offset from one
	// tile to the next.
	rsa, csa, ta := 1, mr, mr*kb
	if a.rs != 0 {
		rsa, csa, ta = a.rs, a.cs, mr*a.rs
	}
	full := mb / mr * mr
	for jr := 0; jr < nb; {
		w := panelWidth(nr, nb-jr)
		cols := min(w, nb-jr)
		bs, rsb := b.s[jr*kb:], w
		if b.rs != 0 {
			bs, rsb = b.s[jr:], b.rs
		}
		if full > 0 { // the whole tiles in one call, then the bottom edge's
			kernel(kb, mr, full/mr, w, cols, a.s, rsa, csa, ta, bs, rsb, c[jr:], ldc, alpha, beta)
		}
		if full < mb {
			kernel(kb, mb-full, 1, w, cols, a.s[full/mr*ta:], rsa, csa, ta, bs, rsb, c[full*ldc+jr:], ldc, alpha, beta)
		}
		jr += cols
	}
}

// panelWidth is the width of the panel that starts with rem values of x
// left: w, except for B (w = nr) 8 when fewer than nr are left.
func panelWidth(w, rem int) int {
	if w == nr && rem < nr {
		return 8
	}
	return w
}

// pack copies the elements (x, p) of a matrix, for x in x0..x0+nx and p
// in p0..p0+kb, into dst as panels of x (of panelWidth(w, values left)
// values), each panel p by p, padding the last panel with zeros; the
// panel that starts at x holds its values from dst[x*kb]. The element is
// src[p*ld+x] when byRow, else src[x*ld+p]. A is packed with x its rows
// (op(A)(i, p)), w = mr; B with x its columns (op(B)(p, j)), w = nr.
// Either way src is read along its rows, the order memory streams fastest.
func pack(dst, src []float32, ld int, byRow bool, w, x0, nx, p0, kb int) {
	if byRow {
		for p := range kb {
			row := src[(p0+p)*ld+x0:]
			row = row[:nx]
			for xr := 0; xr < nx; {
				pw := panelWidth(w, nx-xr)
				n := min(pw, nx-xr)
				d := dst[xr*kb+p*pw:]
				switch n { // whole panels by array assignment, inline, no memmove call
				case 16:
					*(*[16]float32)(d) = *(*[16]float32)(row[xr:])
				case 8:
					*(*[8]float32)(d) = *(*[8]float32)(row[xr:])
				case 6:
					*(*[6]float32)(d) = *(*[6]float32)(row[xr:])
				default:
					copy(d[:n], row[xr:])
					clear(d[n:pw])
				}
				xr += n
			}
		}
		return
	}
	for xr := 0; xr < nx; {
		pw := panelWidth(w, nx-xr)
		n := min(pw, nx-xr)
		d := dst[xr*kb : xr*kb+pw*kb]
		x := 0
		for ; pw >= 8 && x+8 <= n && pack8(d, pw, x, src, (x0+xr+x)*ld+p0, ld, kb); x += 8 {
		}
		for ; x+4 <= n; x += 4 { // four rows of src at a time: four values side by side in d
			r0 := src[(x0+xr+x)*ld+p0:][:kb]
			r1 := src[(x0+xr+x+1)*ld+p0:][:kb]
			r2 := src[(x0+xr+x+2)*ld+p0:][:kb]
			r3 := src[(x0+xr+x+3)*ld+p0:][:kb]
			for p := range kb {
				q := d[p*pw+x : p*pw+x+4]
				q[0], q[1], q[2], q[3] = r0[p], r1[p], r2[p], r3[p]
			}
		}
		for ; x < n; x++ {
			row := src[(x0+xr+x)*ld+p0:][:kb]
			for p, v := range row {
				d[p*pw+x] = v
			}
		}
		for x := n; x < pw; x++ {
			for p := range kb {
				d[p*pw+x] = 0
			}
		}
		xr += n
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

// kernelGo is the micro-kernel in plain Go, on tiles tiles one below the
// other (tile t's A at a[t*ta:], its C at c[t*rows*ldc:]): C (rows x
// cols, row stride ldc) = alpha A B + beta C with A(i, p) = a[i*rsa+p*csa]
// and B(p, j) = b[p*rsb+j], p < kb; beta 0 leaves C unread. It
// accumulates each element over p in increasing order, as the assembly
// kernels do.
func kernelGo(kb, rows, tiles, cols int, a []float32, rsa, csa, ta int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32) {
	for i := range rows * tiles {
		ai := a[i/rows*ta+i%rows*rsa:]
		for h := 0; h < cols; h += 8 {
			var s [8]float32
			if h+8 <= cols { // eight sums in registers
				var s0, s1, s2, s3, s4, s5, s6, s7 float32
				for p := range kb {
					x := ai[p*csa]
					bb := b[p*rsb+h : p*rsb+h+8]
					s0 += x * bb[0]
					s1 += x * bb[1]
					s2 += x * bb[2]
					s3 += x * bb[3]
					s4 += x * bb[4]
					s5 += x * bb[5]
					s6 += x * bb[6]
					s7 += x * bb[7]
				}
				s = [8]float32{s0, s1, s2, s3, s4, s5, s6, s7}
			} else {
				for p := range kb {
					x := ai[p*csa]
					for j, v := range b[p*rsb+h : p*rsb+cols] {
						s[j] += x * v
					}
				}
			}
			row := c[i*ldc+h : i*ldc+min(h+8, cols)]
			for j := range row {
				if beta == 0 {
					row[j] = alpha * s[j]
				} else {
					row[j] = alpha*s[j] + beta*row[j]
				}
			}
		}
	}
}
