package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

func maxProcs() int { return runtime.GOMAXPROCS(0) }

// The kernels fan work out to a pool of worker goroutines that live as
// long as the program, rather than starting goroutines at every call: a
// prediction of 1,000 images with the notebook's CNN made about 4,500
// allocations that way (goroutines, their closures, WaitGroups), a chunk
// of images at a time. A fan-out is a job of numbered parts; the caller
// and the workers it wakes claim parts until none is left, so a job
// finishes even when every worker is busy elsewhere, and which goroutine
// runs a part changes nothing in its result.
//
// Jobs are reused. A worker may be woken for a job that has finished and
// been reused since; the job's state word (generation, part count and
// next part, updated atomically as one) makes such a worker claim
// nothing.

// job is one fan-out. Exactly one of ranges, images, rows and calls is
// set.
type job struct {
	state atomic.Uint64 // gen<<40 | parts<<20 | next
	done  atomic.Int64
	fin   chan struct{} // the part that completes the job, when a worker's

	n, per int                           // ranges of [0, n), per items each
	ranges func(part, lo, hi int)        // parallelRanges
	images func(i int)                   // parallelImages, over base+[0, n)
	base   int                           //
	rows   func(lo, hi int, s []float32) // parallelRows
	size   int                           // its scratch
	calls  []gemmCall                    // runGemms: a part a product
}

const (
	partBits = 20
	partMask = 1<<partBits - 1
)

type wake struct {
	j   *job
	gen uint64
}

var (
	jobs     = sync.Pool{New: func() any { return &job{fin: make(chan struct{}, 1)} }}
	wakes    = make(chan wake, 256)
	poolSize atomic.Int64
	startMu  sync.Mutex
)

// ensureWorkers starts workers up to n.
func ensureWorkers(n int) {
	if int(poolSize.Load()) >= n {
		return
	}
	startMu.Lock()
	defer startMu.Unlock()
	for int(poolSize.Load()) < n {
		poolSize.Add(1)
		go func() {
			for {
				w, ok := pollWake()
				if !ok {
					w = <-wakes
				}
				w.j.work(w.gen, false)
			}
		}()
	}
}

// claim takes the next part of generation gen, with the job's part
// count, or reports there is none.
func (j *job) claim(gen uint64) (part, parts int, ok bool) {
	for {
		s := j.state.Load()
		next, n := s&partMask, s>>partBits&partMask
		if s>>(2*partBits) != gen || next >= n {
			return 0, 0, false
		}
		if j.state.CompareAndSwap(s, s+1) {
			return int(next), int(n), true
		}
	}
}

// work runs parts of generation gen until none is left. It reports
// whether it completed the job's last part; a worker that does signals
// the caller.
func (j *job) work(gen uint64, caller bool) (last bool) {
	for {
		p, parts, ok := j.claim(gen)
		if !ok {
			return last
		}
		j.runPart(p)
		if j.done.Add(1) == int64(parts) {
			if !caller {
				j.fin <- struct{}{}
			}
			last = true
		}
	}
}

func (j *job) runPart(p int) {
	if j.calls != nil {
		j.calls[p].run()
		return
	}
	lo, hi := p*j.per, min((p+1)*j.per, j.n)
	switch {
	case j.ranges != nil:
		j.ranges(p, lo, hi)
	case j.images != nil:
		for i := j.base + lo; i < j.base+hi; i++ {
			j.images(i)
		}
	default:
		buf := scratchFree.get(j.size, 0)
		j.rows(lo, hi, *buf)
		scratchFree.put(buf)
	}
}

// run publishes j, set up by the caller, as a job of parts parts, wakes
// up to parts-1 workers, works on it and returns when every part is done.
func (j *job) run(parts int) {
	if parts > partMask {
		panic("kernels: too many parts for one fan-out")
	}
	gen := j.state.Load()>>(2*partBits) + 1
	j.done.Store(0)
	// The fields set by the caller are published by this store: a
	// worker reads them only after a claim that saw it.
	j.state.Store(gen<<(2*partBits) | uint64(parts)<<partBits)
	if parts > 1 {
		ensureWorkers(maxProcs() - 1)
		for range min(parts-1, int(poolSize.Load())) {
			select {
			case wakes <- wake{j, gen}:
			default: // every worker has work queued: the caller does more itself
			}
		}
	}
	if !j.work(gen, true) {
		j.spinDone(parts) // then fin is sent, or about to be
		<-j.fin
	}
	// Nothing of the caller's stays reachable from the pooled job.
	j.ranges, j.images, j.rows, j.calls = nil, nil, nil, nil
	jobs.Put(j)
}

// A training step fans out a hundred times or more (the notebook's CNN:
// each convolution's transforms, products and untransforms, chunk by
// chunk), with microseconds between fan-outs. A worker that parks on the
// channel between them, and a caller that parks on fin, must be woken
// through the kernel; on this project's 2-core virtual machine that took
// tens of microseconds a time, during which one core sat idle: the CNN's
// step ran 1.55x faster on 2 cores than on 1. So both poll for spinFor
// before they park, as OpenMP's runtimes do (their default spins longer).
// Polling only spends time a core would otherwise sleep through, and a
// poll yields to any other goroutine waiting for the processor. Measured
// on the CNN's step, alternately in one process (11 rounds, medians):
// parking at once 92.6 ms, polling for 50 µs 92.7, 200 µs 76.3, 1 ms
// 80.4.
const spinFor = 500 * time.Microsecond

// partsPerWorker is how many parts parallelImages and parallelRows cut
// for each worker: the caller starts on its parts at once while the
// workers wake up, and the one that finishes first takes what is left,
// rather than waiting on the other's half. With 1 part per worker the
// CNN's step above took 5-8% longer.
const partsPerWorker = 4

// pollWake polls the wakes channel for spinFor, reporting whether it got
// one.
func pollWake() (wake, bool) {
	t0 := time.Now()
	for i := 1; ; i++ {
		select {
		case w := <-wakes:
			return w, true
		default:
		}
		if i%16 == 0 {
			if time.Since(t0) > spinFor {
				return wake{}, false
			}
			runtime.Gosched()
		}
	}
}

// spinDone polls j's count of done parts for spinFor, until it reaches
// parts.
func (j *job) spinDone(parts int) {
	t0 := time.Now()
	for i := 1; j.done.Load() < int64(parts); i++ {
		if i%16 == 0 {
			if time.Since(t0) > spinFor {
				return
			}
			runtime.Gosched()
		}
	}
}

func getJob() *job { return jobs.Get().(*job) }

// parallelRanges splits [0, n) into up to workers contiguous ranges and
// runs f on each, numbering them from 0 (the part argument), on the caller
// and the pool's workers: images, tile rows and row sums.
func parallelRanges(n, workers int, f func(part, lo, hi int)) {
	workers = min(workers, n)
	if workers <= 1 {
		if n > 0 {
			f(0, 0, n)
		}
		return
	}
	per := (n + workers - 1) / workers
	j := getJob()
	j.n, j.per, j.ranges = n, per, f
	j.run((n + per - 1) / per)
}

// parallelImages runs f(i) for i in [lo, hi), split into up to
// partsPerWorker ranges for each of GOMAXPROCS goroutines. Each image's
// im2col or col2im touches only its own slice of memory.
func parallelImages(lo, hi int, f func(i int)) {
	n, workers := hi-lo, min(maxProcs(), hi-lo)
	if workers <= 1 {
		for i := lo; i < hi; i++ {
			f(i)
		}
		return
	}
	per := max(1, (n+partsPerWorker*workers-1)/(partsPerWorker*workers))
	j := getJob()
	j.n, j.per, j.base, j.images = n, per, lo, f
	j.run((n + per - 1) / per)
}

// parallelRows runs f over [0, n) split into contiguous ranges, up to
// partsPerWorker for each of GOMAXPROCS goroutines, each with scratch of
// size values.
func parallelRows(n, size int, f func(lo, hi int, scratch []float32)) {
	workers := min(maxProcs(), n)
	if workers <= 1 {
		if n > 0 {
			buf := scratchFree.get(size, 0)
			f(0, n, *buf)
			scratchFree.put(buf)
		}
		return
	}
	per := max(1, (n+partsPerWorker*workers-1)/(partsPerWorker*workers))
	j := getJob()
	j.n, j.per, j.size, j.rows = n, per, size, f
	j.run((n + per - 1) / per)
}

// runGemms runs independent products, each taken whole by the caller or a
// worker.
func runGemms(calls []gemmCall) {
	if len(calls) == 0 {
		return
	}
	if len(calls) == 1 || maxProcs() == 1 {
		for _, g := range calls {
			g.run()
		}
		return
	}
	j := getJob()
	j.calls = calls
	j.run(len(calls))
}
