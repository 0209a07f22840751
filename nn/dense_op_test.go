package nn

import (
	"fmt"
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
)

// denseStack is a 6-9-5-4 network whose hidden layers use act, with or
// without biases, under a classifier's or a regressor's loss.
func denseStack(act Activation, bias, classifier bool) *Model {
	rng := NewRand(21)
	var opts []DenseOption
	if !bias {
		opts = append(opts, WithoutBias())
	}
	last, loss := Activation(Softmax), Loss(SparseCategoricalCrossentropy{})
	if !classifier {
		last, loss = Linear, MeanSquaredError{}
	}
	return Sequential(Input{"x", []int{6}}, []Applier{
		NewDense(rng, "dense", 6, 9, act, opts...),
		NewDense(rng, "dense_1", 9, 5, act, opts...),
		NewDense(rng, "dense_2", 5, 4, last, opts...),
	}, WithName("stack"), WithLoss(loss), WithSeed(1))
}

func denseStackData(classifier bool) Data {
	if classifier {
		return randData(22, 7, 6, 4)
	}
	return suiteRegData(22, 7, 6, 4)
}

// TestDenseOpGradients checks gozoo's Dense op against finite differences
// for every activation, with and without bias, under both kinds of loss.
func TestDenseOpGradients(t *testing.T) {
	for _, act := range []Activation{Linear, ReLU, Sigmoid, Tanh} {
		for _, bias := range []bool{true, false} {
			for _, classifier := range []bool{true, false} {
				t.Run(fmt.Sprintf("%v/bias=%v/classifier=%v", act, bias, classifier), func(t *testing.T) {
					checkGradients(t, denseStack(act, bias, classifier), denseStackData(classifier), 2e-2)
				})
			}
		}
	}
}

// TestDenseOpMatchesGorgonia checks that gozoo's Dense op gives the loss
// and the gradients of Gorgonia's Mul, BroadcastAdd and activation ops bit
// for bit (the data has no pre-activation at exactly 0, where the two
// ReLUs differ), and the same predictions.
func TestDenseOpMatchesGorgonia(t *testing.T) {
	// Gorgonia's Mul multiplies on Gorgonia's BLAS, which nn leaves alone:
	// give it nn's for the comparison.
	prev := G.WhichBLAS()
	G.Use(blasNow().(G.BLAS))
	defer G.Use(prev)
	for _, act := range []Activation{Linear, ReLU, Sigmoid, Tanh} {
		for _, bias := range []bool{true, false} {
			for _, classifier := range []bool{true, false} {
				name := fmt.Sprintf("%v/bias=%v/classifier=%v", act, bias, classifier)
				d := denseStackData(classifier)
				run := func(gorgonia bool) (float64, [][]float32, []float32) {
					if gorgonia {
						denseApply = (*Dense).gorgoniaApply
						defer func() { denseApply = nil }()
					}
					m := denseStack(act, bias, classifier)
					loss, _, grads := lossAndGrads(t, m, d)
					out, _, err := m.Predict(d, 3)
					if err != nil {
						t.Fatal(err)
					}
					return loss, grads, out
				}
				lf, gf, of := run(false)
				lg, gg, og := run(true)
				if math.Float64bits(lf) != math.Float64bits(lg) {
					t.Errorf("%s: loss %v, Gorgonia's ops %v", name, lf, lg)
				}
				if !suiteSameWeights(gf, gg) {
					t.Errorf("%s: gradients differ from Gorgonia's ops':\n%v\n%v", name, gf, gg)
				}
				if !suiteEqual32(of, og) {
					t.Errorf("%s: predictions differ from Gorgonia's ops'", name)
				}
			}
		}
	}
}

// TestDenseOpReLUAtZero pins the one difference from Gorgonia's ReLU: at a
// pre-activation of exactly 0 the derivative is 0, as in Keras. A zero
// input and a zero bias make every pre-activation 0, so no gradient
// reaches the first layer's kernel.
func TestDenseOpReLUAtZero(t *testing.T) {
	rng := NewRand(23)
	m := Sequential(Input{"x", []int{3}}, []Applier{
		NewDense(rng, "dense", 3, 4, ReLU),
		NewDense(rng, "dense_1", 4, 1, Linear),
	}, WithName("zero"), WithLoss(MeanSquaredError{}), WithSeed(1))
	d := Data{X: [][]float32{make([]float32, 6)}, Y: []float32{1, 2}}
	m.Layers()[1].(*Dense).Bias.Data()[0] = 0.5
	_, params, grads := lossAndGrads(t, m, d)
	for i, p := range params {
		nonzero := 0
		for _, g := range grads[i] {
			if g != 0 {
				nonzero++
			}
		}
		if wantZero := p.Name != "dense_1/bias"; wantZero != (nonzero == 0) {
			t.Errorf("%s: %d non-zero gradient values %v", p.Name, nonzero, grads[i])
		}
	}
}
