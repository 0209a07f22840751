package kernels

import (
	"fmt"
	"math"
	"testing"
)

// convCases are convolutions of odd geometries: "same" with stride 2 and
// an odd padding, "valid" with a non-square window, and a 3x3 stride-1
// one on each Winograd tile.
func convCases(t *testing.T) []Conv {
	return []Conv{
		{Win: mustWindow(t, []int{3, 7, 6, 3}, 3, 3, 2, 2, true), Filters: 4},
		{Win: mustWindow(t, []int{2, 6, 7, 2}, 2, 3, 1, 2, false), Filters: 5},
		{Win: mustWindow(t, []int{2, 6, 5, 3}, 3, 3, 1, 1, true), Filters: 4, Tile: 2},
		{Win: mustWindow(t, []int{2, 9, 7, 3}, 3, 3, 1, 1, false), Filters: 4, Tile: 4},
	}
}

// convGrads is the backward pass of c at x, for the output gradient dy:
// the gradients of the input, the kernel and the bias.
func convGrads(c Conv, x, k, b, dy []float32) (dx, dk, db []float32) {
	y := make([]float32, len(dy))
	c.Forward(gozooBLAS, y, x, k, b)
	dz := make([]float32, len(dy))
	c.ActGrad(dz, y, dy)
	dx, dk, db = randFloats(7, len(x)), randFloats(8, len(k)), randFloats(9, len(b)) // used buffers
	c.InputGrad(gozooBLAS, dx, k, dz)
	c.KernelGrad(gozooBLAS, dk, x, dz)
	SumRows(db, dz, len(dz)/c.Filters, c.Filters)
	return dx, dk, db
}

// TestConvGradients checks the convolution's backward passes against
// central differences of its forward pass, with each fused activation.
func TestConvGradients(t *testing.T) {
	for _, c := range convCases(t) {
		for _, act := range []Act{Linear, ReLU, Tanh} {
			c.Act = act
			g := c.Win
			x, k, b := randFloats(1, g.InSize()), randFloats(2, g.PatchSize()*c.Filters), randFloats(3, c.Filters)
			dy := randFloats(4, g.N*g.OutPixels()*c.Filters)
			dx, dk, db := convGrads(c, x, k, b, dy)
			fwd := func(x, k, b []float32) []float32 {
				y := make([]float32, len(dy))
				c.Forward(gozooBLAS, y, x, k, b)
				return y
			}
			name := fmt.Sprintf("%v F%d %v", g, c.Tile, act)
			checkGrad(t, name+" dx", x, func(x []float32) []float32 { return fwd(x, k, b) }, dy, dx)
			checkGrad(t, name+" dk", k, func(k []float32) []float32 { return fwd(x, k, b) }, dy, dk)
			checkGrad(t, name+" db", b, func(b []float32) []float32 { return fwd(x, k, b) }, dy, db)
		}
	}
}

// TestConvChunks checks that a batch processed one image at a time, as
// the patches of large batches are, gives what the whole batch does, and
// that every pass gives the same bits on any core count.
func TestConvChunks(t *testing.T) {
	for _, c := range convCases(t) {
		c.Act = ReLU
		g := c.Win
		x, k, b := randFloats(1, g.InSize()), randFloats(2, g.PatchSize()*c.Filters), randFloats(3, c.Filters)
		dy := randFloats(4, g.N*g.OutPixels()*c.Filters)
		all := func() []float32 {
			y := make([]float32, len(dy))
			c.Forward(gozooBLAS, y, x, k, b)
			dx, dk, db := convGrads(c, x, k, b, dy)
			return append(append(append(y, dx...), dk...), db...)
		}
		want := all()
		var got []float32
		withBudget(1, func() { got = all() })
		tol := 1e-5
		if c.Tile > 0 {
			tol = 1e-4 // its transforms round differently when the tile sums are split by chunk
		}
		for i := range want {
			if math.Abs(float64(got[i]-want[i])) > tol*(1+math.Abs(float64(want[i]))) {
				t.Fatalf("%v F%d one image at a time: [%d] = %v, want %v", g, c.Tile, i, got[i], want[i])
			}
		}
		atEachProcs(t, fmt.Sprintf("%v F%d", g, c.Tile), all)
	}
}

// TestConvTransformedKernel checks that the forward pass on a kernel
// transformed ahead gives Forward's bits.
func TestConvTransformedKernel(t *testing.T) {
	for _, c := range convCases(t)[2:] {
		g := c.Win
		x, k, b := randFloats(1, g.InSize()), randFloats(2, g.PatchSize()*c.Filters), randFloats(3, c.Filters)
		want, got := make([]float32, g.N*g.OutPixels()*c.Filters), make([]float32, g.N*g.OutPixels()*c.Filters)
		c.Forward(gozooBLAS, want, x, k, b)
		u := make([]float32, c.TransformedKernelSize())
		c.TransformKernel(gozooBLAS, u, k)
		c.ForwardTransformed(gozooBLAS, got, x, u, b)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("F%d: [%d] = %v, Forward gives %v", c.Tile, i, got[i], want[i])
			}
		}
	}
}

// TestIm2col checks im2col, on both of its paths (short window rows and
// long ones), against the patches value by value, with strides, both
// paddings, non-square windows and one to five channels.
func TestIm2col(t *testing.T) {
	for _, tc := range []struct {
		shape          []int
		kh, kw, sh, sw int
		same           bool
	}{
		{[]int{1, 28, 28, 1}, 7, 7, 1, 1, true},
		{[]int{1, 9, 8, 2}, 3, 5, 2, 1, true},
		{[]int{1, 7, 9, 3}, 3, 3, 1, 2, false},
		{[]int{1, 6, 6, 5}, 3, 3, 1, 1, true}, // 15 values a row: short
		{[]int{1, 6, 6, 6}, 3, 3, 2, 2, true}, // 18: long
		{[]int{1, 5, 40, 3}, 2, 7, 1, 3, true},
	} {
		g := mustWindow(t, tc.shape, tc.kh, tc.kw, tc.sh, tc.sw, tc.same)
		img := randFloats(5, g.ImgSize())
		col := randFloats(6, g.OutPixels()*g.PatchSize()) // every value must be written
		g.im2col(col, img)
		i := 0
		for oh := range g.OutH {
			for ow := range g.OutW {
				for u := range g.KH {
					for v := range g.KW {
						for ch := range g.C {
							ih, iw := oh*g.SH-g.PadT+u, ow*g.SW-g.PadL+v
							var want float32
							if ih >= 0 && ih < g.H && iw >= 0 && iw < g.W {
								want = img[(ih*g.W+iw)*g.C+ch]
							}
							if col[i] != want {
								t.Fatalf("%v: pixel (%d, %d) window (%d, %d) channel %d = %v, want %v", g, oh, ow, u, v, ch, col[i], want)
							}
							i++
						}
					}
				}
			}
		}
	}
}
