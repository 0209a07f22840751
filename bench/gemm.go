package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/gozoo/gozoo/nn"
)

// Gemm is one matrix multiply C(M x N) = op(A)(M x K) op(B)(K x N).
type Gemm = nn.Product

// shaper is a layer that knows its output shape, like Conv2D and the
// pooling layers.
type shaper interface {
	OutputShape(in []int) ([]int, error)
}

// TrainGemms lists the matrix multiplies one training step of m runs at a
// batch of batch: for each Dense or Conv2D layer the forward product, the
// kernel's gradient, and the input's gradient except for the first such
// layer, whose input is data; a convolution's are its im2col or Winograd
// products (nn.Conv2D.TrainProducts). The shapes of convolutions come from
// walking the layers in order from the first input, which suits the
// sequential models; Dense layers need no walk.
func TrainGemms(m *nn.Model, batch int) ([]Gemm, error) {
	var out []Gemm
	var cur []int
	if len(m.Inputs) > 0 {
		cur = m.Inputs[0].Shape
	}
	first := true
	for _, l := range m.Layers {
		var kernel *nn.Param
		for _, p := range l.Params() {
			if p.Trainable && (len(p.Shape()) == 2 || len(p.Shape()) == 4) {
				kernel = p
				break
			}
		}
		switch {
		case kernel != nil && len(kernel.Shape()) == 2: // Dense: (in, units)
			in, units := kernel.Shape()[0], kernel.Shape()[1]
			out = append(out, Gemm{Layer: l.Name(), M: batch, N: units, K: in},
				Gemm{Layer: l.Name() + " dW", M: in, N: units, K: batch, TransA: true})
			if !first {
				out = append(out, Gemm{Layer: l.Name() + " dX", M: batch, N: in, K: units, TransB: true})
			}
			cur, first = []int{units}, false
		case kernel != nil && len(kernel.Shape()) == 4: // Conv2D: (kh, kw, in, filters)
			c, ok := l.(*nn.Conv2D)
			if !ok {
				return nil, fmt.Errorf("%s: a 4-D kernel but not a Conv2D", l.Name())
			}
			ps, err := c.TrainProducts(cur, batch, !first)
			if err != nil {
				return nil, err
			}
			out = append(out, ps...)
			if cur, err = c.OutputShape(cur); err != nil {
				return nil, err
			}
			first = false
		case l.Type() == "Flatten":
			n := 1
			for _, d := range cur {
				n *= d
			}
			cur = []int{n}
		default:
			if s, ok := l.(shaper); ok {
				next, err := s.OutputShape(cur)
				if err != nil {
					return nil, err
				}
				cur = next
			}
		}
	}
	return out, nil
}

// TimeGemms runs the multiplies on random matrices as gozoo's ops run
// them (nn.RunProducts: on every core, one BLAS thread each), through the
// BLAS that Gorgonia uses (gonum's or OpenBLAS), reps times (fewer, at
// least 3, past 5 s), and returns the median time of one pass over all of
// them, in milliseconds.
func TimeGemms(gemms []Gemm, reps int) float64 {
	rng := nn.NewRand(3)
	a, b, c := make([][]float32, len(gemms)), make([][]float32, len(gemms)), make([][]float32, len(gemms))
	for i, g := range gemms {
		a[i], b[i], c[i] = make([]float32, g.M*g.K), make([]float32, g.K*g.N), make([]float32, g.M*g.N)
		for _, s := range [][]float32{a[i], b[i]} {
			for j := range s {
				s[j] = rng.Float32()
			}
		}
	}
	pass := func() { nn.RunProducts(gemms, a, b, c) }
	pass() // warm-up
	times, _ := timeReps(context.Background(), max(reps, 1), 5*time.Second, func() error { pass(); return nil })
	return Median(times)
}
