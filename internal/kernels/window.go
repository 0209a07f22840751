package kernels

import "fmt"

// Window is the geometry of a 2-D sliding window (a convolution kernel or
// a pooling window) over a batch of NHWC images.
type Window struct {
	N, H, W, C int // input: batch, height, width, channels
	KH, KW     int // window height and width
	SH, SW     int // strides
	PadT, PadL int // zero rows above and columns to the left; the rest of the padding is below and right
	OutH, OutW int
}

// OutSize is the output length and the padding before the first element
// of a window of size k and stride s over in elements, as TensorFlow
// computes them: "valid" (same false) floors (in-k)/s + 1, "same" gives
// ceil(in/s) and puts the odd padding element after the input.
func OutSize(in, k, s int, same bool) (out, before int, err error) {
	if k <= 0 || s <= 0 {
		return 0, 0, fmt.Errorf("window %d with stride %d: both must be positive", k, s)
	}
	if !same {
		if in < k {
			return 0, 0, fmt.Errorf("window %d is larger than the input (%d) with \"valid\" padding", k, in)
		}
		return (in-k)/s + 1, 0, nil
	}
	if in <= 0 {
		return 0, 0, fmt.Errorf("empty input (%d)", in)
	}
	out = (in + s - 1) / s
	return out, max((out-1)*s+k-in, 0) / 2, nil
}

// NewWindow computes the geometry of a (kh, kw) window with strides (sh,
// sw) over an NHWC shape, with "same" padding or else "valid".
func NewWindow(nhwc []int, kh, kw, sh, sw int, same bool) (Window, error) {
	if len(nhwc) != 4 {
		return Window{}, fmt.Errorf("input shape %v: want (batch, height, width, channels)", nhwc)
	}
	g := Window{N: nhwc[0], H: nhwc[1], W: nhwc[2], C: nhwc[3], KH: kh, KW: kw, SH: sh, SW: sw}
	var err error
	if g.OutH, g.PadT, err = OutSize(g.H, kh, sh, same); err != nil {
		return Window{}, fmt.Errorf("height: %w", err)
	}
	if g.OutW, g.PadL, err = OutSize(g.W, kw, sw, same); err != nil {
		return Window{}, fmt.Errorf("width: %w", err)
	}
	return g, nil
}

// InShape is the input's shape, (N, H, W, C).
func (g Window) InShape() []int { return []int{g.N, g.H, g.W, g.C} }

// InSize is the number of values of the input.
func (g Window) InSize() int { return g.N * g.H * g.W * g.C }

// ImgSize is the number of values of one input image.
func (g Window) ImgSize() int { return g.H * g.W * g.C }

// OutPixels is the number of output pixels of one image.
func (g Window) OutPixels() int { return g.OutH * g.OutW }

// PatchSize is the number of input values one window covers.
func (g Window) PatchSize() int { return g.KH * g.KW * g.C }

// String lists the geometry; gozoo's ops hash it.
func (g Window) String() string {
	return fmt.Sprintf("in(%d,%d,%d,%d) win(%d,%d) stride(%d,%d) pad(%d,%d) out(%d,%d)",
		g.N, g.H, g.W, g.C, g.KH, g.KW, g.SH, g.SW, g.PadT, g.PadL, g.OutH, g.OutW)
}

// span returns the input rows [h0, h1) and columns [w0, w1) of the window
// of output pixel (oh, ow), clipped to the image.
func (g Window) span(oh, ow int) (h0, h1, w0, w1 int) {
	h0, w0 = oh*g.SH-g.PadT, ow*g.SW-g.PadL
	h1, w1 = min(h0+g.KH, g.H), min(w0+g.KW, g.W)
	return max(h0, 0), h1, max(w0, 0), w1
}

// im2col writes the patches of one image, one row per output pixel, each
// ordered (u, v, channel) like a Keras kernel, zeros where the window
// overhangs the image.
func (g Window) im2col(col, img []float32) {
	c := g.C
	if (g.W+g.PadL+g.KW)*c <= len(paddedRow{}) && g.KW*c <= 16 {
		g.im2colShort(col, img)
		return
	}
	i := 0
	for oh := 0; oh < g.OutH; oh++ {
		for ow := 0; ow < g.OutW; ow++ {
			for u := 0; u < g.KH; u++ {
				ih := oh*g.SH - g.PadT + u
				if ih < 0 || ih >= g.H {
					clear(col[i : i+g.KW*c])
					i += g.KW * c
					continue
				}
				// The window's row inside the image is one contiguous run
				// of pixels: one copy, zeros on either side.
				iw := ow*g.SW - g.PadL
				v0, v1 := max(0, -iw), min(g.KW, g.W-iw)
				seg := col[i : i+g.KW*c]
				if v0 >= v1 {
					clear(seg)
				} else {
					clear(seg[:v0*c])
					copy(seg[v0*c:v1*c], img[(ih*g.W+iw+v0)*c:(ih*g.W+iw+v1)*c])
					clear(seg[v1*c:])
				}
				i += g.KW * c
			}
		}
	}
}

// paddedRow holds one image row with its padding on both sides, for
// im2colShort.
type paddedRow [512]float32

// im2colShort is im2col for windows whose rows are a few values (the
// notebook's first layer: 7 of one channel). Each image row is padded
// once, so a window's row is one copy of a run of it, with no clipping
// and no clearing window by window: a batch of 32 took 2.75 ms on one
// core the other way, 1.4 ms this way.
func (g Window) im2colShort(col, img []float32) {
	c, run := g.C, g.KW*g.C
	var buf paddedRow
	prow := buf[:(g.W+g.PadL+g.KW)*c]
	for oh := 0; oh < g.OutH; oh++ {
		for u := 0; u < g.KH; u++ {
			ih := oh*g.SH - g.PadT + u
			clear(prow)
			if ih >= 0 && ih < g.H {
				copy(prow[g.PadL*c:], img[ih*g.W*c:(ih+1)*g.W*c])
			}
			i := (oh*g.OutW*g.KH + u) * run
			for ow := 0; ow < g.OutW; ow++ {
				copy(col[i:i+run], prow[ow*g.SW*c:][:run])
				i += g.KH * run
			}
		}
	}
}

// col2im adds the patch gradients col back onto one image's gradient.
func (g Window) col2im(img, col []float32) {
	c := g.C
	i := 0
	for oh := 0; oh < g.OutH; oh++ {
		for ow := 0; ow < g.OutW; ow++ {
			for u := 0; u < g.KH; u++ {
				ih := oh*g.SH - g.PadT + u
				if ih < 0 || ih >= g.H {
					i += g.KW * c
					continue
				}
				row := img[ih*g.W*c:]
				for v := 0; v < g.KW; v++ {
					iw := ow*g.SW - g.PadL + v
					if iw >= 0 && iw < g.W {
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

// chunkImages is how many images' patches fit in the buffer (at least one).
func (g Window) chunkImages() int {
	return max(1, min(g.N, colBudget/max(1, g.OutPixels()*g.PatchSize())))
}

// pairs tells whether the window is Keras's default pooling, 2x2 with
// stride 2 and no padding: windows that neither overlap nor overhang,
// which maxPool2 and maxPool2Grad handle without a branch per value (the
// general loops' comparisons mispredict on a layer's random values).
func (g Window) pairs() bool {
	return g.KH == 2 && g.KW == 2 && g.SH == 2 && g.SW == 2 && g.PadT == 0 && g.PadL == 0 &&
		2*g.OutH <= g.H && 2*g.OutW <= g.W // "same" on an odd side pads after it
}
