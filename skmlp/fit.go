package skmlp

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/gozoo/gozoo/data"
)

// ErrInterrupted is Fit's error when its context ends; the model keeps the
// epochs completed before.
var ErrInterrupted = errors.New("skmlp: training interrupted")

// Result is what one Fit did.
type Result struct {
	// LossCurve is each epoch's training loss (scikit-learn's loss_curve_
	// for a fresh model).
	LossCurve []float64
	// BestLoss is the lowest epoch loss so far (best_loss_).
	BestLoss float64
	// Converged is true when the stopping rule ended training, false when
	// MaxIter did.
	Converged bool
	// Message is scikit-learn's: the stopping rule's message when it
	// stopped, or the ConvergenceWarning's when MaxIter was reached first.
	Message string
}

// Fit trains on the rows of X with targets Y (for a classifier, one-hot
// rows: scikit-learn's LabelBinarizer; see OneHot) for up to
// Config.MaxIter epochs, as scikit-learn's fit does with the adam solver
// (see the package documentation). onEpoch, if not nil, is called after
// every epoch with the epochs trained and the epoch's loss; an error from
// it stops training and is returned.
//
// On a fresh model Fit is scikit-learn's fit. On a model trained already
// it continues as warm_start=True does: the weights, the best loss and the
// no-improvement count carry on, while the generator, the sample order and
// Adam start afresh.
func (m *Model) Fit(ctx context.Context, X, Y [][]float64, onEpoch func(epoch int, loss float64) error) (Result, error) {
	if err := m.checkRows(X); err != nil {
		return Result{}, err
	}
	n := len(X)
	if n == 0 {
		return Result{}, errors.New("skmlp: no rows to train on")
	}
	if len(Y) != n {
		return Result{}, fmt.Errorf("skmlp: %d rows but %d targets", n, len(Y))
	}
	outs := m.Units[len(m.Units)-1]
	for i, y := range Y {
		if len(y) != outs {
			return Result{}, fmt.Errorf("skmlp: target %d has %d values, the model has %d outputs", i, len(y), outs)
		}
		for _, v := range y {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Result{}, fmt.Errorf("skmlp: target %d is %v", i, v)
			}
		}
	}
	cfg := m.Config
	if err := cfg.check(); err != nil {
		return Result{}, err
	}
	if m.epochs > 0 || m.rs == nil { // warm start: check_random_state(random_state) anew
		m.rs = data.NewRandomState(cfg.Seed)
	}
	if m.epochs == 0 {
		m.best, m.stale = math.Inf(1), 0
	}
	batch := cfg.Batch(n)
	params := m.Params()
	opt := newAdam(cfg, params)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	next := make([]int, n)
	res := Result{}
	for range cfg.MaxIter {
		// sample_idx = shuffle(sample_idx, random_state): the last order,
		// permuted by random_state.permutation(n).
		for i, p := range m.rs.Permutation(n) {
			next[i] = order[p]
		}
		order, next = next, order
		sum := 0.0
		for start := 0; start < n; start += batch {
			if err := ctx.Err(); err != nil {
				return res, fmt.Errorf("%w: %w", ErrInterrupted, err)
			}
			end := min(start+batch, n)
			gr, err := m.trainGraph(end - start)
			if err != nil {
				return res, err
			}
			gr.load(X, Y, order[start:end])
			if err := gr.run(); err != nil {
				return res, err
			}
			sum += gr.loss.Value().Data().(float64) * float64(end-start)
			grads := make([][]float64, len(gr.grads))
			for i, g := range gr.grads {
				grads[i] = g.Value().Data().([]float64)
			}
			opt.step(params, grads)
		}
		m.epochs++
		loss := sum / float64(n)
		res.LossCurve = append(res.LossCurve, loss)
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			return res, fmt.Errorf("skmlp: epoch %d: the loss is %v", m.epochs, loss)
		}
		if loss > m.best-cfg.Tol {
			m.stale++
		} else {
			m.stale = 0
		}
		m.best = math.Min(m.best, loss)
		res.BestLoss = m.best
		if onEpoch != nil {
			if err := onEpoch(m.epochs, loss); err != nil {
				return res, err
			}
		}
		if m.stale > cfg.NoChange {
			res.Converged = true
			res.Message = fmt.Sprintf("Training loss did not improve more than tol=%f for %d consecutive epochs.", cfg.Tol, cfg.NoChange)
			return res, nil
		}
		if m.epochs == cfg.MaxIter {
			res.Message = fmt.Sprintf("Stochastic Optimizer: Maximum iterations (%d) reached and the optimization hasn't converged yet.", cfg.MaxIter)
		}
	}
	return res, nil
}

func (m *Model) trainGraph(batch int) (*graph, error) {
	if gr, ok := m.train[batch]; ok {
		return gr, nil
	}
	gr, err := m.build(batch, true)
	if err != nil {
		return nil, err
	}
	m.train[batch] = gr
	return gr, nil
}

// adam is scikit-learn's AdamOptimizer.
type adam struct {
	lr, beta1, beta2, eps float64
	t                     int
	ms, vs                [][]float64
}

func newAdam(cfg Config, params [][]float64) *adam {
	a := &adam{lr: cfg.LearningRate, beta1: cfg.Beta1, beta2: cfg.Beta2, eps: cfg.Epsilon}
	for _, p := range params {
		a.ms = append(a.ms, make([]float64, len(p)))
		a.vs = append(a.vs, make([]float64, len(p)))
	}
	return a
}

// step is _get_updates and update_params: the moments, the step size with
// its bias correction, and params += -lr_t * m / (sqrt(v) + eps), with
// scikit-learn's operations in scikit-learn's order. (1 - beta) is computed
// at run time, as Python does, not folded as a constant.
func (a *adam) step(params, grads [][]float64) {
	a.t++
	c1, c2 := 1-a.beta1, 1-a.beta2
	lr := a.lr * math.Sqrt(1-math.Pow(a.beta2, float64(a.t))) / (1 - math.Pow(a.beta1, float64(a.t)))
	for i, p := range params {
		g, ms, vs := grads[i], a.ms[i], a.vs[i]
		for j := range p {
			ms[j] = a.beta1*ms[j] + c1*g[j]
			vs[j] = a.beta2*vs[j] + c2*(g[j]*g[j])
			p[j] += -lr * ms[j] / (math.Sqrt(vs[j]) + a.eps)
		}
	}
}

// predictBatch bounds the rows of the inference graph; longer inputs are
// run in chunks, the last one padded.
const predictBatch = 1024

// Predict returns the model's output for each row of X: the predicted
// values of a regressor, the class probabilities of a classifier
// (predict_proba).
func (m *Model) Predict(X [][]float64) ([][]float64, error) {
	if err := m.checkRows(X); err != nil {
		return nil, err
	}
	out := make([][]float64, len(X))
	if len(X) == 0 {
		return out, nil
	}
	batch := min(len(X), predictBatch)
	if m.infer == nil || m.infer.batch != batch {
		gr, err := m.build(batch, false)
		if err != nil {
			return nil, err
		}
		m.infer = gr
	}
	gr := m.infer
	outs := m.Units[len(m.Units)-1]
	idx := make([]int, 0, batch)
	for start := 0; start < len(X); start += batch {
		end := min(start+batch, len(X))
		idx = idx[:0]
		for i := start; i < end; i++ {
			idx = append(idx, i)
		}
		gr.load(X, nil, idx)
		if err := gr.run(); err != nil {
			return nil, err
		}
		v := gr.out.Value().Data().([]float64)
		for r := range end - start {
			out[start+r] = append([]float64(nil), v[r*outs:(r+1)*outs]...)
		}
	}
	return out, nil
}

// PredictClasses returns the most probable class of each row (argmax of
// Predict, the first on a tie, as numpy's argmax).
func (m *Model) PredictClasses(X [][]float64) ([]int, error) {
	p, err := m.Predict(X)
	if err != nil {
		return nil, err
	}
	cls := make([]int, len(p))
	for i, row := range p {
		for j, v := range row {
			if v > row[cls[i]] {
				cls[i] = j
			}
		}
	}
	return cls, nil
}

// OneHot returns the one-hot rows of labels 0..classes-1, as scikit-learn's
// LabelBinarizer makes them for three classes or more.
func OneHot(labels []int, classes int) ([][]float64, error) {
	buf := make([]float64, len(labels)*classes)
	out := make([][]float64, len(labels))
	for i, c := range labels {
		if c < 0 || c >= classes {
			return nil, fmt.Errorf("skmlp: label %d of row %d is not in 0..%d", c, i, classes-1)
		}
		out[i] = buf[i*classes : (i+1)*classes : (i+1)*classes]
		out[i][c] = 1
	}
	return out, nil
}

func (m *Model) checkRows(X [][]float64) error {
	for i, row := range X {
		if len(row) != m.Units[0] {
			return fmt.Errorf("skmlp: row %d has %d features, the model takes %d", i, len(row), m.Units[0])
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("skmlp: row %d feature %d is %v", i, j, v)
			}
		}
	}
	return nil
}
