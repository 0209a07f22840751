package kernels

import (
	"math"
	"testing"
)

// TestMaxPool2GradTies checks the 2x2 fast path against the general loop
// on values with many ties: the gradient goes to the first maximum in
// scanning order, as Gorgonia's and TensorFlow's do.
func TestMaxPool2GradTies(t *testing.T) {
	const n, h, w, c = 2, 7, 6, 5
	x := randFloats(8, n*h*w*c)
	for i := range x {
		x[i] = float32(math.Round(float64(x[i]))) // -2..2: ties everywhere
	}
	win, err := NewWindow([]int{n, h, w, c}, 2, 2, 2, 2, false)
	if err != nil || !win.pairs() {
		t.Fatalf("window %v, err %v: want the 2x2 fast path", win, err)
	}
	dy := randFloats(9, n*win.OutPixels()*c)
	got := make([]float32, n*h*w*c)
	for i := range n {
		win.maxPool2Grad(got[i*h*w*c:(i+1)*h*w*c], x[i*h*w*c:(i+1)*h*w*c], dy[i*win.OutPixels()*c:])
	}
	// The rule, written out: the first maximum of each window and channel.
	want := make([]float32, n*h*w*c)
	for i := range n {
		for oh := range win.OutH {
			for ow := range win.OutW {
				for k := range c {
					best, at := float32(math.Inf(-1)), -1
					for ih := 2 * oh; ih < 2*oh+2; ih++ {
						for iw := 2 * ow; iw < 2*ow+2; iw++ {
							if v := x[((i*h+ih)*w+iw)*c+k]; v > best {
								best, at = v, ((i*h+ih)*w+iw)*c+k
							}
						}
					}
					want[at] += dy[((i*win.OutH+oh)*win.OutW+ow)*c+k]
				}
			}
		}
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("dx[%d] = %v, want %v", i, got[i], want[i])
		}
	}
}

// TestPoolGradients checks max and average pooling's backward pass
// against central differences, on windows that overlap, overhang ("same")
// and the 2x2 fast path, and that the passes give the same bits on any
// core count.
func TestPoolGradients(t *testing.T) {
	for _, avg := range []bool{false, true} {
		for _, g := range []struct {
			kh, kw, sh, sw int
			same           bool
		}{{2, 2, 2, 2, false}, {3, 2, 2, 2, true}, {3, 3, 1, 1, true}, {1, 2, 1, 2, false}} {
			win := mustWindow(t, []int{3, 7, 6, 4}, g.kh, g.kw, g.sh, g.sw, g.same)
			p := Pool{Win: win, Avg: avg}
			x, dy := randFloats(1, win.InSize()), randFloats(2, win.N*win.OutPixels()*win.C)
			f := func(x []float32) []float32 {
				y := make([]float32, win.N*win.OutPixels()*win.C)
				p.Forward(y, x)
				return y
			}
			dx := randFloats(3, len(x)) // a used buffer
			p.Backward(dx, x, dy)
			checkGrad(t, "pool "+win.String(), x, f, dy, dx)
			atEachProcs(t, "pool forward", func() []float32 { return f(x) })
			atEachProcs(t, "pool backward", func() []float32 {
				dx := make([]float32, len(x))
				p.Backward(dx, x, dy)
				return dx
			})
		}
	}
}
