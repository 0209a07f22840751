package nn

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestTrainGraphSkipsInputGradient checks that the training graph's machine
// leaves out the gradient Gorgonia builds for the input examples (the
// first Dense layer's x·W gives one), while the full graph has it, and that
// it keeps the weights and their gradients.
func TestTrainGraphSkipsInputGradient(t *testing.T) {
	rng := NewRand(5)
	// Widths all different from the input's 7, so that only the input and
	// its gradient have the shape (batch, 7).
	m := Sequential(Input{"x", []int{7}}, []Applier{
		NewDense(rng, "dense", 7, 5, ReLU),
		NewDense(rng, "dense_1", 5, 3, Softmax),
	}, WithName("lean"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
	d := randData(6, 4, 7, 3)
	loss, _, grads := lossAndGrads(t, m, d)
	if loss <= 0 || len(grads) != 4 {
		t.Fatalf("loss %v, %d gradients", loss, len(grads))
	}
	gr := m.graphs[graphKey{trainGraph, 4}]
	inputShaped := func(g *G.ExprGraph) int {
		k := 0
		for _, n := range g.AllNodes() {
			if s := n.Shape(); !n.IsVar() && s.Dims() == 2 && s[0] == 4 && s[1] == 7 {
				k++
			}
		}
		return k
	}
	if k := inputShaped(gr.scope.g); k == 0 {
		t.Fatal("the full graph has no gradient for the input: the test no longer tests anything")
	}
	if k := inputShaped(gr.subgraph); k != 0 {
		t.Errorf("the machine runs %d nodes of the input's shape, want none", k)
	}
	for i, n := range gr.nodes {
		if !gr.subgraph.Has(n.ID()) {
			t.Errorf("weight %s is not in the machine's graph", gr.trainable[i].Name)
		}
		if len(gr.grads[i]) != gr.trainable[i].Size() {
			t.Errorf("weight %s: %d gradient values", gr.trainable[i].Name, len(gr.grads[i]))
		}
	}
}

// TestGradientArrays checks that the gradients are there after every run,
// whole (not added to the last run's), the same whether the machine is
// rewound (tapeRunner) or reset (plainRunner), and read where the run left them, in the
// same arrays at every rewound run, with no copy.
func TestGradientArrays(t *testing.T) {
	var runs [][][]float32
	for _, plain := range []bool{false, true} {
		usePlainRunners(t, plain)
		rng := NewRand(5)
		drop, err := NewDropout("dropout", 0.3)
		if err != nil {
			t.Fatal(err)
		}
		m := Sequential(Input{"x", []int{7}}, []Applier{
			NewDense(rng, "dense", 7, 5, Tanh),
			drop,
			NewDense(rng, "dense_1", 5, 3, Softmax),
		}, WithName("lean"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
		d := randData(6, 4, 7, 3)
		var arrays []*float32
		for run := 0; run < 3; run++ {
			m.SeedMasks(1) // the same dropout mask at every run
			_, params, grads := lossAndGrads(t, m, d)
			gr := m.graphs[graphKey{trainGraph, 4}]
			for i, g := range gr.grads {
				if gr.gradVals[i] != nil {
					t.Errorf("%s's gradient is copied out of the graph", params[i].Name)
				}
				if v := gr.gradNodes[i].Value().(*tensor.Dense).Data().([]float32); &v[0] != &g[0] {
					t.Errorf("%s: the gradient read is not the node's value", params[i].Name)
				}
				if run == 0 {
					arrays = append(arrays, &g[0])
				} else if !plain && arrays[i] != &g[0] {
					t.Errorf("run %d: %s's gradient moved to another array", run, params[i].Name)
				}
			}
			runs = append(runs, grads)
		}
	}
	for r := 1; r < len(runs); r++ {
		if !suiteSameWeights(runs[r], runs[0]) {
			t.Errorf("run %d's gradients differ from the first run's", r)
		}
	}
}

// TestSharedGradientIsCopied checks that a gradient node something else
// reads is copied out of the graph rather than read in place: with two
// biases added to the same output, Gorgonia gives both the same gradient
// node, which only the first may take as it is.
// TestTrainStepIsFitsStep checks that TrainStep over the minibatches Fit
// would take (in order, the last one partial) leaves the weights bit for
// bit where Fit does, dropout masks and Adam's state included, and returns
// the losses Fit averages.
func TestTrainStepIsFitsStep(t *testing.T) {
	train := suiteLearnable(91, 45) // batches of 16, 16 and 13
	fit := suiteClassifier(90, 0.3)
	h, err := fit.Fit(context.Background(), train, FitOptions{Epochs: 2, BatchSize: 16, Optimizer: NewAdam(0.01), NoShuffle: true})
	if err != nil {
		t.Fatal(err)
	}
	steps := suiteClassifier(90, 0.3)
	opt := NewAdam(0.01)
	for epoch := 0; epoch < 2; epoch++ {
		var sum float64
		for lo := 0; lo < 45; lo += 16 {
			var idx []int
			for i := lo; i < min(lo+16, 45); i++ {
				idx = append(idx, i)
			}
			loss, err := steps.TrainStep(train, idx, opt)
			if err != nil {
				t.Fatal(err)
			}
			sum += loss * float64(len(idx))
		}
		if got, want := sum/45, h.Metrics["loss"][epoch]; got != want {
			t.Errorf("epoch %d: mean TrainStep loss %v, Fit's %v", epoch+1, got, want)
		}
	}
	if !suiteSameWeights(suiteWeights(steps), suiteWeights(fit)) {
		t.Error("TrainStep's weights differ from Fit's")
	}
}

// TestTrainStepErrors checks TrainStep's refusals, which leave the weights
// alone, and its report of a loss that is not finite.
func TestTrainStepErrors(t *testing.T) {
	m := suiteRegressor(92)
	d := suiteRegData(93, 8, 4, 1)
	init := suiteWeights(m)
	for _, c := range []struct {
		name string
		d    Data
		idx  []int
		opt  Optimizer
		want string
	}{
		{"no optimizer", d, []int{0, 1}, nil, "no optimizer"},
		{"no examples", d, nil, NewSGD(0.1), "no examples"},
		{"index past the end", d, []int{0, 8}, NewSGD(0.1), "example 8 of 8"},
		{"negative index", d, []int{-1}, NewSGD(0.1), "example -1 of 8"},
		{"two inputs", Data{X: [][]float32{d.X[0], d.X[0]}, Y: d.Y}, []int{0}, NewSGD(0.1), "2 inputs"},
		{"few targets", Data{X: d.X, Y: d.Y[:3]}, []int{0, 5}, NewSGD(0.1), "targets"},
	} {
		if _, err := m.TrainStep(c.d, c.idx, c.opt); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
	if !suiteSameWeights(suiteWeights(m), init) {
		t.Fatal("a refused step changed the weights")
	}

	// A huge learning rate: the first step sends the weights far, the
	// second one's loss is infinite and leaves them there.
	opt := NewSGD(1e30)
	if _, err := m.TrainStep(d, []int{0, 1, 2, 3}, opt); err != nil {
		t.Fatal(err)
	}
	after := suiteWeights(m)
	loss, err := m.TrainStep(d, []int{0, 1, 2, 3}, opt)
	var div *DivergedError
	if !errors.As(err, &div) || div.Epoch != 0 || div.Step != 0 || !(math.IsInf(loss, 0) || math.IsNaN(loss)) || div.Loss != loss && !math.IsNaN(loss) {
		t.Fatalf("second step at lr 1e30: loss %v, error %v; want a *DivergedError outside Fit", loss, err)
	}
	if !strings.Contains(err.Error(), "not updated") {
		t.Errorf("error %q does not say the weights were kept", err)
	}
	if !suiteSameWeights(suiteWeights(m), after) {
		t.Error("the diverged step changed the weights")
	}
}
