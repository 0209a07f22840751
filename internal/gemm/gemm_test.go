package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// naive is the definition: C = alpha op(A) op(B) + beta C, summed in float64.
func naive(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := range m {
		for j := range n {
			var s float64
			for p := range k {
				ai, bi := i*lda+p, p*ldb+j
				if transA {
					ai = p*lda + i
				}
				if transB {
					bi = j*ldb + p
				}
				x, y := a[ai], b[bi]
				s += float64(x) * float64(y)
			}
			v := float64(alpha) * s
			if beta != 0 {
				v += float64(beta) * float64(c[i*ldc+j])
			}
			c[i*ldc+j] = float32(v)
		}
	}
}

type problem struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	lda, ldb, ldc  int
	a, b, c        []float32
}

// randProblem draws a product with strides up to 3 past the matrices'
// widths, values in [-1, 1) and, when beta is 0, NaN in C.
func randProblem(rng *rand.Rand, m, n, k int) problem {
	p := problem{transA: rng.IntN(2) == 1, transB: rng.IntN(2) == 1, m: m, n: n, k: k}
	p.alpha = []float32{1, -0.5, 2.25, 0}[rng.IntN(4)]
	p.beta = []float32{0, 1, -1.5, 0.75}[rng.IntN(4)]
	ar, ac := m, k
	if p.transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if p.transB {
		br, bc = n, k
	}
	p.lda, p.ldb, p.ldc = max(1, ac)+rng.IntN(4), max(1, bc)+rng.IntN(4), n+rng.IntN(4)
	fill := func(rows, ld int) []float32 {
		s := make([]float32, rows*ld)
		for i := range s {
			s[i] = rng.Float32()*2 - 1
		}
		return s
	}
	p.a, p.b, p.c = fill(ar, p.lda), fill(br, p.ldb), fill(m, p.ldc)
	if p.beta == 0 {
		for i := range p.c {
			p.c[i] = float32(math.NaN())
		}
	}
	return p
}

func (p problem) run(f func(bool, bool, int, int, int, float32, []float32, int, []float32, int, float32, []float32, int)) []float32 {
	c := append([]float32(nil), p.c...)
	f(p.transA, p.transB, p.m, p.n, p.k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, c, p.ldc)
	return c
}

// compare checks got against the float64 reference, to float32 rounding of
// a k-term sum, and that padding between rows of C was left alone.
func compare(t *testing.T, p problem, got []float32) {
	t.Helper()
	want := p.run(naive)
	tol := 1e-5 * float64(p.k+4) * (math.Abs(float64(p.alpha)) + 1)
	for i := range p.m {
		for j := range p.ldc {
			g, w := got[i*p.ldc+j], want[i*p.ldc+j]
			if j >= p.n {
				if math.Float32bits(g) != math.Float32bits(p.c[i*p.ldc+j]) {
					t.Fatalf("%+v: c[%d][%d] past n changed to %v", p.shape(), i, j, g)
				}
				continue
			}
			if math.IsNaN(float64(g)) || math.Abs(float64(g-w)) > tol {
				t.Fatalf("%+v: c[%d][%d] = %v, want %v", p.shape(), i, j, g, w)
			}
		}
	}
}

func (p problem) shape() []any {
	return []any{"tA", p.transA, "tB", p.transB, "m", p.m, "n", p.n, "k", p.k, "alpha", p.alpha, "beta", p.beta, "ld", p.lda, p.ldb, p.ldc}
}

// kernels runs f with the assembly kernels (where the CPU has them) and
// with the Go kernel forced, each way with op(A) and op(B) read in place
// and packed.
func kernels(t *testing.T, f func(t *testing.T)) {
	saved, savedA, savedB := useAsm, inPlaceA, inPlaceB
	defer func() { useAsm, inPlaceA, inPlaceB = saved, savedA, savedB }()
	for _, asm := range []bool{true, false} {
		if asm && !saved {
			continue
		}
		useAsm = asm
		for _, pa := range []int{1, 2} {
			for _, pb := range []int{1, 2} {
				inPlaceA, inPlaceB = pa, pb
				t.Run(fmt.Sprintf("asm=%v/A=%s/B=%s", asm, pathName[pa], pathName[pb]), f)
			}
		}
	}
}

var pathName = map[int]string{1: "inplace", 2: "packed"}

func TestSgemmEdges(t *testing.T) {
	kernels(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		sizes := []int{1, 2, 5, 6, 7, 11, 12, 15, 16, 17, 20, 31, 33, 47, 64, 70}
		for _, m := range sizes {
			for _, n := range sizes {
				for _, k := range []int{1, 3, 16, 17, 70} {
					p := randProblem(rng, m, n, k)
					compare(t, p, p.run(Sgemm))
				}
			}
		}
		for range 300 {
			p := randProblem(rng, 1+rng.IntN(70), 1+rng.IntN(70), 1+rng.IntN(70))
			compare(t, p, p.run(Sgemm))
		}
	})
}

// TestSgemmBlocks covers products larger than one block of each loop: k
// past kc (several k blocks, beta applied once), m past mc, n past nc.
func TestSgemmBlocks(t *testing.T) {
	kernels(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, s := range [][3]int{{mc + 7, 40, kc + 1}, {13, nc + 21, 9}, {150, 33, 2*kc + 5}} {
			p := randProblem(rng, s[0], s[1], s[2])
			p.beta = 0.5
			compare(t, p, p.run(Sgemm))
		}
	})
}

func TestSgemmZeroSizes(t *testing.T) {
	nan := float32(math.NaN())
	c := []float32{nan, 2, 3, nan}
	Sgemm(false, false, 2, 2, 0, 1, nil, 1, nil, 2, 0, c, 2)
	for i, v := range c {
		if v != 0 {
			t.Fatalf("k 0, beta 0: c[%d] = %v, want 0", i, v)
		}
	}
	c = []float32{1, 2, 3, 4}
	a := []float32{nan, nan}
	Sgemm(false, false, 2, 2, 1, 0, a, 1, a, 2, 2, c, 2)
	for i, v := range c {
		if v != 2*float32(i+1) {
			t.Fatalf("alpha 0: c[%d] = %v, want %v (the product skipped, NaN in A unread)", i, v, 2*float32(i+1))
		}
	}
	Sgemm(false, false, 0, 3, 3, 1, nil, 3, make([]float32, 9), 3, 1, nil, 3)
}

func TestSgemmPanicsOnShortSlices(t *testing.T) {
	for _, f := range []func(){
		func() {
			Sgemm(false, false, 2, 2, 2, 1, make([]float32, 3), 2, make([]float32, 4), 2, 0, make([]float32, 4), 2)
		},
		func() {
			Sgemm(false, false, 2, 2, 2, 1, make([]float32, 4), 1, make([]float32, 4), 2, 0, make([]float32, 4), 2)
		},
		func() {
			Sgemm(false, true, 2, 3, 2, 1, make([]float32, 4), 2, make([]float32, 4), 2, 0, make([]float32, 6), 3)
		},
		func() { Sgemm(false, false, -1, 2, 2, 1, nil, 2, nil, 2, 0, nil, 2) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("no panic on arguments that do not fit")
				}
			}()
			f()
		}()
	}
}

// TestSgemmSplitBitIdentical checks what lets callers split a product
// between goroutines: every block of rows or columns of C, computed alone,
// has the same bits as in the whole product.
func TestSgemmSplitBitIdentical(t *testing.T) {
	kernels(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		for range 20 {
			p := randProblem(rng, 1+rng.IntN(200), 1+rng.IntN(200), 1+rng.IntN(600))
			whole := p.run(Sgemm)
			rows, cols := append([]float32(nil), p.c...), append([]float32(nil), p.c...)
			lo := rng.IntN(p.m)
			hi := lo + 1 + rng.IntN(p.m-lo)
			a := p.a[lo:]
			if !p.transA {
				a = p.a[lo*p.lda:]
			}
			Sgemm(p.transA, p.transB, hi-lo, p.n, p.k, p.alpha, a, p.lda, p.b, p.ldb, p.beta, rows[lo*p.ldc:], p.ldc)
			lo2 := rng.IntN(p.n)
			hi2 := lo2 + 1 + rng.IntN(p.n-lo2)
			b := p.b[lo2:]
			if p.transB {
				b = p.b[lo2*p.ldb:]
			}
			Sgemm(p.transA, p.transB, p.m, hi2-lo2, p.k, p.alpha, p.a, p.lda, b, p.ldb, p.beta, cols[lo2:], p.ldc)
			for i := range p.m {
				for j := range p.n {
					w := math.Float32bits(whole[i*p.ldc+j])
					if i >= lo && i < hi && math.Float32bits(rows[i*p.ldc+j]) != w {
						t.Fatalf("%v: c[%d][%d] = %v in rows %d..%d alone, %v in the whole product", p.shape(), i, j, rows[i*p.ldc+j], lo, hi, whole[i*p.ldc+j])
					}
					if j >= lo2 && j < hi2 && math.Float32bits(cols[i*p.ldc+j]) != w {
						t.Fatalf("%v: c[%d][%d] = %v in columns %d..%d alone, %v in the whole product", p.shape(), i, j, cols[i*p.ldc+j], lo2, hi2, whole[i*p.ldc+j])
					}
				}
			}
		}
	})
}

// TestSgemmPathsBitIdentical checks that reading op(A) and op(B) in place
// or packed changes no bit of C: the kernels sum each element in the same
// order either way, so the model files do not depend on the path a
// product's shape picks.
func TestSgemmPathsBitIdentical(t *testing.T) {
	if !useAsm {
		t.Skip("no assembly kernels on this CPU")
	}
	savedA, savedB := inPlaceA, inPlaceB
	defer func() { inPlaceA, inPlaceB = savedA, savedB }()
	rng := rand.New(rand.NewPCG(9, 10))
	for range 40 {
		p := randProblem(rng, 1+rng.IntN(100), 1+rng.IntN(100), 1+rng.IntN(700))
		inPlaceA, inPlaceB = 2, 2
		want := p.run(Sgemm)
		for _, pa := range []int{1, 2} {
			for _, pb := range []int{1, 2} {
				inPlaceA, inPlaceB = pa, pb
				got := p.run(Sgemm)
				for i := range got {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) && !(math.IsNaN(float64(got[i])) && math.IsNaN(float64(want[i]))) {
						t.Fatalf("%v, A %s, B %s: c[%d] = %v, packed gives %v", p.shape(), pathName[pa], pathName[pb], i, got[i], want[i])
					}
				}
			}
		}
	}
}

func TestSgemmNoAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	p := randProblem(rng, 100, 90, 80)
	c := append([]float32(nil), p.c...)
	run := func() {
		Sgemm(p.transA, p.transB, p.m, p.n, p.k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, c, p.ldc)
	}
	run()
	if n := testing.AllocsPerRun(20, run); n > 0 {
		t.Errorf("%v allocations a product, want 0 once the packing buffers are pooled", n)
	}
	// A small product reads both operands in place and takes no buffer
	// from the pools, so it allocates nothing even after a garbage
	// collection has emptied them (a one-example prediction).
	small := randProblem(rng, 1, 3, 4)
	small.transB = false
	small.ldb = 3
	c = append([]float32(nil), small.c...)
	runtime.GC()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	Sgemm(small.transA, false, 1, 3, 4, small.alpha, small.a, small.lda, small.b, small.ldb, small.beta, c, small.ldc)
	runtime.ReadMemStats(&after)
	if n := after.Mallocs - before.Mallocs; n > 0 {
		t.Errorf("%d allocations for a 1x3x4 product after a garbage collection, want 0", n)
	}
}

func FuzzSgemm(f *testing.F) {
	f.Add(uint64(1), uint8(5), uint8(17), uint8(9))
	f.Add(uint64(2), uint8(70), uint8(1), uint8(64))
	f.Fuzz(func(t *testing.T, seed uint64, m, n, k uint8) {
		rng := rand.New(rand.NewPCG(seed, 0))
		p := randProblem(rng, 1+int(m)%80, 1+int(n)%80, int(k)%300)
		saved, savedA, savedB := useAsm, inPlaceA, inPlaceB
		defer func() { useAsm, inPlaceA, inPlaceB = saved, savedA, savedB }()
		// Each kernel with the operands as Sgemm picks, then both packed.
		for _, asm := range []bool{saved, false} {
			useAsm = asm
			for _, path := range []int{0, 2} {
				inPlaceA, inPlaceB = path, path
				compare(t, p, p.run(Sgemm))
			}
		}
	})
}

func BenchmarkSgemm(b *testing.B) {
	for _, s := range []int{64, 256, 1024} {
		b.Run(strconv.Itoa(s), func(b *testing.B) {
			a, bb, c := make([]float32, s*s), make([]float32, s*s), make([]float32, s*s)
			for i := range a {
				a[i], bb[i] = float32(i%7)-3, float32(i%5)-2
			}
			for b.Loop() {
				Sgemm(false, false, s, s, s, 1, a, s, bb, s, 0, c, s)
			}
			b.ReportMetric(2*float64(s*s*s)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkKernel is the micro-kernel alone on panels in L1: the ceiling
// of BenchmarkSgemm.
func BenchmarkKernel(b *testing.B) {
	a, bb, c := make([]float32, kc*mr), make([]float32, kc*nr), make([]float32, mr*nr)
	for i := range a {
		a[i] = 1
	}
	for b.Loop() {
		kernel(kc, mr, 1, nr, nr, a, 1, mr, 0, bb, nr, c, nr, 1, 1)
	}
	b.ReportMetric(2*float64(kc*mr*nr)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkGonum is gonum's pure-Go sgemm on BenchmarkSgemm's products.
func BenchmarkGonum(b *testing.B) {
	for _, s := range []int{256, 1024} {
		b.Run(strconv.Itoa(s), func(b *testing.B) {
			a, bb, c := make([]float32, s*s), make([]float32, s*s), make([]float32, s*s)
			for i := range a {
				a[i], bb[i] = float32(i%7)-3, float32(i%5)-2
			}
			for b.Loop() {
				gonum.Implementation{}.Sgemm(blas.NoTrans, blas.NoTrans, s, s, s, 1, a, s, bb, s, 0, c, s)
			}
			b.ReportMetric(2*float64(s*s*s)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
