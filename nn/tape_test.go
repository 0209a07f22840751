package nn

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"

	"github.com/gozoo/gozoo/internal/kernels"
)

// TestPinnedGorgonia fails when go.mod moves off the Gorgonia version
// whose tape machine tapeRunner reaches into: check that
// (*tapeMachine).runall still has the signature tapeRunall declares, that
// RunAll still does nothing more for a CPU machine without a batching
// BLAS, and that the program counter is still the field pc, then update
// the version here.
func TestPinnedGorgonia(t *testing.T) {
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*gorgonia\.org/gorgonia (\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod does not require gorgonia.org/gorgonia")
	}
	if v := string(m[1]); v != "v0.9.18" {
		t.Fatalf("go.mod requires Gorgonia %s; tapeRunner was checked against v0.9.18", v)
	}
	if regexp.MustCompile(`(?m)^replace\s.*gorgonia\.org/gorgonia\s`).Match(mod) {
		t.Fatal("go.mod replaces Gorgonia: check tapeRunner against the replacement")
	}
}

// usePlainRunners makes the graphs compiled until the test ends run on
// plainRunner, or on the runner newRunner chooses otherwise.
func usePlainRunners(t *testing.T, plain bool) {
	saved := plainRunners
	plainRunners = plain
	t.Cleanup(func() { plainRunners = saved })
}

// TestTapeRunnerIsUsed checks that every graph a model builds runs on
// tapeRunner, that plainRunners makes them run on plainRunner, and that a
// machine of another kind is refused.
func TestTapeRunnerIsUsed(t *testing.T) {
	for _, plain := range []bool{false, true} {
		usePlainRunners(t, plain)
		m := suiteClassifier(51, 0.2)
		d := suiteLearnable(52, 20)
		if _, err := m.Fit(context.Background(), d, FitOptions{Epochs: 1, BatchSize: 8, Optimizer: NewSGD(0.1), Valid: &d}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := m.PredictTape(d, 20); err != nil {
			t.Fatal(err)
		}
		if len(m.graphs) < 3 {
			t.Fatalf("%d graphs, want training, evaluation and prediction ones", len(m.graphs))
		}
		for k, gr := range m.graphs {
			_, tape := gr.runner.(*tapeRunner)
			_, isPlain := gr.runner.(plainRunner)
			if tape == plain || isPlain != plain {
				t.Errorf("plainRunners %t: graph %v runs on a %T", plain, k, gr.runner)
			}
		}
	}
	if newTapeRunner(nil) != nil {
		t.Error("a runner for no machine")
	}
	if newTapeRunner(G.NewLispMachine(G.NewGraph())) != nil {
		t.Error("a runner for a lisp machine")
	}
}

// TestRunnersAgree checks that the two runners train to the same bits, with
// dropout and Adam: tapeRunner's rewound registers and direct calls change
// nothing of the arithmetic.
func TestRunnersAgree(t *testing.T) {
	train := suiteLearnable(53, 40)
	run := func(plain bool) ([][]float32, History) {
		usePlainRunners(t, plain)
		m := suiteClassifier(54, 0.3)
		h, err := m.Fit(context.Background(), train, FitOptions{Epochs: 3, BatchSize: 16, Optimizer: NewAdam(0.01), Seed: 5, Valid: &train})
		if err != nil {
			t.Fatal(err)
		}
		return suiteWeights(m), h
	}
	w, h := run(false)
	wPlain, hPlain := run(true)
	if !suiteSameWeights(w, wPlain) {
		t.Error("weights differ from the plain runner's")
	}
	for _, k := range hPlain.Keys() {
		for e := range hPlain.Metrics[k] {
			if h.Metrics[k][e] != hPlain.Metrics[k][e] {
				t.Errorf("%s at epoch %d is %v, with the plain runner %v", k, e+1, h.Metrics[k][e], hPlain.Metrics[k][e])
			}
		}
	}
}

// TestTapeRunnerReportsErrors builds a Dense op whose kernel is not the
// size it declares, which Gorgonia's shape inference lets through and the
// op refuses when it runs: the error must come back from Predict, from
// either runner.
func TestTapeRunnerReportsErrors(t *testing.T) {
	for _, plain := range []bool{false, true} {
		usePlainRunners(t, plain)
		kernel := NewParam("kernel", true, 4, 2)
		forward := func(s *Scope, in []*G.Node) (*G.Node, error) {
			return G.ApplyOp(newOp(denseOp{dense: kernels.Dense{Batch: 3, In: 3, Units: 2}}), in[0], s.Param(kernel))
		}
		m := NewModel([]Input{{"x", []int{3}}}, nil, forward, WithName("bad"), WithLoss(MeanSquaredError{}), WithSeed(1))
		_, _, err := m.Predict(suiteRegData(55, 3, 3, 0), 3)
		if err == nil || !strings.Contains(err.Error(), "dense kernel") {
			t.Errorf("plainRunners %t: error %v, want the op's about the dense kernel", plain, err)
		}
	}
}
