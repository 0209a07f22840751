package nn_test

import (
	"testing"

	G "gorgonia.org/gorgonia"

	"github.com/gozoo/gozoo/bench"
	"github.com/gozoo/gozoo/nn"
)

// TestPredictLayersMatchTape runs the layers no zoo model of the bench has
// (tanh, average, depth-wise and global pooling, "same" padding that
// overhangs, im2col convolutions) through a plan and the tape machine.
func TestPredictLayersMatchTape(t *testing.T) {
	rng := nn.NewRand(3)
	conv1, err := nn.NewConv2D(rng, "conv1", 2, 4, 3, nn.Tanh, nn.WithPadding(nn.Same), nn.WithStrides(2, 1))
	if err != nil {
		t.Fatal(err)
	}
	conv2, err := nn.NewConv2D(rng, "conv2", 4, 6, 2, nn.ReLU, nn.WithPadding(nn.Same))
	if err != nil {
		t.Fatal(err)
	}
	drop, err := nn.NewDropout("drop", 0.3)
	if err != nil {
		t.Fatal(err)
	}
	m := nn.Sequential(nn.Input{Name: "x", Shape: []int{7, 5, 2}}, []nn.Applier{
		conv1,
		nn.NewAvgPool2D("avg", 2, nn.WithPadding(nn.Same)),
		conv2,
		nn.NewDepthMaxPool("depth", 3),
		nn.NewMaxPool2D("max", 2, nn.WithStrides(1, 1)),
		nn.NewGlobalAveragePooling2D("gap"),
		drop,
		nn.NewDense(rng, "dense", 2, 5, nn.Tanh),
		nn.NewDense(rng, "out", 5, 3, nn.Softmax),
	}, nn.WithName("layers"), nn.WithLoss(nn.SparseCategoricalCrossentropy{}), nn.WithSeed(1))
	if !m.Planned() {
		t.Fatal("no plan")
	}
	matchTape(t, m, bench.RandomData(m, 11, 3, 0, 5), 1, 4, 11)
}

// TestPredictWithoutPlan checks that a model whose graph has a node no
// layer of nn made (here a sigmoid Dense, and a Forward with a Gorgonia op
// of its own) predicts through the tape machine, with the same results.
func TestPredictWithoutPlan(t *testing.T) {
	rng := nn.NewRand(4)
	hidden := nn.NewDense(rng, "hidden", 3, 4, nn.Sigmoid)
	out := nn.NewDense(rng, "out", 4, 2, nn.Linear)
	sig := nn.Sequential(nn.Input{Name: "x", Shape: []int{3}}, []nn.Applier{hidden, out}, nn.WithName("sig"), nn.WithLoss(nn.MeanSquaredError{}), nn.WithSeed(1))
	neg := nn.NewModel([]nn.Input{{Name: "x", Shape: []int{3}}}, []nn.Layer{out}, func(s *nn.Scope, in []*G.Node) (*G.Node, error) {
		x, err := G.Neg(in[0])
		if err != nil {
			return nil, err
		}
		h, err := nn.NewDense(rng, "h", 3, 4, nn.ReLU).Apply(s, x)
		if err != nil {
			return nil, err
		}
		return out.Apply(s, h)
	}, nn.WithName("neg"), nn.WithLoss(nn.MeanSquaredError{}), nn.WithSeed(1))
	for _, m := range []*nn.Model{sig, neg} {
		if m.Planned() {
			t.Errorf("%s: a plan, want none", m.Name)
		}
		d := bench.RandomData(m, 5, 0, 2, 6)
		want, _, err := m.PredictTape(d, 2)
		if err != nil {
			t.Fatal(err)
		}
		got, w, err := m.Predict(d, 2)
		if err != nil || w != 2 {
			t.Fatalf("%s: width %d, %v", m.Name, w, err)
		}
		if err := sameBits(got, want); err != nil {
			t.Errorf("%s: %v", m.Name, err)
		}
		into := make([]float32, len(want))
		if _, err := m.PredictInto(into, d, 2); err != nil {
			t.Fatal(err)
		}
		if err := sameBits(into, want); err != nil {
			t.Errorf("%s into: %v", m.Name, err)
		}
	}
}

// TestPredictAfterWeightsChange checks that a plan's Winograd-transformed
// kernels follow the weights: after a training step, after Restore, and
// after a direct write announced by WeightsChanged.
func TestPredictAfterWeightsChange(t *testing.T) {
	rng := nn.NewRand(5)
	conv1, err := nn.NewConv2D(rng, "conv1", 1, 16, 3, nn.ReLU, nn.WithPadding(nn.Same))
	if err != nil {
		t.Fatal(err)
	}
	conv2, err := nn.NewConv2D(rng, "conv2", 16, 16, 3, nn.ReLU, nn.WithPadding(nn.Same)) // Winograd's
	if err != nil {
		t.Fatal(err)
	}
	m := nn.Sequential(nn.Input{Name: "x", Shape: []int{6, 6, 1}}, []nn.Applier{
		conv1,
		conv2,
		nn.NewFlatten("flatten"),
		nn.NewDense(rng, "out", 6*6*16, 3, nn.Softmax),
	}, nn.WithName("wino"), nn.WithLoss(nn.SparseCategoricalCrossentropy{}), nn.WithSeed(1))
	d := bench.RandomData(m, 6, 3, 0, 9)
	matchTape(t, m, d, 6)
	before, _, err := m.Predict(d, 6)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.TrainStep(d, []int{0, 1, 2, 3, 4, 5}, nn.NewSGD(0.5)); err != nil {
		t.Fatal(err)
	}
	matchTape(t, m, d, 6)
	after, _, err := m.Predict(d, 6)
	if err != nil {
		t.Fatal(err)
	}
	if sameBits(after, before) == nil {
		t.Fatal("the training step changed no prediction: the test shows nothing")
	}
	k := conv2.Kernel.Data()
	for i := range k {
		k[i] = -k[i]
	}
	m.WeightsChanged()
	matchTape(t, m, d, 6)
}
