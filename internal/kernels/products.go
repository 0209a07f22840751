package kernels

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

// TrainProducts lists the matrix products that one training step of c
// runs, named after layer: the forward pass, the kernel's gradient and,
// when inputGrad, the input's gradient (a model's first convolution has
// none). The Winograd path runs alpha² products a pass, and the kernel
// transforms; im2col one a pass.
func (c Conv) TrainProducts(layer string, inputGrad bool) []Product {
	win, f := c.Win, c.Filters
	w := winoByTile(c.Tile)
	if w == nil {
		pixels, patch := win.N*win.OutPixels(), win.PatchSize()
		ps := []Product{{layer, pixels, f, patch, false, false}, {layer + " dW", patch, f, pixels, true, false}}
		if inputGrad {
			ps = append(ps, Product{layer + " dX", pixels, patch, f, false, true})
		}
		return ps
	}
	a2, cf := w.alpha*w.alpha, win.C*f
	tiles := func(h, wd int) int { return win.N * ((h + w.m - 1) / w.m) * ((wd + w.m - 1) / w.m) }
	t := tiles(win.OutH, win.OutW)
	ps := []Product{{layer + " U", a2, cf, 9, false, false}}
	for range a2 {
		ps = append(ps, Product{layer, t, f, win.C, false, false})
	}
	for range a2 {
		ps = append(ps, Product{layer + " dW", win.C, f, t, true, false})
	}
	ps = append(ps, Product{layer + " dW G", 9, cf, a2, true, false})
	if inputGrad {
		ps = append(ps, Product{layer + " Urev", a2, cf, 9, false, false})
		tx := tiles(win.H, win.W)
		for range a2 {
			ps = append(ps, Product{layer + " dX", tx, win.C, f, false, true})
		}
	}
	return ps
}

// RunProducts runs the products ps on bl, the i-th on the buffers a[i],
// b[i] and c[i] (row-major, with no padding), as the kernels run theirs:
// large ones split between goroutines, the others side by side, on
// GOMAXPROCS goroutines.
func RunProducts(bl BLAS, ps []Product, a, b, c [][]float32) error {
	var calls []gemmCall
	for i, p := range ps {
		if len(a[i]) < p.M*p.K || len(b[i]) < p.K*p.N || len(c[i]) < p.M*p.N {
			return fmt.Errorf("product %d (%s, %dx%dx%d): buffers of %d, %d and %d values", i, p.Layer, p.M, p.N, p.K, len(a[i]), len(b[i]), len(c[i]))
		}
		g := gemmCall{bl, blas.NoTrans, blas.NoTrans, p.M, p.N, p.K, 1, a[i], p.K, b[i], p.N, 0, c[i], p.N}
		if p.TransA {
			g.tA, g.lda = blas.Trans, p.M
		}
		if p.TransB {
			g.tB, g.ldb = blas.Trans, p.K
		}
		calls = append(calls, g.pieces()...)
	}
	runGemms(calls)
	return nil
}
