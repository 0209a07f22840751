package nn

import (
	"context"
	"runtime"
	"slices"
	"testing"
)

// EvaluatePredict gives what Evaluate and Predict give, bit for bit, with
// one graph per batch size; ReleaseGraphs drops the graphs and changes no
// result.
func TestEvaluatePredictSameAsBoth(t *testing.T) {
	const n = 50
	m := suiteClassifier(90, 0.5)
	d := suiteLearnable(91, n)
	if _, err := m.Fit(context.Background(), d, FitOptions{Epochs: 2, BatchSize: 8, Optimizer: NewAdam(0.01)}); err != nil {
		t.Fatal(err)
	}
	m.ReleaseGraphs()
	if len(m.graphs) != 0 {
		t.Fatalf("%d graphs after ReleaseGraphs", len(m.graphs))
	}
	loss, acc, out, w, err := m.EvaluatePredict(d, 16)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.graphs) != 2 { // batch 16 and the last 2
		t.Errorf("EvaluatePredict built %d graphs, want 2 (evaluation graphs only)", len(m.graphs))
	}
	m.ReleaseGraphs()
	refLoss, refAcc, err := m.Evaluate(d, 16)
	if err != nil {
		t.Fatal(err)
	}
	ref, refW, err := m.Predict(d, 16)
	if err != nil {
		t.Fatal(err)
	}
	if loss != refLoss || acc != refAcc || w != refW || !slices.Equal(out, ref) {
		t.Errorf("EvaluatePredict: loss %v, accuracy %v, width %d; Evaluate and Predict: %v, %v, %d; outputs equal %v",
			loss, acc, w, refLoss, refAcc, refW, slices.Equal(out, ref))
	}
	classes, err := m.PredictClasses(d, 16)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ArgmaxRows(out, w), classes) {
		t.Error("ArgmaxRows differs from PredictClasses")
	}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// ReleaseGraphs gives the graphs' memory back to the collector: Gorgonia's
// tape machine carries a finalizer that kept every graph alive for good.
func TestReleaseGraphsFreesMemory(t *testing.T) {
	const n, width = 512, 2048 // each activation of the batch: 4 MB
	rng := NewRand(1)
	m := Sequential(Input{"x", []int{width}}, []Applier{
		NewDense(rng, "dense", width, width, ReLU),
		NewDense(rng, "dense_1", width, 10, Softmax),
	}, WithName("wide"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
	d := Data{X: [][]float32{make([]float32, n*width)}, Y: make([]float32, n)}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	before := heapInUse()
	if _, err := m.TrainStep(d, idx, NewSGD(0.01)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.Evaluate(d, n); err != nil {
		t.Fatal(err)
	}
	withGraphs := heapInUse()
	if withGraphs < before+16<<20 {
		t.Fatalf("the graphs take %d bytes; the test needs them larger", withGraphs-before)
	}
	m.ReleaseGraphs()
	if after := heapInUse(); after > before+(withGraphs-before)/4 {
		t.Errorf("heap in use: %d MB before the graphs, %d MB with them, %d MB after ReleaseGraphs", before>>20, withGraphs>>20, after>>20)
	}
}
