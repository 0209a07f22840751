// Package bench measures how fast gozoo's models train and predict: one
// entry per model in a table of builders (Specs), a harness that times a
// model's training steps, batch inference and single-example latency on
// random inputs of the right shape (Measure), the same measurements for the
// same architectures in PyTorch through the scripts in bench/peers
// (RunPeer), and the tables that put them side by side.
//
// `go run ./cmd/bench` prints them; `go test -bench . ./bench/` has the same
// measurements as testing benchmarks.
package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gozoo/gozoo/nn"
)

// Built is a model ready to be timed.
type Built struct {
	Model     *nn.Model
	Optimizer nn.Optimizer
	// Prepare, if set, runs once on the random training data before any
	// step, for what the notebook does before fit (a Normalization layer's
	// adapt).
	Prepare func(train nn.Data) error
}

// Spec is one model of the bench: how to build it and what the notebook
// trains it on.
type Spec struct {
	// Name is the model's key on the command line and in the JSON, and the
	// name of its PyTorch twin in bench/peers/torch_bench.py.
	Name string
	// Package is the gozoo package the model comes from, like "zoo/mlpcls".
	Package string
	// About describes the architecture and the optimizer in a few words.
	About string
	// Batch is the notebook's minibatch size for this model.
	Batch int
	// EpochSamples is the number of training examples of one notebook epoch.
	EpochSamples int
	// Classes is the number of classes of a classifier (labels are drawn in
	// 0..Classes-1); 0 means a regressor with Outputs target values per example.
	Classes, Outputs int
	// Steps is the default number of timed training steps: fewer for slow
	// models.
	Steps int
	// Build makes a fresh model and its optimizer, with the notebook's
	// hyper-parameters.
	Build func() (Built, error)
}

// EpochSteps is the number of training steps of one notebook epoch.
func (s Spec) EpochSteps() int { return (s.EpochSamples + s.Batch - 1) / s.Batch }

// Options tune Measure. Zero values take defaults.
type Options struct {
	// Steps is the number of timed training steps (default Spec.Steps).
	Steps int
	// Warmup is the number of untimed training steps first (default
	// 3 + Steps/10, at most 20); the first one builds the graph.
	Warmup int
	// Reps is the number of timed batch-of-1,000 inferences (default
	// 1,000, or as many as fit in predictBudget, at least 3); single-example
	// latency is timed 10 times as often, within the same budget. A small
	// model predicts 1,000 rows in tens of microseconds: the median of 20
	// such calls swung by 2x from run to run on a shared machine.
	Reps int
	// Seed draws the random inputs (default 1).
	Seed int64
}

// InferBatch is the batch size of the inference throughput measurement.
const InferBatch = 1000

// Result is what Measure found for one model; times are medians.
type Result struct {
	Model        string `json:"model"`
	Package      string `json:"package"`
	About        string `json:"about"`
	Params       int    `json:"params"`
	Batch        int    `json:"batch"`
	BLAS         string `json:"blas"`
	Warmup       int    `json:"warmup_steps"`
	Steps        int    `json:"timed_steps"`
	EpochSamples int    `json:"epoch_samples"`
	EpochSteps   int    `json:"epoch_steps"`
	// StepMs is the median time of one training step (nn.Model.TrainStep:
	// forward, backward, optimizer update), StepMinMs and StepP90Ms its
	// spread.
	StepMs    float64 `json:"step_ms"`
	StepMinMs float64 `json:"step_min_ms"`
	StepP90Ms float64 `json:"step_p90_ms"`
	// MultiplyMs is the median time of the matrix multiplies alone that a
	// training step runs (TrainGemms, MultiplyMACs multiply-adds: Winograd's
	// products for 3x3 convolutions, im2col's for others) on the same BLAS
	// and every core: what the step would cost with nothing else in it.
	MultiplyMs   float64 `json:"multiplies_ms"`
	MultiplyMACs int     `json:"multiplies_macs"`
	// TrainSamplesPerSec is Batch / StepMs.
	TrainSamplesPerSec float64 `json:"train_samples_per_s"`
	// EpochSeconds is an estimate: EpochSteps x StepMs, without the
	// shuffling, the validation pass and the last partial batch's graph.
	EpochSeconds float64 `json:"epoch_s_estimate"`
	// InferSamplesPerSec is the throughput of Predict on a batch of
	// InferBatch examples (median of Reps).
	InferSamplesPerSec float64 `json:"infer_samples_per_s"`
	InferReps          int     `json:"infer_reps"`
	// LatencyMs is the median time of Predict on one example.
	LatencyMs   float64 `json:"latency_ms"`
	LatencyReps int     `json:"latency_reps"`
	// InferAllocs and LatencyAllocs are the heap allocations of one
	// prediction into a buffer of the caller's (nn.Model.PredictInto), a
	// batch of InferBatch and one example, once the model has predicted
	// batches of that size.
	InferAllocs   float64 `json:"infer_allocs"`
	LatencyAllocs float64 `json:"latency_allocs"`
	// Callers is the number of goroutines (GOMAXPROCS) that predict at
	// once on the one model for the two throughputs below: examples per
	// second on batches of InferBatch, and one-example predictions per
	// second, all callers together.
	Callers                 int     `json:"concurrent_callers"`
	InferParSamplesPerSec   float64 `json:"concurrent_infer_samples_per_s"`
	LatencyParSamplesPerSec float64 `json:"concurrent_one_example_predictions_per_s"`
	// AllocsPerStep and BytesPerStep are the heap allocations of one
	// training step, from runtime.MemStats over the timed steps.
	AllocsPerStep float64 `json:"allocs_per_step"`
	BytesPerStep  float64 `json:"bytes_per_step"`
	// PeakRSSMB is the process's peak resident set (VmHWM) while this model
	// ran, reset before it; 0 where /proc does not tell.
	PeakRSSMB float64 `json:"peak_rss_mb"`
}

// RandomData makes n examples of random inputs in [0, 1) for m's inputs,
// with random class labels (classes > 0) or standard normal targets of
// width outputs.
func RandomData(m *nn.Model, n, classes, outputs int, seed int64) nn.Data {
	rng := nn.NewRand(seed)
	var d nn.Data
	for _, in := range m.Inputs() {
		x := make([]float32, n*in.Size())
		for i := range x {
			x[i] = rng.Float32()
		}
		d.X = append(d.X, x)
	}
	if classes > 0 {
		d.Y = make([]float32, n)
		for i := range d.Y {
			d.Y[i] = float32(rng.IntN(classes))
		}
	} else {
		d.Y = make([]float32, n*outputs)
		for i := range d.Y {
			d.Y[i] = float32(rng.NormFloat64())
		}
	}
	return d
}

// Slice returns examples lo..hi-1 of d, sharing its arrays.
func Slice(d nn.Data, m *nn.Model, lo, hi int) nn.Data {
	var out nn.Data
	for i, in := range m.Inputs() {
		s := in.Size()
		out.X = append(out.X, d.X[i][lo*s:hi*s])
	}
	if len(d.Y) > 0 {
		w := len(d.Y) / (len(d.X[0]) / m.Inputs()[0].Size())
		out.Y = d.Y[lo*w : hi*w]
	}
	return out
}

// maxDataBytes bounds the random training data held at once; past it the
// timed steps go round the same batches again in further epochs.
const maxDataBytes = 64 << 20

// trainSteps runs steps training steps of b through nn.Model.TrainStep,
// the one Fit runs for each minibatch, on the batches of train in order
// from batch number first, going round them again when there are fewer.
// If record is not nil, it gets the time of each step, measured around
// TrainStep alone.
func trainSteps(ctx context.Context, b Built, train nn.Data, batch, first, steps int, record func(time.Duration)) error {
	n, err := b.Model.Len(train)
	if err != nil {
		return err
	}
	batches := n / batch
	if batches == 0 {
		return fmt.Errorf("%d examples for a batch of %d", n, batch)
	}
	idx := make([]int, batch)
	for k := first; k < first+steps; k++ {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%w: %w", nn.ErrInterrupted, err)
		}
		lo := k % batches * batch
		for i := range idx {
			idx[i] = lo + i
		}
		start := time.Now()
		if _, err := b.Model.TrainStep(train, idx, b.Optimizer); err != nil {
			return fmt.Errorf("step %d: %w", k+1, err)
		}
		if record != nil {
			record(time.Since(start))
		}
	}
	return nil
}

// Measure builds the model of spec and times it.
func Measure(ctx context.Context, spec Spec, o Options) (Result, error) {
	if o.Steps <= 0 {
		o.Steps = max(spec.Steps, 1)
	}
	if o.Warmup <= 0 {
		o.Warmup = min(3+o.Steps/10, 20)
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	resetPeakRSS()
	b, err := spec.Build()
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", spec.Name, err)
	}
	m := b.Model
	res := Result{
		Model: spec.Name, Package: spec.Package, About: spec.About, Batch: spec.Batch, BLAS: nn.BLAS(),
		Warmup: o.Warmup, Steps: o.Steps, EpochSamples: spec.EpochSamples, EpochSteps: spec.EpochSteps(),
	}
	tr, nt := m.CountParams()
	res.Params = tr + nt

	// Training data: warm-up and timed steps, in at most maxDataBytes.
	exampleBytes := 4 * spec.Outputs
	for _, in := range m.Inputs() {
		exampleBytes += 4 * in.Size()
	}
	batches := min(o.Warmup+o.Steps, max(1, maxDataBytes/(exampleBytes*spec.Batch)))
	train := RandomData(m, batches*spec.Batch, spec.Classes, spec.Outputs, o.Seed)
	if b.Prepare != nil {
		if err := b.Prepare(train); err != nil {
			return res, fmt.Errorf("%s: prepare: %w", spec.Name, err)
		}
	}
	if err := trainSteps(ctx, b, train, spec.Batch, 0, o.Warmup, nil); err != nil {
		return res, fmt.Errorf("%s: training: %w", spec.Name, err)
	}
	steps := make([]float64, 0, o.Steps) // allocated before the count starts
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	err = trainSteps(ctx, b, train, spec.Batch, o.Warmup, o.Steps, func(d time.Duration) { steps = append(steps, ms(d)) })
	runtime.ReadMemStats(&after)
	if err != nil {
		return res, fmt.Errorf("%s: training: %w", spec.Name, err)
	}
	res.StepMs = Median(steps)
	res.StepMinMs = slices.Min(steps)
	res.StepP90Ms = Quantile(steps, 0.9)
	res.TrainSamplesPerSec = float64(spec.Batch) / res.StepMs * 1000
	res.EpochSeconds = float64(res.EpochSteps) * res.StepMs / 1000
	res.AllocsPerStep = float64(after.Mallocs-before.Mallocs) / float64(o.Steps)
	res.BytesPerStep = float64(after.TotalAlloc-before.TotalAlloc) / float64(o.Steps)

	// The multiplies alone.
	gemms, err := TrainGemms(m, spec.Batch)
	if err != nil {
		return res, fmt.Errorf("%s: multiplies: %w", spec.Name, err)
	}
	for _, g := range gemms {
		res.MultiplyMACs += g.MACs()
	}
	res.MultiplyMs = TimeGemms(gemms, min(max(o.Steps, 3), 50))

	// Inference: a batch of InferBatch, then one example at a time, into
	// buffers of the caller's.
	infer := RandomData(m, InferBatch, spec.Classes, spec.Outputs, o.Seed+1)
	_, width, err := m.Predict(Slice(infer, m, 0, 1), 1) // builds the plan
	if err != nil {
		return res, fmt.Errorf("%s: predict: %w", spec.Name, err)
	}
	predict := func(d nn.Data, batch int) func([]float32) error {
		return func(out []float32) error {
			_, err := m.PredictInto(out, d, batch)
			return err
		}
	}
	reps := o.Reps
	if reps <= 0 {
		reps = defaultPredictReps
	}
	one := Slice(infer, m, 0, 1)
	res.Callers = runtime.GOMAXPROCS(0)
	for _, c := range []struct {
		name     string
		run      func([]float32) error
		n, reps  int
		budget   time.Duration
		median   *float64
		count    *int
		allocs   *float64
		parallel *float64
	}{
		{"predict", predict(infer, InferBatch), InferBatch, reps, predictBudget, &res.InferSamplesPerSec, &res.InferReps, &res.InferAllocs, &res.InferParSamplesPerSec},
		{"predict one", predict(one, 1), 1, 10 * reps, predictBudget, &res.LatencyMs, &res.LatencyReps, &res.LatencyAllocs, &res.LatencyParSamplesPerSec},
	} {
		out := make([]float32, c.n*width)
		if err := c.run(out); err != nil { // the buffers for this batch size
			return res, fmt.Errorf("%s: %s: %w", spec.Name, c.name, err)
		}
		times, err := timeReps(ctx, c.reps, c.budget, func() error { return c.run(out) })
		if err != nil {
			return res, fmt.Errorf("%s: %s: %w", spec.Name, c.name, err)
		}
		*c.count = len(times)
		*c.median = Median(times) // ms; a throughput below
		if *c.allocs, err = allocsPerCall(len(times), func() error { return c.run(out) }); err != nil {
			return res, fmt.Errorf("%s: %s: %w", spec.Name, c.name, err)
		}
		rate, err := concurrentRate(ctx, res.Callers, c.reps, c.budget, c.n*width, c.run)
		if err != nil {
			return res, fmt.Errorf("%s: %s from %d goroutines: %w", spec.Name, c.name, res.Callers, err)
		}
		*c.parallel = rate * float64(c.n)
	}
	res.InferSamplesPerSec = InferBatch / res.InferSamplesPerSec * 1000
	res.PeakRSSMB = peakRSSMB()
	return res, nil
}

// allocsPerCall is the mean number of heap allocations of a call of f
// over reps calls.
func allocsPerCall(reps int, f func() error) (float64, error) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range reps {
		if err := f(); err != nil {
			return 0, err
		}
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / float64(reps), nil
}

// concurrentRate runs f on callers goroutines at once, each with an
// output buffer of its own of size values, reps times each or until
// budget is spent (at least once each), and returns the calls per second
// of them all. Each goroutine's first call, which may make the buffers of
// a prediction, is not timed.
func concurrentRate(ctx context.Context, callers, reps int, budget time.Duration, size int, f func([]float32) error) (float64, error) {
	var wg, ready sync.WaitGroup
	calls := make([]int, callers)
	errs := make([]error, callers)
	var start time.Time
	begin := make(chan struct{})
	for g := range callers {
		wg.Add(1)
		ready.Add(1)
		go func() {
			defer wg.Done()
			out := make([]float32, size)
			errs[g] = f(out)
			ready.Done()
			<-begin
			if errs[g] != nil {
				return
			}
			for i := 0; i < reps; i++ {
				if err := ctx.Err(); err != nil {
					errs[g] = fmt.Errorf("%w: %w", nn.ErrInterrupted, err)
					return
				}
				if err := f(out); err != nil {
					errs[g] = err
					return
				}
				calls[g]++
				if time.Since(start) > budget {
					return
				}
			}
		}()
	}
	ready.Wait()
	start = time.Now()
	close(begin)
	wg.Wait()
	elapsed := time.Since(start)
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	total := 0
	for _, c := range calls {
		total += c
	}
	return float64(total) / elapsed.Seconds(), nil
}

// defaultPredictReps and predictBudget bound the timed predictions of a
// model: that many calls of a batch of 1,000 (ten times as many of one
// example), or as many as fit in the budget, at least 3. The PyTorch peer
// (bench/peers/torch_bench.py) takes the same.
const (
	defaultPredictReps = 1000
	predictBudget      = 2 * time.Second
)

// timeReps times f reps times, or fewer (at least 3) when they take longer
// than budget in all, and returns the times in milliseconds.
func timeReps(ctx context.Context, reps int, budget time.Duration, f func() error) ([]float64, error) {
	return timeRepsOn(ctx, wallClock, reps, budget, f)
}

// wallClock is the time since the process started.
func wallClock() time.Duration { return time.Since(started) }

var started = time.Now()

// timeRepsOn is timeReps on the given clock.
func timeRepsOn(ctx context.Context, clock func() time.Duration, reps int, budget time.Duration, f func() error) ([]float64, error) {
	var times []float64
	start := clock()
	for i := 0; i < reps; i++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%w: %w", nn.ErrInterrupted, err)
		}
		t := clock()
		if err := f(); err != nil {
			return nil, err
		}
		times = append(times, ms(clock()-t))
		if i >= 2 && clock()-start > budget {
			break
		}
	}
	return times, nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Median is the middle value of v (the mean of the two middle ones for an
// even count); NaN for none. v is not changed.
func Median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Quantile is the q-quantile of v by the nearest rank; NaN for none.
func Quantile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := slices.Clone(v)
	slices.Sort(s)
	i := int(math.Ceil(q*float64(len(s)))) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// resetPeakRSS returns the freed heap to the system and restarts the
// kernel's peak RSS count (VmHWM), so that the next peakRSSMB is this
// model's. Without /proc it does nothing.
func resetPeakRSS() {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSSMB reads VmHWM from /proc/self/status, in MiB; 0 if unknown.
func peakRSSMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			if err != nil {
				return 0
			}
			return kb / 1024
		}
	}
	return 0
}

// Select returns the specs named in the comma-separated list names ("" or
// "all" for every one), in the table's order.
func Select(specs []Spec, names string) ([]Spec, error) {
	names = strings.TrimSpace(names)
	if names == "" || names == "all" {
		return specs, nil
	}
	want := map[string]bool{}
	for _, n := range strings.Split(names, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		found := false
		for _, s := range specs {
			found = found || s.Name == n
		}
		if !found {
			return nil, fmt.Errorf("unknown model %q: have %s", n, strings.Join(Names(specs), ", "))
		}
		want[n] = true
	}
	if len(want) == 0 {
		return nil, errors.New("no model named")
	}
	var out []Spec
	for _, s := range specs {
		if want[s.Name] {
			out = append(out, s)
		}
	}
	return out, nil
}

// Names lists the specs' names.
func Names(specs []Spec) []string {
	var out []string
	for _, s := range specs {
		out = append(out, s.Name)
	}
	return out
}
