package nn

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// ErrInterrupted is returned (wrapped) by Fit when its context is cancelled,
// for instance by Ctrl-C. The model then holds the weights of the last
// completed epoch.
var ErrInterrupted = errors.New("training interrupted")

// DivergedError is returned by Fit when the loss stops being a finite
// number. The model then holds the weights of the last completed epoch.
// TrainStep returns it too, with Epoch and Step 0, having left the weights
// as they were before the step.
type DivergedError struct {
	Epoch, Step int     // 1-based, as the progress lines count them; 0 from TrainStep
	Loss        float64 // the loss's value: NaN or infinite
	// FirstEpoch is set when it happened in the run's first epoch: no
	// epoch was completed, and the weights are those Fit started with.
	FirstEpoch bool
}

// Error names the epoch and step (when Fit saw it) and the loss's value.
func (e *DivergedError) Error() string {
	if e.Epoch == 0 { // from TrainStep, outside Fit
		return fmt.Sprintf("loss is %v; the weights were not updated (try a lower learning rate)", e.Loss)
	}
	if e.FirstEpoch {
		return fmt.Sprintf("epoch %d step %d: loss is %v; no epoch completed, kept the weights it started with (try a lower learning rate)", e.Epoch, e.Step, e.Loss)
	}
	return fmt.Sprintf("epoch %d step %d: loss is %v; kept the weights of the last completed epoch (try a lower learning rate)", e.Epoch, e.Step, e.Loss)
}

// History is what Fit measured at the end of each epoch, like Keras's
// History.history: "loss", the metric's name, and "val_" versions of both.
type History struct {
	Epoch   []int                `json:"epoch"`   // the epochs measured, 1-based
	Metrics map[string][]float64 `json:"history"` // each series, one value per epoch
}

// Keys lists the History's series in Keras's order: loss, metric, val_loss,
// val_metric (metrics other than accuracy and rmse by name).
func (h History) Keys() []string {
	keys := make([]string, 0, len(h.Metrics))
	for k := range h.Metrics {
		keys = append(keys, k)
	}
	rank := func(k string) (bool, int, string) {
		base, val := strings.CutPrefix(k, "val_")
		i := slices.Index([]string{"loss", "accuracy", "rmse"}, base)
		if i < 0 {
			i = 3
		}
		return val, i, base
	}
	slices.SortFunc(keys, func(a, b string) int {
		va, ia, ba := rank(a)
		vb, ib, bb := rank(b)
		if va != vb {
			if va {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(ia, ib), strings.Compare(ba, bb))
	})
	return keys
}

// Last is the value of a series at the last epoch, or NaN.
func (h History) Last(key string) float64 {
	v := h.Metrics[key]
	if len(v) == 0 {
		return math.NaN()
	}
	return v[len(v)-1]
}

// Upto is the part of h up to epoch (included), a copy.
func (h History) Upto(epoch int) History {
	var out History
	for i, e := range h.Epoch {
		if e > epoch {
			break
		}
		out.add(e, h.at(i))
	}
	return out
}

// Join is h followed by next's epochs, a copy: the history of a resumed
// run, next being what Fit returned for it.
func (h History) Join(next History) History {
	out := h.Upto(math.MaxInt)
	for i, e := range next.Epoch {
		out.add(e, next.at(i))
	}
	return out
}

// at is the values of the i-th epoch of h.
func (h History) at(i int) map[string]float64 {
	values := map[string]float64{}
	for k, v := range h.Metrics {
		if i < len(v) {
			values[k] = v[i]
		}
	}
	return values
}

func (h *History) add(epoch int, values map[string]float64) {
	if h.Metrics == nil {
		h.Metrics = map[string][]float64{}
	}
	h.Epoch = append(h.Epoch, epoch)
	for k, v := range values {
		h.Metrics[k] = append(h.Metrics[k], v)
	}
}

// EarlyStopping stops training when the monitored value has not improved by
// MinDelta for Patience epochs, like keras.callbacks.EarlyStopping.
type EarlyStopping struct {
	Monitor            string  // default "val_loss"; lower is better unless it is an accuracy
	Patience           int     // epochs without improvement before stopping
	MinDelta           float64 // the least change that counts as an improvement
	RestoreBestWeights bool    // end with the best epoch's weights rather than the last's
}

// FitOptions are Fit's settings; zero values take Keras's defaults.
type FitOptions struct {
	Epochs    int       // default 1
	BatchSize int       // default 32
	Optimizer Optimizer // required
	Valid     *Data     // validation data, evaluated after each epoch
	Seed      int64     // shuffling seed: the same seed gives the same batches
	NoShuffle bool      // visit the examples in order, every epoch
	// InitialEpoch is the number of epochs already done, when resuming.
	InitialEpoch int
	// Progress receives Keras-style lines: "Epoch 3/30" and, after each
	// epoch, steps, time, time per step and metrics. Nil is silent.
	Progress io.Writer
	// LogEvery prints the epoch lines only every LogEvery epochs (and the
	// first and the last), for long runs of tiny epochs; 0 or 1 prints every
	// epoch.
	LogEvery int
	// ProgressEvery, when positive, also prints a line during an epoch at
	// about that interval, with an estimate of the epoch's length.
	ProgressEvery time.Duration
	// EarlyStopping, when set, stops training as Keras's callback does.
	EarlyStopping *EarlyStopping
	// OnEpochEnd runs after each epoch with the History so far, to save the
	// model or draw curves; an error stops training.
	OnEpochEnd func(epoch int, h History) error
}

// Fit trains the model on train, shuffled each epoch, with minibatches of
// opt.BatchSize (the last one smaller when the size does not divide), like
// Keras's fit. It stops early when ctx is cancelled (returning an error
// wrapping ErrInterrupted), when the loss diverges (*DivergedError), or as
// opt.EarlyStopping says. On an error the model keeps the weights of its
// last completed epoch, and the History covers the completed epochs.
func (m *Model) Fit(ctx context.Context, train Data, opt FitOptions) (History, error) {
	var h History
	n, err := m.Len(train)
	if err != nil {
		return h, fmt.Errorf("training data: %w", err)
	}
	nValid := 0
	if opt.Valid != nil {
		if nValid, err = m.Len(*opt.Valid); err != nil {
			return h, fmt.Errorf("validation data: %w", err)
		}
	}
	if opt.Optimizer == nil {
		return h, errors.New("fit: no optimizer")
	}
	if opt.Epochs <= 0 {
		opt.Epochs = 1
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 32
	}
	batch := min(opt.BatchSize, n)
	steps := (n + batch - 1) / batch
	// Check the targets before the first step, so that a bad label or a
	// size mismatch stops Fit before it changes a weight.
	gr, err := m.graphFor(trainGraph, batch)
	if err != nil {
		return h, err
	}
	if err := m.checkTargets(train, n, gr.outWidth); err != nil {
		return h, fmt.Errorf("training data: %w", err)
	}
	if opt.Valid != nil {
		if err := m.checkTargets(*opt.Valid, nValid, gr.outWidth); err != nil {
			return h, fmt.Errorf("validation data: %w", err)
		}
	}
	// A resumed run (InitialEpoch > 0) of a model loaded with an
	// optimizer's state hands it to a fresh optimizer of the same kind,
	// so that it goes on as the uninterrupted run would have.
	if r := m.resume; r != nil && r.Optimizer != nil && opt.InitialEpoch > 0 {
		if so, ok := opt.Optimizer.(StatefulOptimizer); ok && so.State() == nil && so.Name() == r.Optimizer.Name {
			if err := so.SetState(r.Optimizer); err != nil {
				return h, err
			}
			r.Optimizer = nil
		}
	}
	m.trainOpt = opt.Optimizer
	rng := NewRand(opt.Seed)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	shuffle := func() { rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] }) }
	if !opt.NoShuffle {
		// A resumed run replays the shuffles of the epochs already done, so
		// that its epoch k sees the batches an uninterrupted run would.
		for range opt.InitialEpoch {
			shuffle()
		}
	}
	var met Metric
	if m.newMetric != nil {
		met = m.NewMetric()
	}
	if es := opt.EarlyStopping; es != nil {
		keys := []string{"loss"}
		if met != nil {
			keys = append(keys, met.Name())
		}
		if opt.Valid != nil {
			for _, k := range keys {
				keys = append(keys, "val_"+k)
			}
		}
		if key := cmp.Or(es.Monitor, "val_loss"); !slices.Contains(keys, key) {
			return h, fmt.Errorf("early stopping: no %q in this model's history (have %s)", key, strings.Join(keys, ", "))
		}
	}
	params := m.Params()
	// The copy of the last completed epoch's weights; its buffers are kept
	// on the model for the next Fit, which need not allocate them again.
	saved := snapshot(params, m.saved)
	m.saved = saved
	var best []([]float32)
	bestValue, wait := math.Inf(1), 0

	for epoch := opt.InitialEpoch + 1; epoch <= opt.InitialEpoch+opt.Epochs; epoch++ {
		last := opt.InitialEpoch + opt.Epochs
		logged := opt.Progress != nil && (opt.LogEvery <= 1 || epoch%opt.LogEvery == 0 || epoch == last || epoch == opt.InitialEpoch+1)
		if logged {
			fmt.Fprintf(opt.Progress, "Epoch %d/%d\n", epoch, last)
		}
		if !opt.NoShuffle {
			shuffle()
		}
		if met != nil {
			met.Reset()
		}
		start := time.Now()
		lastNote := start
		var lossSum float64
		for step := 0; step < steps; step++ {
			lo, hi := step*batch, min((step+1)*batch, n)
			gr, loss, err := m.trainStep(train, order[lo:hi], opt.Optimizer, epoch, step+1)
			if div, ok := err.(*DivergedError); ok {
				div.FirstEpoch = epoch == opt.InitialEpoch+1
			}
			if err != nil {
				// The model goes back to the last completed epoch.
				restore(params, saved)
				m.WeightsChanged()
				return h, err
			}
			lossSum += loss * float64(hi-lo)
			if met != nil {
				met.Update(gr.output(), gr.labels, hi-lo, gr.outWidth)
			}
			if ctx.Err() != nil {
				restore(params, saved)
				m.WeightsChanged()
				return h, fmt.Errorf("epoch %d step %d: %w (kept the weights of epoch %d)", epoch, step+1, ErrInterrupted, epoch-1)
			}
			if opt.Progress != nil && opt.ProgressEvery > 0 && time.Since(lastNote) >= opt.ProgressEvery {
				lastNote = time.Now()
				el := time.Since(start)
				eta := time.Duration(float64(el) / float64(step+1) * float64(steps-step-1))
				fmt.Fprintf(opt.Progress, "%*d/%d - %s elapsed - %s/step - about %s left in this epoch - loss: %.4f\n",
					len(fmt.Sprint(steps)), step+1, steps, fmtDuration(el), fmtDuration(el/time.Duration(step+1)), fmtDuration(eta), lossSum/float64(hi))
			}
		}
		elapsed := time.Since(start)
		values := map[string]float64{"loss": lossSum / float64(n)}
		if met != nil {
			values[met.Name()] = met.Result()
		}
		if opt.Valid != nil {
			vl, vm, err := m.Evaluate(*opt.Valid, batch)
			if err != nil {
				return h, fmt.Errorf("validation: %w", err)
			}
			values["val_loss"] = vl
			if met != nil {
				values["val_"+met.Name()] = vm
			}
		}
		h.add(epoch, values)
		saved = snapshot(params, saved)
		if logged {
			fmt.Fprintf(opt.Progress, "%d/%d - %s - %s/step%s\n", steps, steps, fmtDuration(elapsed),
				fmtDuration(elapsed/time.Duration(steps)), metricsLine(h))
		}
		if opt.OnEpochEnd != nil {
			if err := opt.OnEpochEnd(epoch, h); err != nil {
				return h, err
			}
		}
		if es := opt.EarlyStopping; es != nil {
			key := es.Monitor
			if key == "" {
				key = "val_loss"
			}
			v, ok := values[key]
			if !ok {
				return h, fmt.Errorf("early stopping: no %q in this model's history (have %s)", key, strings.Join(h.Keys(), ", "))
			}
			if strings.HasSuffix(key, "accuracy") {
				v = -v
			}
			if v < bestValue-es.MinDelta {
				bestValue, wait = v, 0
				if es.RestoreBestWeights {
					best = snapshot(params, best)
				}
			} else if wait++; wait >= es.Patience {
				if es.RestoreBestWeights && best != nil {
					restore(params, best)
					m.WeightsChanged()
				}
				if opt.Progress != nil {
					fmt.Fprintf(opt.Progress, "Epoch %d: early stopping\n", epoch)
				}
				break
			}
		}
	}
	return h, nil
}

// TrainStep runs one training step on the examples idx of d, as Fit does
// for each of its minibatches: it copies them into the graph for
// len(idx) examples (built at the first call of that size, then reused),
// runs the forward and backward passes in training mode (with dropout),
// and, if the loss is a finite number, has opt update the trainable
// weights. It returns the loss, the mean over the examples. opt keeps its
// state (momentum, Adam's moments) from one call to the next: pass the same
// one at every step. A non-finite loss returns a *DivergedError and leaves
// the weights as they were; Fit, which runs its steps through TrainStep,
// then also puts back the weights of the last completed epoch.
func (m *Model) TrainStep(d Data, idx []int, opt Optimizer) (loss float64, err error) {
	_, loss, err = m.trainStep(d, idx, opt, 0, 0)
	return loss, err
}

// trainStep is TrainStep, returning the graph too, so that Fit can update
// its metric from the step's output. epoch and step (from 1; 0 outside
// Fit) go into the errors.
func (m *Model) trainStep(d Data, idx []int, opt Optimizer, epoch, step int) (*graph, float64, error) {
	if opt == nil {
		return nil, 0, errors.New("training step: no optimizer")
	}
	if len(idx) == 0 {
		return nil, 0, errors.New("training step: no examples")
	}
	n, err := m.Len(d)
	if err != nil {
		return nil, 0, fmt.Errorf("training data: %w", err)
	}
	for _, j := range idx {
		if j < 0 || j >= n {
			return nil, 0, fmt.Errorf("training data: example %d of %d", j, n)
		}
	}
	gr, err := m.graphFor(trainGraph, len(idx))
	if err != nil {
		return nil, 0, err
	}
	m.WeightsChanged()
	if err := gr.load(m, d, idx, true); err != nil {
		return nil, 0, fmt.Errorf("training data: %w", err)
	}
	// With a plain SGD, the run updates the kernels it can itself (see
	// dense_sgd.go), when the loss is finite; switched off again after
	// the run, so that other runs of the graph (gradient checks) leave the
	// weights alone.
	fused := gr.useSGD(opt)
	err = gr.run()
	if fused {
		gr.sgd.on = false
	}
	if err != nil {
		if epoch > 0 {
			return nil, 0, fmt.Errorf("epoch %d step %d: %w", epoch, step, err)
		}
		return nil, 0, fmt.Errorf("model %s: training step: %w", m.Name, err)
	}
	loss, err := gr.lossValue()
	if err != nil {
		return nil, 0, err
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return nil, loss, &DivergedError{Epoch: epoch, Step: step, Loss: loss}
	}
	params, grads := gr.trainable, gr.grads
	if fused {
		params, grads = gr.restParams, gr.restGrads
	}
	if err := opt.Step(params, grads); err != nil {
		return nil, loss, err
	}
	return gr, loss, nil
}

func metricsLine(h History) string {
	var b strings.Builder
	for _, k := range h.Keys() {
		fmt.Fprintf(&b, " - %s: %.4f", k, h.Last(k))
	}
	return b.String()
}

func fmtDuration(d time.Duration) string {
	switch {
	case d >= time.Minute:
		return d.Round(time.Second).String()
	case d >= time.Second:
		return fmt.Sprintf("%ds", int(d.Round(time.Second)/time.Second))
	case d >= time.Millisecond:
		return fmt.Sprintf("%dms", int(d.Round(time.Millisecond)/time.Millisecond))
	default:
		return fmt.Sprintf("%dus", int(d.Round(time.Microsecond)/time.Microsecond))
	}
}

// snapshot copies the parameters' values into dst, (re)allocated when nil
// or of other sizes.
func snapshot(params []*Param, dst [][]float32) [][]float32 {
	if len(dst) != len(params) {
		dst = make([][]float32, len(params))
	}
	for i, p := range params {
		if len(dst[i]) != p.Size() {
			dst[i] = make([]float32, p.Size())
		}
		copy(dst[i], p.Data())
	}
	return dst
}

func restore(params []*Param, src [][]float32) {
	for i, p := range params {
		copy(p.Data(), src[i])
	}
}

func nanFloat() float64 { return math.NaN() }
