package nn

import (
	"fmt"
	"hash"
	"math"
	"sync"

	"github.com/chewxy/hm"
	"gonum.org/v1/gonum/blas"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// gozoo's convolution and pooling work on NHWC tensors, Keras's layout, with
// ops of its own rather than Gorgonia's Conv2d, MaxPool2D and AveragePool2D:
//
//   - Gorgonia's are NCHW only: keeping Keras's NHWC would cost a transpose
//     before and after every layer, forward and backward; and the NHWC
//     im2col below multiplies by a (kh*kw*inC, filters) kernel, which is
//     Keras's (kh, kw, inC, filters) kernel as it is stored, so Summary's
//     shapes, Save's arrays and Flatten's order are Keras's with no mapping.
//   - Gorgonia's AveragePool2D divides every window by the input's width
//     instead of the window's size; its pooling ops offset explicit
//     asymmetric padding by the bottom amount instead of the top one; and
//     Conv2d pads symmetrically, which cannot express TensorFlow's "same"
//     padding when the total is odd (even windows, strides above 1).
//   - The convolution's backward pass is split into ops that are only built
//     when needed: the first layer's input (the images) gets no gradient,
//     which Gorgonia's Conv2d always computes.
//
// The matrix products go through sgemm (gemm.go) and G.WhichBLAS(), so G.Use(netlib...) speeds
// them up as it does Dense's.

// window is the geometry of a 2-D sliding window (a convolution kernel or a
// pooling window) over a batch of NHWC images.
type window struct {
	n, h, w, c int // input: batch, height, width, channels
	kh, kw     int // window height and width
	sh, sw     int // strides
	padT, padL int // zero rows above and columns to the left; the rest of the padding is below and right
	outH, outW int
}

// outSize is the output length and the padding before the first element of
// a window of size k and stride s over in elements, as TensorFlow computes
// them: "valid" floors (in-k)/s + 1, "same" gives ceil(in/s) and puts the odd
// padding element after the input.
func outSize(in, k, s int, p Padding) (out, before int, err error) {
	if k <= 0 || s <= 0 {
		return 0, 0, fmt.Errorf("window %d with stride %d: both must be positive", k, s)
	}
	switch p {
	case Valid:
		if in < k {
			return 0, 0, fmt.Errorf("window %d is larger than the input (%d) with \"valid\" padding", k, in)
		}
		return (in-k)/s + 1, 0, nil
	case Same:
		if in <= 0 {
			return 0, 0, fmt.Errorf("empty input (%d)", in)
		}
		out = (in + s - 1) / s
		return out, max((out-1)*s+k-in, 0) / 2, nil
	}
	return 0, 0, fmt.Errorf("unknown padding %v", p)
}

// newWindow computes the geometry of a (kh, kw) window with strides (sh, sw)
// over an NHWC shape.
func newWindow(nhwc []int, kh, kw, sh, sw int, p Padding) (window, error) {
	if len(nhwc) != 4 {
		return window{}, fmt.Errorf("input shape %v: want (batch, height, width, channels)", nhwc)
	}
	g := window{n: nhwc[0], h: nhwc[1], w: nhwc[2], c: nhwc[3], kh: kh, kw: kw, sh: sh, sw: sw}
	var err error
	if g.outH, g.padT, err = outSize(g.h, kh, sh, p); err != nil {
		return window{}, fmt.Errorf("height: %w", err)
	}
	if g.outW, g.padL, err = outSize(g.w, kw, sw, p); err != nil {
		return window{}, fmt.Errorf("width: %w", err)
	}
	return g, nil
}

func (g window) inShape() tensor.Shape { return tensor.Shape{g.n, g.h, g.w, g.c} }
func (g window) inSize() int           { return g.n * g.h * g.w * g.c }
func (g window) imgSize() int          { return g.h * g.w * g.c }
func (g window) outPixels() int        { return g.outH * g.outW }
func (g window) patchSize() int        { return g.kh * g.kw * g.c }

func (g window) String() string {
	return fmt.Sprintf("in(%d,%d,%d,%d) win(%d,%d) stride(%d,%d) pad(%d,%d) out(%d,%d)",
		g.n, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.padT, g.padL, g.outH, g.outW)
}

// span returns the input rows [h0, h1) and columns [w0, w1) of the window
// of output pixel (oh, ow), clipped to the image.
func (g window) span(oh, ow int) (h0, h1, w0, w1 int) {
	h0, w0 = oh*g.sh-g.padT, ow*g.sw-g.padL
	h1, w1 = min(h0+g.kh, g.h), min(w0+g.kw, g.w)
	return max(h0, 0), h1, max(w0, 0), w1
}

// im2col writes the patches of one image, one row per output pixel, each
// ordered (u, v, channel) like a Keras kernel, zeros where the window
// overhangs the image.
func (g window) im2col(col, img []float32) {
	c := g.c
	i := 0
	for oh := 0; oh < g.outH; oh++ {
		for ow := 0; ow < g.outW; ow++ {
			for u := 0; u < g.kh; u++ {
				ih := oh*g.sh - g.padT + u
				if ih < 0 || ih >= g.h {
					clear(col[i : i+g.kw*c])
					i += g.kw * c
					continue
				}
				// The window's row inside the image is one contiguous run
				// of pixels: one copy, zeros on either side.
				iw := ow*g.sw - g.padL
				v0, v1 := max(0, -iw), min(g.kw, g.w-iw)
				seg := col[i : i+g.kw*c]
				if v0 >= v1 {
					clear(seg)
				} else {
					clear(seg[:v0*c])
					copy(seg[v0*c:v1*c], img[(ih*g.w+iw+v0)*c:(ih*g.w+iw+v1)*c])
					clear(seg[v1*c:])
				}
				i += g.kw * c
			}
		}
	}
}

// col2im adds the patch gradients col back onto one image's gradient.
func (g window) col2im(img, col []float32) {
	c := g.c
	i := 0
	for oh := 0; oh < g.outH; oh++ {
		for ow := 0; ow < g.outW; ow++ {
			for u := 0; u < g.kh; u++ {
				ih := oh*g.sh - g.padT + u
				if ih < 0 || ih >= g.h {
					i += g.kw * c
					continue
				}
				row := img[ih*g.w*c:]
				for v := 0; v < g.kw; v++ {
					iw := ow*g.sw - g.padL + v
					if iw >= 0 && iw < g.w {
						dst := row[iw*c : iw*c+c]
						for k, d := range col[i : i+c] {
							dst[k] += d
						}
					}
					i += c
				}
			}
		}
	}
}

// colBudget bounds the im2col buffer (in float32s, 16 MB): a batch is
// processed a few images at a time, so that inference on a large batch does
// not need gigabytes of patches, while each chunk still makes a matrix
// product large enough to keep BLAS efficient. A variable so that tests can
// make chunks of one image.
var colBudget = 1 << 22

// chunkImages is how many images' patches fit in the buffer (at least one).
func (g window) chunkImages() int {
	return max(1, min(g.n, colBudget/max(1, g.outPixels()*g.patchSize())))
}

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

// parallelRanges splits [0, n) into up to workers contiguous ranges and
// runs f on each, part numbering them from 0, on goroutines of their own
// (on the caller's when there is one range). It is the one fan-out of
// gozoo's ops: images, tile rows and row sums.
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

// f32Data checks that v is a float32 tensor of n values and returns them in
// row-major order. Only the size is checked: an input may come through a
// reshape. A transposed or sliced view is copied, as its backing array is
// not in its own order.
func f32Data(v G.Value, n int, what string) ([]float32, error) {
	t, ok := v.(*tensor.Dense)
	if !ok || t.Dtype() != tensor.Float32 || t.Shape().TotalSize() != n {
		return nil, fmt.Errorf("%s: want a float32 tensor of %d values, got %v", what, n, describe(v))
	}
	if t.RequiresIterator() {
		t = t.Materialize().(*tensor.Dense)
	}
	return t.Data().([]float32), nil
}

// f32Out checks that a preallocated output has exactly the shape wanted:
// Gorgonia offers an op the previous value of a reused register, which may
// be another node's of another shape; refusing it makes Gorgonia call Do.
func f32Out(v G.Value, shape tensor.Shape) ([]float32, error) {
	t, ok := v.(*tensor.Dense)
	if !ok || t.Dtype() != tensor.Float32 || !sameShape(t.Shape(), shape) || t.RequiresIterator() {
		return nil, fmt.Errorf("preallocated value %v does not fit shape %v", describe(v), shape)
	}
	return t.Data().([]float32), nil
}

// sameShape is exact equality: tensor.Shape.Eq takes (1, n) for (n).
func sameShape(a, b tensor.Shape) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func describe(v G.Value) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprintf("%T %v %v", v, v.Dtype(), v.Shape())
}

func newF32(shape tensor.Shape) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape...), tensor.Of(tensor.Float32))
}

// doWith allocates the output and runs the op's UsePreallocDo on it.
func doWith(op G.UsePreallocDoer, shape tensor.Shape, in []G.Value) (G.Value, error) {
	return op.UsePreallocDo(newF32(shape), in...)
}

func tensorT(dims int) G.TensorType { return G.TensorType{Dims: dims, Of: hm.TypeVariable('a')} }

// pureOp holds what gozoo's ops share: they return fresh values (or fill
// the preallocated one), call no C or GPU code and leave their inputs alone.
type pureOp struct{}

func (pureOp) ReturnsPtr() bool     { return false }
func (pureOp) CallsExtern() bool    { return false }
func (pureOp) OverwritesInput() int { return -1 }

// conv2dOp is an NHWC convolution with a bias per filter: (x, kernel,
// bias) -> y, with x of shape (N, H, W, C), the kernel (kh, kw, C, F), the
// bias (F) and y (N, outH, outW, F).
type conv2dOp struct {
	pureOp
	win       window
	filters   int
	inputGrad bool // whether x needs a gradient: false for a model's input
	wino      int  // Winograd's output tile side (winoTile), 0 for im2col
	// act is applied by the op when fusedActivation allows, as denseOp
	// does: Gorgonia's ReLU costs a >= mask and a product forward and
	// backward, on one core, over the largest tensors of a CNN.
	act Activation
}

func (op conv2dOp) outShape() tensor.Shape {
	return tensor.Shape{op.win.n, op.win.outH, op.win.outW, op.filters}
}

func (op conv2dOp) Arity() int { return 3 }

func (op conv2dOp) Type() hm.Type {
	t4 := tensorT(4)
	return hm.NewFnType(t4, t4, tensorT(1), t4)
}

func (op conv2dOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return op.outShape(), nil }

func (op conv2dOp) Do(in ...G.Value) (G.Value, error) { return doWith(op, op.outShape(), in) }

func (op conv2dOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	g := op.win
	if len(in) != op.Arity() {
		return nil, fmt.Errorf("conv2d: %d inputs, want %d", len(in), op.Arity())
	}
	y, err := f32Out(prealloc, op.outShape())
	if err != nil {
		return nil, err
	}
	x, err := f32Data(in[0], g.inSize(), "conv2d input")
	if err != nil {
		return nil, err
	}
	k, err := f32Data(in[1], g.patchSize()*op.filters, "conv2d kernel")
	if err != nil {
		return nil, err
	}
	b, err := f32Data(in[2], op.filters, "conv2d bias")
	if err != nil {
		return nil, err
	}
	op.run(y, x, k, b)
	return prealloc, nil
}

// run is y = act(conv(x, k) + b) for op.win.n images: the kernel of the
// op's forward pass and of inference (infer.go).
func (op conv2dOp) run(y, x, k, b []float32) {
	op.forward(y, x, k, b)
	if op.act != Linear && op.wino == 0 { // the Winograd path applies it as it writes y
		size := op.win.outPixels() * op.filters
		parallelImages(0, op.win.n, func(i int) { activate(op.act, y[i*size:(i+1)*size]) })
	}
}

// forward computes y = im2col(x) * k + b, a chunk of images at a time, or
// takes the Winograd path.
func (op conv2dOp) forward(y, x, k, b []float32) {
	if w := winoByTile(op.wino); w != nil {
		w.forward(op, y, x, k, b)
		return
	}
	g, f := op.win, op.filters
	pc, px := g.patchSize(), g.outPixels()
	per := g.chunkImages()
	buf := getCol(per * px * pc)
	defer putCol(buf)
	for n0 := 0; n0 < g.n; n0 += per {
		n1 := min(n0+per, g.n)
		rows := (n1 - n0) * px
		col := (*buf)[:rows*pc]
		parallelImages(n0, n1, func(i int) {
			g.im2col(col[(i-n0)*px*pc:(i-n0+1)*px*pc], x[i*g.imgSize():(i+1)*g.imgSize()])
		})
		// Start each row from the bias and let the product add to it.
		out := y[n0*px*f : n1*px*f]
		for r := 0; r < rows; r++ {
			copy(out[r*f:(r+1)*f], b)
		}
		sgemm(blas.NoTrans, blas.NoTrans, rows, f, pc, 1, col, pc, k, f, 1, out, f)
	}
}

func (op conv2dOp) key() string {
	return fmt.Sprintf("gozoo.conv2d %v f%d g%t w%d %v", op.win, op.filters, op.inputGrad, op.wino, op.act)
}
func (op conv2dOp) WriteHash(h hash.Hash) { h.Write([]byte(op.key())) }
func (op conv2dOp) Hashcode() uint32      { return opHash(op.key()) }
func (op conv2dOp) String() string        { return fmt.Sprintf("Conv2D %v filters %d", op.win, op.filters) }

func (op conv2dOp) DiffWRT(n int) []bool {
	return []bool{op.inputGrad, true, true}
}

func (op conv2dOp) SymDiff(in G.Nodes, y, grad *G.Node) (G.Nodes, error) {
	out := make(G.Nodes, len(in))
	var err error
	if op.act != Linear {
		if grad, err = G.ApplyOp(convActGradOp{conv: op}, y, grad); err != nil {
			return nil, err
		}
	}
	if op.inputGrad {
		if out[0], err = G.ApplyOp(convInputGradOp{conv: op}, in[1], grad); err != nil {
			return nil, err
		}
	}
	if out[1], err = G.ApplyOp(convKernelGradOp{conv: op}, in[0], grad); err != nil {
		return nil, err
	}
	if out[2], err = G.ApplyOp(biasGradOp{rows: op.win.n * op.win.outPixels(), cols: op.filters}, grad); err != nil {
		return nil, err
	}
	return out, nil
}

// convActGradOp is (y, dy) -> dz = dy ⊙ act'(z), from the output y as
// denseActGradOp does, image by image in parallel.
type convActGradOp struct {
	pureOp
	conv conv2dOp
}

func (op convActGradOp) Arity() int { return 2 }
func (op convActGradOp) Type() hm.Type {
	t4 := tensorT(4)
	return hm.NewFnType(t4, t4, t4)
}
func (op convActGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return op.conv.outShape(), nil
}
func (op convActGradOp) Do(in ...G.Value) (G.Value, error) {
	return doWith(op, op.conv.outShape(), in)
}
func (op convActGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	if len(in) != 2 {
		return nil, fmt.Errorf("conv2d activation gradient: %d inputs, want 2", len(in))
	}
	dz, err := f32Out(prealloc, op.conv.outShape())
	if err != nil {
		return nil, err
	}
	a, err := f32Data(in[0], len(dz), "conv2d output")
	if err != nil {
		return nil, err
	}
	da, err := f32Data(in[1], len(dz), "conv2d output gradient")
	if err != nil {
		return nil, err
	}
	size := len(dz) / op.conv.win.n
	parallelImages(0, op.conv.win.n, func(i int) {
		lo, hi := i*size, (i+1)*size
		activationGrad(op.conv.act, dz[lo:hi], a[lo:hi], da[lo:hi])
	})
	return prealloc, nil
}
func (op convActGradOp) WriteHash(h hash.Hash) { h.Write([]byte(op.conv.key() + ".dz")) }
func (op convActGradOp) Hashcode() uint32      { return opHash(op.conv.key() + ".dz") }
func (op convActGradOp) String() string        { return fmt.Sprintf("Conv2DActGrad(%v)", op.conv.act) }

// convKernelGradOp is (x, dy) -> dkernel = im2col(x)ᵀ dy. Like the other
// gradient ops it is not differentiable itself: gozoo takes first
// derivatives only.
type convKernelGradOp struct {
	pureOp
	conv conv2dOp
}

func (op convKernelGradOp) Arity() int { return 2 }
func (op convKernelGradOp) Type() hm.Type {
	t4 := tensorT(4)
	return hm.NewFnType(t4, t4, t4)
}
func (op convKernelGradOp) kernelShape() tensor.Shape {
	g := op.conv.win
	return tensor.Shape{g.kh, g.kw, g.c, op.conv.filters}
}
func (op convKernelGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return op.kernelShape(), nil
}
func (op convKernelGradOp) Do(in ...G.Value) (G.Value, error) {
	return doWith(op, op.kernelShape(), in)
}
func (op convKernelGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	g, f := op.conv.win, op.conv.filters
	if len(in) != 2 {
		return nil, fmt.Errorf("conv2d kernel gradient: %d inputs, want 2", len(in))
	}
	dk, err := f32Out(prealloc, op.kernelShape())
	if err != nil {
		return nil, err
	}
	x, err := f32Data(in[0], g.inSize(), "conv2d input")
	if err != nil {
		return nil, err
	}
	dy, err := f32Data(in[1], g.n*g.outPixels()*f, "conv2d output gradient")
	if err != nil {
		return nil, err
	}
	if w := winoByTile(op.conv.wino); w != nil {
		w.kernelGrad(op.conv, dk, x, dy)
		return prealloc, nil
	}
	pc, px := g.patchSize(), g.outPixels()
	per := g.chunkImages()
	buf := getCol(per * px * pc)
	defer putCol(buf)
	var beta float32 // the first chunk overwrites dk, the next ones add to it
	for n0 := 0; n0 < g.n; n0 += per {
		n1 := min(n0+per, g.n)
		rows := (n1 - n0) * px
		col := (*buf)[:rows*pc]
		parallelImages(n0, n1, func(i int) {
			g.im2col(col[(i-n0)*px*pc:(i-n0+1)*px*pc], x[i*g.imgSize():(i+1)*g.imgSize()])
		})
		sgemm(blas.Trans, blas.NoTrans, pc, f, rows, 1, col, pc, dy[n0*px*f:n1*px*f], f, beta, dk, f)
		beta = 1
	}
	return prealloc, nil
}
func (op convKernelGradOp) WriteHash(h hash.Hash) { h.Write([]byte(op.conv.key() + ".dk")) }
func (op convKernelGradOp) Hashcode() uint32      { return opHash(op.conv.key() + ".dk") }
func (op convKernelGradOp) String() string        { return "Conv2DKernelGrad" }

// convInputGradOp is (kernel, dy) -> dx = col2im(dy kernelᵀ).
type convInputGradOp struct {
	pureOp
	conv conv2dOp
}

func (op convInputGradOp) Arity() int { return 2 }
func (op convInputGradOp) Type() hm.Type {
	t4 := tensorT(4)
	return hm.NewFnType(t4, t4, t4)
}
func (op convInputGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return op.conv.win.inShape(), nil
}
func (op convInputGradOp) Do(in ...G.Value) (G.Value, error) {
	return doWith(op, op.conv.win.inShape(), in)
}
func (op convInputGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	g, f := op.conv.win, op.conv.filters
	if len(in) != 2 {
		return nil, fmt.Errorf("conv2d input gradient: %d inputs, want 2", len(in))
	}
	dx, err := f32Out(prealloc, g.inShape())
	if err != nil {
		return nil, err
	}
	k, err := f32Data(in[0], g.patchSize()*f, "conv2d kernel")
	if err != nil {
		return nil, err
	}
	dy, err := f32Data(in[1], g.n*g.outPixels()*f, "conv2d output gradient")
	if err != nil {
		return nil, err
	}
	if w := winoByTile(op.conv.wino); w != nil {
		w.inputGrad(op.conv, dx, k, dy)
		return prealloc, nil
	}
	clear(dx)
	pc, px := g.patchSize(), g.outPixels()
	per := g.chunkImages()
	buf := getCol(per * px * pc)
	defer putCol(buf)
	for n0 := 0; n0 < g.n; n0 += per {
		n1 := min(n0+per, g.n)
		rows := (n1 - n0) * px
		col := (*buf)[:rows*pc]
		sgemm(blas.NoTrans, blas.Trans, rows, pc, f, 1, dy[n0*px*f:n1*px*f], f, k, f, 0, col, pc)
		parallelImages(n0, n1, func(i int) {
			g.col2im(dx[i*g.imgSize():(i+1)*g.imgSize()], col[(i-n0)*px*pc:(i-n0+1)*px*pc])
		})
	}
	return prealloc, nil
}
func (op convInputGradOp) WriteHash(h hash.Hash) { h.Write([]byte(op.conv.key() + ".dx")) }
func (op convInputGradOp) Hashcode() uint32      { return opHash(op.conv.key() + ".dx") }
func (op convInputGradOp) String() string        { return "Conv2DInputGrad" }

// biasGradOp sums a (rows, cols) gradient, of any shape with that many
// values, over its rows: the gradient of a bias added to every row.
type biasGradOp struct {
	pureOp
	rows, cols int
}

func (op biasGradOp) Arity() int    { return 1 }
func (op biasGradOp) Type() hm.Type { return hm.NewFnType(tensorT(4), tensorT(1)) }
func (op biasGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{op.cols}, nil
}
func (op biasGradOp) Do(in ...G.Value) (G.Value, error) {
	return doWith(op, tensor.Shape{op.cols}, in)
}
func (op biasGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("bias gradient: %d inputs, want 1", len(in))
	}
	db, err := f32Out(prealloc, tensor.Shape{op.cols})
	if err != nil {
		return nil, err
	}
	dy, err := f32Data(in[0], op.rows*op.cols, "bias gradient input")
	if err != nil {
		return nil, err
	}
	sumRows(db, dy, op.rows, op.cols)
	return prealloc, nil
}

// sumRowsPart is the most rows*cols values one partial sum of sumRows
// covers.
const sumRowsPart = 1 << 16

// sumRows sets db to the column sums of the (rows, cols) matrix dy: row by
// row with gonum's assembly axpy, and for a convolution's many rows in
// parts summed side by side and added up at the end. The parts are cut by
// the matrix's size alone, never by GOMAXPROCS: a float sum depends on its
// order, and the weights must not depend on the core count.
func sumRows(db, dy []float32, rows, cols int) {
	add := func(dst []float32, lo, hi int) {
		clear(dst)
		for r := lo; r < hi; r++ {
			vec.Saxpy(cols, 1, dy[r*cols:(r+1)*cols], 1, dst, 1)
		}
	}
	parts := min(rows, rows*cols/sumRowsPart)
	if parts <= 1 {
		add(db, 0, rows)
		return
	}
	partial := make([]float32, parts*cols)
	per := (rows + parts - 1) / parts
	parts = (rows + per - 1) / per // parallelRanges's own count for that size
	parallelRanges(parts, maxProcs(), func(_, plo, phi int) {
		for p := plo; p < phi; p++ {
			add(partial[p*cols:(p+1)*cols], p*per, min((p+1)*per, rows))
		}
	})
	copy(db, partial[:cols])
	for p := 1; p < parts; p++ {
		vec.Saxpy(cols, 1, partial[p*cols:(p+1)*cols], 1, db, 1)
	}
}
func (op biasGradOp) WriteHash(h hash.Hash) { fmt.Fprintf(h, "gozoo.biasgrad %d %d", op.rows, op.cols) }
func (op biasGradOp) Hashcode() uint32 {
	return opHash(fmt.Sprintf("gozoo.biasgrad %d %d", op.rows, op.cols))
}
func (op biasGradOp) String() string { return "BiasGrad" }

// poolOp is an NHWC max or average pooling: x (N, H, W, C) -> y (N, outH,
// outW, C). Windows clipped by "same" padding only count their real values,
// as in TensorFlow.
type poolOp struct {
	pureOp
	win window
	avg bool
}

func (op poolOp) outShape() tensor.Shape {
	return tensor.Shape{op.win.n, op.win.outH, op.win.outW, op.win.c}
}
func (op poolOp) name() string {
	if op.avg {
		return "AvgPool"
	}
	return "MaxPool"
}

func (op poolOp) Arity() int                                     { return 1 }
func (op poolOp) Type() hm.Type                                  { return hm.NewFnType(tensorT(4), tensorT(4)) }
func (op poolOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return op.outShape(), nil }
func (op poolOp) Do(in ...G.Value) (G.Value, error)              { return doWith(op, op.outShape(), in) }
func (op poolOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	g := op.win
	if len(in) != 1 {
		return nil, fmt.Errorf("%s: %d inputs, want 1", op.name(), len(in))
	}
	y, err := f32Out(prealloc, op.outShape())
	if err != nil {
		return nil, err
	}
	x, err := f32Data(in[0], g.inSize(), op.name()+" input")
	if err != nil {
		return nil, err
	}
	op.forward(y, x)
	return prealloc, nil
}

// forward pools the op.win.n images of x into y: the kernel of the op and
// of inference (infer.go).
func (op poolOp) forward(y, x []float32) {
	g := op.win
	c := g.c
	if !op.avg && g.pairs() {
		parallelImages(0, g.n, func(n int) {
			g.maxPool2(y[n*g.outPixels()*c:(n+1)*g.outPixels()*c], x[n*g.imgSize():(n+1)*g.imgSize()])
		})
		return
	}
	parallelImages(0, g.n, func(n int) {
		img := x[n*g.imgSize() : (n+1)*g.imgSize()]
		o := y[n*g.outPixels()*c:]
		for oh := 0; oh < g.outH; oh++ {
			for ow := 0; ow < g.outW; ow++ {
				out := o[(oh*g.outW+ow)*c : (oh*g.outW+ow+1)*c]
				h0, h1, w0, w1 := g.span(oh, ow)
				if op.avg {
					clear(out)
				} else {
					for k := range out {
						out[k] = float32(math.Inf(-1))
					}
				}
				for ih := h0; ih < h1; ih++ {
					for iw := w0; iw < w1; iw++ {
						in := img[(ih*g.w+iw)*c : (ih*g.w+iw+1)*c]
						if op.avg {
							for k, v := range in {
								out[k] += v
							}
						} else {
							for k, v := range in {
								if v > out[k] {
									out[k] = v
								}
							}
						}
					}
				}
				if op.avg {
					inv := 1 / float32((h1-h0)*(w1-w0))
					for k := range out {
						out[k] *= inv
					}
				}
			}
		}
	})
}
func (op poolOp) key() string           { return fmt.Sprintf("gozoo.%s %v", op.name(), op.win) }
func (op poolOp) WriteHash(h hash.Hash) { h.Write([]byte(op.key())) }
func (op poolOp) Hashcode() uint32      { return opHash(op.key()) }
func (op poolOp) String() string        { return fmt.Sprintf("%s NHWC %v", op.name(), op.win) }
func (op poolOp) DiffWRT(int) []bool    { return []bool{true} }
func (op poolOp) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	dx, err := G.ApplyOp(poolGradOp{pool: op}, in[0], grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx}, nil
}

// pairs tells whether the window is Keras's default pooling, 2x2 with
// stride 2 and no padding: windows that neither overlap nor overhang,
// which maxPool2 and maxPool2Grad handle without a branch per value (the
// general loops' comparisons mispredict on a layer's random values).
func (g window) pairs() bool {
	return g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.padT == 0 && g.padL == 0 &&
		2*g.outH <= g.h && 2*g.outW <= g.w // "same" on an odd side pads after it
}

// maxPool2 is one image's 2x2 max pooling; a NaN in a window makes its
// maximum NaN, so that Fit sees it.
func (g window) maxPool2(y, img []float32) {
	c, row := g.c, g.w*g.c
	for oh := range g.outH {
		for ow := range g.outW {
			a := img[2*oh*row+2*ow*c:][:2*c]
			b := img[(2*oh+1)*row+2*ow*c:][:2*c]
			out := y[(oh*g.outW+ow)*c:][:c]
			for k := range out {
				out[k] = max(max(a[k], a[c+k]), max(b[k], b[c+k]))
			}
		}
	}
}

// maxPool2Grad passes each window's gradient to its first maximum in
// scanning order, as the general loop does, writing all four values of
// the window.
func (g window) maxPool2Grad(dimg, img, dy []float32) {
	c, row := g.c, g.w*g.c
	for oh := range g.outH {
		for ow := range g.outW {
			i0, i1 := 2*oh*row+2*ow*c, (2*oh+1)*row+2*ow*c
			a, b := img[i0:][:2*c], img[i1:][:2*c]
			da, db := dimg[i0:][:2*c], dimg[i1:][:2*c]
			up := dy[(oh*g.outW+ow)*c:][:c]
			for k, u := range up {
				v0, v1, v2, v3 := a[k], a[c+k], b[k], b[c+k]
				m := max(max(v0, v1), max(v2, v3))
				// Bit masks, not && chains: those short-circuit, and
				// each short circuit is a branch.
				e0 := eqMask(v0, m)
				e1 := eqMask(v1, m) &^ e0
				e2 := eqMask(v2, m) &^ (e0 | e1)
				e3 := eqMask(v3, m) &^ (e0 | e1 | e2)
				ub := math.Float32bits(u)
				da[k], da[c+k] = math.Float32frombits(ub&e0), math.Float32frombits(ub&e1)
				db[k], db[c+k] = math.Float32frombits(ub&e2), math.Float32frombits(ub&e3)
			}
		}
	}
}

// eqMask is all ones when a == b, else 0; the compiler makes it a
// conditional move.
func eqMask(a, b float32) uint32 {
	m := uint32(0)
	if a == b {
		m = ^uint32(0)
	}
	return m
}

// poolGradOp is (x, dy) -> dx. For max pooling it finds each window's
// maximum again, the first one in the same scanning order as the forward
// pass, rather than keeping argmax indices as state in the op: the op stays
// a pure function of its inputs, and the scan costs as much as a copy.
type poolGradOp struct {
	pureOp
	pool poolOp
}

func (op poolGradOp) Arity() int { return 2 }
func (op poolGradOp) Type() hm.Type {
	t4 := tensorT(4)
	return hm.NewFnType(t4, t4, t4)
}
func (op poolGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return op.pool.win.inShape(), nil
}
func (op poolGradOp) Do(in ...G.Value) (G.Value, error) { return doWith(op, op.pool.win.inShape(), in) }
func (op poolGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	g, name := op.pool.win, op.pool.name()
	if len(in) != 2 {
		return nil, fmt.Errorf("%s gradient: %d inputs, want 2", name, len(in))
	}
	dx, err := f32Out(prealloc, g.inShape())
	if err != nil {
		return nil, err
	}
	x, err := f32Data(in[0], g.inSize(), name+" input")
	if err != nil {
		return nil, err
	}
	dy, err := f32Data(in[1], g.n*g.outPixels()*g.c, name+" output gradient")
	if err != nil {
		return nil, err
	}
	c := g.c
	if !op.pool.avg && g.pairs() {
		parallelImages(0, g.n, func(n int) {
			dimg := dx[n*g.imgSize() : (n+1)*g.imgSize()]
			clear(dimg) // the rows and columns that "valid" leaves out
			g.maxPool2Grad(dimg, x[n*g.imgSize():(n+1)*g.imgSize()], dy[n*g.outPixels()*c:(n+1)*g.outPixels()*c])
		})
		return prealloc, nil
	}
	parallelImages(0, g.n, func(n int) {
		var bestBuf [512]float32
		var atBuf [512]int32
		best, at := bestBuf[:], atBuf[:]
		if c > len(best) {
			best, at = make([]float32, c), make([]int32, c)
		}
		best, at = best[:c], at[:c]
		img := x[n*g.imgSize() : (n+1)*g.imgSize()]
		dimg := dx[n*g.imgSize() : (n+1)*g.imgSize()]
		clear(dimg)
		d := dy[n*g.outPixels()*c:]
		for oh := 0; oh < g.outH; oh++ {
			for ow := 0; ow < g.outW; ow++ {
				up := d[(oh*g.outW+ow)*c : (oh*g.outW+ow+1)*c]
				h0, h1, w0, w1 := g.span(oh, ow)
				if op.pool.avg {
					inv := 1 / float32((h1-h0)*(w1-w0))
					for ih := h0; ih < h1; ih++ {
						for iw := w0; iw < w1; iw++ {
							dst := dimg[(ih*g.w+iw)*c : (ih*g.w+iw+1)*c]
							for k, u := range up {
								dst[k] += u * inv
							}
						}
					}
					continue
				}
				// Scan the window pixel by pixel, all channels at once,
				// so that the reads run along memory.
				for k := range best {
					best[k], at[k] = float32(math.Inf(-1)), -1
				}
				for ih := h0; ih < h1; ih++ {
					for iw := w0; iw < w1; iw++ {
						base := (ih*g.w + iw) * c
						for k, v := range img[base : base+c] {
							if v > best[k] {
								best[k], at[k] = v, int32(base+k)
							}
						}
					}
				}
				for k, u := range up {
					if at[k] >= 0 {
						dimg[at[k]] += u
					}
				}
			}
		}
	})
	return prealloc, nil
}
func (op poolGradOp) WriteHash(h hash.Hash) { h.Write([]byte(op.pool.key() + ".grad")) }
func (op poolGradOp) Hashcode() uint32      { return opHash(op.pool.key() + ".grad") }
func (op poolGradOp) String() string        { return op.pool.name() + "Grad" }

// needsGrad tells whether a gradient flowing into x can reach a trainable
// parameter bound in s: the convolution of a model's input image does not
// need the image's gradient, a costly product and col2im per step.
func needsGrad(s *Scope, x *G.Node) bool {
	targets := map[*G.Node]bool{}
	for p, n := range s.params {
		if p.Trainable {
			targets[n] = true
		}
	}
	if len(targets) == 0 {
		return false
	}
	seen := map[int64]bool{}
	var walk func(n *G.Node) bool
	walk = func(n *G.Node) bool {
		if targets[n] {
			return true
		}
		if seen[n.ID()] {
			return false
		}
		seen[n.ID()] = true
		children := s.g.From(n.ID())
		if children == nil {
			return false
		}
		for children.Next() {
			if c, ok := children.Node().(*G.Node); ok && walk(c) {
				return true
			}
		}
		return false
	}
	return walk(x)
}
