package nn

import (
	"fmt"

	"github.com/gozoo/gozoo/internal/kernels"
)

// Product is one matrix product a training step runs (internal/kernels'
// Product), for the bench.
type Product = kernels.Product

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
	f := c.Filters()
	conv := kernels.Conv{Win: win, Filters: f, Tile: kernels.WinogradTile(win, f)}
	return conv.TrainProducts(c.name, inputGrad), nil
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
	var bl kernels.BLAS = kernels.SgemmFunc(f)
	if f == nil {
		bl = blasNow()
	}
	if err := kernels.RunProducts(bl, ps, a, b, c); err != nil {
		panic(err)
	}
}
