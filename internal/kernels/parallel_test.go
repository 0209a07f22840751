package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// TestFanOutRunsEveryPartOnce: many callers at once, with fan-outs nested
// inside parts (a part that itself fans out must not wait for a busy
// pool), each part counted: every one runs exactly once.
func TestFanOutRunsEveryPartOnce(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	var wg sync.WaitGroup
	for c := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rep := range 200 {
				n := 1 + (c*7+rep)%50
				hits := make([]atomic.Int32, n)
				parallelRanges(n, maxProcs(), func(_, lo, hi int) {
					for i := lo; i < hi; i++ {
						hits[i].Add(1)
						if i%9 == 0 {
							inner := make([]atomic.Int32, 5)
							parallelImages(0, 5, func(k int) { inner[k].Add(1) })
							for k := range inner {
								if inner[k].Load() != 1 {
									t.Errorf("nested image %d ran %d times", k, inner[k].Load())
								}
							}
						}
					}
				})
				for i := range hits {
					if hits[i].Load() != 1 {
						t.Errorf("caller %d rep %d: item %d of %d ran %d times", c, rep, i, n, hits[i].Load())
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestFanOutAllocatesNothing: with the work's closure made once, a
// fan-out in steady state allocates nothing (a prediction's chunks of
// images used to start goroutines, each with its closure).
func TestFanOutAllocatesNothing(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	sums := make([]float32, 64)
	f := func(lo, hi int, s []float32) {
		for i := lo; i < hi; i++ {
			sums[i]++
		}
	}
	calls := []gemmCall{{bl: gonum.Implementation{}, tA: blas.NoTrans, tB: blas.NoTrans, m: 1, n: 1, k: 1, a: []float32{1}, lda: 1, b: []float32{1}, ldb: 1, c: []float32{0}, ldc: 1}, {bl: gonum.Implementation{}, tA: blas.NoTrans, tB: blas.NoTrans, m: 1, n: 1, k: 1, a: []float32{1}, lda: 1, b: []float32{1}, ldb: 1, c: []float32{0}, ldc: 1}}
	parallelRows(64, 16, f)
	allocs := testing.AllocsPerRun(200, func() {
		parallelRows(64, 16, f)
		runGemms(calls)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per fan-out", allocs)
	}
}
