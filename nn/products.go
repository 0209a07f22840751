package nn

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
)

// Product is one matrix product a training step runs, C (M x N) = op(A)
// (M x K) times op(B) (K x N), op transposing when TransA or TransB. The
// bench times a model's products alone to tell how much of a step is
// arithmetic and how much is the rest.
type Product struct {
	Layer          string
	M, N, K        int
	TransA, TransB bool
}

// MACs is the number of multiply-adds of p.
func (p Product) MACs() int { return p.M * p.N * p.K }

// TrainProducts lists the matrix products that one training step runs for
// c on a batch of batch images of shape in (height, width, channels): the
// forward pass, the kernel's gradient and, when inputGrad, the input's
// gradient (a model's first convolution has none). A 3x3 stride-1
// convolution with enough channels runs Winograd's (alpha² products a
// pass, and the kernel transforms), any other im2col's (one a pass).
func (c *Conv2D) TrainProducts(in []int, batch int, inputGrad bool) ([]Product, error) {
	if len(in) != 3 {
		return nil, fmt.Errorf("conv2d %s: input shape %v, want (height, width, channels)", c.name, in)
	}
	cfg := c.config()
	win, err := newWindow([]int{batch, in[0], in[1], in[2]}, cfg.kh, cfg.kw, cfg.sh, cfg.sw, cfg.padding)
	if err != nil {
		return nil, fmt.Errorf("conv2d %s: %w", c.name, err)
	}
	f, name := c.Filters(), c.name
	w := winoByTile(winoTile(win, f))
	if w == nil {
		pixels, patch := batch*win.outPixels(), win.patchSize()
		ps := []Product{{name, pixels, f, patch, false, false}, {name + " dW", patch, f, pixels, true, false}}
		if inputGrad {
			ps = append(ps, Product{name + " dX", pixels, patch, f, false, true})
		}
		return ps, nil
	}
	a2, cf := w.alpha*w.alpha, win.c*f
	tiles := func(h, wd int) int { return batch * ((h + w.m - 1) / w.m) * ((wd + w.m - 1) / w.m) }
	t := tiles(win.outH, win.outW)
	ps := []Product{{name + " U", a2, cf, 9, false, false}}
	for range a2 {
		ps = append(ps, Product{name, t, f, win.c, false, false})
	}
	for range a2 {
		ps = append(ps, Product{name + " dW", win.c, f, t, true, false})
	}
	ps = append(ps, Product{name + " dW G", 9, cf, a2, true, false})
	if inputGrad {
		ps = append(ps, Product{name + " Urev", a2, cf, 9, false, false})
		tx := tiles(win.h, win.w)
		for range a2 {
			ps = append(ps, Product{name + " dX", tx, win.c, f, false, true})
		}
	}
	return ps, nil
}

// RunProducts runs the products ps, the i-th on the buffers a[i], b[i] and
// c[i] (row-major, with no padding), as gozoo's ops run theirs: large ones
// split between goroutines, the others side by side, on GOMAXPROCS
// goroutines with one BLAS thread each.
func RunProducts(ps []Product, a, b, c [][]float32) { RunProductsWith(nil, ps, a, b, c) }

// RunProductsWith is RunProducts with the Sgemm f (nil: the BLAS Gorgonia
// uses), so that the bench can run gozoo's, gonum's and OpenBLAS's GEMM
// the same way.
func RunProductsWith(f SgemmFunc, ps []Product, a, b, c [][]float32) {
	var calls []gemmCall
	for i, p := range ps {
		g := gemmCall{f, blas.NoTrans, blas.NoTrans, p.M, p.N, p.K, 1, a[i], p.K, b[i], p.N, 0, c[i], p.N}
		if p.TransA {
			g.tA, g.lda = blas.Trans, p.M
		}
		if p.TransB {
			g.tB, g.ldb = blas.Trans, p.K
		}
		calls = append(calls, g.pieces()...)
	}
	runGemms(calls)
}
