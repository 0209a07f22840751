// Package perceptron is the notebook's section 1.3: a threshold logic unit
// (TLU), z = x·w + b followed by the Heaviside step, trained with the
// perceptron rule one instance at a time. It reproduces scikit-learn's
// Perceptron(random_state=42) cell on iris petal length and width with
// y = setosa exactly: the same visiting order, the same float64 updates, the
// same stopping epoch (7), the same weights (w = [-1.4 -2.2], b = 4), and so
// the notebook's predictions, [2, 0.5] setosa and [3, 1] not.
//
// The graph is built once with Gorgonia in float64 (see build); the rule's
// update is the gradient Gorgonia computes for the perceptron criterion,
// applied by Gorgonia's plain SGD solver. The order in which each epoch
// visits the rows is scikit-learn's (see sklearnOrder).
package perceptron

import (
	"context"
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/gozoo/gozoo/data"
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
	// Seed drives the shuffling of each epoch (the weights start at zero):
	// scikit-learn's random_state, an integer in [0, 2^32).
	Seed int64 `json:"seed"`
}

// DefaultConfig is scikit-learn's Perceptron(random_state=42), the
// notebook's Recipe: eta0=1, max_iter=1000, tol=1e-3, n_iter_no_change=5.
func DefaultConfig() Config {
	r := Recipe()
	return Config{LearningRate: r.LearningRate, MaxEpochs: r.Epochs, Tol: r.Stop.MinDelta, NoChange: r.Stop.Patience, Seed: r.Seed}
}

func (c Config) check() error {
	switch {
	case !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 1):
		return fmt.Errorf("perceptron: learning rate %v: must be a positive number", c.LearningRate)
	case c.MaxEpochs < 0 || c.MaxEpochs > nn.MaxEpochs:
		return fmt.Errorf("perceptron: max epochs %d: must be 0 to %d", c.MaxEpochs, nn.MaxEpochs)
	case math.IsNaN(c.Tol) || math.IsInf(c.Tol, 0):
		return fmt.Errorf("perceptron: tol %v: must be a finite number", c.Tol)
	case c.NoChange < 0:
		return fmt.Errorf("perceptron: n_iter_no_change %d: must be 0 (off) or more", c.NoChange)
	case c.Seed < 0 || c.Seed > math.MaxUint32:
		return fmt.Errorf("perceptron: seed %d: scikit-learn's random_state must lie in [0, 2^32)", c.Seed)
	}
	return nil
}

// Model is one TLU. Its float64 weights are shared by the training graph and
// the inference graphs, so an update is seen by all of them.
type Model struct {
	// Config is the training set-up; Fit reads it on every call.
	Config Config
	// W is the weight column, shape (features, 1); B the bias, shape (1,):
	// float64 tensors, as scikit-learn's coef_ and intercept_.
	W, B *tensor.Dense

	features int
	train    *graph
	infer    map[int]*graph
	inferMu  sync.Mutex // Predict's graphs run one at a time
	// fromFloat32 is set by Build for a file without float64 weights,
	// whose float32 ones the tlu's Refresh copies in.
	fromFloat32 bool
}

// New makes a TLU over the given number of input features, with zero
// weights and bias as scikit-learn starts.
func New(cfg Config, features int) (*Model, error) {
	if _, err := (Saved{Config: cfg, Features: features}).ParamCount(); err != nil {
		return nil, err
	}
	m := &Model{
		Config:   cfg,
		W:        tensor.New(tensor.WithShape(features, 1), tensor.Of(tensor.Float64)),
		B:        tensor.New(tensor.WithShape(1), tensor.Of(tensor.Float64)),
		features: features,
		infer:    map[int]*graph{},
	}
	return m, nil
}

// Features is the number of inputs the TLU takes.
func (m *Model) Features() int { return m.features }

// graph is one expression graph of the TLU for a fixed batch size. Its
// input nodes are backed by x and y, which are refilled before each run.
type graph struct {
	x, y           []float64
	w, b           *G.Node
	z, wrong, loss *G.Node
	vm             G.VM
}

// build is the whole model. For training (batch 1) it adds scikit-learn's
// perceptron criterion, its Hinge loss with threshold 0 on labels y = ±1,
// and the criterion's gradient:
//
//	z     = x·w + b
//	wrong = 1 if y z <= 0, else 0   (a zero margin counts as wrong, as in sklearn)
//	loss  = -wrong · y z            = max(0, -y z)
//
// Gorgonia's comparison ops have no derivative, so wrong is a constant to
// Grad and
//
//	∂loss/∂w = -wrong y x,   ∂loss/∂b = -wrong y.
//
// One SGD step w ← w - η ∂loss/∂w is therefore w ← w + η y x and
// b ← b + η y on a wrong instance, nothing on a right one: the perceptron
// rule, and _plain_sgd's update (-η dloss, dloss = -y) to the bit for η = 1,
// since every product by ±1 is exact.
func (m *Model) build(batch int, training bool) (gr *graph, err error) {
	defer func() { // G.Must panics on a shape error: a bug, but report it as one line
		if r := recover(); r != nil {
			gr, err = nil, fmt.Errorf("perceptron: building the graph: %v", r)
		}
	}()
	g := G.NewGraph()
	gr = &graph{x: make([]float64, batch*m.features)}
	x := G.NodeFromAny(g, tensor.New(tensor.WithShape(batch, m.features), tensor.WithBacking(gr.x)), G.WithName("x"))
	gr.w = G.NodeFromAny(g, m.W, G.WithName("w"))
	gr.b = G.NodeFromAny(g, m.B, G.WithName("b"))
	gr.z = G.Must(G.BroadcastAdd(G.Must(G.Mul(x, gr.w)), gr.b, nil, []byte{0})) // (batch, 1)
	if !training {
		gr.vm = G.NewTapeMachine(g)
		return gr, nil
	}
	gr.y = make([]float64, batch)
	y := G.NodeFromAny(g, tensor.New(tensor.WithShape(batch, 1), tensor.WithBacking(gr.y)), G.WithName("y"))
	margin := G.Must(G.HadamardProd(y, gr.z))
	gr.wrong = G.Must(G.Lte(margin, G.NewConstant(0.0), true))
	gr.loss = G.Must(G.Neg(G.Must(G.Sum(G.Must(G.HadamardProd(gr.wrong, margin))))))
	if _, err := G.Grad(gr.loss, gr.w, gr.b); err != nil {
		return nil, fmt.Errorf("perceptron: gradient: %w", err)
	}
	gr.vm = G.NewTapeMachine(g, G.BindDualValues(gr.w, gr.b))
	return gr, nil
}

// forward runs the training graph on one instance and returns its loss and
// whether it was right (a positive margin); the gradients are left on the w
// and b nodes.
func (m *Model) forward(x []float64, y bool) (loss float64, right bool, err error) {
	if m.train == nil {
		if m.train, err = m.build(1, true); err != nil {
			return 0, false, err
		}
	}
	gr := m.train
	copy(gr.x, x)
	gr.y[0] = -1
	if y {
		gr.y[0] = 1
	}
	// The tape machine adds each run's gradients to the last ones; the
	// solver zeroes them after a step, but start clean in any case.
	for _, n := range []*G.Node{gr.w, gr.b} {
		if g, err := n.Grad(); err == nil && g != nil {
			g.(*tensor.Dense).Zero()
		}
	}
	gr.vm.Reset()
	if err := gr.vm.RunAll(); err != nil {
		return 0, false, fmt.Errorf("perceptron: %w", err)
	}
	// ∂loss/∂b = -wrong y is zero exactly when the TLU was right.
	gb, err := gr.b.Grad()
	if err != nil {
		return 0, false, fmt.Errorf("perceptron: %w", err)
	}
	return gr.loss.Value().Data().(float64), gb.Data().([]float64)[0] == 0, nil
}

// sklearnSeeds returns the seed scikit-learn's Perceptron(random_state=seed)
// shuffles with: fit_binary's RandomState(seed) first draws
// randint(1, 2^31-1) for make_dataset's dataset (which only uses it for
// sampling with replacement, not here), then randint(2^31-1) for _plain_sgd.
func sklearnSeed(seed int64) (uint32, error) {
	rs := data.NewRandomState(uint32(seed))
	if _, err := rs.Intn(1, math.MaxInt32); err != nil {
		return 0, err
	}
	s, err := rs.Intn(0, math.MaxInt32)
	return uint32(s), err
}

// sklearnShuffle is SequentialDataset.shuffle(seed): a Fisher-Yates pass,
// upwards, drawing from sklearn's xorshift our_rand_r. The seed is passed by
// value, so every epoch applies the same swaps to the order the last epoch
// left: the epochs' orders are powers of one permutation.
func sklearnShuffle(order []int, seed uint32) {
	n := uint32(len(order))
	for i := uint32(0); i+1 < n; i++ {
		j := i + ourRandR(&seed)%(n-i)
		order[i], order[j] = order[j], order[i]
	}
}

// ourRandR is scikit-learn's our_rand_r (utils/_random.pxd): xorshift32,
// folded to [0, 2^31).
func ourRandR(seed *uint32) uint32 {
	if *seed == 0 {
		*seed = 1
	}
	*seed ^= *seed << 13
	*seed ^= *seed >> 17
	*seed ^= *seed << 5
	return *seed % (1 << 31)
}

// Fit trains on the rows of X with labels y for up to Config.MaxEpochs
// epochs, continuing from the current weights, as scikit-learn's
// _plain_sgd does: each epoch shuffles the visiting order (sklearnShuffle),
// visits the rows one at a time and applies the perceptron rule after each;
// it stops once the epoch's summed loss has failed NoChange epochs in a row
// to beat the best so far by Tol per instance. It returns the History of
// the epochs run (their number is len(History.Epoch)): "loss", the mean
// perceptron criterion over the epoch's instances (sklearn's "Avg. loss"),
// and "accuracy", the fraction of them the TLU got right (a positive
// margin) before its update. ctx is checked between epochs: once it is
// cancelled, Fit returns the History so far and an error wrapping
// nn.ErrInterrupted, the model keeping the weights of the last epoch done.
func (m *Model) Fit(ctx context.Context, X [][]float64, y []bool) (nn.History, error) {
	h := nn.History{Metrics: map[string][]float64{}}
	if err := m.Config.check(); err != nil {
		return h, err
	}
	if err := m.checkRows(X); err != nil {
		return h, err
	}
	if len(X) != len(y) {
		return h, fmt.Errorf("perceptron: %d rows but %d labels", len(X), len(y))
	}
	n := len(X)
	seed, err := sklearnSeed(m.Config.Seed)
	if err != nil {
		return h, fmt.Errorf("perceptron: %w", err)
	}
	solver := G.NewVanillaSolver(G.WithLearnRate(m.Config.LearningRate))
	// Each fit makes a new dataset, whose index starts in row order.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	best, stale := math.Inf(1), 0
	for epoch := 1; epoch <= m.Config.MaxEpochs; epoch++ {
		if ctx.Err() != nil {
			return h, fmt.Errorf("perceptron: epoch %d: %w (kept the weights of epoch %d)", epoch, nn.ErrInterrupted, epoch-1)
		}
		sklearnShuffle(order, seed)
		sum, right := 0.0, 0
		for _, i := range order {
			loss, ok, err := m.forward(X[i], y[i])
			if err != nil {
				return h, err
			}
			sum += loss
			if ok {
				right++
			}
			if err := solver.Step(G.NodesToValueGrads(G.Nodes{m.train.w, m.train.b})); err != nil {
				return h, fmt.Errorf("perceptron: update: %w", err)
			}
		}
		h.Epoch = append(h.Epoch, epoch)
		h.Metrics["loss"] = append(h.Metrics["loss"], sum/float64(n))
		h.Metrics["accuracy"] = append(h.Metrics["accuracy"], float64(right)/float64(n))
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
				return h, nil
			}
		}
	}
	return h, nil
}

// predictBatch bounds the rows of an inference graph; longer inputs are
// classified in chunks, the last one padded.
const predictBatch = 256

// Predict classifies each row of X: true where x·w + b > 0, as sklearn's
// predict (a zero score is the negative class). It may be called from many
// goroutines at once (they take turns on the model's inference graph), but
// not while Fit or Load changes the weights.
func (m *Model) Predict(X [][]float64) ([]bool, error) {
	if err := m.checkRows(X); err != nil {
		return nil, err
	}
	out := make([]bool, len(X))
	if len(X) == 0 {
		return out, nil
	}
	m.inferMu.Lock()
	defer m.inferMu.Unlock()
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
			copy(gr.x[r*m.features:], row)
		}
		gr.vm.Reset()
		if err := gr.vm.RunAll(); err != nil {
			return nil, fmt.Errorf("perceptron: %w", err)
		}
		z := gr.z.Value().Data().([]float64)
		for r := range rows {
			out[start+r] = z[r] > 0
		}
	}
	return out, nil
}

// Weights returns a copy of w and the bias b.
func (m *Model) Weights() (w []float64, b float64) {
	return append([]float64(nil), m.W.Data().([]float64)...), m.B.Data().([]float64)[0]
}

// SetWeights sets w and the bias b.
func (m *Model) SetWeights(w []float64, b float64) error {
	if len(w) != m.features {
		return fmt.Errorf("perceptron: %d weights for %d features", len(w), m.features)
	}
	copy(m.W.Data().([]float64), w)
	m.B.Data().([]float64)[0] = b
	return nil
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

// tlu is the model as an nn.Layer, so nn's model files can hold it: the
// float32 rounding of the weights. The exact float64 values travel in the
// saved config (Saved.Weights), from which Build restores them; only for a
// file without them (written before they were added) does Refresh, called
// when nn.Load has restored the float32 weights, copy those into the model.
type tlu struct {
	w, b *nn.Param
	m    *Model
}

func (t tlu) Name() string        { return "tlu" }
func (t tlu) Type() string        { return "TLU" }
func (t tlu) Params() []*nn.Param { return []*nn.Param{t.w, t.b} }

// Refresh sets the model's float64 weights from the float32 ones restored
// into the layer, when the file had no exact ones.
func (t tlu) Refresh() {
	if !t.m.fromFloat32 {
		return
	}
	w := make([]float64, len(t.w.Data()))
	for i, v := range t.w.Data() {
		w[i] = float64(v)
	}
	t.m.SetWeights(w, float64(t.b.Data()[0])) // the shapes are the model's: no error
	t.m.fromFloat32 = false
}

// Saved is what a model file of the perceptron records to rebuild the
// model: its Config, its number of features and its exact float64
// weights. It is the perceptron's nn.Config:
//
//	m, epochs, err := nn.LoadFile[perceptron.Saved](path)
//
// reads back a model that SaveFile wrote (nn.Load one that Save wrote).
type Saved struct {
	Config
	Features int       `json:"features"` // the inputs the TLU takes
	Weights  []float64 `json:"weights"`  // w, exact; nil in files from before they were saved
	Bias     float64   `json:"bias"`     // b, exact
}

// Kind is the name the model's files are saved under.
func (Saved) Kind() string { return Kind }

// Build makes the model the file describes, with its saved weights.
func (c Saved) Build() (*Model, error) {
	m, err := New(c.Config, c.Features)
	if err != nil {
		return nil, err
	}
	if c.Weights == nil {
		m.fromFloat32 = true
		return m, nil
	}
	if err := m.SetWeights(c.Weights, c.Bias); err != nil {
		return nil, err
	}
	return m, nil
}

// ParamCount is the TLU's weights and bias, checked against the limits
// before Load builds it.
func (c Saved) ParamCount() (int, error) {
	if err := c.check(); err != nil {
		return 0, err
	}
	if c.Features <= 0 || c.Features >= nn.MaxParams {
		return 0, fmt.Errorf("perceptron: %d features: need at least one, and fewer than %d", c.Features, nn.MaxParams)
	}
	return c.Features + 1, nil
}

// Network is the TLU as an nn.Model whose one layer holds the float32
// rounding of the weights: what Save writes, and what nn.Load restores
// a file's weights into.
func (m *Model) Network() *nn.Model {
	w, b := m.Weights()
	t := tlu{w: nn.NewParam("tlu/kernel", true, m.features, 1), b: nn.NewParam("tlu/bias", true, 1), m: m}
	for i, v := range w {
		t.w.Data()[i] = float32(v)
	}
	t.b.Data()[0] = float32(b)
	return nn.NewModel([]nn.Input{{Name: "x", Shape: []int{m.features}}}, []nn.Layer{t}, nil, nn.WithName(Kind), nn.WithSeed(m.Config.Seed))
}

// Save writes the weights, the config and the epochs trained to w, in nn's
// model file format; nn.Load[Saved] reads it back.
func (m *Model) Save(w io.Writer, epochs int) error {
	return m.Network().Save(w, Kind, m.saved(), epochs)
}

// SaveFile is Save to the file path, written atomically;
// nn.LoadFile[Saved] reads it back.
func (m *Model) SaveFile(path string, epochs int) error {
	return m.Network().SaveFile(path, Kind, m.saved(), epochs)
}

func (m *Model) saved() Saved {
	w, b := m.Weights()
	return Saved{Config: m.Config, Features: m.features, Weights: w, Bias: b}
}
