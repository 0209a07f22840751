package nn

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gozoo/gozoo/internal/kernels"
)

// Input is one named input of a model; Shape leaves out the batch axis.
type Input struct {
	Name  string // the input's name in Summary, Calls and ONNX exports
	Shape []int  // one example's shape, batch axis left out
}

// Size is the number of values of one example of this input.
func (in Input) Size() int {
	n := 1
	for _, d := range in.Shape {
		n *= d
	}
	return n
}

// Data holds examples for Fit, Evaluate and Predict.
type Data struct {
	// X has one array per model input, each holding N examples of
	// Input.Size() values, row-major.
	X [][]float32
	// Bytes holds the inputs instead of X when they are stored one byte
	// per value, as 8-bit images are: a quarter of the memory of float32
	// (47 MB rather than 188 MB for Fashion-MNIST's training images). Each
	// batch is widened through ByteValues as it is copied into the graph,
	// so a model trained on Bytes gets the same numbers, bit for bit, as
	// on X holding ByteValues[b] for every byte b. Set X or Bytes, not
	// both.
	Bytes [][]byte
	// ByteValues is the float32 value of each byte of Bytes (for images,
	// data.ByteValues(): b/255). Bytes needs it.
	ByteValues *[256]float32
	// Y holds the targets: N class indices for a classifier, N rows of
	// output-width values for a regressor. Predict ignores it.
	Y []float32
}

// ForwardFunc builds a model's graph: from the input nodes, in the order of
// Model.Inputs, to the output node (batch, width).
type ForwardFunc func(s *Scope, inputs []*G.Node) (*G.Node, error)

// Model is a network ready to train: its inputs, its layers (which own the
// weights), the function that wires them into a graph, its loss and metric.
// NewModel and Sequential make one; what they are given is fixed from then
// on, since the graphs and plans the model compiles are built from it.
//
// Concurrency: Predict, PredictInto, PredictClasses, PredictProbabilities
// and PredictValues may be called from many goroutines at once on one
// Model. They share its weights (nothing is copied) and each call runs in
// buffers of its own, which the model keeps for later calls. Everything
// else (Fit, TrainStep, Evaluate, Restore, a layer's Adapt, writing to a
// Param) is for one goroutine at a time, with no prediction running.
type Model struct {
	// Name is the model's name in Summary and in messages.
	Name string
	// History is the model's training history over all its runs, which
	// Save writes and Restore reads back; Fit leaves it alone (it returns
	// its own run's), for the caller to extend.
	History History

	inputs  []Input
	layers  []Layer
	forward ForwardFunc // wires the layers; Sequential writes it for a plain stack
	loss    Loss
	// newMetric makes the metric Fit reports beside the loss, or is nil.
	newMetric func() Metric
	// functional makes Summary show the inputs and a "Connected to"
	// column, as Keras does for models built with its functional API.
	functional bool

	maskSrc  *rand.PCG
	maskRNG  *rand.Rand
	trainOpt Optimizer   // the optimizer of the last Fit, whose state Save writes
	resume   *TrainState // from Restore, for the next resumed Fit
	graphs   map[graphKey]*graph
	saved    [][]float32 // Fit's copy of the last completed epoch's weights
	// inference is Predict's plan and buffers (infer.go).
	inference inference
}

// Option sets one of a model's optional parts, for NewModel and Sequential.
type Option func(*Model)

// WithName names the model, for Summary and messages. Without it a model
// is named as Keras names it: "sequential" or "functional".
func WithName(name string) Option { return func(m *Model) { m.Name = name } }

// WithLoss sets the loss that Fit minimizes and Evaluate reports. A model
// without one predicts, saves and loads, but does not train.
func WithLoss(loss Loss) Option { return func(m *Model) { m.loss = loss } }

// WithMetric sets the metric that Fit and Evaluate report beside the loss:
// newMetric makes a fresh one for each pass over the data.
func WithMetric(newMetric func() Metric) Option {
	return func(m *Model) { m.newMetric = newMetric }
}

// WithSeed seeds the dropout masks' random stream (SeedMasks); the default
// is 0. The weights are drawn by the layers' constructors, from the rng
// they are given.
func WithSeed(seed int64) Option { return func(m *Model) { m.SeedMasks(seed) } }

// NewModel makes a model of the given inputs and layers that forward wires
// into a graph, in the manner of Keras's functional API: forward applies
// the layers to the input nodes (in the order of inputs) and returns the
// output node, of shape (batch, width). Summary shows such a model's
// inputs and what each layer is connected to.
//
// layers lists every layer forward applies, each once: they own the
// weights the model saves and trains. A layer of nn made with the name ""
// is named here the way Keras names layers, by its kind and a count within
// the model (dense, dense_1, ...; see Sequential); a layer of another
// package must name itself.
func NewModel(inputs []Input, layers []Layer, forward ForwardFunc, opts ...Option) *Model {
	m := &Model{Name: "functional", inputs: slices.Clone(inputs), layers: slices.Clone(layers), forward: forward, functional: true}
	m.SeedMasks(0)
	for _, o := range opts {
		o(m)
	}
	nameLayers(m.layers)
	return m
}

// Inputs are the model's inputs, in the order Data.X holds them.
func (m *Model) Inputs() []Input { return slices.Clone(m.inputs) }

// Layers are the model's layers, in the order they were given.
func (m *Model) Layers() []Layer { return slices.Clone(m.layers) }

// Loss is the model's loss, nil for a model that does not train.
func (m *Model) Loss() Loss { return m.loss }

// NewMetric makes a fresh instance of the model's metric, or returns nil
// for a model without one.
func (m *Model) NewMetric() Metric {
	if m.newMetric == nil {
		return nil
	}
	return m.newMetric()
}

// SeedMasks restarts the random stream of the dropout masks.
func (m *Model) SeedMasks(seed int64) {
	if m.maskSrc == nil {
		m.maskSrc = rand.NewPCG(0, 0)
		m.maskRNG = rand.New(m.maskSrc)
	}
	m.maskSrc.Seed(uint64(seed), 0x5eed)
}

// MaskState is the state of the dropout masks' random stream, for
// SetMaskState to put back.
func (m *Model) MaskState() []byte {
	b, _ := m.maskSrc.MarshalBinary() // a PCG always marshals
	return b
}

// SetMaskState puts back the dropout masks' random stream as MaskState
// returned it.
func (m *Model) SetMaskState(b []byte) error {
	if err := m.maskSrc.UnmarshalBinary(b); err != nil {
		return fmt.Errorf("dropout mask state: %w", err)
	}
	return nil
}

// Applier is a layer with one input, like Dense, Flatten or Dropout.
type Applier interface {
	Layer
	Apply(s *Scope, x *G.Node) (*G.Node, error)
}

// Sequential makes a model that applies layers one after the other to a
// single input, like keras.Sequential. A layer of nn made with the name ""
// is named as Keras names it, by its kind and its count among the model's
// layers of that kind: flatten, dense, dense_1, dense_2, ... (names given
// explicitly are kept, and skipped by the count).
func Sequential(input Input, layers []Applier, opts ...Option) *Model {
	layers = slices.Clone(layers)
	ls := make([]Layer, len(layers))
	for i, l := range layers {
		ls[i] = l
	}
	forward := func(s *Scope, in []*G.Node) (*G.Node, error) {
		x := in[0]
		for _, l := range layers {
			var err error
			if x, err = l.Apply(s, x); err != nil {
				return nil, err
			}
		}
		return x, nil
	}
	m := NewModel([]Input{input}, ls, forward, append([]Option{WithName("sequential")}, opts...)...)
	m.functional = false
	return m
}

// Params lists every weight of the model, layer by layer.
func (m *Model) Params() []*Param {
	var ps []*Param
	seen := map[*Param]bool{}
	for _, l := range m.layers {
		for _, p := range l.Params() {
			if !seen[p] {
				seen[p] = true
				ps = append(ps, p)
			}
		}
	}
	return ps
}

// CountParams returns the number of trainable and non-trainable values.
func (m *Model) CountParams() (trainable, nonTrainable int) {
	for _, p := range m.Params() {
		if p.Trainable {
			trainable += p.Size()
		} else {
			nonTrainable += p.Size()
		}
	}
	return trainable, nonTrainable
}

// inputLen is the number of values of input i.
func (d Data) inputLen(i int) int {
	if d.Bytes != nil {
		return len(d.Bytes[i])
	}
	return len(d.X[i])
}

// Head returns the first k of d's n examples (n as Model.Len gives it),
// sharing d's storage; k > n keeps them all.
func (d Data) Head(k, n int) Data {
	if n <= 0 || k >= n {
		return d
	}
	k = max(k, 0)
	out := d
	if d.X != nil {
		out.X = make([][]float32, len(d.X))
		for i, x := range d.X {
			out.X[i] = x[:k*(len(x)/n)]
		}
	}
	if d.Bytes != nil {
		out.Bytes = make([][]byte, len(d.Bytes))
		for i, b := range d.Bytes {
			out.Bytes[i] = b[:k*(len(b)/n)]
		}
	}
	if d.Y != nil {
		out.Y = d.Y[:k*(len(d.Y)/n)]
	}
	return out
}

// Len checks d against the model's inputs and returns its number of examples.
func (m *Model) Len(d Data) (int, error) {
	inputs := len(d.X)
	switch {
	case d.X != nil && d.Bytes != nil:
		return 0, errors.New("data has both X and Bytes: set one")
	case d.Bytes != nil && d.ByteValues == nil:
		return 0, errors.New("data has Bytes but no ByteValues to widen them with")
	case d.Bytes != nil:
		inputs = len(d.Bytes)
	}
	if inputs != len(m.inputs) {
		return 0, fmt.Errorf("data has %d inputs, model %q takes %d", inputs, m.Name, len(m.inputs))
	}
	n := -1
	for i, in := range m.inputs {
		size := in.Size()
		if size <= 0 {
			return 0, fmt.Errorf("input %q has shape %v: no values per example", in.Name, in.Shape)
		}
		values := d.inputLen(i)
		if values%size != 0 {
			return 0, fmt.Errorf("input %q: %d values is not a whole number of examples of shape %v", in.Name, values, in.Shape)
		}
		k := values / size
		if n >= 0 && k != n {
			return 0, fmt.Errorf("input %q has %d examples, input %q has %d", in.Name, k, m.inputs[0].Name, n)
		}
		n = k
	}
	if n <= 0 {
		return 0, errors.New("no examples")
	}
	return n, nil
}

// checkTargets checks that d.Y holds the targets of n examples for an
// output of width w, each one a target the loss accepts (a class index in
// range for a classifier), so that a bad label is reported before training
// starts rather than in the middle of an epoch.
func (m *Model) checkTargets(d Data, n, w int) error {
	lw := m.loss.LabelWidth(w)
	if len(d.Y) != n*lw {
		return fmt.Errorf("%d target values for %d examples of %d: want %d", len(d.Y), n, lw, n*lw)
	}
	buf := make([]float32, m.loss.TargetWidth(w))
	for i := 0; i < n; i++ {
		if err := m.loss.FillTarget(buf, d.Y[i*lw:(i+1)*lw]); err != nil {
			return fmt.Errorf("example %d: %w", i, err)
		}
	}
	return nil
}

type graphKind int

const (
	trainGraph   graphKind = iota // training mode, loss and gradients
	evalGraph                     // inference mode with the loss
	predictGraph                  // inference mode, output only
)

type graphKey struct {
	kind  graphKind
	batch int
}

// graph is a compiled expression graph of a fixed batch size, with the
// buffers its inputs and targets read from, reused at every step.
type graph struct {
	batch     int
	scope     *Scope
	runner    runner       // runs the compiled subgraph (machine.go)
	subgraph  *G.ExprGraph // the part of scope's graph that vm runs
	inBuf     [][]float32
	target    []float32
	labels    []float32
	out       *G.Node
	outVal    G.Value // the output, copied out before anything overwrites it
	outWidth  int
	loss      *G.Node
	trainable []*Param
	nodes     []*G.Node
	// gradNodes are the trainable weights' gradients in the graph, grads
	// their values after the last run: the node's own (see readGradients)
	// or, for gradVals[i] != nil, an array of ours the run copies it into.
	gradNodes []*G.Node
	grads     [][]float32
	gradVals  []G.Value
	gradSeen  []*tensor.Dense // the value grads[i] was last taken from, for those read in place
	// sgd switches the kernels' fused SGD updates (dense_sgd.go), fused
	// tells which weights have one, and restParams and restGrads are the
	// others, which the optimizer updates when the fused ones are on.
	sgd        *sgdFusion
	fused      []bool
	restParams []*Param
	restGrads  [][]float32
	rest       []int // indices in trainable of restParams
}

// graphFor returns the model's graph of that kind and batch size, building
// it the first time.
func (m *Model) graphFor(kind graphKind, batch int) (*graph, error) {
	key := graphKey{kind, batch}
	if g, ok := m.graphs[key]; ok {
		return g, nil
	}
	g, err := m.build(kind, batch)
	if err != nil {
		return nil, err
	}
	if m.graphs == nil {
		m.graphs = map[graphKey]*graph{}
	}
	m.graphs[key] = g
	return g, nil
}

func (m *Model) build(kind graphKind, batch int) (_ *graph, err error) {
	// Gorgonia panics on some graphs it cannot differentiate or run (an op
	// without a gradient, such as the softmax under a loss other than the
	// cross-entropy): make that an error, as for bad shapes.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("model %s: building the graph: %v", m.Name, r)
		}
	}()
	if m.maskRNG == nil {
		m.SeedMasks(0)
	}
	s := newScope(batch, kind == trainGraph, m.maskRNG)
	gr := &graph{batch: batch, scope: s}
	ins := make([]*G.Node, len(m.inputs))
	for i, in := range m.inputs {
		buf := make([]float32, batch*in.Size())
		gr.inBuf = append(gr.inBuf, buf)
		ins[i] = s.Input(in.Name, in.Shape, buf)
	}
	out, err := m.forward(s, ins)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", m.Name, err)
	}
	if out.Shape().Dims() != 2 || out.Shape()[0] != batch {
		return nil, fmt.Errorf("model %s: output shape %v, want (batch, width)", m.Name, out.Shape())
	}
	gr.out = out
	gr.outWidth = out.Shape()[1]
	// The ops that read the output may write their results over it (the
	// loss's out - target is done in place), so a read statement copies it
	// into a buffer of ours as soon as it is computed.
	gr.outVal = tensor.New(tensor.WithShape(batch, gr.outWidth), tensor.Of(tensor.Float32))
	roots := G.Nodes{G.Read(out, &gr.outVal)}
	if kind != predictGraph {
		if m.loss == nil {
			return nil, fmt.Errorf("model %s has no loss", m.Name)
		}
		gr.target = make([]float32, batch*m.loss.TargetWidth(gr.outWidth))
		gr.labels = make([]float32, batch*m.loss.LabelWidth(gr.outWidth))
		t := s.Input("target", []int{m.loss.TargetWidth(gr.outWidth)}, gr.target)
		if gr.loss, err = m.loss.Node(s, out, t); err != nil {
			return nil, fmt.Errorf("model %s: %w", m.Name, err)
		}
		roots = append(roots, gr.loss)
	}
	if kind == trainGraph {
		for _, p := range s.paramOrder {
			if p.Trainable {
				gr.trainable = append(gr.trainable, p)
				gr.nodes = append(gr.nodes, s.params[p])
			}
		}
		grads, err := gradients(gr.loss, gr.nodes)
		if err != nil {
			return nil, fmt.Errorf("model %s: gradients: %w", m.Name, err)
		}
		for i, g := range grads {
			p := gr.trainable[i]
			if g.Shape().TotalSize() != p.Size() {
				return nil, fmt.Errorf("model %s: gradient of %s has shape %v, the weight %v", m.Name, p.Name, g.Shape(), p.Shape())
			}
		}
		gr.gradNodes = grads
		roots = gr.readGradients(s.g, roots)
	}
	// Gorgonia's symbolic differentiation adds the gradient of every input
	// of every op it differentiates, including those nothing reads: the
	// first Dense layer's x·W yields the gradient of the input images too,
	// a product as large as the layer's forward one. A tape machine runs
	// every node of the graph it is given, so it gets only the nodes that
	// the reads (of the output and of the weights' gradients) and the loss
	// depend on.
	gr.subgraph = s.g.ExactSubgraphRoots(roots...)
	if kind == trainGraph {
		if err := gr.fuseSGD(); err != nil {
			return nil, fmt.Errorf("model %s: fusing SGD: %w", m.Name, err)
		}
		for i, f := range gr.fused {
			if !f {
				gr.rest = append(gr.rest, i)
				gr.restParams = append(gr.restParams, gr.trainable[i])
			}
		}
		gr.restGrads = make([][]float32, len(gr.rest))
	}
	gr.runner = newRunner(gr.subgraph)
	return gr, nil
}

// gradients adds the symbolic gradients of loss to the graph and returns
// the gradient node of each of wrt, turning Gorgonia's panic on an op
// without a gradient into an error.
func gradients(loss *G.Node, wrt G.Nodes) (grads G.Nodes, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v (is there an op without a gradient between the weights and the loss? "+
				"nn's Softmax is differentiated only as the output under sparse_categorical_crossentropy)", r)
		}
	}()
	return G.Grad(loss, wrt...)
}

// load copies the examples idx of d into the graph's input (and, with
// labels, target) buffers.
func (gr *graph) load(m *Model, d Data, idx []int, withLabels bool) error {
	for i, in := range m.inputs {
		size := in.Size()
		buf := gr.inBuf[i]
		if d.Bytes != nil {
			b, values := d.Bytes[i], d.ByteValues
			for r, j := range idx {
				kernels.WidenBytes(buf[r*size:(r+1)*size], b[j*size:(j+1)*size], values)
			}
			continue
		}
		x := d.X[i]
		for r, j := range idx {
			copy(buf[r*size:(r+1)*size], x[j*size:(j+1)*size])
		}
	}
	if !withLabels {
		return nil
	}
	lw := m.loss.LabelWidth(gr.outWidth)
	tw := m.loss.TargetWidth(gr.outWidth)
	if len(d.Y) < (maxIndex(idx)+1)*lw {
		return fmt.Errorf("%d targets for %d values per example: too few", len(d.Y), lw)
	}
	for r, j := range idx {
		y := d.Y[j*lw : (j+1)*lw]
		copy(gr.labels[r*lw:(r+1)*lw], y)
		if err := m.loss.FillTarget(gr.target[r*tw:(r+1)*tw], y); err != nil {
			return fmt.Errorf("example %d: %w", j, err)
		}
	}
	return nil
}

func maxIndex(idx []int) int {
	m := 0
	for _, i := range idx {
		m = max(m, i)
	}
	return m
}

// run executes the graph once on what load put in its buffers.
func (gr *graph) run() error {
	for _, f := range gr.scope.beforeStep {
		f()
	}
	if err := gr.runner.run(); err != nil {
		return err
	}
	return gr.refreshGrads()
}

func (gr *graph) output() []float32 { return gr.outVal.Data().([]float32) }

func (gr *graph) lossValue() (float64, error) {
	v, err := scalar32(gr.loss.Value())
	return float64(v), err
}

// predictTape is Predict through the tape machine, for the models that
// have no plan (infer.go), one call at a time.
func (m *Model) predictTape(d Data, batch int) (out []float32, width int, err error) {
	m.inference.tape.Lock()
	defer m.inference.tape.Unlock()
	n, err := m.Len(d)
	if err != nil {
		return nil, 0, err
	}
	batch = max(1, min(batch, n))
	idx := make([]int, 0, batch)
	for start := 0; start < n; start += batch {
		end := min(start+batch, n)
		gr, err := m.graphFor(predictGraph, end-start)
		if err != nil {
			return nil, 0, err
		}
		idx = idx[:0]
		for i := start; i < end; i++ {
			idx = append(idx, i)
		}
		if err := gr.load(m, d, idx, false); err != nil {
			return nil, 0, err
		}
		if err := gr.run(); err != nil {
			return nil, 0, fmt.Errorf("model %s: predict: %w", m.Name, err)
		}
		if out == nil {
			width = gr.outWidth
			out = make([]float32, 0, n*width)
		}
		out = append(out, gr.output()...)
	}
	return out, width, nil
}

// PredictClasses is Predict followed by the index of each row's largest output.
func (m *Model) PredictClasses(d Data, batch int) ([]int, error) {
	preds, err := m.PredictProbabilities(d, batch)
	if err != nil {
		return nil, err
	}
	classes := make([]int, len(preds))
	for i, p := range preds {
		classes[i] = p.Class
	}
	return classes, nil
}

// ArgmaxRows is the index of the largest value of each row of out, rows of
// width values: the classes of a classifier's outputs.
func ArgmaxRows(out []float32, width int) []int {
	classes := make([]int, len(out)/width)
	for i := range classes {
		classes[i] = Argmax(out[i*width : (i+1)*width])
	}
	return classes
}

// PredictValues is Predict for a model with one output per example, such
// as a regressor, as float64: what metrics and plots take.
func (m *Model) PredictValues(d Data, batch int) ([]float64, error) {
	out, w, err := m.Predict(d, batch)
	if err != nil {
		return nil, err
	}
	if w != 1 {
		// A wider output would pass for w times as many examples.
		return nil, fmt.Errorf("model %s: %d outputs per example, PredictValues wants 1", m.Name, w)
	}
	v := make([]float64, len(out))
	for i, o := range out {
		v[i] = float64(o)
	}
	return v, nil
}

// Evaluate returns the loss and the metric (NaN without one) of the model on
// d in inference mode, like Keras's evaluate.
func (m *Model) Evaluate(d Data, batch int) (loss, metric float64, err error) {
	loss, metric, _, _, err = m.evaluate(d, batch, false)
	return loss, metric, err
}

// EvaluatePredict is Evaluate and Predict in one pass over d: the loss, the
// metric and the outputs (N rows of width values), the same numbers as the
// two calls give, for half the time and without a second graph for each
// batch size (the CNN's take 150 MB at batch 256).
func (m *Model) EvaluatePredict(d Data, batch int) (loss, metric float64, out []float32, width int, err error) {
	return m.evaluate(d, batch, true)
}

// ReleaseGraphs drops the graphs the model has compiled, one for each kind
// of run (training, evaluation, prediction) and batch size it has seen,
// with the activations, gradients and work buffers each one holds: over
// 100 MB apiece for the CNN. Call it when the model is done with those
// runs, as a command does between training and its final evaluation at
// another batch size; the weights stay, and the next run builds the graph
// it needs again.
func (m *Model) ReleaseGraphs() { m.graphs = nil }

func (m *Model) evaluate(d Data, batch int, withOut bool) (loss, metric float64, out []float32, width int, err error) {
	n, err := m.Len(d)
	if err != nil {
		return 0, 0, nil, 0, err
	}
	batch = max(1, min(batch, n))
	var met Metric
	if m.newMetric != nil {
		met = m.newMetric()
	}
	idx := make([]int, 0, batch)
	var total float64
	for start := 0; start < n; start += batch {
		end := min(start+batch, n)
		gr, err := m.graphFor(evalGraph, end-start)
		if err != nil {
			return 0, 0, nil, 0, err
		}
		if start == 0 {
			if err := m.checkTargets(d, n, gr.outWidth); err != nil {
				return 0, 0, nil, 0, err
			}
		}
		idx = idx[:0]
		for i := start; i < end; i++ {
			idx = append(idx, i)
		}
		if err := gr.load(m, d, idx, true); err != nil {
			return 0, 0, nil, 0, err
		}
		if err := gr.run(); err != nil {
			return 0, 0, nil, 0, fmt.Errorf("model %s: evaluate: %w", m.Name, err)
		}
		l, err := gr.lossValue()
		if err != nil {
			return 0, 0, nil, 0, err
		}
		total += l * float64(end-start)
		if met != nil {
			met.Update(gr.output(), gr.labels, end-start, gr.outWidth)
		}
		if withOut {
			if out == nil {
				width = gr.outWidth
				out = make([]float32, 0, n*width)
			}
			out = append(out, gr.output()...)
		}
	}
	metric = nanFloat()
	if met != nil {
		metric = met.Result()
	}
	return total / float64(n), metric, out, width, nil
}
