package kernels

import (
	"math"
	"testing"
)

// TestReLUKeepsNaN checks the branch-free ReLU and its gradient.
func TestReLUKeepsNaN(t *testing.T) {
	nan := float32(math.NaN())
	z := []float32{-1, 0, 2, nan, float32(math.Inf(-1))}
	Activate(ReLU, z)
	if z[0] != 0 || z[1] != 0 || z[2] != 2 || !math.IsNaN(float64(z[3])) || z[4] != 0 {
		t.Errorf("relu: %v", z)
	}
	dz := make([]float32, 4)
	ActivationGrad(ReLU, dz, []float32{0, 1, 3, 0}, []float32{5, 6, 7, nan})
	if dz[0] != 0 || dz[1] != 6 || dz[2] != 7 || dz[3] != 0 {
		t.Errorf("relu gradient: %v", dz)
	}
}

// TestActivationGradients checks each activation's derivative, taken from
// its output, against central differences, and the bias sums against
// ActivationGrad's result summed by rows.
func TestActivationGradients(t *testing.T) {
	const rows, units = 6, 7
	for _, act := range []Act{Linear, ReLU, Tanh} {
		z, b, dy := randFloats(1, rows*units), randFloats(2, units), randFloats(3, rows*units)
		f := func(z []float32) []float32 {
			y := append([]float32(nil), z...)
			for r := range rows {
				AddActivate(act, y[r*units:(r+1)*units], b)
			}
			return y
		}
		y := f(z)
		dz := make([]float32, len(z))
		ActivationGrad(act, dz, y, dy)
		checkGrad(t, act.String(), z, f, dy, dz)

		dz2, db := make([]float32, len(z)), randFloats(4, units)
		ActivationGradSums(act, dz2, y, dy, db)
		for i := range dz {
			if dz2[i] != dz[i] {
				t.Fatalf("%v: ActivationGradSums's dz[%d] = %v, ActivationGrad's %v", act, i, dz2[i], dz[i])
			}
		}
		want := make([]float32, units)
		SumRows(want, dz, rows, units)
		for j := range want {
			if db[j] != want[j] {
				t.Errorf("%v: bias sum %d = %v, SumRows %v", act, j, db[j], want[j])
			}
		}
	}
}
