package kernels

import (
	"gonum.org/v1/gonum/blas"

	"github.com/gozoo/gozoo/internal/vecf32"
)

// Dense is a fully connected layer's arithmetic: y = act(x k + b), with x
// (Batch, In), the kernel k (In, Units), the bias b (Units) or none, and y
// (Batch, Units). The passes are Gorgonia's arithmetic, value for value:
// the product, then the bias added to it, Gorgonia's float32 tanh and its
// derivative expression; only ReLU's derivative at exactly 0 differs
// (ActivationGrad).
type Dense struct {
	Batch, In, Units int
	Act              Act
}

// Forward is y = act(x k + b), b nil without a bias.
func (d Dense) Forward(bl BLAS, y, x, k, b []float32) {
	Sgemm(bl, blas.NoTrans, blas.NoTrans, d.Batch, d.Units, d.In, 1, x, d.In, k, d.Units, 0, y, d.Units)
	if d.Act == ReLU || d.Act == Linear {
		// The whole batch in one call, the same values as AddActivate
		// row by row, without a call and a scalar tail per row (for a
		// layer of 10 units, most of its time after the product).
		vecf32.AddRows(y, b, d.Batch, d.Units, d.Act == ReLU)
		return
	}
	for r := 0; r < d.Batch; r++ {
		row := y[r*d.Units : (r+1)*d.Units]
		if b != nil {
			// Added after the product, not preloaded as the product's
			// beta term: BLAS adds each block of the inner dimension to
			// the output as it goes, so a preloaded bias would be summed
			// in another order than Gorgonia's z + b.
			AddActivate(d.Act, row, b)
		} else {
			Activate(d.Act, row)
		}
	}
}

// KernelGrad is dk = xᵀ dz, dz the gradient before the activation.
func (d Dense) KernelGrad(bl BLAS, dk, x, dz []float32) {
	Sgemm(bl, blas.Trans, blas.NoTrans, d.In, d.Units, d.Batch, 1, x, d.In, dz, d.Units, 0, dk, d.Units)
}

// KernelStep is plain SGD's update of the kernel, k += (-lr) xᵀ dz, as one
// product into k: the gradient is never written out.
func (d Dense) KernelStep(bl BLAS, k []float32, lr float32, x, dz []float32) {
	Sgemm(bl, blas.Trans, blas.NoTrans, d.In, d.Units, d.Batch, -lr, x, d.In, dz, d.Units, 1, k, d.Units)
}

// InputGrad is dx = dz kᵀ.
func (d Dense) InputGrad(bl BLAS, dx, dz, k []float32) {
	Sgemm(bl, blas.NoTrans, blas.Trans, d.Batch, d.In, d.Units, 1, dz, d.Units, k, d.Units, 0, dx, d.In)
}
