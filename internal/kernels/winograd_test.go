package kernels

import (
	"fmt"
	"math"
	"testing"

	"github.com/gozoo/gozoo/internal/vecf32"
)

// TestWinogradIdentity checks the identity every Winograd transform rests
// on: sum over ξ of Aᵀ_iξ G_ξj Bᵀ_ξk is 1 when k == i+j and 0 otherwise.
func TestWinogradIdentity(t *testing.T) {
	for _, w := range []*winoAlgo{winoF2, winoF4} {
		for i := range w.m {
			for j := range 3 {
				for k := range w.alpha {
					var s float64
					for xi := range w.alpha {
						s += float64(w.at[i][xi]) * float64(w.g[xi][j]) * float64(w.bt[xi][k])
					}
					want := 0.0
					if k == i+j {
						want = 1
					}
					if math.Abs(s-want) > 1e-6 {
						t.Errorf("F(%d,3): i=%d j=%d k=%d: %v, want %v", w.m, i, j, k, s, want)
					}
				}
			}
		}
	}
}

// TestCombine checks both ways of summing scaled rows against a plain
// loop: one to seven terms, zero coefficients, lengths that leave tails
// after the 16- and 8-wide steps.
func TestCombine(t *testing.T) {
	paths := []bool{false}
	if vecf32.Available {
		paths = append(paths, true)
	}
	defer func(v bool) { vecf32.Available = v }(vecf32.Available)
	for _, fma := range paths {
		vecf32.Available = fma
		for terms := 1; terms <= 7; terms++ {
			for _, n := range []int{0, 1, 7, 8, 9, 16, 23, 40} {
				coef := make([]float32, terms)
				srcs := make([][]float32, terms)
				for i := range coef {
					coef[i] = float32(i%3) - 0.5*float32(i) // zeros, a one and others
					srcs[i] = randFloats(int64(10*terms+i), n+3)
				}
				dst := randFloats(99, n)
				combine(dst, coef, func(i int) []float32 { return srcs[i] })
				for j := range n {
					var want float64
					for i, c := range coef {
						want += float64(c) * float64(srcs[i][j])
					}
					if math.Abs(float64(dst[j])-want) > 1e-5*(1+math.Abs(want)) {
						t.Fatalf("fma %t, %d terms, n %d: [%d] = %v, want %v", fma, terms, n, j, dst[j], want)
					}
				}
			}
		}
	}
}

// TestWinogradMatchesIm2col runs the convolution, its kernel gradient and
// its input gradient both ways, on odd sizes, both paddings, tiles that
// overhang the map, and one image at a time.
func TestWinogradMatchesIm2col(t *testing.T) {
	type shape struct{ n, h, w, c, f int }
	shapes := []shape{
		{1, 1, 1, 1, 1}, {2, 2, 3, 3, 5}, {3, 5, 7, 3, 5}, {2, 8, 8, 17, 8},
		{1, 9, 4, 4, 3}, {2, 14, 14, 5, 6}, {1, 7, 7, 2, 9},
		// Channels in multiples of 8: vecf32's one-pass transforms.
		{2, 14, 14, 16, 8}, {1, 9, 10, 8, 16}, {2, 7, 7, 24, 24},
	}
	defer func(v bool) { vecf32.Available = v }(vecf32.Available)
	for _, tile := range []int{2, 4, -4} {
		// -4: F(4x4, 3x3) with the plain-Go vector operations, as on a
		// CPU without AVX2 and FMA.
		vecf32.Available = vecf32.Available && tile > 0
		tile = max(tile, -tile)
		for _, sh := range shapes {
			for _, same := range []bool{true, false} {
				if !same && (sh.h < 3 || sh.w < 3) {
					continue
				}
				for _, budget := range []int{colBudget, 1} {
					name := fmt.Sprintf("F%d %+v same %t budget %d", tile, sh, same, budget)
					win := mustWindow(t, []int{sh.n, sh.h, sh.w, sh.c}, 3, 3, 1, 1, same)
					x, k, b := randFloats(1, win.InSize()), randFloats(2, 9*sh.c*sh.f), randFloats(3, sh.f)
					dy := randFloats(4, sh.n*win.OutPixels()*sh.f)
					withBudget(budget, func() {
						fwdScale := 1.0
						for _, act := range []Act{Linear, ReLU, Tanh} {
							ref := Conv{Win: win, Filters: sh.f, Act: act}
							wc := ref
							wc.Tile = tile
							passes := []struct {
								what string
								size int
								run  func(c Conv, out []float32)
							}{
								{"forward " + act.String(), sh.n * win.OutPixels() * sh.f, func(c Conv, y []float32) { c.Forward(gozooBLAS, y, x, k, b) }},
							}
							if act == Linear {
								passes = append(passes,
									struct {
										what string
										size int
										run  func(c Conv, out []float32)
									}{"kernel gradient", len(k), func(c Conv, dk []float32) { c.KernelGrad(gozooBLAS, dk, x, dy) }},
									struct {
										what string
										size int
										run  func(c Conv, out []float32)
									}{"input gradient", len(x), func(c Conv, dx []float32) { c.InputGrad(gozooBLAS, dx, k, dy) }})
							}
							for _, p := range passes {
								want, got := make([]float32, p.size), randFloats(5, p.size)
								p.run(ref, want)
								p.run(wc, got)
								scale := 1.0
								for _, v := range want {
									scale = math.Max(scale, math.Abs(float64(v)))
								}
								// An activation keeps the error of its input, whose
								// scale is the linear forward pass's.
								if p.what == "forward linear" {
									fwdScale = scale
								} else if act != Linear {
									scale = math.Max(scale, fwdScale)
								}
								for i := range want {
									if d := math.Abs(float64(got[i] - want[i])); d > 1e-5*scale || math.IsNaN(float64(got[i])) {
										t.Fatalf("%s %s: [%d] = %v, im2col gives %v", name, p.what, i, got[i], want[i])
									}
								}
							}
						}
					})
				}
			}
		}
	}
}
