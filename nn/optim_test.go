package nn

import (
	"math"
	"testing"
)

// optimCase is a kernel (2x2) and a bias (2) and three steps of gradients.
type optimCase struct {
	w     [][]float64 // initial values: kernel, bias
	grads [][][]float64
}

func suiteOptimCase() optimCase {
	return optimCase{
		w: [][]float64{{0.5, -1, 2, 0.25}, {0.1, -0.2}},
		grads: [][][]float64{
			{{0.3, -0.6, 1e-6, 2}, {-1, 0.05}},
			{{0.1, -0.2, -1e-6, 4}, {0.5, 0}},
			{{-0.4, 0.3, 1e-6, -1}, {0.25, 0.1}},
		},
	}
}

// run applies the case's steps with opt and returns the parameters after
// each step.
func (c optimCase) run(t *testing.T, opt Optimizer) [][][]float32 {
	t.Helper()
	k := NewParam("dense/kernel", true, 2, 2)
	b := NewParam("dense/bias", true, 2)
	params := []*Param{k, b}
	for i, p := range params {
		for j, v := range c.w[i] {
			p.Data()[j] = float32(v)
		}
	}
	var after [][][]float32
	for _, step := range c.grads {
		g := make([][]float32, len(step))
		for i := range step {
			for _, v := range step[i] {
				g[i] = append(g[i], float32(v))
			}
		}
		if err := opt.Step(params, g); err != nil {
			t.Fatal(err)
		}
		after = append(after, [][]float32{append([]float32(nil), k.Data()...), append([]float32(nil), b.Data()...)})
	}
	return after
}

func suiteCompare(t *testing.T, what string, got [][][]float32, want [][][]float64, tol float64) {
	t.Helper()
	for s := range want {
		for i := range want[s] {
			for j, w := range want[s][i] {
				if g := float64(got[s][i][j]); math.Abs(g-w) > tol*math.Max(1, math.Abs(w)) {
					t.Errorf("%s: step %d param %d[%d] = %.9g, want %.9g", what, s+1, i, j, g, w)
				}
			}
		}
	}
}

func TestSGD(t *testing.T) {
	c := suiteOptimCase()
	for _, mom := range []float64{0, 0.9} {
		opt := NewSGD(0.1)
		opt.Momentum = mom
		got := c.run(t, opt)
		// Keras: v = momentum v - lr g; w += v (without momentum, v = -lr g).
		w := [][]float64{append([]float64(nil), c.w[0]...), append([]float64(nil), c.w[1]...)}
		v := [][]float64{make([]float64, 4), make([]float64, 2)}
		var want [][][]float64
		for _, g := range c.grads {
			for i := range w {
				for j := range w[i] {
					v[i][j] = mom*v[i][j] - 0.1*g[i][j]
					w[i][j] += v[i][j]
				}
			}
			want = append(want, [][]float64{append([]float64(nil), w[0]...), append([]float64(nil), w[1]...)})
		}
		suiteCompare(t, "sgd", got, want, 1e-6)
	}
	if opt := NewSGD(0.01); opt.Name() != "sgd" || opt.LearningRate != 0.01 || opt.Momentum != 0 {
		t.Errorf("NewSGD(0.01) = %+v", opt)
	}
}

// TestSGDMomentumValues pins two steps of momentum SGD to numbers worked
// out by hand: w = 1, g = 1 then 2, lr 0.1, momentum 0.9.
func TestSGDMomentumValues(t *testing.T) {
	p := NewParam("w", true, 1)
	p.Data()[0] = 1
	opt := &SGD{LearningRate: 0.1, Momentum: 0.9}
	for i, c := range []struct{ g, w float32 }{
		{1, 0.9},  // v = -0.1
		{2, 0.61}, // v = 0.9 * -0.1 - 0.2 = -0.29
	} {
		if err := opt.Step([]*Param{p}, [][]float32{{c.g}}); err != nil {
			t.Fatal(err)
		}
		if math.Abs(float64(p.Data()[0]-c.w)) > 1e-6 {
			t.Errorf("step %d: w = %v, want %v", i+1, p.Data()[0], c.w)
		}
	}
	// Its state is for one parameter: a step on two is refused.
	if err := opt.Step([]*Param{p, p}, [][]float32{{1}, {1}}); err == nil {
		t.Error("momentum SGD took a step on parameters it has no state for")
	}
}

// adamRef is Keras's Adam in float64, with optional L2 on the kernel.
func adamRef(c optimCase, lr, l2 float64) [][][]float64 {
	const b1, b2, eps = 0.9, 0.999, 1e-7
	w := [][]float64{append([]float64(nil), c.w[0]...), append([]float64(nil), c.w[1]...)}
	m := [][]float64{make([]float64, 4), make([]float64, 2)}
	v := [][]float64{make([]float64, 4), make([]float64, 2)}
	var out [][][]float64
	for t, g := range c.grads {
		step := float64(t + 1)
		alpha := lr * math.Sqrt(1-math.Pow(b2, step)) / (1 - math.Pow(b1, step))
		for i := range w {
			for j := range w[i] {
				gj := g[i][j]
				if i == 0 { // the kernel
					gj += l2 * w[i][j]
				}
				m[i][j] = b1*m[i][j] + (1-b1)*gj
				v[i][j] = b2*v[i][j] + (1-b2)*gj*gj
				w[i][j] -= alpha * m[i][j] / (math.Sqrt(v[i][j]) + eps)
			}
		}
		out = append(out, [][]float64{append([]float64(nil), w[0]...), append([]float64(nil), w[1]...)})
	}
	return out
}

func TestAdam(t *testing.T) {
	c := suiteOptimCase()
	opt := NewAdam(0.01)
	if opt.Name() != "adam" || opt.Beta1 != 0.9 || opt.Beta2 != 0.999 || opt.Epsilon != 1e-7 {
		t.Errorf("NewAdam: %+v, want Keras's defaults", opt)
	}
	suiteCompare(t, "adam", c.run(t, opt), adamRef(c, 0.01, 0), 1e-6)

	// The first step moves every weight by about lr (m/sqrt(v) = ±1 after
	// bias correction), except kernel[2], whose gradient 1e-6 makes sqrt(v)
	// (3.2e-8) smaller than epsilon: there the step shows epsilon's value
	// and where it is added (to sqrt(v), not to the corrected sqrt(v̂)).
	got := c.run(t, NewAdam(0.01))
	step := float64(c.w[0][2]) - float64(got[0][0][2])
	want := 0.01 * math.Sqrt(0.001) / 0.1 * 1e-7 / (math.Sqrt(0.001)*1e-6 + 1e-7) // 0.0024
	if math.Abs(step-want) > 1e-6 {
		t.Errorf("first Adam step on a gradient of 1e-6: %.6g, want %.6g (Keras's epsilon 1e-7)", step, want)
	}
}

func TestAdamL2(t *testing.T) {
	c := suiteOptimCase()
	opt := NewAdam(0.01)
	opt.L2 = 0.5
	got := c.run(t, opt)
	suiteCompare(t, "adam with L2", got, adamRef(c, 0.01, 0.5), 1e-6)
	// L2 leaves the bias alone: it moves as without L2.
	plain := adamRef(c, 0.01, 0)
	for s := range plain {
		for j, w := range plain[s][1] {
			if math.Abs(float64(got[s][1][j])-w) > 1e-6 {
				t.Errorf("step %d: L2 changed bias[%d]", s+1, j)
			}
		}
	}
	// And it changes the kernel: the test can tell.
	if math.Abs(float64(got[2][0][0])-plain[2][0][0]) < 1e-4 {
		t.Error("L2 = 0.5 did not change the kernel")
	}
}

func TestAdamStateMismatch(t *testing.T) {
	p := NewParam("w", true, 2)
	opt := NewAdam(0.1)
	if err := opt.Step([]*Param{p}, [][]float32{{1, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := opt.Step([]*Param{p, p}, [][]float32{{1, 1}, {1, 1}}); err == nil {
		t.Error("Adam took a step on parameters it has no state for")
	}
}
