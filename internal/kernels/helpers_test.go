package kernels

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// gozooBLAS is gozoo's own GEMM (internal/gemm), the default build's.
var gozooBLAS = SgemmFunc(GozooSgemm)

// blases are the BLASes the kernels are tested on: gozoo's and gonum's.
var blases = []struct {
	name string
	bl   BLAS
}{{"gozoo", gozooBLAS}, {"gonum", gonum.Implementation{}}}

func newRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
}

// randFloats returns n standard normal values.
func randFloats(seed int64, n int) []float32 {
	rng := newRand(seed)
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return x
}

// eachTranspose calls f for the four transpose cases of an (m x k) by
// (k x n) product whose operands are stored without padding.
func eachTranspose(m, n, k int, f func(tA, tB blas.Transpose, lda, ldb int)) {
	for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
		for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			lda, ldb := k, n
			if tA == blas.Trans {
				lda = m
			}
			if tB == blas.Trans {
				ldb = k
			}
			f(tA, tB, lda, ldb)
		}
	}
}

// atEachProcs runs f at GOMAXPROCS 1, 2 and 3 and reports the counts whose
// result differs from GOMAXPROCS 1's bit for bit.
func atEachProcs(t *testing.T, what string, f func() []float32) {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first []float32
	for _, procs := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(procs)
		got := f()
		if first == nil {
			first = got
			continue
		}
		if !slices.Equal(got, first) {
			t.Errorf("%s: GOMAXPROCS %d gives other values than GOMAXPROCS 1", what, procs)
		}
	}
}

// mustWindow is NewWindow for a test's valid geometry.
func mustWindow(t testing.TB, nhwc []int, kh, kw, sh, sw int, same bool) Window {
	t.Helper()
	w, err := NewWindow(nhwc, kh, kw, sh, sw, same)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// withBudget runs f with colBudget set to n.
func withBudget(n int, f func()) {
	saved := colBudget
	colBudget = n
	defer func() { colBudget = saved }()
	f()
}

// checkGrad compares grad, a backward pass's gradient of L = <dy, f(x)>
// with respect to x, with central differences of L, on up to 40 entries
// of x spread over it. An entry whose one-sided differences disagree sits
// at a kink (ReLU's 0, a window whose maximum changed): it is skipped, and
// the check fails if more than half are.
func checkGrad(t *testing.T, what string, x []float32, f func(x []float32) []float32, dy, grad []float32) {
	t.Helper()
	loss := func() float64 {
		var s float64
		for i, v := range f(x) {
			s += float64(dy[i]) * float64(v)
		}
		return s
	}
	const h = 2e-3
	step := max(1, len(x)/40)
	checked, skipped := 0, 0
	for i := 0; i < len(x); i += step {
		v := x[i]
		mid := loss()
		x[i] = v + h
		up := loss()
		x[i] = v - h
		down := loss()
		x[i] = v
		right, left, num := (up-mid)/h, (mid-down)/h, (up-down)/(2*h)
		checked++
		if math.Abs(right-left) > 0.01*(math.Abs(right)+math.Abs(left))+5e-3 {
			skipped++
			continue
		}
		if g := float64(grad[i]); math.Abs(g-num) > 2e-2*(math.Abs(g)+math.Abs(num))+1e-2 {
			t.Errorf("%s: gradient[%d] = %v, central differences %v", what, i, g, num)
			return
		}
	}
	if 2*skipped > checked {
		t.Errorf("%s: %d of %d entries at kinks", what, skipped, checked)
	}
}
