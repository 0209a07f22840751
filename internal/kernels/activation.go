package kernels

import (
	"math"

	"github.com/chewxy/math32"

	"github.com/gozoo/gozoo/internal/vecf32"
)

// Act is an activation a kernel applies as it writes its output: the ones
// whose derivative the output alone gives.
type Act int

// The fused activations.
const (
	Linear Act = iota
	ReLU
	Tanh
)

// String is the activation's Keras name.
func (a Act) String() string {
	switch a {
	case ReLU:
		return "relu"
	case Tanh:
		return "tanh"
	}
	return "linear"
}

// Activate applies a to z in place.
//
// ReLU is max(v, 0), which Go compiles without a branch: a branch on the
// sign is mispredicted for about half of a layer's values, which are new
// at every step (on a 32 x 300 layer, 48 µs for the bias and a branching
// ReLU, 8 µs for AddActivate's one branch-free pass), and vecf32.AddReLU
// runs that expression eight values at a time. NaN stays NaN, for Fit to
// see; -0 becomes +0, which no later sum can tell from -0. Tanh is
// Gorgonia's float32 tanh (math32), value for value.
func Activate(a Act, z []float32) {
	switch a {
	case ReLU:
		vecf32.AddReLU(z, nil)
	case Tanh:
		for i, v := range z {
			z[i] = math32.Tanh(v)
		}
	}
}

// AddActivate is z += b, then Activate, in one pass over z, rather than a
// second pass reading back what the first had just written.
func AddActivate(a Act, z, b []float32) {
	b = b[:len(z)]
	switch a {
	case ReLU:
		vecf32.AddReLU(z, b) // max(v+b[i], 0), eight at a time
	case Tanh:
		for i, v := range z {
			z[i] = math32.Tanh(v + b[i])
		}
	default:
		for i, v := range z {
			z[i] = v + b[i]
		}
	}
}

// ActivationGrad sets dz = da ⊙ act'(z) from the activation's output a:
// 1 where a > 0 for ReLU (0 at 0, as Keras; Gorgonia's mask takes 1), 1 -
// a² for tanh (Gorgonia's expression, (1 - y y) dA).
func ActivationGrad(act Act, dz, a, da []float32) {
	a, da = a[:len(dz)], da[:len(dz)]
	switch act {
	case ReLU:
		vecf32.MaskPositive(dz, a, da) // da's bits & PositiveMask(y)
	case Tanh:
		for i, y := range a {
			dz[i] = (1 - y*y) * da[i]
		}
	default:
		copy(dz, da)
	}
}

// ActivationGradSums is ActivationGrad with the column sums of dz, a
// matrix of len(db) columns, into db (the bias's gradient) in the same
// pass, which otherwise reads dz back. The rows are added in order, as
// Gorgonia's Sum and SumRows (below its split for many rows) add them, so
// the sums are bit for bit theirs.
func ActivationGradSums(act Act, dz, a, da, db []float32) {
	a, da = a[:len(dz)], da[:len(dz)]
	clear(db)
	units := len(db)
	for r := 0; r+units <= len(dz); r += units {
		dzr, ar, dar := dz[r:r+units], a[r:r+units], da[r:r+units]
		switch act {
		case ReLU:
			for j, y := range ar {
				v := math.Float32frombits(math.Float32bits(dar[j]) & vecf32.PositiveMask(y))
				dzr[j] = v
				db[j] += v
			}
		case Tanh:
			for j, y := range ar {
				v := (1 - y*y) * dar[j]
				dzr[j] = v
				db[j] += v
			}
		default:
			for j, v := range dar {
				dzr[j] = v
				db[j] += v
			}
		}
	}
}
