package nn

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/internal/vecf32"

	G "gorgonia.org/gorgonia"
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

func withAct(op conv2dOp, a Activation) conv2dOp {
	op.act = a
	return op
}

// TestWinogradMatchesIm2col runs the convolution, its kernel gradient and
// its input gradient both ways, on odd sizes, both paddings, tiles that
// overhang the map, and one image at a time.
func TestWinogradMatchesIm2col(t *testing.T) {
	type shape struct{ n, h, w, c, f int }
	shapes := []shape{
		{1, 1, 1, 1, 1}, {2, 2, 3, 3, 5}, {3, 5, 7, 3, 5}, {2, 8, 8, 17, 8},
		{1, 9, 4, 4, 3}, {2, 14, 14, 5, 6}, {1, 7, 7, 2, 9},
	}
	defer func(v bool) { vecf32.Available = v }(vecf32.Available)
	for _, tile := range []int{2, 4, -4} {
		// -4: F(4x4, 3x3) with the plain-Go vector operations, as on a
		// CPU without AVX2 and FMA.
		vecf32.Available = vecf32.Available && tile > 0
		tile = max(tile, -tile)
		for _, sh := range shapes {
			for _, pad := range []Padding{Same, Valid} {
				if pad == Valid && (sh.h < 3 || sh.w < 3) {
					continue
				}
				for _, budget := range []int{colBudget, 1} {
					name := fmt.Sprintf("F%d %+v %v budget %d", tile, sh, pad, budget)
					win, err := newWindow([]int{sh.n, sh.h, sh.w, sh.c}, 3, 3, 1, 1, pad)
					if err != nil {
						t.Fatal(err)
					}
					ref := conv2dOp{win: win, filters: sh.f, inputGrad: true}
					wop := ref
					wop.wino = tile
					x, k, b := tensorOf(1, sh.n, sh.h, sh.w, sh.c), tensorOf(2, 3, 3, sh.c, sh.f), tensorOf(3, sh.f)
					dy := tensorOf(4, sh.n, win.outH, win.outW, sh.f)
					pairs := []struct {
						what     string
						ref, got G.Op
						in       []G.Value
					}{
						{"forward", ref, wop, []G.Value{x, k, b}},
						{"forward relu", withAct(ref, ReLU), withAct(wop, ReLU), []G.Value{x, k, b}},
						{"forward tanh", withAct(ref, Tanh), withAct(wop, Tanh), []G.Value{x, k, b}},
						{"kernel gradient", convKernelGradOp{conv: ref}, convKernelGradOp{conv: wop}, []G.Value{x, dy}},
						{"input gradient", convInputGradOp{conv: ref}, convInputGradOp{conv: wop}, []G.Value{k, dy}},
					}
					saved := colBudget
					colBudget = budget
					fwdScale := 1.0
					for _, p := range pairs {
						want, err := p.ref.Do(p.in...)
						if err != nil {
							t.Fatalf("%s %s: %v", name, p.what, err)
						}
						got, err := p.got.Do(p.in...)
						if err != nil {
							t.Fatalf("%s %s: %v", name, p.what, err)
						}
						wd, gd := want.Data().([]float32), got.Data().([]float32)
						scale := 1.0
						for _, v := range wd {
							scale = math.Max(scale, math.Abs(float64(v)))
						}
						// An activation keeps the error of its input, whose
						// scale is the linear forward pass's.
						if p.what == "forward" {
							fwdScale = scale
						} else if strings.HasPrefix(p.what, "forward") {
							scale = math.Max(scale, fwdScale)
						}
						for i := range wd {
							if d := math.Abs(float64(gd[i] - wd[i])); d > 1e-5*scale || math.IsNaN(float64(gd[i])) {
								t.Fatalf("%s %s: [%d] = %v, im2col gives %v", name, p.what, i, gd[i], wd[i])
							}
						}
					}
					colBudget = saved
				}
			}
		}
	}
}

// BenchmarkConvOps times each pass of the notebook CNN's 3x3 convolutions
// (batch 32) as im2col products and on Winograd's path:
//
//	go test -tags openblas -run XXX -bench ConvOps ./nn/
func BenchmarkConvOps(b *testing.B) {
	layers := []struct {
		name     string
		hw, c, f int
	}{{"conv2", 14, 64, 128}, {"conv3", 14, 128, 128}, {"conv4", 7, 128, 256}, {"conv5", 7, 256, 256}}
	for _, l := range layers {
		win, err := newWindow([]int{32, l.hw, l.hw, l.c}, 3, 3, 1, 1, Same)
		if err != nil {
			b.Fatal(err)
		}
		x, k, bias := tensorOf(1, 32, l.hw, l.hw, l.c), tensorOf(2, 3, 3, l.c, l.f), tensorOf(3, l.f)
		dy := tensorOf(4, 32, l.hw, l.hw, l.f)
		for _, tile := range []int{0, 2, 4} {
			op := conv2dOp{win: win, filters: l.f, inputGrad: true, wino: tile}
			for _, p := range []struct {
				name string
				op   G.UsePreallocDoer
				in   []G.Value
				out  []int
			}{
				{"forward", op, []G.Value{x, k, bias}, []int{32, l.hw, l.hw, l.f}},
				{"dk", convKernelGradOp{conv: op}, []G.Value{x, dy}, []int{3, 3, l.c, l.f}},
				{"dx", convInputGradOp{conv: op}, []G.Value{k, dy}, []int{32, l.hw, l.hw, l.c}},
			} {
				b.Run(fmt.Sprintf("%s/%s/F%d", l.name, p.name, tile), func(b *testing.B) {
					out := newF32(p.out)
					for b.Loop() {
						if _, err := p.op.UsePreallocDo(out, p.in...); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}

// TestReLUKeepsNaN checks the branch-free ReLU and its gradient.
func TestReLUKeepsNaN(t *testing.T) {
	nan := float32(math.NaN())
	z := []float32{-1, 0, 2, nan, float32(math.Inf(-1))}
	activate(ReLU, z)
	if z[0] != 0 || z[1] != 0 || z[2] != 2 || !math.IsNaN(float64(z[3])) || z[4] != 0 {
		t.Errorf("relu: %v", z)
	}
	dz := make([]float32, 4)
	activationGrad(ReLU, dz, []float32{0, 1, 3, 0}, []float32{5, 6, 7, nan})
	if dz[0] != 0 || dz[1] != 6 || dz[2] != 7 || dz[3] != 0 {
		t.Errorf("relu gradient: %v", dz)
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
