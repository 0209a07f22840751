package kernels

import "gonum.org/v1/gonum/blas"

// Conv is an NHWC convolution with a bias per filter and a fused
// activation: y = act(conv(x, k) + b), with x (N, H, W, C), the kernel k
// (KH, KW, C, Filters), Keras's layout, b (Filters) and y (N, OutH, OutW,
// Filters). It runs as im2col products, a chunk of images at a time, or,
// with Tile set, as Winograd's F(Tile x Tile, 3 x 3) (winograd.go).
type Conv struct {
	Win     Window
	Filters int
	Tile    int // Winograd's output tile side (WinogradTile), 0 for im2col
	Act     Act
}

// NewConv is the convolution of filters filters over win with the
// activation act, on Winograd's path where WinogradTile takes it.
func NewConv(win Window, filters int, act Act) Conv {
	return Conv{Win: win, Filters: filters, Tile: WinogradTile(win, filters), Act: act}
}

// OutShape is y's shape.
func (c Conv) OutShape() []int { return []int{c.Win.N, c.Win.OutH, c.Win.OutW, c.Filters} }

// KernelShape is the kernel's shape.
func (c Conv) KernelShape() []int { return []int{c.Win.KH, c.Win.KW, c.Win.C, c.Filters} }

// Forward is y = act(conv(x, k) + b), for Win.N images.
func (c Conv) Forward(bl BLAS, y, x, k, b []float32) {
	if w := winoByTile(c.Tile); w != nil { // the Winograd path applies act as it writes y
		ub := w.transformKernel(bl, k, c.Win.C, c.Filters, false)
		defer putCol(ub)
		w.forward(bl, c, y, x, *ub, b)
		return
	}
	g, f := c.Win, c.Filters
	px := g.OutPixels()
	g.chunks(x, func(n0, n1 int, col []float32) {
		// Start each row from the bias and let the product add to it.
		rows := (n1 - n0) * px
		out := y[n0*px*f : n1*px*f]
		for r := 0; r < rows; r++ {
			copy(out[r*f:(r+1)*f], b)
		}
		Sgemm(bl, blas.NoTrans, blas.NoTrans, rows, f, g.PatchSize(), 1, col, g.PatchSize(), k, f, 1, out, f)
	})
	if c.Act != Linear {
		size := px * f
		parallelImages(0, g.N, func(i int) { Activate(c.Act, y[i*size:(i+1)*size]) })
	}
}

// TransformedKernelSize is the number of values of the kernel as
// ForwardTransformed takes it, 0 on the im2col path.
func (c Conv) TransformedKernelSize() int {
	w := winoByTile(c.Tile)
	if w == nil {
		return 0
	}
	return w.alpha * w.alpha * c.Win.C * c.Filters
}

// TransformKernel writes the kernel k, transformed for Winograd's forward
// pass, into u, of TransformedKernelSize values.
func (c Conv) TransformKernel(bl BLAS, u, k []float32) {
	winoByTile(c.Tile).transformKernelInto(bl, u, k, c.Win.C, c.Filters, false)
}

// ForwardTransformed is Forward on the Winograd path with the kernel
// transformed already, into u: a prediction's plan keeps it from one
// prediction to the next, where a one-image prediction of the notebook's
// CNN spent more multiply-adds transforming kernels than convolving.
func (c Conv) ForwardTransformed(bl BLAS, y, x, u, b []float32) {
	winoByTile(c.Tile).forward(bl, c, y, x, u, b)
}

// ActGrad is dz = dy ⊙ act'(z), from the output y, image by image in
// parallel.
func (c Conv) ActGrad(dz, y, dy []float32) {
	size := len(dz) / c.Win.N
	parallelImages(0, c.Win.N, func(i int) {
		lo, hi := i*size, (i+1)*size
		ActivationGrad(c.Act, dz[lo:hi], y[lo:hi], dy[lo:hi])
	})
}

// KernelGrad is dk = im2col(x)ᵀ dz, dz the gradient before the activation.
func (c Conv) KernelGrad(bl BLAS, dk, x, dz []float32) {
	if w := winoByTile(c.Tile); w != nil {
		w.kernelGrad(bl, c, dk, x, dz)
		return
	}
	g, f := c.Win, c.Filters
	pc, px := g.PatchSize(), g.OutPixels()
	var beta float32 // the first chunk overwrites dk, the next ones add to it
	g.chunks(x, func(n0, n1 int, col []float32) {
		Sgemm(bl, blas.Trans, blas.NoTrans, pc, f, (n1-n0)*px, 1, col, pc, dz[n0*px*f:n1*px*f], f, beta, dk, f)
		beta = 1
	})
}

// chunks writes the patches of x's images, a chunk of images at a time
// (as many as colBudget holds, at least one), and calls f with each
// chunk's images [n0, n1) and their patches.
func (g Window) chunks(x []float32, f func(n0, n1 int, col []float32)) {
	pc, px := g.PatchSize(), g.OutPixels()
	per := g.chunkImages()
	buf := getCol(per * px * pc)
	defer putCol(buf)
	// The closure is made once, not a chunk at a time (it reads the
	// chunk's variables), so a batch's allocations do not grow with it.
	var n0 int
	var col []float32
	im2col := func(i int) {
		g.im2col(col[(i-n0)*px*pc:(i-n0+1)*px*pc], x[i*g.ImgSize():(i+1)*g.ImgSize()])
	}
	for n0 = 0; n0 < g.N; n0 += per {
		n1 := min(n0+per, g.N)
		col = (*buf)[:(n1-n0)*px*pc]
		parallelImages(n0, n1, im2col)
		f(n0, n1, col)
	}
}

// InputGrad is dx = col2im(dz kᵀ).
func (c Conv) InputGrad(bl BLAS, dx, k, dz []float32) {
	if w := winoByTile(c.Tile); w != nil {
		w.inputGrad(bl, c, dx, k, dz)
		return
	}
	g, f := c.Win, c.Filters
	clear(dx)
	pc, px := g.PatchSize(), g.OutPixels()
	per := g.chunkImages()
	buf := getCol(per * px * pc)
	defer putCol(buf)
	var n0 int
	var col []float32
	col2im := func(i int) {
		g.col2im(dx[i*g.ImgSize():(i+1)*g.ImgSize()], col[(i-n0)*px*pc:(i-n0+1)*px*pc])
	}
	for n0 = 0; n0 < g.N; n0 += per {
		n1 := min(n0+per, g.N)
		rows := (n1 - n0) * px
		col = (*buf)[:rows*pc]
		Sgemm(bl, blas.NoTrans, blas.Trans, rows, pc, f, 1, dz[n0*px*f:n1*px*f], f, k, f, 0, col, pc)
		parallelImages(n0, n1, col2im)
	}
}
