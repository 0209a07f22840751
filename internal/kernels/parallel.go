package kernels

import (
	"runtime"
	"sync"
)

func maxProcs() int { return runtime.GOMAXPROCS(0) }

// parallelRanges splits [0, n) into up to workers contiguous ranges and
// runs f on each, part numbering them from 0, on goroutines of their own
// (on the caller's when there is one range). It is the one fan-out of the
// kernels: images, tile rows and row sums.
func parallelRanges(n, workers int, f func(part, lo, hi int)) {
	workers = min(workers, n)
	if workers <= 1 {
		if n > 0 {
			f(0, 0, n)
		}
		return
	}
	per := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for part, lo := 0, 0; lo < n; part, lo = part+1, lo+per {
		hi := min(lo+per, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(part, lo, hi)
		}()
	}
	wg.Wait()
}

// parallelImages runs f(i) for i in [lo, hi) on up to GOMAXPROCS goroutines.
// Each image's im2col or col2im touches only its own slice of memory.
func parallelImages(lo, hi int, f func(i int)) {
	parallelRanges(hi-lo, maxProcs(), func(_, a, b int) {
		for i := lo + a; i < lo+b; i++ {
			f(i)
		}
	})
}

// parallelRows runs f over [0, n) split into contiguous ranges, one per
// goroutine (up to GOMAXPROCS), each with scratch of size values.
func parallelRows(n, size int, f func(lo, hi int, scratch []float32)) {
	parallelRanges(n, maxProcs(), func(_, lo, hi int) {
		buf := scratchFree.get(size, 0)
		defer scratchFree.put(buf)
		f(lo, hi, *buf)
	})
}
