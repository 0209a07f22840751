// Package perceptron is the notebook's section 1.3: a threshold logic unit
// (TLU), z = x·w + b followed by the Heaviside step, trained with the
// perceptron rule one instance at a time. It reproduces scikit-learn's
// Perceptron(random_state=42) cell on iris petal length and width with
// y = setosa, which classifies [2, 0.5] as setosa and [3, 1] as not.
//
// The graph is built once with Gorgonia (see build); the rule's update is the
// gradient Gorgonia computes for the perceptron criterion, applied by
// Gorgonia's plain SGD solver.
package perceptron

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gozoo/gozoo/nn"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Kind names this model in saved files.
const Kind = "perceptron"

// Config holds the training hyper-parameters, named after scikit-learn's.
type Config struct {
	// LearningRate is eta, the step of the perceptron rule (sklearn's eta0).
	LearningRate float64 `json:"learning_rate"`
	// MaxEpochs bounds the passes over the data (sklearn's max_iter).
	MaxEpochs int `json:"max_epochs"`
	// Tol and NoChange are sklearn's stopping rule: training stops once the
	// epoch's summed loss has failed NoChange epochs in a row to beat the
	// best so far by Tol per instance. NoChange 0 turns the rule off.
	Tol      float64 `json:"tol"`
	NoChange int     `json:"n_iter_no_change"`
	// Seed drives the shuffling of each epoch (the weights start at zero).
	Seed int64 `json:"seed"`
}

// DefaultConfig is scikit-learn's Perceptron(random_state=42): eta0=1,
// max_iter=1000, tol=1e-3, n_iter_no_change=5.
func DefaultConfig() Config {
	return Config{LearningRate: 1, MaxEpochs: 1000, Tol: 1e-3, NoChange: 5, Seed: 42}
}

func (c Config) check() error {
	switch {
	case !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 1):
		return fmt.Errorf("perceptron: learning rate %v: must be a positive number", c.LearningRate)
	case c.MaxEpochs < 0:
		return fmt.Errorf("perceptron: max epochs %d: must be 0 or more", c.MaxEpochs)
	case math.IsNaN(c.Tol) || math.IsInf(c.Tol, 0):
		return fmt.Errorf("perceptron: tol %v: must be a finite number", c.Tol)
	case c.NoChange < 0:
		return fmt.Errorf("perceptron: n_iter_no_change %d: must be 0 (off) or more", c.NoChange)
	}
	return nil
}

// Model is one TLU. Its weights live in nn.Params shared by the training
// graph and the inference graphs, so an update is seen by all of them.
type Model struct {
	// Config is the training set-up; Fit reads it on every call.
	Config Config
	// W is the weight column, shape (features, 1); B the bias, shape (1,).
	W, B *nn.Param

	features int
	net      *nn.Model // carries W and B through nn's model file format
	rng      *rand.Rand
	train    *graph
	infer    map[int]*graph
	history  nn.History
}

// New makes a TLU over the given number of input features, with zero
// weights and bias as scikit-learn starts.
func New(cfg Config, features int) (*Model, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if features <= 0 {
		return nil, fmt.Errorf("perceptron: %d features: need at least one", features)
	}
	m := &Model{
		Config:   cfg,
		W:        nn.NewParam("tlu/kernel", true, features, 1),
		B:        nn.NewParam("tlu/bias", true, 1),
		features: features,
		rng:      nn.NewRand(cfg.Seed),
		infer:    map[int]*graph{},
	}
	m.net = nn.NewModel(Kind, []nn.Input{{Name: "x", Shape: []int{features}}},
		[]nn.Layer{tlu{m}}, nil, nil, nil, cfg.Seed)
	return m, nil
}

// Features is the number of inputs the TLU takes.
func (m *Model) Features() int { return m.features }

// graph is one expression graph of the TLU for a fixed batch size. Its
// input nodes are backed by x and y, which are refilled before each run.
type graph struct {
	x, y       []float32
	w, b       *G.Node
	yhat, loss *G.Node
	vm         G.VM
}

// build is the whole model. For training (batch 1) it adds the perceptron
// criterion and its gradient:
//
//	z    = x·w + b
//	ŷ    = step(z)              1 if z >= 0, else 0 (Heaviside)
//	loss = Σ (ŷ - y) z          = max(0, -(2y-1) z): |z| when wrong, 0 when right
//
// Gorgonia's comparison ops have no derivative, so ŷ is a constant to
// Grad and
//
//	∂loss/∂w = (ŷ - y) x,   ∂loss/∂b = ŷ - y.
//
// One SGD step w ← w - η ∂loss/∂w is therefore w ← w + η (y - ŷ) x and
// b ← b + η (y - ŷ): the perceptron rule, which moves the weights only when
// the instance is misclassified. This is scikit-learn's Perceptron too: an
// SGDClassifier with loss="perceptron" (max(0, -y z) with y = ±1), eta0 = 1,
// no regularization, shuffling each epoch, stopping when the summed loss has
// not improved by tol = 1e-3 (per instance) for n_iter_no_change = 5 epochs
// or after max_iter = 1000 (see Fit). One difference: sklearn also updates
// when z = 0 and y = 1, where the step already answers 1; here ŷ decides, as
// in the rule.
func (m *Model) build(batch int, training bool) (gr *graph, err error) {
	defer func() { // G.Must panics on a shape error: a bug, but report it as one line
		if r := recover(); r != nil {
			gr, err = nil, fmt.Errorf("perceptron: building the graph: %v", r)
		}
	}()
	g := G.NewGraph()
	gr = &graph{x: make([]float32, batch*m.features)}
	x := G.NodeFromAny(g, tensor.New(tensor.WithShape(batch, m.features), tensor.WithBacking(gr.x)), G.WithName("x"))
	gr.w = G.NodeFromAny(g, m.W.Value, G.WithName("w"))
	gr.b = G.NodeFromAny(g, m.B.Value, G.WithName("b"))
	z := G.Must(G.BroadcastAdd(G.Must(G.Mul(x, gr.w)), gr.b, nil, []byte{0})) // (batch, 1)
	gr.yhat = G.Must(G.Gte(z, G.NewConstant(float32(0)), true))
	if !training {
		gr.vm = G.NewTapeMachine(g)
		return gr, nil
	}
	gr.y = make([]float32, batch)
	y := G.NodeFromAny(g, tensor.New(tensor.WithShape(batch, 1), tensor.WithBacking(gr.y)), G.WithName("y"))
	gr.loss = G.Must(G.Sum(G.Must(G.HadamardProd(G.Must(G.Sub(gr.yhat, y)), z))))
	if _, err := G.Grad(gr.loss, gr.w, gr.b); err != nil {
		return nil, fmt.Errorf("perceptron: gradient: %w", err)
	}
	gr.vm = G.NewTapeMachine(g, G.BindDualValues(gr.w, gr.b))
	return gr, nil
}

// forward runs the training graph on one instance and returns its loss;
// the gradients are left on the w and b nodes.
func (m *Model) forward(x []float64, y bool) (float64, error) {
	if m.train == nil {
		var err error
		if m.train, err = m.build(1, true); err != nil {
			return 0, err
		}
	}
	gr := m.train
	for j, v := range x {
		gr.x[j] = float32(v)
	}
	gr.y[0] = b2f(y)
	// The tape machine adds each run's gradients to the last ones; the
	// solver zeroes them after a step, but start clean in any case.
	for _, n := range []*G.Node{gr.w, gr.b} {
		if g, err := n.Grad(); err == nil && g != nil {
			g.(*tensor.Dense).Zero()
		}
	}
	gr.vm.Reset()
	if err := gr.vm.RunAll(); err != nil {
		return 0, fmt.Errorf("perceptron: %w", err)
	}
	return float64(gr.loss.Value().Data().(float32)), nil
}

// Fit trains on the rows of X with labels y for up to Config.MaxEpochs
// epochs, continuing from the current weights. Each epoch visits the rows in
// a new random order, one at a time, and applies the perceptron rule after
// each; it stops early by scikit-learn's rule (see Config). It returns the
// number of epochs run; History has each epoch's loss and accuracy.
func (m *Model) Fit(X [][]float64, y []bool) (int, error) {
	if err := m.Config.check(); err != nil {
		return 0, err
	}
	if err := m.checkRows(X); err != nil {
		return 0, err
	}
	if len(X) != len(y) {
		return 0, fmt.Errorf("perceptron: %d rows but %d labels", len(X), len(y))
	}
	n := len(X)
	solver := G.NewVanillaSolver(G.WithLearnRate(m.Config.LearningRate))
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	m.history = nn.History{Metrics: map[string][]float64{}}
	best, stale := math.Inf(1), 0
	for epoch := 1; epoch <= m.Config.MaxEpochs; epoch++ {
		m.rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		sum, right := 0.0, 0
		for _, i := range order {
			loss, err := m.forward(X[i], y[i])
			if err != nil {
				return epoch - 1, err
			}
			sum += loss
			// ∂loss/∂b = ŷ - y is zero exactly when the TLU was right. (ŷ's
			// own node may have been overwritten in place by ŷ - y.)
			if gb, err := m.train.b.Grad(); err == nil && gb.Data().([]float32)[0] == 0 {
				right++
			}
			if err := solver.Step(G.NodesToValueGrads(G.Nodes{m.train.w, m.train.b})); err != nil {
				return epoch - 1, fmt.Errorf("perceptron: update: %w", err)
			}
		}
		m.history.Epoch = append(m.history.Epoch, epoch)
		m.history.Metrics["loss"] = append(m.history.Metrics["loss"], sum/float64(n))
		m.history.Metrics["accuracy"] = append(m.history.Metrics["accuracy"], float64(right)/float64(n))
		// scikit-learn's _plain_sgd: an epoch that fails to beat the best
		// summed loss by tol*n counts as no improvement.
		if m.Config.NoChange > 0 {
			if sum > best-m.Config.Tol*float64(n) {
				stale++
			} else {
				stale = 0
			}
			best = math.Min(best, sum)
			if stale >= m.Config.NoChange {
				return epoch, nil
			}
		}
	}
	return m.Config.MaxEpochs, nil
}

// History is what the last Fit measured per epoch: "loss", the mean
// perceptron criterion over the epoch's instances, and "accuracy", the
// fraction of them the TLU got right before its update.
func (m *Model) History() nn.History { return m.history }

// predictBatch bounds the rows of an inference graph; longer inputs are
// classified in chunks, the last one padded.
const predictBatch = 256

// Predict classifies each row of X: true where x·w + b >= 0.
func (m *Model) Predict(X [][]float64) ([]bool, error) {
	if err := m.checkRows(X); err != nil {
		return nil, err
	}
	out := make([]bool, len(X))
	if len(X) == 0 {
		return out, nil
	}
	batch := min(len(X), predictBatch)
	gr, ok := m.infer[batch]
	if !ok {
		var err error
		if gr, err = m.build(batch, false); err != nil {
			return nil, err
		}
		m.infer[batch] = gr
	}
	for start := 0; start < len(X); start += batch {
		rows := X[start:min(start+batch, len(X))]
		clear(gr.x)
		for r, row := range rows {
			for j, v := range row {
				gr.x[r*m.features+j] = float32(v)
			}
		}
		gr.vm.Reset()
		if err := gr.vm.RunAll(); err != nil {
			return nil, fmt.Errorf("perceptron: %w", err)
		}
		yhat := gr.yhat.Value().Data().([]float32)
		for r := range rows {
			out[start+r] = yhat[r] == 1
		}
	}
	return out, nil
}

// Weights returns a copy of w and the bias b.
func (m *Model) Weights() (w []float64, b float64) {
	for _, v := range m.W.Data() {
		w = append(w, float64(v))
	}
	return w, float64(m.B.Data()[0])
}

func (m *Model) checkRows(X [][]float64) error {
	for i, row := range X {
		if len(row) != m.features {
			return fmt.Errorf("perceptron: row %d has %d features, the model takes %d", i, len(row), m.features)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("perceptron: row %d feature %d is %v", i, j, v)
			}
		}
	}
	return nil
}

func b2f(b bool) float32 {
	if b {
		return 1
	}
	return 0
}

// tlu is the model as an nn.Layer, so nn's model files can hold it.
type tlu struct{ m *Model }

func (t tlu) Name() string        { return "tlu" }
func (t tlu) Type() string        { return "TLU" }
func (t tlu) Params() []*nn.Param { return []*nn.Param{t.m.W, t.m.B} }

// savedConfig is what a model file records to rebuild the model.
type savedConfig struct {
	Config
	Features int `json:"features"`
}

// Save writes the weights, the config and the epochs trained to path,
// atomically, in nn's model file format.
func (m *Model) Save(path string, epochs int) error {
	return m.net.Save(path, Kind, savedConfig{Config: m.Config, Features: m.features}, epochs)
}

// Load reads a model written by Save; it also returns the epochs trained.
// A file of another model, or a corrupt one, gives an error naming path.
func Load(path string) (*Model, int, error) {
	return nn.Load(path, Kind, func(cfg savedConfig) (*Model, *nn.Model, error) {
		m, err := New(cfg.Config, cfg.Features)
		if err != nil {
			return nil, nil, err
		}
		return m, m.net, nil
	})
}
