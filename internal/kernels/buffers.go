package kernels

import "sync"

// colBudget bounds the im2col buffer (in float32s, 16 MB): a batch is
// processed a few images at a time, so that inference on a large batch does
// not need gigabytes of patches, while each chunk still makes a matrix
// product large enough to keep BLAS efficient. A variable so that tests can
// make chunks of one image.
var colBudget = 1 << 22

// floatPool recycles float32 buffers between ops and steps, so that a
// training step does not allocate them again. Not a sync.Pool: that one
// empties at every garbage collection, and a training step makes enough
// garbage (the graph's activations) to collect every step or two.
type floatPool struct {
	sync.Mutex
	bufs []*[]float32
}

// get returns a buffer of n values whose capacity is at least minCap.
func (p *floatPool) get(n, minCap int) *[]float32 {
	p.Lock()
	defer p.Unlock()
	for i := len(p.bufs) - 1; i >= 0; i-- {
		if b := p.bufs[i]; cap(*b) >= n {
			p.bufs = append(p.bufs[:i], p.bufs[i+1:]...)
			*b = (*b)[:n]
			return b
		}
	}
	b := make([]float32, n, max(n, minCap))
	return &b
}

// put returns a buffer to the pool, which keeps a few: enough for the
// buffers one op holds at once (a Winograd convolution holds three) times
// the graphs running at the same time.
func (p *floatPool) put(b *[]float32) {
	p.Lock()
	defer p.Unlock()
	if len(p.bufs) < 8 {
		p.bufs = append(p.bufs, b)
	}
}

// colFree holds the im2col and Winograd buffers. Each holds at least
// colBudget values, so that the buffers a sequential graph needs fit all
// its layers.
var colFree floatPool

func getCol(n int) *[]float32 { return colFree.get(n, colBudget) }
func putCol(b *[]float32)     { colFree.put(b) }

// scratchFree recycles the Winograd transforms' per-goroutine scratch rows.
var scratchFree floatPool
