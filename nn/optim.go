package nn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas/gonum"

	"github.com/gozoo/gozoo/internal/kernels"
)

// native is gonum's pure-Go BLAS, which the optimizers use for their
// vector updates in every build: its saxpy (SSE, no fused multiply-add)
// rounds exactly as the scalar loop w -= lr*g did, so the weights come out
// bit for bit the same, in the default build and with -tags openblas, where
// OpenBLAS's saxpy would fuse the multiply and the add and round once.
var native gonum.Implementation

// Optimizer updates trainable parameters in place from their gradients.
type Optimizer interface {
	// Name is the optimizer's Keras name.
	Name() string
	// Step applies one update; grads[i] is the gradient of params[i].
	// The gradients may be the training graph's own values, which the
	// next step overwrites: read them, do not keep or change them.
	Step(params []*Param, grads [][]float32) error
}

// SGD is stochastic gradient descent, Keras's default: learning rate 0.01 and
// no momentum unless set.
type SGD struct {
	LearningRate float64 // the step's size
	Momentum     float64 // Keras's momentum: 0 is plain SGD
	velocity     [][]float32
	params       []*Param        // those of the first step, naming the state
	pending      *OptimizerState // from SetState, for the next step
}

// NewSGD is SGD with the given learning rate and no momentum.
func NewSGD(lr float64) *SGD { return &SGD{LearningRate: lr} }

// Name is "sgd".
func (o *SGD) Name() string { return "sgd" }

// Step does w -= lr * g, or with momentum v = m v - lr g; w += v (Keras's form).
func (o *SGD) Step(params []*Param, grads [][]float32) error {
	if len(grads) != len(params) {
		return fmt.Errorf("sgd: %d parameters, %d gradients", len(params), len(grads))
	}
	for i, p := range params {
		if len(grads[i]) != p.Size() {
			return fmt.Errorf("sgd: %s has %d values, its gradient %d", p.Name, p.Size(), len(grads[i]))
		}
	}
	lr := float32(o.LearningRate)
	if o.Momentum == 0 {
		// w += (-lr) g: -lr*g rounds to the negation of lr*g, so this is
		// the scalar w -= lr*g, four values at a time.
		for i, p := range params {
			w := p.Data()
			native.Saxpy(len(w), -lr, grads[i], 1, w, 1)
		}
		return nil
	}
	if s := o.pending; s != nil {
		o.pending = nil
		st, err := fromSlots("sgd", s, params, []string{"velocity"})
		if err != nil {
			return err
		}
		o.velocity, o.params = st[0], params
	}
	if o.velocity == nil {
		o.velocity = make([][]float32, len(params))
		for i, p := range params {
			o.velocity[i] = make([]float32, p.Size())
		}
		o.params = params
	}
	if len(o.velocity) != len(params) {
		return fmt.Errorf("sgd: %d parameters, state for %d", len(params), len(o.velocity))
	}
	m := float32(o.Momentum)
	for i, p := range params {
		kernels.MomentumStep(p.Data(), grads[i], o.velocity[i], m, lr)
	}
	return nil
}

// Adam is Keras's Adam: beta1 0.9, beta2 0.999, epsilon 1e-7 by default.
type Adam struct {
	// LearningRate is the step's size; Beta1 and Beta2 the decay rates of
	// the moments' averages, Epsilon the term that keeps their ratio finite.
	LearningRate, Beta1, Beta2, Epsilon float64
	// L2 adds L2 * w to each kernel's gradient, as scikit-learn's alpha does.
	L2      float64
	t       int
	m, v    [][]float32
	params  []*Param        // those of the first step, naming the state
	pending *OptimizerState // from SetState, for the next step
}

// NewAdam is Adam with Keras's defaults and the given learning rate.
func NewAdam(lr float64) *Adam {
	return &Adam{LearningRate: lr, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7}
}

// Name is "adam".
func (o *Adam) Name() string { return "adam" }

// Step applies Keras's update: m and v are moving averages of g and g^2, and
// w -= lr * sqrt(1-beta2^t)/(1-beta1^t) * m / (sqrt(v) + eps).
func (o *Adam) Step(params []*Param, grads [][]float32) error {
	if s := o.pending; s != nil {
		o.pending = nil
		st, err := fromSlots("adam", s, params, []string{"m", "v"})
		if err != nil {
			return err
		}
		o.m, o.v, o.t, o.params = st[0], st[1], s.Steps, params
	}
	if o.m == nil {
		o.m = make([][]float32, len(params))
		o.v = make([][]float32, len(params))
		for i, p := range params {
			o.m[i] = make([]float32, p.Size())
			o.v[i] = make([]float32, p.Size())
		}
		o.params = params
	}
	if len(o.m) != len(params) {
		return fmt.Errorf("adam: %d parameters, state for %d", len(params), len(o.m))
	}
	o.t++
	b1, b2 := o.Beta1, o.Beta2
	alpha := float32(o.LearningRate * math.Sqrt(1-math.Pow(b2, float64(o.t))) / (1 - math.Pow(b1, float64(o.t))))
	fb1, fb2 := float32(b1), float32(b2)
	k := kernels.Adam{B1: fb1, B2: fb2, C1: 1 - fb1, C2: 1 - fb2, Alpha: alpha, Eps: float32(o.Epsilon)}
	for i, p := range params {
		step := k
		if o.L2 != 0 && len(p.Shape()) > 1 {
			step.L2 = float32(o.L2)
		}
		step.Step(p.Data(), grads[i], o.m[i], o.v[i])
	}
	return nil
}
