package kernels

import (
	"math"

	"github.com/gozoo/gozoo/internal/vecf32"
)

// Pool is an NHWC max or average pooling: x (N, H, W, C) -> y (N, OutH,
// OutW, C). Windows clipped by "same" padding only count their real
// values, as in TensorFlow.
type Pool struct {
	Win Window
	Avg bool
}

// OutShape is y's shape.
func (p Pool) OutShape() []int { return []int{p.Win.N, p.Win.OutH, p.Win.OutW, p.Win.C} }

// Forward pools the Win.N images of x into y.
func (p Pool) Forward(y, x []float32) {
	g := p.Win
	c := g.C
	if !p.Avg && g.pairs() {
		parallelImages(0, g.N, func(n int) {
			g.maxPool2(y[n*g.OutPixels()*c:(n+1)*g.OutPixels()*c], x[n*g.ImgSize():(n+1)*g.ImgSize()])
		})
		return
	}
	parallelImages(0, g.N, func(n int) {
		img := x[n*g.ImgSize() : (n+1)*g.ImgSize()]
		o := y[n*g.OutPixels()*c:]
		for oh := 0; oh < g.OutH; oh++ {
			for ow := 0; ow < g.OutW; ow++ {
				out := o[(oh*g.OutW+ow)*c : (oh*g.OutW+ow+1)*c]
				h0, h1, w0, w1 := g.span(oh, ow)
				if p.Avg {
					clear(out)
				} else {
					for k := range out {
						out[k] = float32(math.Inf(-1))
					}
				}
				for ih := h0; ih < h1; ih++ {
					for iw := w0; iw < w1; iw++ {
						in := img[(ih*g.W+iw)*c : (ih*g.W+iw+1)*c]
						if p.Avg {
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
				if p.Avg {
					inv := 1 / float32((h1-h0)*(w1-w0))
					for k := range out {
						out[k] *= inv
					}
				}
			}
		}
	})
}

// Backward is dx from x and dy. For max pooling it finds each window's
// maximum again, the first one in the same scanning order as Forward,
// rather than keeping argmax indices from the forward pass: the kernel
// stays a pure function of its inputs, and the scan costs as much as a
// copy.
func (p Pool) Backward(dx, x, dy []float32) {
	g := p.Win
	c := g.C
	if !p.Avg && g.pairs() {
		parallelImages(0, g.N, func(n int) {
			dimg := dx[n*g.ImgSize() : (n+1)*g.ImgSize()]
			clear(dimg) // the rows and columns that "valid" leaves out
			g.maxPool2Grad(dimg, x[n*g.ImgSize():(n+1)*g.ImgSize()], dy[n*g.OutPixels()*c:(n+1)*g.OutPixels()*c])
		})
		return
	}
	parallelImages(0, g.N, func(n int) {
		var bestBuf [512]float32
		var atBuf [512]int32
		best, at := bestBuf[:], atBuf[:]
		if c > len(best) {
			best, at = make([]float32, c), make([]int32, c)
		}
		best, at = best[:c], at[:c]
		img := x[n*g.ImgSize() : (n+1)*g.ImgSize()]
		dimg := dx[n*g.ImgSize() : (n+1)*g.ImgSize()]
		clear(dimg)
		d := dy[n*g.OutPixels()*c:]
		for oh := 0; oh < g.OutH; oh++ {
			for ow := 0; ow < g.OutW; ow++ {
				up := d[(oh*g.OutW+ow)*c : (oh*g.OutW+ow+1)*c]
				h0, h1, w0, w1 := g.span(oh, ow)
				if p.Avg {
					inv := 1 / float32((h1-h0)*(w1-w0))
					for ih := h0; ih < h1; ih++ {
						for iw := w0; iw < w1; iw++ {
							dst := dimg[(ih*g.W+iw)*c : (ih*g.W+iw+1)*c]
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
						base := (ih*g.W + iw) * c
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
}

// maxPool2 is one image's 2x2 max pooling; a NaN in a window makes its
// maximum NaN, so that Fit sees it.
func (g Window) maxPool2(y, img []float32) {
	c, row := g.C, g.W*g.C
	for oh := range g.OutH {
		for ow := range g.OutW {
			a := img[2*oh*row+2*ow*c:][:2*c]
			b := img[(2*oh+1)*row+2*ow*c:][:2*c]
			out := y[(oh*g.OutW+ow)*c:][:c]
			for k := range out {
				out[k] = max(max(a[k], a[c+k]), max(b[k], b[c+k]))
			}
		}
	}
}

// maxPool2Grad passes each window's gradient to its first maximum in
// scanning order, as the general loop does, writing all four values of
// the window.
func (g Window) maxPool2Grad(dimg, img, dy []float32) {
	c, row := g.C, g.W*g.C
	for oh := range g.OutH {
		i0, i1 := 2*oh*row, (2*oh+1)*row
		if vecf32.MaxPool2GradRow(dimg[i0:], dimg[i1:], img[i0:], img[i1:], dy[oh*g.OutW*c:], g.OutW, c) {
			continue
		}
		for ow := range g.OutW {
			i0, i1 := 2*oh*row+2*ow*c, (2*oh+1)*row+2*ow*c
			a, b := img[i0:][:2*c], img[i1:][:2*c]
			da, db := dimg[i0:][:2*c], dimg[i1:][:2*c]
			up := dy[(oh*g.OutW+ow)*c:][:c]
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
