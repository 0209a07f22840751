package kernels

import (
	"fmt"
	"testing"
)

// TestDenseGradients checks the Dense passes against central differences
// of the forward pass, with each fused activation, and the fused SGD step
// against the gradient it folds in.
func TestDenseGradients(t *testing.T) {
	for _, b := range blases {
		for _, act := range []Act{Linear, ReLU, Tanh} {
			d := Dense{Batch: 5, In: 7, Units: 4, Act: act}
			x, k, bias, dy := randFloats(1, 35), randFloats(2, 28), randFloats(3, 4), randFloats(4, 20)
			fwd := func(x, k, bias []float32) []float32 {
				y := make([]float32, 20)
				d.Forward(b.bl, y, x, k, bias)
				return y
			}
			y := fwd(x, k, bias)
			dz, db := make([]float32, 20), make([]float32, 4)
			ActivationGradSums(act, dz, y, dy, db)
			dx, dk := make([]float32, 35), make([]float32, 28)
			d.InputGrad(b.bl, dx, dz, k)
			d.KernelGrad(b.bl, dk, x, dz)
			name := fmt.Sprintf("%s %v", b.name, act)
			checkGrad(t, name+" dx", x, func(x []float32) []float32 { return fwd(x, k, bias) }, dy, dx)
			checkGrad(t, name+" dk", k, func(k []float32) []float32 { return fwd(x, k, bias) }, dy, dk)
			checkGrad(t, name+" db", bias, func(bias []float32) []float32 { return fwd(x, k, bias) }, dy, db)

			const lr = 0.5
			stepped := append([]float32(nil), k...)
			d.KernelStep(b.bl, stepped, lr, x, dz)
			for i := range k {
				if want := k[i] - lr*dk[i]; stepped[i]-want > 1e-5 || want-stepped[i] > 1e-5 {
					t.Fatalf("%s: stepped kernel[%d] = %v, want %v", name, i, stepped[i], want)
				}
			}
		}
	}
}
