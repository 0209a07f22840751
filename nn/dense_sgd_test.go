package nn

import (
	"context"
	"errors"
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
)

// unfused is an optimizer that is not *SGD, so that a graph's fused SGD
// updates stay off and the optimizer updates every weight from its
// gradient, the way all optimizers did before the fusion.
type unfused struct{ Optimizer }

// fusedKernels lists the names of the weights the model's training graph
// for batch updates inside the backward pass.
func fusedKernels(t *testing.T, m *Model, batch int) map[string]bool {
	t.Helper()
	gr, ok := m.graphs[graphKey{trainGraph, batch}]
	if !ok {
		t.Fatalf("no training graph for batch %d", batch)
	}
	names := map[string]bool{}
	for i, f := range gr.fused {
		if f {
			names[gr.trainable[i].Name] = true
		}
	}
	return names
}

// weightDiff is the largest difference between a and b, each weight
// array's relative to its largest magnitude.
func weightDiff(a, b [][]float32) float64 {
	var worst float64
	for i := range a {
		var big, diff float64
		for j := range a[i] {
			big = max(big, math.Abs(float64(a[i][j])))
			diff = max(diff, math.Abs(float64(a[i][j])-float64(b[i][j])))
		}
		worst = max(worst, diff/max(big, 1e-30))
	}
	return worst
}

// TestFusedSGDTrainsAsSGD trains models with a plain SGD, whose kernels
// are then updated inside the backward pass, and with the same SGD hidden
// behind another type, which updates them from their gradients: the
// weights must agree up to rounding (the fused update adds lr·xᵀdZ to the
// kernel in one product and rounds differently), and every Dense kernel
// must have been fused. Models: an MLP on flattened images like the
// Fashion one, with dropout; a convolution whose output a Reshape view
// hands to a Dense layer; and a two-input model with a Concatenate.
func TestFusedSGDTrainsAsSGD(t *testing.T) {
	cases := []struct {
		name   string
		model  func() *Model
		data   Data
		kernel []string
	}{
		{"mlp", func() *Model {
			rng := NewRand(11)
			drop, err := NewDropout("dropout", 0.2)
			if err != nil {
				t.Fatal(err)
			}
			return Sequential(Input{"x", []int{6, 6}}, []Applier{
				NewFlatten("flatten"),
				NewDense(rng, "dense", 36, 20, ReLU),
				drop,
				NewDense(rng, "dense_1", 20, 10, Tanh),
				NewDense(rng, "dense_2", 10, 3, Softmax),
			}, WithName("mlp"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(12))
		}, randData(13, 40, 36, 3), []string{"dense/kernel", "dense_1/kernel", "dense_2/kernel"}},
		{"conv", func() *Model {
			return imageModel(t, mustConv(t, 5, "conv2d", 2, 3, 3, Tanh, WithPadding(Same), WithWindow(3, 2), WithStrides(2, 3)),
				NewFlatten("flatten"), NewDense(NewRand(6), "dense", 18, 3, Softmax))
		}, randData(10, 30, 72, 3), []string{"dense/kernel"}},
		{"two inputs", func() *Model { return suiteTwoInputModel(14, 2) },
			suiteTwoInputData(15, 30, 2), []string{"dense_a/kernel", "dense_b/kernel", "output/kernel"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			train := func(opt Optimizer) (*Model, [][]float32) {
				m := c.model()
				if _, err := m.Fit(context.Background(), c.data, FitOptions{Epochs: 4, BatchSize: 8, Optimizer: opt, Seed: 3}); err != nil {
					t.Fatal(err)
				}
				return m, suiteWeights(m)
			}
			fm, fused := train(NewSGD(0.05))
			_, plain := train(unfused{NewSGD(0.05)})
			got := fusedKernels(t, fm, 8)
			for _, k := range c.kernel {
				if !got[k] {
					t.Errorf("%s is not updated in the backward pass", k)
				}
			}
			if len(got) != len(c.kernel) {
				t.Errorf("fused %v, want the kernels %v only", got, c.kernel)
			}
			if diff := weightDiff(fused, plain); diff > 1e-5 {
				t.Errorf("weights differ by %.3g of their magnitude from the unfused update's", diff)
			} else {
				t.Logf("weights differ by %.3g of their magnitude from the unfused update's", diff)
			}
			if diff := weightDiff(suiteWeights(c.model()), fused); diff < 1e-2 {
				t.Errorf("training moved the weights by %.3g only", diff)
			}

			// With momentum the update stays the optimizer's, bit for bit.
			_, mom := train(&SGD{LearningRate: 0.05, Momentum: 0.9})
			_, momPlain := train(unfused{&SGD{LearningRate: 0.05, Momentum: 0.9}})
			if !suiteSameWeights(mom, momPlain) {
				t.Error("SGD with momentum: weights differ from the unfused update's")
			}
		})
	}
}

// TestFusedSGDDeterministic checks that the fused update gives the same
// weights from run to run.
func TestFusedSGDDeterministic(t *testing.T) {
	run := func() [][]float32 {
		m := suiteClassifier(21, 0.3)
		if _, err := m.Fit(context.Background(), suiteLearnable(22, 50), FitOptions{Epochs: 3, BatchSize: 8, Optimizer: NewSGD(0.1), Seed: 4}); err != nil {
			t.Fatal(err)
		}
		return suiteWeights(m)
	}
	if !suiteSameWeights(run(), run()) {
		t.Fatal("two runs give different weights")
	}
}

// TestSharedKernelIsNotFused applies one Dense layer twice: its kernel's
// gradient is the sum of two products, and the second product's input
// gradient reads the kernel, so the kernel is updated by the optimizer, bit
// for bit as without fusion.
func TestSharedKernelIsNotFused(t *testing.T) {
	model := func() *Model {
		rng := NewRand(31)
		shared := NewDense(rng, "shared", 5, 5, Tanh)
		out := NewDense(rng, "output", 5, 3, Softmax)
		forward := func(s *Scope, in []*G.Node) (*G.Node, error) {
			h, err := shared.Apply(s, in[0])
			if err != nil {
				return nil, err
			}
			if h, err = shared.Apply(s, h); err != nil {
				return nil, err
			}
			return out.Apply(s, h)
		}
		return NewModel([]Input{{"x", []int{5}}}, []Layer{shared, out}, forward, WithName("shared"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
	}
	d := randData(32, 24, 5, 3)
	train := func(opt Optimizer) (*Model, [][]float32) {
		m := model()
		if _, err := m.Fit(context.Background(), d, FitOptions{Epochs: 3, BatchSize: 8, Optimizer: opt, NoShuffle: true}); err != nil {
			t.Fatal(err)
		}
		return m, suiteWeights(m)
	}
	m, fused := train(NewSGD(0.05))
	_, plain := train(unfused{NewSGD(0.05)})
	got := fusedKernels(t, m, 8)
	if got["shared/kernel"] {
		t.Error("the shared kernel is updated in the backward pass")
	}
	if !got["output/kernel"] {
		t.Error("the output kernel is not updated in the backward pass")
	}
	if diff := weightDiff(fused, plain); diff > 1e-5 {
		t.Errorf("weights differ by %.3g of their magnitude from the unfused update's", diff)
	}
}

// TestFusedSGDKeepsWeightsOnDivergence checks TrainStep's promise with the
// kernels updated in the backward pass: a step whose loss is not finite
// leaves every weight as it was.
func TestFusedSGDKeepsWeightsOnDivergence(t *testing.T) {
	m := suiteRegressor(92)
	d := suiteRegData(93, 8, 4, 1)
	opt := NewSGD(1e30)
	idx := []int{0, 1, 2, 3}
	if _, err := m.TrainStep(d, idx, opt); err != nil {
		t.Fatal(err)
	}
	if got := fusedKernels(t, m, 4); !got["dense/kernel"] || !got["dense_1/kernel"] {
		t.Fatalf("fused %v: the test needs both kernels fused", got)
	}
	after := suiteWeights(m)
	_, err := m.TrainStep(d, idx, opt)
	var div *DivergedError
	if !errors.As(err, &div) {
		t.Fatalf("error %v, want a *DivergedError", err)
	}
	if !suiteSameWeights(suiteWeights(m), after) {
		t.Error("the diverged step changed the weights")
	}
}
