package nn

import (
	"math"
	"testing"
)

// optimBench is the Fashion MLP's parameters (266,610 values) with random
// gradients, for timing an optimizer's step alone.
func optimBench(b *testing.B, opt Optimizer) {
	rng := NewRand(8)
	var params []*Param
	var grads [][]float32
	for _, shape := range [][]int{{784, 300}, {300}, {300, 100}, {100}, {100, 10}, {10}} {
		p := NewParam("p", true, shape...)
		g := make([]float32, p.Size())
		for i := range g {
			p.Data()[i] = rng.Float32() - 0.5
			g[i] = (rng.Float32() - 0.5) * 1e-3
		}
		params, grads = append(params, p), append(grads, g)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := opt.Step(params, grads); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSGDStep times SGD's update of the Fashion MLP's weights.
func BenchmarkSGDStep(b *testing.B) { optimBench(b, NewSGD(0.01)) }

// BenchmarkSGDMomentumStep is BenchmarkSGDStep with momentum 0.9.
func BenchmarkSGDMomentumStep(b *testing.B) { optimBench(b, &SGD{LearningRate: 0.01, Momentum: 0.9}) }

// BenchmarkAdamStep times Adam's update of the Fashion MLP's weights.
func BenchmarkAdamStep(b *testing.B) { optimBench(b, NewAdam(1e-3)) }

// TestOptimizersRoundAsScalarLoops checks that the vectorised updates give
// the weights of the plain loops w -= lr*g (SGD), v = m v - lr g; w += v
// (momentum) and Keras's Adam, bit for bit, over steps whose gradients span
// magnitudes from 1e-8 to 1e3, zeros included, in either build.
func TestOptimizersRoundAsScalarLoops(t *testing.T) {
	const lr, mom = float32(0.013), float32(0.9)
	make3 := func() ([]*Param, [][]float32) {
		rng := NewRand(9)
		var ps []*Param
		var gs [][]float32
		for _, sh := range [][]int{{37, 11}, {11}, {1001}} {
			p := NewParam("p", true, sh...)
			g := make([]float32, p.Size())
			for i := range g {
				p.Data()[i] = float32(rng.NormFloat64())
				if rng.IntN(50) > 0 {
					g[i] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(12)-8)))
				}
			}
			ps, gs = append(ps, p), append(gs, g)
		}
		return ps, gs
	}
	adam := &Adam{LearningRate: 1e-2, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7, L2: 1e-4}
	for _, c := range []struct {
		name string
		opt  Optimizer
		ref  func(step int, w, g, m, v []float32, kernel bool)
	}{
		{"sgd", NewSGD(float64(lr)), func(_ int, w, g, _, _ []float32, _ bool) {
			for j := range w {
				w[j] -= lr * g[j]
			}
		}},
		{"momentum", &SGD{LearningRate: float64(lr), Momentum: float64(mom)}, func(_ int, w, g, _, v []float32, _ bool) {
			for j := range w {
				v[j] = mom*v[j] - lr*g[j]
				w[j] += v[j]
			}
		}},
		{"adam", adam, func(step int, w, g, m, v []float32, kernel bool) {
			alpha := float32(adam.LearningRate * math.Sqrt(1-math.Pow(adam.Beta2, float64(step))) / (1 - math.Pow(adam.Beta1, float64(step))))
			b1, b2, eps := float32(adam.Beta1), float32(adam.Beta2), float32(adam.Epsilon)
			l2 := float32(0)
			if kernel {
				l2 = float32(adam.L2)
			}
			for j := range w {
				gj := g[j] + l2*w[j]
				m[j] = b1*m[j] + (1-b1)*gj
				v[j] = b2*v[j] + (1-b2)*gj*gj
				w[j] -= alpha * m[j] / (float32(math.Sqrt(float64(v[j]))) + eps)
			}
		}},
	} {
		params, grads := make3()
		want, _ := make3()
		var m, v [][]float32
		for _, p := range want {
			m, v = append(m, make([]float32, p.Size())), append(v, make([]float32, p.Size()))
		}
		for step := 1; step <= 40; step++ {
			if err := c.opt.Step(params, grads); err != nil {
				t.Fatal(err)
			}
			for i, p := range want {
				c.ref(step, p.Data(), grads[i], m[i], v[i], len(p.Shape()) > 1)
				for j, w := range p.Data() {
					if got := params[i].Data()[j]; math.Float32bits(got) != math.Float32bits(w) {
						t.Fatalf("%s step %d: param %d[%d] = %v, the scalar loop gives %v", c.name, step, i, j, got, w)
					}
				}
			}
			for _, g := range grads { // other gradients, of either sign
				for j := range g {
					g[j] *= -1.1
				}
			}
		}
	}
}
