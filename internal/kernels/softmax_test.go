package kernels

import (
	"math"
	"testing"
)

// TestXentGrad checks the cross-entropy's gradient against central
// differences, on logits large enough to overflow exp unshifted, and that
// the softmax's rows sum to 1.
func TestXentGrad(t *testing.T) {
	const rows, cols = 4, 5
	z := randFloats(1, rows*cols)
	z[3] = 100
	y := make([]float32, rows*cols)
	for r := range rows {
		y[r*cols+(r*3)%cols] = 1
	}
	grad := make([]float32, rows*cols)
	const g = 0.75
	XentGrad(grad, z, y, rows, cols, g)
	checkGrad(t, "xent", z, func(z []float32) []float32 { return []float32{Xent(z, y, rows, cols)} }, []float32{g}, grad)
	p := make([]float32, rows*cols)
	SoftmaxRows(p, z, rows, cols)
	for r := range rows {
		var s float64
		for _, v := range p[r*cols : (r+1)*cols] {
			s += float64(v)
		}
		if math.Abs(s-1) > 1e-6 {
			t.Errorf("row %d sums to %v", r, s)
		}
	}
}

// TestMomentsNormalize checks that normalizing by the moments gives
// features of mean 0 and variance 1, and that a NaN is refused.
func TestMomentsNormalize(t *testing.T) {
	const rows, k = 50, 3
	x := randFloats(1, rows*k)
	for i := range x {
		x[i] = x[i]*float32(1+i%k) + 1000*float32(i%k)
	}
	mean, variance, err := Moments(x, rows, k)
	if err != nil {
		t.Fatal(err)
	}
	m32, inv := make([]float32, k), make([]float32, k)
	for j := range k {
		m32[j], inv[j] = float32(mean[j]), float32(1/math.Sqrt(variance[j]))
	}
	out := make([]float32, rows*k)
	Normalize(out, x, m32, inv, rows)
	m2, v2, _ := Moments(out, rows, k)
	for j := range k {
		if math.Abs(m2[j]) > 1e-4 || math.Abs(v2[j]-1) > 1e-4 {
			t.Errorf("feature %d: mean %v, variance %v after normalizing", j, m2[j], v2[j])
		}
	}
	x[4] = float32(math.NaN())
	if _, _, err := Moments(x, rows, k); err == nil {
		t.Error("a NaN accepted")
	}
}
