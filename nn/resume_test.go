package nn

import (
	"context"
	"path/filepath"
	"testing"
)

// TestResumeIsTheStraightRun: two epochs in one run, and one epoch saved,
// loaded into a model of other weights and resumed for one more, give the
// same weights bit for bit, with dropout and with each optimizer that
// keeps state: the dropout masks' stream and the optimizer's state go
// through the file. The history comes back whole.
func TestResumeIsTheStraightRun(t *testing.T) {
	d := suiteLearnable(5, 40)
	for name, newOpt := range map[string]func() Optimizer{
		"adam":         func() Optimizer { return NewAdam(0.01) },
		"sgd momentum": func() Optimizer { return &SGD{LearningRate: 0.05, Momentum: 0.9} },
		"sgd":          func() Optimizer { return NewSGD(0.05) },
	} {
		t.Run(name, func(t *testing.T) {
			fit := func(m *Model, opt Optimizer, initial int) History {
				h, err := m.Fit(context.Background(), d, FitOptions{Epochs: 1, BatchSize: 16, Optimizer: opt, Seed: 3, InitialEpoch: initial})
				if err != nil {
					t.Fatal(err)
				}
				return h
			}
			straight := suiteClassifier(100, 0.25)
			if _, err := straight.Fit(context.Background(), d, FitOptions{Epochs: 2, BatchSize: 16, Optimizer: newOpt(), Seed: 3}); err != nil {
				t.Fatal(err)
			}
			first := suiteClassifier(100, 0.25)
			h := fit(first, newOpt(), 0)
			first.History = h
			path := filepath.Join(t.TempDir(), "model.gozoo")
			if err := first.SaveFile(path, "classifier", suiteConfig{}, 1); err != nil {
				t.Fatal(err)
			}
			f, err := ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			resumed := suiteClassifier(999, 0.25)
			if err := f.Restore(resumed); err != nil {
				t.Fatal(err)
			}
			if len(resumed.History.Epoch) != 1 {
				t.Errorf("history of the file: %v", resumed.History.Epoch)
			}
			fit(resumed, newOpt(), 1)
			if !suiteSameWeights(suiteWeights(straight), suiteWeights(resumed)) {
				t.Error("the resumed run's weights differ from the straight run's")
			}
		})
	}
}
