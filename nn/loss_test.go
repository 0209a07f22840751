package nn

import (
	"context"
	"math"
	"strings"
	"testing"
)

// suiteLinearSoftmax is a classifier with one Dense softmax layer of the
// given kernel (in x k, row-major) and a zero bias.
func suiteLinearSoftmax(in, k int, kernel []float32) *Model {
	d := NewDense(NewRand(1), "dense", in, k, Softmax)
	copy(d.Kernel.Data(), kernel)
	return Sequential(Input{"x", []int{in}}, []Applier{d}, WithName("softmax"), WithLoss(SparseCategoricalCrossentropy{}), WithMetric(func() Metric { return &Accuracy{} }), WithSeed(1))
}

// TestCrossentropyExtremeLogits checks that logits of ±1000 give the exact,
// finite loss and gradient; log(softmax(z)) would be log(0) = -Inf.
func TestCrossentropyExtremeLogits(t *testing.T) {
	m := suiteLinearSoftmax(1, 3, []float32{1000, -1000, 0})
	d := Data{X: [][]float32{{1, 1, 1}}, Y: []float32{0, 1, 2}}
	loss, params, grads := lossAndGrads(t, m, d)
	// Per example: lse(z) - z[y] = 1000 - z[y]: 0, 2000 and 1000.
	if loss != 1000 {
		t.Errorf("loss %v, want 1000", loss)
	}
	// dL/dz = (softmax(z) - onehot(y)) / 3 with softmax(z) = (1, 0, 0).
	wantK := []float32{2.0 / 3, -1.0 / 3, -1.0 / 3}
	for i, p := range params {
		for j, g := range grads[i] {
			if math.IsNaN(float64(g)) || math.IsInf(float64(g), 0) || math.Abs(float64(g-wantK[j])) > 1e-6 {
				t.Errorf("%s gradient %v, want %v", p.Name, grads[i], wantK)
				break
			}
		}
	}
	out, _, err := m.Predict(d, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if out[3*i] != 1 || out[3*i+1] != 0 || out[3*i+2] != 0 {
			t.Errorf("softmax row %d is %v, want (1, 0, 0)", i, out[3*i:3*i+3])
		}
	}
	// And Evaluate, which runs the inference graph, agrees.
	el, acc, err := m.Evaluate(d, 2)
	if err != nil {
		t.Fatal(err)
	}
	if el != 1000 || math.Abs(acc-1.0/3) > 1e-12 {
		t.Errorf("Evaluate: loss %v accuracy %v, want 1000 and 1/3", el, acc)
	}
}

// TestCrossentropyValue compares the loss, the softmax and the gradient
// with a float64 computation, on logits up to about ±15.
func TestCrossentropyValue(t *testing.T) {
	const n, k = 6, 4
	ident := make([]float32, k*k)
	for i := 0; i < k; i++ {
		ident[i*k+i] = 1
	}
	m := suiteLinearSoftmax(k, k, ident)
	d := randData(61, n, k, k)
	for i := range d.X[0] {
		d.X[0][i] *= 5
	}
	loss, params, grads := lossAndGrads(t, m, d)

	var want float64
	dz := make([]float64, n*k) // d loss / d logits
	probs := make([]float64, n*k)
	for r := 0; r < n; r++ {
		z := d.X[0][r*k : (r+1)*k]
		var sum float64
		for _, v := range z {
			sum += math.Exp(float64(v))
		}
		y := int(d.Y[r])
		want += math.Log(sum) - float64(z[y])
		for c, v := range z {
			probs[r*k+c] = math.Exp(float64(v)) / sum
			dz[r*k+c] = probs[r*k+c] / n
		}
		dz[r*k+y] -= 1.0 / n
	}
	want /= n
	if math.Abs(loss-want) > 1e-6*math.Abs(want) {
		t.Errorf("loss %.9g, want %.9g", loss, want)
	}
	out, _, err := m.Predict(d, n)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range probs {
		if math.Abs(float64(out[i])-p) > 1e-6 {
			t.Fatalf("softmax[%d] = %v, want %v", i, out[i], p)
		}
	}
	// kernel gradient x^T dz, bias gradient the column sums of dz.
	for i, p := range params {
		for j, g := range grads[i] {
			var w float64
			if p == m.Layers()[0].(*Dense).Kernel {
				a, c := j/k, j%k
				for r := 0; r < n; r++ {
					w += float64(d.X[0][r*k+a]) * dz[r*k+c]
				}
			} else {
				for r := 0; r < n; r++ {
					w += dz[r*k+j]
				}
			}
			if math.Abs(float64(g)-w) > 1e-6 {
				t.Errorf("%s[%d] gradient %v, want %v", p.Name, j, g, w)
			}
		}
	}
}

func TestSparseCrossentropyLabels(t *testing.T) {
	l := SparseCategoricalCrossentropy{}
	dst := make([]float32, 3)
	if err := l.FillTarget(dst, []float32{2}); err != nil || dst[0] != 0 || dst[1] != 0 || dst[2] != 1 {
		t.Errorf("FillTarget(2) = %v, %v", dst, err)
	}
	for _, y := range []float32{-1, 3, 1.5, float32(math.NaN()), float32(math.Inf(1)), 1e10} {
		if err := l.FillTarget(dst, []float32{y}); err == nil {
			t.Errorf("label %v with 3 classes: no error", y)
		}
	}
	if err := (MeanSquaredError{}).FillTarget(dst, []float32{1, 2}); err == nil {
		t.Error("mse: 2 targets for 3 outputs: no error")
	}
}

// TestSoftmaxWithoutCrossentropy checks that a softmax output under another
// loss is refused with an error, not a panic: the softmax op has no
// gradient of its own.
func TestSoftmaxWithoutCrossentropy(t *testing.T) {
	rng := NewRand(1)
	m := Sequential(Input{"x", []int{2}}, []Applier{NewDense(rng, "dense", 2, 3, Softmax)}, WithName("s"), WithLoss(MeanSquaredError{}), WithSeed(1))
	d := suiteRegData(1, 4, 2, 3)
	if _, err := m.Fit(context.Background(), d, FitOptions{Optimizer: NewSGD(0.1)}); err == nil {
		t.Error("softmax with mse trained without error")
	} else if !strings.Contains(err.Error(), "Softmax") {
		t.Errorf("softmax with mse: error %q does not say why", err)
	}
	// Inference needs no gradient: it works.
	if _, _, err := m.Evaluate(d, 4); err != nil {
		t.Errorf("Evaluate: %v", err)
	}
}

func TestAccuracyMetric(t *testing.T) {
	a := &Accuracy{}
	if a.Name() != "accuracy" || !math.IsNaN(a.Result()) {
		t.Errorf("fresh accuracy: %q %v", a.Name(), a.Result())
	}
	a.Update([]float32{0.1, 0.9, 0.8, 0.2}, []float32{1, 1}, 2, 2)
	a.Update([]float32{0.3, 0.3, 0.1}, []float32{0}, 1, 3) // a tie goes to the first
	if got := a.Result(); got != 2.0/3 {
		t.Errorf("accuracy %v, want 2/3", got)
	}
	a.Reset()
	if !math.IsNaN(a.Result()) {
		t.Error("Reset kept the counts")
	}
}

// TestRMSEMetric checks that the RMSE is over all rows, not a mean of
// batch RMSEs.
func TestRMSEMetric(t *testing.T) {
	m := &RootMeanSquaredError{}
	m.Update([]float32{1, 2}, []float32{0, 0}, 2, 1) // squared errors 1, 4
	m.Update([]float32{3}, []float32{0}, 1, 1)       // 9
	if got, want := m.Result(), math.Sqrt(14.0/3); math.Abs(got-want) > 1e-12 {
		t.Errorf("rmse %v, want %v", got, want)
	}
	m.Reset()
	if m.Name() != "rmse" || !math.IsNaN(m.Result()) {
		t.Error("Reset kept the sums")
	}
	// Two output columns: the mean is over rows x columns, every value
	// counted once (counting rows alone gives sqrt(30/2)).
	m.Update([]float32{1, 2, 3, 4}, []float32{0, 0, 0, 0}, 2, 2) // 1 + 4 + 9 + 16
	m.Update([]float32{5, 0}, []float32{0, 0}, 1, 2)             // 25
	if got, want := m.Result(), math.Sqrt(55.0/6); math.Abs(got-want) > 1e-12 {
		t.Errorf("two columns: rmse %v, want %v", got, want)
	}
}

func TestArgmax(t *testing.T) {
	for _, c := range []struct {
		v    []float32
		want int
	}{{[]float32{1}, 0}, {[]float32{1, 3, 3}, 1}, {[]float32{-2, -1, -3}, 1}} {
		if got := Argmax(c.v); got != c.want {
			t.Errorf("Argmax(%v) = %d, want %d", c.v, got, c.want)
		}
	}
}
