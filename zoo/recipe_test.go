package zoo

import (
	"fmt"
	"testing"

	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/skmlp"
)

func TestNum(t *testing.T) {
	for v, want := range map[float64]string{0.01: "0.01", 0.05: "0.05", 1: "1", 1e-3: "1e-3", 1e-4: "1e-4", 2.5e-5: "2.5e-5", 0: "0"} {
		if got := num(v); got != want {
			t.Errorf("num(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestString(t *testing.T) {
	r := Recipe{Optimizer: Adam, LearningRate: 1e-3, L2: 1e-4, Batch: 200, Epochs: 10000,
		Stop: &Stopping{Monitor: "loss", Patience: 10, MinDelta: 1e-4}, Preprocess: "StandardScaler"}
	want := "StandardScaler, Adam 1e-3, L2 1e-4, batch 200, up to 10,000 epochs, stopping when the loss has not improved by 1e-4 for 10 epochs"
	if got := r.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	r = Recipe{Optimizer: SGD, LearningRate: 0.05, Batch: 32, Epochs: 1, HoldOut: 5000}
	want = "SGD 0.05, batch 32, 1 epoch, the last 5,000 training examples for validation"
	if got := r.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestNewOptimizer(t *testing.T) {
	r := Recipe{Optimizer: Adam, LearningRate: 1e-3, L2: 1e-4, Batch: 200}
	adam, ok := r.NewOptimizer(0.002, 200, 84).(*nn.Adam)
	if !ok {
		t.Fatalf("Adam recipe: %T", r.NewOptimizer(0.002, 200, 84))
	}
	// scikit-learn spreads alpha over the rows of the batch it really
	// uses: 84 when the data has 84 rows.
	alpha := r.L2 // rounded to float64 before the division, as a flag's -lr would be
	if adam.LearningRate != 0.002 || adam.L2 != alpha/84 {
		t.Errorf("Adam: learning rate %v, L2 %v; want 0.002 and %v", adam.LearningRate, adam.L2, alpha/84)
	}
	if sgd, ok := (Recipe{Optimizer: SGD}).NewOptimizer(0.05, 32, 1000).(*nn.SGD); !ok || sgd.LearningRate != 0.05 {
		t.Errorf("SGD recipe: %#v", sgd)
	}
	if o := (Recipe{Optimizer: PerceptronRule}).NewOptimizer(1, 1, 10); o != nil {
		t.Errorf("perceptron rule: %T, want nil", o)
	}
}

// TestSklearnDefaults: a recipe of scikit-learn's defaults makes skmlp's
// default configuration, but for max_iter.
func TestSklearnDefaults(t *testing.T) {
	r := Recipe{Optimizer: Adam, LearningRate: 1e-3, L2: 1e-4, Batch: 200, Epochs: 500,
		Stop: &Stopping{Monitor: "loss", Patience: 10, MinDelta: 1e-4}}
	got := r.Sklearn(true, 7, 10)
	want := skmlp.DefaultConfig(true, 7, 10)
	want.MaxIter, want.BatchSize = 500, 200
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestFitOptions(t *testing.T) {
	r := Recipe{Optimizer: SGD, LearningRate: 0.05, Batch: 32, Epochs: 7, Seed: 42,
		Stop: &Stopping{Monitor: "loss", Patience: 3, MinDelta: 0.1}}
	opt := r.FitOptions(1000)
	sgd, ok := opt.Optimizer.(*nn.SGD)
	if opt.Epochs != 7 || opt.BatchSize != 32 || opt.Seed != 42 || !ok || sgd.LearningRate != 0.05 {
		t.Errorf("FitOptions: %+v", opt)
	}
	if es := opt.EarlyStopping; es == nil || es.Monitor != "loss" || es.Patience != 3 || es.MinDelta != 0.1 {
		t.Errorf("early stopping %+v, want the recipe's", es)
	}
}
