package bench

import (
	"context"
	"fmt"
	"time"

	"gonum.org/v1/gonum/blas"
	G "gorgonia.org/gorgonia"

	"github.com/gozoo/gozoo/nn"
)

// Gemm is one matrix multiply C(M x N) = op(A)(M x K) op(B)(K x N).
type Gemm struct {
	Layer          string
	M, N, K        int
	TransA, TransB bool
}

// MACs is the number of multiply-adds of g.
func (g Gemm) MACs() int { return g.M * g.N * g.K }

// shaper is a layer that knows its output shape, like Conv2D and the
// pooling layers.
type shaper interface {
	OutputShape(in []int) ([]int, error)
}

// TrainGemms lists the matrix multiplies one training step of m needs at
// a batch of batch, as a framework that lowers convolutions to im2col
// multiplies does them: for each Dense or Conv2D layer the forward product,
// the kernel's gradient, and the input's gradient except for the first
// such layer, whose input is data. The shapes of convolutions come from
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
			out = append(out, Gemm{l.Name(), batch, units, in, false, false},
				Gemm{l.Name() + " dW", in, units, batch, true, false})
			if !first {
				out = append(out, Gemm{l.Name() + " dX", batch, in, units, false, true})
			}
			cur, first = []int{units}, false
		case kernel != nil && len(kernel.Shape()) == 4: // Conv2D: (kh, kw, in, filters)
			s, ok := l.(shaper)
			if !ok {
				return nil, fmt.Errorf("%s: a 4-D kernel but no OutputShape", l.Name())
			}
			next, err := s.OutputShape(cur)
			if err != nil {
				return nil, err
			}
			ks := kernel.Shape()
			pixels, patch, filters := batch*next[0]*next[1], ks[0]*ks[1]*ks[2], ks[3]
			out = append(out, Gemm{l.Name(), pixels, filters, patch, false, false},
				Gemm{l.Name() + " dW", patch, filters, pixels, true, false})
			if !first {
				out = append(out, Gemm{l.Name() + " dX", pixels, patch, filters, false, true})
			}
			cur, first = next, false
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

// TimeGemms runs the multiplies on random matrices through the BLAS that
// Gorgonia uses (gonum's or OpenBLAS), reps times (fewer, at least 3, past
// 5 s), and returns the median time of one pass over all of them, in
// milliseconds.
func TimeGemms(gemms []Gemm, reps int) float64 {
	impl := G.WhichBLAS()
	type bufs struct{ a, b, c []float32 }
	rng := nn.NewRand(3)
	all := make([]bufs, len(gemms))
	for i, g := range gemms {
		all[i] = bufs{make([]float32, g.M*g.K), make([]float32, g.K*g.N), make([]float32, g.M*g.N)}
		for _, s := range [][]float32{all[i].a, all[i].b} {
			for j := range s {
				s[j] = rng.Float32()
			}
		}
	}
	pass := func() {
		for i, g := range gemms {
			ta, lda := blas.NoTrans, g.K
			if g.TransA {
				ta, lda = blas.Trans, g.M
			}
			tb, ldb := blas.NoTrans, g.N
			if g.TransB {
				tb, ldb = blas.Trans, g.K
			}
			b := all[i]
			impl.Sgemm(ta, tb, g.M, g.N, g.K, 1, b.a, lda, b.b, ldb, 0, b.c, g.N)
		}
	}
	pass() // warm-up
	times, _ := timeReps(context.Background(), max(reps, 1), 5*time.Second, func() error { pass(); return nil })
	return Median(times)
}
