package nn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// suiteClassifier is a 4-8-3 classifier, with a Dropout layer between its
// Dense layers when rate > 0.
func suiteClassifier(seed int64, rate float64) *Model {
	rng := NewRand(seed)
	layers := []Applier{NewDense(rng, "dense", 4, 8, ReLU)}
	if rate > 0 {
		d, err := NewDropout("dropout", rate)
		if err != nil {
			panic(err)
		}
		layers = append(layers, d)
	}
	layers = append(layers, NewDense(rng, "dense_1", 8, 3, Softmax))
	return Sequential(Input{"x", []int{4}}, layers, WithName("classifier"), WithLoss(SparseCategoricalCrossentropy{}), WithMetric(func() Metric { return &Accuracy{} }), WithSeed(seed))
}

// suiteRegressor is a 4-6-1 regressor with an RMSE metric.
func suiteRegressor(seed int64) *Model {
	rng := NewRand(seed)
	return Sequential(Input{"x", []int{4}}, []Applier{
		NewDense(rng, "dense", 4, 6, Tanh),
		NewDense(rng, "dense_1", 6, 1, Linear),
	}, WithName("regressor"), WithLoss(MeanSquaredError{}), WithMetric(func() Metric { return &RootMeanSquaredError{} }), WithSeed(seed))
}

// suiteLearnable is n examples of 4 features whose class is the argmax of
// three fixed linear functions of them, so a classifier can learn it.
func suiteLearnable(seed int64, n int) Data {
	d := randData(seed, n, 4, 3)
	for i := 0; i < n; i++ {
		x := d.X[0][4*i : 4*i+4]
		d.Y[i] = float32(Argmax([]float32{x[0] + x[1], x[2] - x[0], x[3] - x[1]}))
	}
	return d
}

func suiteWeights(m *Model) [][]float32 {
	var w [][]float32
	for _, p := range m.Params() {
		w = append(w, append([]float32(nil), p.Data()...))
	}
	return w
}

func suiteSameWeights(a, b [][]float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !suiteEqual32(a[i], b[i]) {
			return false
		}
	}
	return true
}

// suiteHookOpt wraps an optimizer and calls hook before its at-th step
// (counting from 1 over the whole Fit).
type suiteHookOpt struct {
	Optimizer
	steps, at int
	hook      func()
}

func (o *suiteHookOpt) Step(params []*Param, grads [][]float32) error {
	o.steps++
	if o.steps == o.at {
		o.hook()
	}
	return o.Optimizer.Step(params, grads)
}

// TestFitAgainstReference trains a softmax regression for one epoch of
// 70 examples in batches of 32 (32, 32 and a last partial batch of 6) and
// compares the weights, the loss and the accuracy with a float64
// computation of the same three SGD steps.
func TestFitAgainstReference(t *testing.T) {
	const n, in, k, lr = 70, 4, 3, 0.5
	kernel := make([]float32, in*k)
	GlorotUniform(NewRand(70), in, k, kernel)
	m := suiteLinearSoftmax(in, k, kernel)
	d := randData(71, n, in, k)
	var progress bytes.Buffer
	h, err := m.Fit(context.Background(), d, FitOptions{Epochs: 1, BatchSize: 32, Optimizer: NewSGD(lr), NoShuffle: true, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}

	w := make([]float64, in*k)
	for i, v := range kernel {
		w[i] = float64(v)
	}
	b := make([]float64, k)
	var lossSum, meanOfBatches float64
	correct := 0
	for _, r := range [][2]int{{0, 32}, {32, 64}, {64, 70}} {
		size := float64(r[1] - r[0])
		gw, gb := make([]float64, in*k), make([]float64, k)
		var batchLoss float64
		for e := r[0]; e < r[1]; e++ {
			x := d.X[0][e*in : (e+1)*in]
			z := make([]float64, k)
			best := 0
			for c := 0; c < k; c++ {
				z[c] = b[c]
				for a := 0; a < in; a++ {
					z[c] += float64(x[a]) * w[a*k+c]
				}
				if z[c] > z[best] {
					best = c
				}
			}
			var sum float64
			for c := range z {
				sum += math.Exp(z[c])
			}
			y := int(d.Y[e])
			batchLoss += math.Log(sum) - z[y]
			if best == y {
				correct++
			}
			for c := range z {
				dz := math.Exp(z[c]) / sum
				if c == y {
					dz--
				}
				gb[c] += dz / size
				for a := 0; a < in; a++ {
					gw[a*k+c] += float64(x[a]) * dz / size
				}
			}
		}
		lossSum += batchLoss
		meanOfBatches += batchLoss / size / 3
		for i := range w {
			w[i] -= lr * gw[i]
		}
		for i := range b {
			b[i] -= lr * gb[i]
		}
	}
	dense := m.Layers()[0].(*Dense)
	for i, v := range dense.Kernel.Data() {
		if math.Abs(float64(v)-w[i]) > 1e-5 {
			t.Fatalf("kernel[%d] = %v after one epoch, want %v", i, v, w[i])
		}
	}
	for i, v := range dense.Bias.Data() {
		if math.Abs(float64(v)-b[i]) > 1e-5 {
			t.Fatalf("bias[%d] = %v after one epoch, want %v", i, v, b[i])
		}
	}
	// The epoch's loss is the mean over the examples (batches weighted by
	// their size), measured before each step, like Keras's running mean.
	want := lossSum / n
	if math.Abs(meanOfBatches-want) < 1e-3 {
		t.Fatalf("test data too even: weighted %v and unweighted %v means agree", want, meanOfBatches)
	}
	if got := h.Last("loss"); math.Abs(got-want) > 1e-5 {
		t.Errorf("History loss %v, want the example-weighted mean %v (the mean of the batch means is %v)", got, want, meanOfBatches)
	}
	if got := h.Last("accuracy"); got != float64(correct)/n {
		t.Errorf("History accuracy %v, want %d/%d", got, correct, n)
	}
	if !strings.Contains(progress.String(), "Epoch 1/1\n3/3 - ") {
		t.Errorf("progress %q: want 3 steps, \"3/3\"", progress.String())
	}
	line := fmt.Sprintf(" - loss: %.4f - accuracy: %.4f\n", h.Last("loss"), h.Last("accuracy"))
	if !strings.HasSuffix(progress.String(), line) {
		t.Errorf("progress %q does not end with %q", progress.String(), line)
	}
}

// TestFitUsesEveryExample changes one example at a time, with shuffling:
// each one, including those in the last partial batch, changes the weights.
func TestFitUsesEveryExample(t *testing.T) {
	const n = 70
	m := suiteClassifier(3, 0)
	d := suiteLearnable(4, n)
	init := suiteWeights(m)
	fit := func() [][]float32 {
		restore(m.Params(), init)
		if _, err := m.Fit(context.Background(), d, FitOptions{Epochs: 1, BatchSize: 32, Optimizer: NewSGD(0.1), Seed: 5}); err != nil {
			t.Fatal(err)
		}
		return suiteWeights(m)
	}
	base := fit()
	var ignored []int
	for i := 0; i < n; i++ {
		x := d.X[0][4*i : 4*i+4]
		orig := append([]float32(nil), x...)
		for j := range x {
			x[j] += 0.5
		}
		if suiteSameWeights(fit(), base) {
			ignored = append(ignored, i)
		}
		copy(x, orig)
	}
	if len(ignored) > 0 {
		t.Errorf("examples %v do not influence the weights", ignored)
	}
}

// TestFitDeterministic trains two fresh, identical models with dropout for
// two epochs: same seeds, same weights and History, bit for bit.
func TestFitDeterministic(t *testing.T) {
	train, valid := suiteLearnable(11, 100), suiteLearnable(12, 30)
	run := func(shuffle int64) ([][]float32, History) {
		m := suiteClassifier(10, 0.3)
		h, err := m.Fit(context.Background(), train, FitOptions{Epochs: 2, BatchSize: 16, Optimizer: NewAdam(0.01), Valid: &valid, Seed: shuffle})
		if err != nil {
			t.Fatal(err)
		}
		return suiteWeights(m), h
	}
	w1, h1 := run(7)
	w2, h2 := run(7)
	if !suiteSameWeights(w1, w2) {
		t.Error("same seeds, different weights")
	}
	if !reflect.DeepEqual(h1, h2) {
		t.Errorf("same seeds, different History:\n%v\n%v", h1, h2)
	}
	w3, _ := run(8)
	if suiteSameWeights(w1, w3) {
		t.Error("shuffle seeds 7 and 8 give the same weights")
	}
}

func TestFitHistory(t *testing.T) {
	train, valid := suiteLearnable(21, 90), suiteLearnable(22, 45)
	m := suiteClassifier(20, 0)
	h, err := m.Fit(context.Background(), train, FitOptions{Epochs: 3, BatchSize: 32, Optimizer: NewAdam(0.01), Valid: &valid, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if keys := h.Keys(); !reflect.DeepEqual(keys, []string{"loss", "accuracy", "val_loss", "val_accuracy"}) {
		t.Errorf("keys %v", keys)
	}
	if !reflect.DeepEqual(h.Epoch, []int{1, 2, 3}) {
		t.Errorf("epochs %v", h.Epoch)
	}
	for k, v := range h.Metrics {
		if len(v) != 3 {
			t.Errorf("%s has %d values for 3 epochs", k, len(v))
		}
	}
	for _, k := range []string{"accuracy", "val_accuracy"} {
		size := 90.0
		if k == "val_accuracy" {
			size = 45
		}
		for _, a := range h.Metrics[k] {
			if c := a * size; math.Abs(c-math.Round(c)) > 1e-9 || a < 0 || a > 1 {
				t.Errorf("%s %v is not a share of %v examples", k, a, size)
			}
		}
	}
	// The validation values are those of the weights at the epoch's end.
	vl, va, err := m.Evaluate(valid, 32)
	if err != nil {
		t.Fatal(err)
	}
	if vl != h.Last("val_loss") || va != h.Last("val_accuracy") {
		t.Errorf("last val_loss, val_accuracy = %v, %v; Evaluate gives %v, %v", h.Last("val_loss"), h.Last("val_accuracy"), vl, va)
	}
	if !(h.Metrics["loss"][2] < h.Metrics["loss"][0]) {
		t.Errorf("the loss does not go down: %v", h.Metrics["loss"])
	}
	if !math.IsNaN(h.Last("rmse")) {
		t.Error("Last of a missing key is not NaN")
	}

	// A regressor without validation data has loss and rmse.
	r := suiteRegressor(23)
	hr, err := r.Fit(context.Background(), suiteRegData(24, 40, 4, 1), FitOptions{Epochs: 2, Optimizer: NewSGD(0.01)})
	if err != nil {
		t.Fatal(err)
	}
	if keys := hr.Keys(); !reflect.DeepEqual(keys, []string{"loss", "rmse"}) {
		t.Errorf("regressor keys %v", keys)
	}
	// The running RMSE and the mean loss are measured on the same outputs:
	// rmse² is the epoch's mse.
	if got, want := hr.Last("rmse"), math.Sqrt(hr.Last("loss")); math.Abs(got-want) > 1e-5*want {
		t.Errorf("rmse %v, sqrt(loss) %v", got, want)
	}
}

func TestFitProgress(t *testing.T) {
	train := suiteLearnable(31, 40)
	epochLines := func(out string) []string {
		var ls []string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "Epoch ") {
				ls = append(ls, l)
			}
		}
		return ls
	}
	var buf bytes.Buffer
	m := suiteClassifier(30, 0)
	if _, err := m.Fit(context.Background(), train, FitOptions{Epochs: 7, BatchSize: 16, Optimizer: NewSGD(0.1), Progress: &buf, LogEvery: 3}); err != nil {
		t.Fatal(err)
	}
	if got, want := epochLines(buf.String()), []string{"Epoch 1/7", "Epoch 3/7", "Epoch 6/7", "Epoch 7/7"}; !reflect.DeepEqual(got, want) {
		t.Errorf("LogEvery 3: %q, want %q", got, want)
	}
	if got := strings.Count(buf.String(), "3/3 - "); got != 4 {
		t.Errorf("LogEvery 3: %d epoch result lines, want 4:\n%s", got, buf.String())
	}

	// Resuming after two epochs numbers the next ones 3 to 5.
	buf.Reset()
	h, err := m.Fit(context.Background(), train, FitOptions{Epochs: 3, BatchSize: 16, Optimizer: NewSGD(0.1), Progress: &buf, InitialEpoch: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := epochLines(buf.String()), []string{"Epoch 3/5", "Epoch 4/5", "Epoch 5/5"}; !reflect.DeepEqual(got, want) {
		t.Errorf("InitialEpoch 2: %q, want %q", got, want)
	}
	if !reflect.DeepEqual(h.Epoch, []int{3, 4, 5}) || len(h.Metrics["loss"]) != 3 {
		t.Errorf("InitialEpoch 2: History epochs %v, %d losses", h.Epoch, len(h.Metrics["loss"]))
	}

	// ProgressEvery prints lines during the epoch too.
	buf.Reset()
	if _, err := m.Fit(context.Background(), train, FitOptions{Epochs: 1, BatchSize: 16, Optimizer: NewSGD(0.1), Progress: &buf, ProgressEvery: time.Nanosecond}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"1/3 - ", "2/3 - ", "left in this epoch - loss: "} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("ProgressEvery: no %q in\n%s", s, buf.String())
		}
	}
}

// suiteAntiValid is the training set with every label moved to the next
// class: the better the model fits train, the worse it does on it.
func suiteAntiValid(train Data) Data {
	v := Data{X: train.X, Y: make([]float32, len(train.Y))}
	for i, y := range train.Y {
		v.Y[i] = float32((int(y) + 1) % 3)
	}
	return v
}

func TestEarlyStoppingRestoreBestWeights(t *testing.T) {
	train := suiteLearnable(41, 60)
	valid := suiteAntiValid(train)
	for _, restoreBest := range []bool{true, false} {
		t.Run(fmt.Sprint("restore=", restoreBest), func(t *testing.T) {
			m := suiteClassifier(40, 0)
			var weights [][][]float32
			var buf bytes.Buffer
			h, err := m.Fit(context.Background(), train, FitOptions{
				Epochs: 10, BatchSize: 16, Optimizer: NewSGD(0.2), Valid: &valid, Seed: 1, Progress: &buf,
				EarlyStopping: &EarlyStopping{Patience: 2, RestoreBestWeights: restoreBest},
				OnEpochEnd: func(epoch int, h History) error {
					weights = append(weights, suiteWeights(m))
					return nil
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			vl := h.Metrics["val_loss"]
			if len(vl) < 2 || !(vl[1] > vl[0]) {
				t.Fatalf("val_loss %v does not get worse after epoch 1: the test needs it to", vl)
			}
			if len(h.Epoch) != 3 {
				t.Fatalf("stopped after %d epochs (val_loss %v), want 3: epoch 1 the best, then patience 2", len(h.Epoch), vl)
			}
			if !strings.Contains(buf.String(), "Epoch 3: early stopping") {
				t.Errorf("progress does not say it stopped:\n%s", buf.String())
			}
			want := weights[2]
			if restoreBest {
				want = weights[0]
			}
			if !suiteSameWeights(suiteWeights(m), want) {
				t.Errorf("RestoreBestWeights=%v: the model does not hold the weights of the right epoch", restoreBest)
			}
		})
	}
}

// TestEarlyStoppingRule runs a model for 12 epochs without early stopping,
// works out from its History when Keras's rule would stop for a few
// settings, and checks that an identical model with early stopping stops
// there.
func TestEarlyStoppingRule(t *testing.T) {
	train, valid := suiteLearnable(51, 64), suiteLearnable(52, 32)
	opts := func() FitOptions {
		return FitOptions{Epochs: 12, BatchSize: 16, Optimizer: NewSGD(0.05), Valid: &valid, Seed: 2}
	}
	full, err := suiteClassifier(50, 0).Fit(context.Background(), train, opts())
	if err != nil {
		t.Fatal(err)
	}
	// stopAt is Keras's rule: the epoch count when training stops.
	stopAt := func(values []float64, maximize bool, patience int, minDelta float64) int {
		best, wait := math.Inf(1), 0
		for i, v := range values {
			if maximize {
				v = -v
			}
			if v < best-minDelta {
				best, wait = v, 0
			} else if wait++; wait >= patience {
				return i + 1
			}
		}
		return len(values)
	}
	for _, c := range []struct {
		monitor  string
		patience int
		minDelta float64
	}{
		{"loss", 1, 0}, {"loss", 1, 0.02}, {"loss", 2, 0.05}, {"loss", 1, 10},
		{"val_accuracy", 1, 0}, {"accuracy", 2, 0}, {"val_loss", 1, 0.01},
	} {
		want := stopAt(full.Metrics[c.monitor], strings.HasSuffix(c.monitor, "accuracy"), c.patience, c.minDelta)
		o := opts()
		o.EarlyStopping = &EarlyStopping{Monitor: c.monitor, Patience: c.patience, MinDelta: c.minDelta}
		h, err := suiteClassifier(50, 0).Fit(context.Background(), train, o)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Epoch) != want {
			t.Errorf("%+v: stopped after %d epochs, want %d (%s: %v)", c, len(h.Epoch), want, c.monitor, full.Metrics[c.monitor])
		}
	}
	// The cases above must tell the rule from its mirror image: loss goes
	// down for 12 epochs without MinDelta, and a large MinDelta stops at 2.
	if stopAt(full.Metrics["loss"], false, 1, 0) != 12 || stopAt(full.Metrics["loss"], false, 1, 10) != 2 {
		t.Errorf("loss %v: the test needs it to go down at every epoch", full.Metrics["loss"])
	}
}

func TestEarlyStoppingUnknownMonitor(t *testing.T) {
	m := suiteClassifier(55, 0)
	before := suiteWeights(m)
	_, err := m.Fit(context.Background(), suiteLearnable(56, 20), FitOptions{Epochs: 3, Optimizer: NewSGD(0.1), EarlyStopping: &EarlyStopping{}})
	if err == nil || !strings.Contains(err.Error(), "val_loss") {
		t.Fatalf("early stopping on val_loss without validation data: error %v", err)
	}
	if !suiteSameWeights(before, suiteWeights(m)) {
		t.Error("the model trained before Fit found that early stopping cannot work")
	}
}

func TestFitInterrupted(t *testing.T) {
	train := suiteLearnable(61, 48) // 3 steps of 16 per epoch
	m := suiteClassifier(60, 0.2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var epoch1 [][]float32
	opt := &suiteHookOpt{Optimizer: NewSGD(0.1), at: 5, hook: cancel} // epoch 2, step 2
	h, err := m.Fit(ctx, train, FitOptions{Epochs: 4, BatchSize: 16, Optimizer: opt,
		OnEpochEnd: func(epoch int, _ History) error {
			if epoch == 1 {
				epoch1 = suiteWeights(m)
			}
			return nil
		}})
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("cancelled during epoch 2: error %v, want one wrapping ErrInterrupted", err)
	}
	if !strings.Contains(err.Error(), "epoch 2 step 2") {
		t.Errorf("error %q does not say where it stopped", err)
	}
	if len(h.Epoch) != 1 {
		t.Errorf("History has %d epochs, want the one completed", len(h.Epoch))
	}
	if !suiteSameWeights(suiteWeights(m), epoch1) {
		t.Error("the model does not hold the weights of epoch 1")
	}
}

func TestFitOnEpochEndError(t *testing.T) {
	m := suiteClassifier(62, 0)
	stop := errors.New("stop here")
	h, err := m.Fit(context.Background(), suiteLearnable(63, 20), FitOptions{Epochs: 5, Optimizer: NewSGD(0.1),
		OnEpochEnd: func(epoch int, _ History) error {
			if epoch == 2 {
				return stop
			}
			return nil
		}})
	if !errors.Is(err, stop) || len(h.Epoch) != 2 {
		t.Errorf("OnEpochEnd error at epoch 2: %v, %d epochs", err, len(h.Epoch))
	}
}

func TestFitDiverged(t *testing.T) {
	train := suiteRegData(71, 48, 4, 1) // 3 steps of 16 per epoch

	// A huge learning rate from the start: the second step's loss is
	// infinite, and the model keeps its initial weights.
	m := suiteRegressor(70)
	init := suiteWeights(m)
	_, err := m.Fit(context.Background(), train, FitOptions{Epochs: 2, BatchSize: 16, Optimizer: NewSGD(1e30)})
	var div *DivergedError
	if !errors.As(err, &div) {
		t.Fatalf("lr 1e30: error %v, want a *DivergedError", err)
	}
	if div.Epoch != 1 || div.Step != 2 || !(math.IsInf(div.Loss, 0) || math.IsNaN(div.Loss)) {
		t.Errorf("diverged at epoch %d step %d loss %v, want epoch 1 step 2 and a loss that is not finite", div.Epoch, div.Step, div.Loss)
	}
	if !strings.Contains(err.Error(), "epoch 1 step 2") || !strings.Contains(err.Error(), "no epoch completed") {
		t.Errorf("error %q does not say where, and that no epoch completed", err)
	}
	if !suiteSameWeights(suiteWeights(m), init) {
		t.Error("after diverging in epoch 1 the model does not hold its initial weights")
	}

	// The learning rate jumps during epoch 2: the model keeps epoch 1's weights.
	m = suiteRegressor(70)
	sgd := NewSGD(0.01)
	var epoch1 [][]float32
	h, err := m.Fit(context.Background(), train, FitOptions{Epochs: 3, BatchSize: 16,
		Optimizer: &suiteHookOpt{Optimizer: sgd, at: 5, hook: func() { sgd.LearningRate = 1e30 }},
		OnEpochEnd: func(epoch int, _ History) error {
			epoch1 = suiteWeights(m)
			return nil
		}})
	if !errors.As(err, &div) || div.Epoch != 2 || div.Step != 3 {
		t.Fatalf("lr 1e30 from epoch 2 step 2: error %v, want a *DivergedError at epoch 2 step 3", err)
	}
	if !strings.Contains(err.Error(), "last completed epoch") {
		t.Errorf("error %q does not say it kept the last completed epoch", err)
	}
	if len(h.Epoch) != 1 || !suiteSameWeights(suiteWeights(m), epoch1) {
		t.Errorf("after diverging in epoch 2: %d epochs in History, and the weights are those of epoch 1: %v", len(h.Epoch), suiteSameWeights(suiteWeights(m), epoch1))
	}
}

// TestFitBadData checks that data that does not fit the model gives an
// error saying so, before any weight changes, and no panic.
func TestFitBadData(t *testing.T) {
	good := suiteLearnable(81, 20)
	two := suiteTwoInputModel(82, 1)
	cases := []struct {
		name  string
		m     *Model
		train Data
		valid *Data
		want  string
	}{
		{"ragged input", nil, Data{X: [][]float32{good.X[0][:79]}, Y: good.Y}, nil, "whole number"},
		{"no examples", nil, Data{X: [][]float32{nil}, Y: nil}, nil, "no examples"},
		{"two inputs for one", nil, Data{X: [][]float32{good.X[0], good.X[0]}, Y: good.Y}, nil, "2 inputs"},
		{"too few labels", nil, Data{X: good.X, Y: good.Y[:19]}, nil, "19"},
		{"too many labels", nil, Data{X: good.X, Y: append(append([]float32(nil), good.Y...), 0)}, nil, "21"},
		{"label out of range", nil, Data{X: good.X, Y: append(append([]float32(nil), good.Y[:19]...), 3)}, nil, "label 3"},
		{"negative label", nil, Data{X: good.X, Y: append([]float32{-1}, good.Y[1:]...)}, nil, "label -1"},
		{"fractional label", nil, Data{X: good.X, Y: append([]float32{0.5}, good.Y[1:]...)}, nil, "label 0.5"},
		{"validation input", nil, good, &Data{X: [][]float32{good.X[0][:6]}, Y: good.Y[:2]}, "validation"},
		{"validation labels", nil, good, &Data{X: good.X, Y: append(append([]float32(nil), good.Y[:19]...), 7)}, "validation"},
		{"inputs of different lengths", two, Data{X: [][]float32{make([]float32, 30), make([]float32, 22)}, Y: make([]float32, 10)}, nil, "examples"},
		{"regression targets", two, Data{X: [][]float32{make([]float32, 30), make([]float32, 20)}, Y: make([]float32, 11)}, nil, "11"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := c.m
			if m == nil {
				m = suiteClassifier(80, 0)
			}
			before := suiteWeights(m)
			_, err := m.Fit(context.Background(), c.train, FitOptions{Epochs: 2, BatchSize: 4, Optimizer: NewSGD(0.1), Valid: c.valid})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one mentioning %q", err, c.want)
			}
			if !suiteSameWeights(before, suiteWeights(m)) {
				t.Error("the weights changed")
			}
		})
	}
	if _, err := suiteClassifier(80, 0).Fit(context.Background(), good, FitOptions{}); err == nil {
		t.Error("Fit without an optimizer: no error")
	}
	// A model whose input has a zero dimension.
	m := Sequential(Input{"x", []int{0}}, []Applier{NewFlatten("flatten")}, WithName("zero"), WithLoss(MeanSquaredError{}), WithSeed(1))
	if _, err := m.Len(Data{X: [][]float32{{}}}); err == nil {
		t.Error("Len with an input of size 0: no error")
	}
}

func TestEvaluatePredictBatches(t *testing.T) {
	const n = 50
	m := suiteClassifier(90, 0.5)
	d := suiteLearnable(91, n)
	if _, err := m.Fit(context.Background(), d, FitOptions{Epochs: 2, BatchSize: 8, Optimizer: NewAdam(0.01)}); err != nil {
		t.Fatal(err)
	}
	ref, w, err := m.Predict(d, n)
	if err != nil {
		t.Fatal(err)
	}
	if w != 3 || len(ref) != n*3 {
		t.Fatalf("Predict: %d values of width %d, want %d x 3", len(ref), w, n)
	}
	refLoss, refAcc, err := m.Evaluate(d, n)
	if err != nil {
		t.Fatal(err)
	}
	for _, batch := range []int{1, 7, 32, 49, 64, 0} {
		out, _, err := m.Predict(d, batch)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != len(ref) {
			t.Fatalf("batch %d: %d outputs, want %d", batch, len(out), len(ref))
		}
		for i := range out {
			if math.Abs(float64(out[i]-ref[i])) > 1e-6 {
				t.Fatalf("batch %d: output %d is %v, with batch %d %v", batch, i, out[i], n, ref[i])
			}
		}
		loss, acc, err := m.Evaluate(d, batch)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(loss-refLoss) > 1e-6 || acc != refAcc {
			t.Errorf("batch %d: Evaluate %v %v, with batch %d %v %v", batch, loss, acc, n, refLoss, refAcc)
		}
	}
	classes, err := m.PredictClasses(d, 7)
	if err != nil {
		t.Fatal(err)
	}
	right := 0
	for i, c := range classes {
		if c != Argmax(ref[3*i:3*i+3]) {
			t.Fatalf("PredictClasses[%d] = %d, the largest output is %d", i, c, Argmax(ref[3*i:3*i+3]))
		}
		if c == int(d.Y[i]) {
			right++
		}
	}
	if float64(right)/n != refAcc {
		t.Errorf("Evaluate's accuracy %v, PredictClasses gets %d/%d right", refAcc, right, n)
	}
	if _, _, err := m.Evaluate(Data{X: d.X, Y: d.Y[:n-1]}, 8); err == nil {
		t.Error("Evaluate with a label missing: no error")
	}
	if _, _, err := m.Predict(Data{X: [][]float32{d.X[0][:7]}}, 8); err == nil {
		t.Error("Predict on a ragged input: no error")
	}
}

func TestPredictClassesByHand(t *testing.T) {
	// Class 0 when x0 is largest, 1 for x1, 2 for x0 + x1 < 0.
	m := suiteLinearSoftmax(2, 3, []float32{2, 0, -1, 0, 2, -1})
	got, err := m.PredictClasses(Data{X: [][]float32{{1, 0, 0, 1, -1, -1, 3, 1}}}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 1, 2, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("PredictClasses = %v, want %v", got, want)
	}
}

func TestPredictValues(t *testing.T) {
	// y = 2 x0 - x1 + 0.5: one output per example.
	d := NewDense(NewRand(1), "dense", 2, 1, Linear)
	copy(d.Kernel.Data(), []float32{2, -1})
	d.Bias.Data()[0] = 0.5
	m := Sequential(Input{"x", []int{2}}, []Applier{d}, WithName("linear"), WithLoss(MeanSquaredError{}), WithSeed(1))
	got, err := m.PredictValues(Data{X: [][]float32{{1, 0, 0, 1, 3, 2}}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{2.5, -0.5, 4.5}; !reflect.DeepEqual(got, want) {
		t.Errorf("PredictValues = %v, want %v", got, want)
	}
	// Three outputs per example are not values.
	if _, err := suiteLinearSoftmax(2, 3, make([]float32, 6)).PredictValues(Data{X: [][]float32{{1, 0}}}, 1); err == nil {
		t.Error("PredictValues on a 3-output model: no error")
	}
}

// TestInferenceIgnoresDropout checks that Predict and Evaluate run without
// dropout: twice the same, and the same as the model without its Dropout
// layer.
func TestInferenceIgnoresDropout(t *testing.T) {
	m := suiteClassifier(95, 0.5)
	d := suiteLearnable(96, 30)
	if _, err := m.Fit(context.Background(), d, FitOptions{Epochs: 1, BatchSize: 8, Optimizer: NewSGD(0.1)}); err != nil {
		t.Fatal(err)
	}
	a, _, err := m.Predict(d, 8)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := m.Predict(d, 8)
	if err != nil {
		t.Fatal(err)
	}
	if !suiteEqual32(a, b) {
		t.Error("two Predict calls differ")
	}
	plain := Sequential(m.Inputs()[0], []Applier{m.Layers()[0].(Applier), m.Layers()[2].(Applier)}, WithName("plain"), WithLoss(m.Loss()), WithMetric(m.newMetric), WithSeed(1))
	c, _, err := plain.Predict(d, 30)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if math.Abs(float64(a[i]-c[i])) > 1e-6 {
			t.Fatalf("Predict with a Dropout layer differs from without: %v, %v", a[i], c[i])
		}
	}
	l1, _, _ := m.Evaluate(d, 8)
	l2, _, _ := plain.Evaluate(d, 8)
	if math.Abs(l1-l2) > 1e-6 {
		t.Errorf("Evaluate with and without Dropout: %v, %v", l1, l2)
	}
	// Training mode does use it: two training passes differ.
	l3, _, _ := lossAndGrads(t, m, d)
	l4, _, _ := lossAndGrads(t, m, d)
	if l3 == l4 {
		t.Error("two training passes with dropout 0.5 have the same loss")
	}
}

// TestMetricsSeeTheOutputs checks that the metrics are computed on the
// model's outputs as Predict gives them, also when the loss reads the output
// (Gorgonia computes mse's out - target, or the fallback cross-entropy's
// out + 1e-7, in place over it).
func TestMetricsSeeTheOutputs(t *testing.T) {
	r := suiteRegressor(25)
	d := suiteRegData(26, 20, 4, 1)
	loss, rmse, err := r.Evaluate(d, 8)
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := r.Predict(d, 20)
	if err != nil {
		t.Fatal(err)
	}
	var se float64
	for i, o := range out {
		e := float64(o) - float64(d.Y[i])
		se += e * e
	}
	if want := math.Sqrt(se / 20); math.Abs(rmse-want) > 1e-6 || math.Abs(math.Sqrt(loss)-want) > 1e-6 {
		t.Errorf("Evaluate: rmse %v and sqrt(mse) %v, want %v from Predict's outputs", rmse, math.Sqrt(loss), want)
	}

	rng := NewRand(27)
	c := Sequential(Input{"x", []int{4}}, []Applier{
		NewDense(rng, "dense", 4, 3, Sigmoid),
	}, WithName("sigmoid"), WithLoss(SparseCategoricalCrossentropy{}), WithMetric(func() Metric { return &Accuracy{} }), WithSeed(1))
	dc := suiteLearnable(28, 40)
	_, acc, err := c.Evaluate(dc, 16)
	if err != nil {
		t.Fatal(err)
	}
	classes, err := c.PredictClasses(dc, 40)
	if err != nil {
		t.Fatal(err)
	}
	right := 0
	for i, k := range classes {
		if k == int(dc.Y[i]) {
			right++
		}
	}
	if acc != float64(right)/40 {
		t.Errorf("sigmoid classifier: Evaluate's accuracy %v, PredictClasses gets %d/40", acc, right)
	}
}

// suiteMAE is a metric with a name History does not know.
type suiteMAE struct{ RootMeanSquaredError }

func (*suiteMAE) Name() string { return "mae" }

func TestHistoryKeysOrder(t *testing.T) {
	m := suiteRegressor(110)
	m.newMetric = func() Metric { return &suiteMAE{} }
	d := suiteRegData(111, 20, 4, 1)
	var buf bytes.Buffer
	h, err := m.Fit(context.Background(), d, FitOptions{Epochs: 1, Optimizer: NewSGD(0.01), Valid: &d, Progress: &buf})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"loss", "mae", "val_loss", "val_mae"}
	for i := 0; i < 20; i++ { // map order changes from call to call
		if got := h.Keys(); !reflect.DeepEqual(got, want) {
			t.Fatalf("Keys() = %v, want %v", got, want)
		}
	}
	if !regexp.MustCompile(`1/1 - \S+ - \S+/step - loss: \d\.\d{4} - mae: \d\.\d{4} - val_loss: \d\.\d{4} - val_mae: \d\.\d{4}\n$`).MatchString(buf.String()) {
		t.Errorf("progress line %q", buf.String())
	}
}

// TestRunsLeaveWeightsAndDataAlone checks that running the graphs changes
// neither the weights (Gorgonia may compute an op in place over one of its
// inputs) nor the caller's data: Predict, Evaluate, and Fit with a learning
// rate of 0.
func TestRunsLeaveWeightsAndDataAlone(t *testing.T) {
	for name, c := range map[string]struct {
		m *Model
		d Data
	}{
		"classifier": {suiteClassifier(120, 0.5), suiteLearnable(121, 20)},
		"regressor":  {suiteRegressor(122), suiteRegData(123, 20, 4, 1)},
		"two inputs": {suiteTwoInputModel(124, 2), suiteTwoInputData(125, 20, 2)},
		"sigmoid": {Sequential(Input{"x", []int{4}}, []Applier{
			NewDense(NewRand(126), "dense", 4, 3, Sigmoid),
		}, WithName("sigmoid"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1)), suiteLearnable(127, 20)},
	} {
		t.Run(name, func(t *testing.T) {
			w := suiteWeights(c.m)
			var x [][]float32
			for _, a := range c.d.X {
				x = append(x, append([]float32(nil), a...))
			}
			y := append([]float32(nil), c.d.Y...)
			if _, _, err := c.m.Predict(c.d, 8); err != nil {
				t.Fatal(err)
			}
			if _, _, err := c.m.Evaluate(c.d, 8); err != nil {
				t.Fatal(err)
			}
			if _, err := c.m.Fit(context.Background(), c.d, FitOptions{Epochs: 2, BatchSize: 8, Optimizer: NewSGD(0), Valid: &c.d}); err != nil {
				t.Fatal(err)
			}
			if !suiteSameWeights(w, suiteWeights(c.m)) {
				t.Error("the weights changed")
			}
			if !suiteSameWeights(x, c.d.X) || !suiteEqual32(y, c.d.Y) {
				t.Error("the data changed")
			}
		})
	}
}

// Resuming after an epoch (InitialEpoch 1) trains on the batches an
// uninterrupted run would: without dropout or optimizer state, the weights
// come out the same.
func TestFitResumeSeesTheSameBatches(t *testing.T) {
	train := suiteLearnable(41, 70)
	opt := func(epochs, initial int) FitOptions {
		return FitOptions{Epochs: epochs, BatchSize: 16, Optimizer: NewSGD(0.1), Seed: 5, InitialEpoch: initial}
	}
	whole := suiteClassifier(40, 0)
	if _, err := whole.Fit(context.Background(), train, opt(2, 0)); err != nil {
		t.Fatal(err)
	}
	resumed := suiteClassifier(40, 0)
	if _, err := resumed.Fit(context.Background(), train, opt(1, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := resumed.Fit(context.Background(), train, opt(1, 1)); err != nil {
		t.Fatal(err)
	}
	if !suiteSameWeights(suiteWeights(whole), suiteWeights(resumed)) {
		t.Error("two epochs in one run and one epoch plus a resumed one give different weights")
	}
}
