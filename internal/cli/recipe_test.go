package cli

import (
	"errors"
	"testing"

	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo"
)

var (
	fashion = zoo.Recipe{Optimizer: zoo.SGD, LearningRate: 0.01, Batch: 32, Epochs: 30, Seed: 42}
	iris    = zoo.Recipe{Optimizer: zoo.Adam, LearningRate: 1e-3, L2: 1e-4, Batch: 200, Epochs: 10000,
		Stop: &zoo.Stopping{Monitor: "loss", Patience: 10, MinDelta: 1e-4}}
)

// The flags' defaults are the recipe's; Follow switches to another recipe
// for the flags not given, and leaves -epochs at 0 after -load.
func TestRecipeFlagsAndFollow(t *testing.T) {
	f := RecipeFlags("x", "fashion", fashion)
	if err := f.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if f.Epochs != 30 || f.Batch != 32 || f.LR != 0.01 || f.Seed != 42 || f.Dataset != "fashion" {
		t.Errorf("defaults %+v, want the recipe's", f)
	}
	f = RecipeFlags("x", "fashion", fashion)
	if err := f.Parse([]string{"-lr", "0.5"}); err != nil {
		t.Fatal(err)
	}
	f.Follow(iris)
	if f.Epochs != 10000 || f.Batch != 200 || f.LR != 0.5 {
		t.Errorf("after Follow: epochs %d, batch %d, lr %v; want 10000, 200 and the given 0.5", f.Epochs, f.Batch, f.LR)
	}
	f = RecipeFlags("x", "fashion", fashion)
	if err := f.Parse([]string{"-load", "m.gozoo"}); err != nil {
		t.Fatal(err)
	}
	f.Epochs = 0 // as LoadModel leaves it
	f.Follow(iris)
	if f.Epochs != 0 {
		t.Errorf("after -load, Follow set -epochs %d, want 0 (evaluate only)", f.Epochs)
	}
}

func TestFit(t *testing.T) {
	f := RecipeFlags("x", "iris", iris)
	if err := f.Parse([]string{"-batch", "50", "-epochs", "3"}); err != nil {
		t.Fatal(err)
	}
	var valid nn.Data
	opt := f.Fit(iris, 84, &valid, 2)
	adam, ok := opt.Optimizer.(*nn.Adam)
	alpha := iris.L2
	if !ok || adam.L2 != alpha/50 || opt.BatchSize != 50 || opt.Epochs != 3 || opt.InitialEpoch != 2 || opt.Valid != &valid {
		t.Errorf("Fit: %+v (optimizer %+v)", opt, opt.Optimizer)
	}
	if opt.EarlyStopping == nil || opt.EarlyStopping.Patience != 10 {
		t.Errorf("early stopping %+v, want the recipe's", opt.EarlyStopping)
	}
}

func TestLoadModel(t *testing.T) {
	fromFile := func(string) (string, int, error) { return "file", 4, nil }
	fromONNX := func(string) (string, error) { return "onnx", nil }
	for _, c := range []struct {
		load, want string
		epochs     int
	}{{"m.gozoo", "file", 4}, {"m.ONNX", "onnx", 0}} {
		f := RecipeFlags("x", "", fashion)
		if err := f.Parse([]string{"-load", c.load}); err != nil {
			t.Fatal(err)
		}
		m, epochs, err := LoadModel(f, fromFile, fromONNX)
		if err != nil || m != c.want || epochs != c.epochs || f.Epochs != 0 {
			t.Errorf("%s: %q, %d epochs, -epochs %d, %v; want %q, %d, 0", c.load, m, epochs, f.Epochs, err, c.want, c.epochs)
		}
	}
	f := RecipeFlags("x", "", fashion)
	if err := f.Parse([]string{"-load", "m.gozoo", "-epochs", "5"}); err != nil {
		t.Fatal(err)
	}
	bad := errors.New("not a model")
	_, _, err := LoadModel(f, func(string) (string, int, error) { return "", 0, bad }, fromONNX)
	if !errors.Is(err, bad) || err.Error() != "-load not a model" {
		t.Errorf("error %v, want one naming -load", err)
	}
	if f.Epochs != 5 {
		t.Errorf("-epochs 5 given, now %d", f.Epochs)
	}
}
