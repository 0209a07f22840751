package nn

import (
	"fmt"
	"sync"

	G "gorgonia.org/gorgonia"

	"github.com/gozoo/gozoo/internal/kernels"
)

// Prediction does not go through Gorgonia's tape machine. A profile of
// Predict on a batch of 1,000 (go test -tags openblas -bench
// Predict/widedeep -cpuprofile) spent 64% of its time in Gorgonia's
// Concat, which copies value by value through an iterator, and most of the
// rest in the machine's bookkeeping and the Normalization's broadcasts
// (Repeat, then an element-wise op), 8% in the products. A forward
// pass needs none of the graph's machinery: no gradients, no loss, no
// registers to rewind. So each layer's Apply records, beside the nodes it
// adds, how to compute its output from its inputs' values directly
// (Scope.setInfer), with the kernels its ops run (denseOp.forward,
// conv2dOp.run, poolOp.forward, softmaxRows): a plan is the list of those
// steps from the model's inputs to its output, in the order Forward wired
// them, read once from a graph built for one example. The arithmetic is
// the ops', call for call, so predictions are bit for bit the graph's.
//
// Running a plan needs buffers for the layers' outputs, a workspace, which
// is the only state of a prediction: a model keeps a few to reuse, and
// each call takes one of its own, so that many goroutines can predict at
// once on one model, sharing its weights. A buffer is reused by a later
// layer once the layers that read it have run, and the last layer writes
// into the caller's output directly.
//
// A model whose graph has a node no layer of nn made (a Forward with
// Gorgonia ops of its own, a Dense with a sigmoid) has no plan, and
// predicts through the tape machine as before, one call at a time.

// inferFunc computes a layer's output dst from its inputs' values src, for
// rows examples, each row-major with the batch axis first.
type inferFunc func(dst []float32, src [][]float32, rows int)

// inferNode is how a layer's output node is computed in inference.
type inferNode struct {
	in  []*G.Node
	run inferFunc // nil: the values of in[0]
}

// plan is a model's forward pass as a list of steps over slots: the values
// of the model's inputs (slots 0 to len(inputs)-1) and of the layers'
// outputs.
type plan struct {
	steps    []planStep
	slotSize []int // values per example
	slotBuf  []int // the workspace buffer a step's output slot lives in; -1 for the inputs and the output
	bufSize  []int // values per example of each workspace buffer
	out      int   // the output's slot
	width    int   // values per example of the output
	maxArity int
	// derive computes what the steps derive from the weights; gen is the
	// model's weights generation it last ran at.
	derive []func()
	gen    uint64
}

type planStep struct {
	run inferFunc
	in  []int
	out int
}

// buildPlan reads the model's plan from a graph of one example. It returns
// nil for a graph with a node no layer made, and for a Forward that fails
// or panics on a batch of one: the tape machine then predicts, and reports
// what is wrong with the graph of the caller's batch size, if anything is.
func (m *Model) buildPlan() (built *plan) {
	defer func() {
		if recover() != nil {
			built = nil
		}
	}()
	s := newScope(1, false, nil)
	ins := make([]*G.Node, len(m.inputs))
	p := &plan{}
	slot := map[*G.Node]int{}
	for i, in := range m.inputs {
		ins[i] = s.Input(in.Name, in.Shape, make([]float32, in.Size()))
		slot[ins[i]] = i
		p.slotSize = append(p.slotSize, in.Size())
		p.slotBuf = append(p.slotBuf, -1)
	}
	out, err := m.forward(s, ins)
	if err != nil || out.Shape().Dims() != 2 || out.Shape()[0] != 1 {
		return nil
	}
	// Steps in the order a depth-first walk from the output finishes
	// them: each after the steps it reads.
	var visit func(n *G.Node) bool
	visit = func(n *G.Node) bool {
		if _, ok := slot[n]; ok {
			return true
		}
		st, ok := s.infer[n]
		if !ok || len(st.in) == 0 {
			return false
		}
		in := make([]int, len(st.in))
		for i, x := range st.in {
			if !visit(x) {
				return false
			}
			in[i] = slot[x]
		}
		if st.run == nil {
			slot[n] = in[0]
			return true
		}
		slot[n] = len(p.slotSize)
		p.slotSize = append(p.slotSize, n.Shape().TotalSize())
		p.slotBuf = append(p.slotBuf, -1)
		p.steps = append(p.steps, planStep{run: st.run, in: in, out: slot[n]})
		p.maxArity = max(p.maxArity, len(in))
		return true
	}
	if !visit(out) {
		return nil
	}
	p.out, p.width = slot[out], out.Shape()[1]
	p.assignBuffers()
	p.derive = s.derive
	for _, f := range p.derive {
		f()
	}
	p.gen = m.inference.gen
	return p
}

// assignBuffers gives each step's output but the last a workspace buffer,
// one that no step still to run reads.
func (p *plan) assignBuffers() {
	lastUse := make([]int, len(p.slotSize))
	for i, st := range p.steps {
		for _, s := range st.in {
			lastUse[s] = i
		}
	}
	var free []int
	for i, st := range p.steps {
		if st.out != p.out {
			b := -1
			if len(free) > 0 {
				b, free = free[len(free)-1], free[:len(free)-1]
			} else {
				b = len(p.bufSize)
				p.bufSize = append(p.bufSize, 0)
			}
			p.slotBuf[st.out] = b
			p.bufSize[b] = max(p.bufSize[b], p.slotSize[st.out])
		}
		for _, s := range st.in {
			if b := p.slotBuf[s]; b >= 0 && lastUse[s] == i {
				free = append(free, b)
				lastUse[s] = -1 // a step that reads a slot twice frees it once
			}
		}
	}
}

// workspace holds one prediction's buffers for up to rows examples a run.
type workspace struct {
	rows int
	bufs [][]float32
	vals [][]float32 // each slot's values in the current run
	src  [][]float32 // a step's inputs
	x    [][]float32 // the current run's rows of each input
	wide [][]float32 // each input's rows widened from Data.Bytes
}

func (p *plan) newWorkspace(rows, inputs int) *workspace {
	ws := &workspace{rows: rows, vals: make([][]float32, len(p.slotSize)),
		src: make([][]float32, p.maxArity), x: make([][]float32, inputs)}
	for _, size := range p.bufSize {
		ws.bufs = append(ws.bufs, make([]float32, rows*size))
	}
	return ws
}

// run computes the outputs out of rows examples whose inputs are x.
func (p *plan) run(ws *workspace, out []float32, x [][]float32, rows int) {
	copy(ws.vals, x)
	for _, st := range p.steps {
		dst := out
		if st.out != p.out {
			dst = ws.bufs[p.slotBuf[st.out]][:rows*p.slotSize[st.out]]
		}
		src := ws.src[:len(st.in)]
		for j, s := range st.in {
			src[j] = ws.vals[s]
		}
		st.run(dst, src, rows)
		ws.vals[st.out] = dst
	}
	if p.out < len(x) { // the output is an input, reshaped
		copy(out, x[p.out])
	}
}

// inference is a model's prediction state: its plan, read at the first
// prediction, and the workspaces no prediction is using.
type inference struct {
	mu      sync.Mutex
	planned bool
	plan    *plan // nil: predict through the tape machine
	free    []*workspace
	tape    sync.Mutex // one prediction at a time through the tape machine
	gen     uint64     // the weights' generation, counted up at each change
}

// maxFreeWorkspaces is how many idle workspaces a model keeps: enough for
// a goroutine per core, a few more to absorb bursts.
const maxFreeWorkspaces = 16

func (m *Model) inferPlan() *plan {
	m.inference.mu.Lock()
	defer m.inference.mu.Unlock()
	if !m.inference.planned {
		m.inference.plan = m.buildPlan()
		m.inference.planned = true
	}
	p := m.inference.plan
	if p != nil && p.gen != m.inference.gen {
		for _, f := range p.derive {
			f()
		}
		p.gen = m.inference.gen
	}
	return p
}

// WeightsChanged tells the model that its weights were written by
// something other than TrainStep, Fit or Restore, which tell it
// themselves: the next prediction recomputes what it derives from them
// (the transformed kernels of Winograd's convolutions). Call it after
// writing to a Param's Data directly, as Normalization's Refresh after
// writing its Variance.
func (m *Model) WeightsChanged() {
	m.inference.mu.Lock()
	m.inference.gen++
	m.inference.mu.Unlock()
}

// workspace takes an idle workspace for runs of up to rows examples, or
// makes one.
func (m *Model) workspace(p *plan, rows int) *workspace {
	in := &m.inference
	in.mu.Lock()
	for i := len(in.free) - 1; i >= 0; i-- {
		if ws := in.free[i]; ws.rows >= rows {
			in.free = append(in.free[:i], in.free[i+1:]...)
			in.mu.Unlock()
			return ws
		}
	}
	in.mu.Unlock()
	return p.newWorkspace(rows, len(m.inputs))
}

func (m *Model) release(ws *workspace) {
	in := &m.inference
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.free) < maxFreeWorkspaces {
		in.free = append(in.free, ws)
		return
	}
	// Full: drop the smallest, keeping the workspaces of large batches.
	small := 0
	for i, f := range in.free {
		if f.rows < in.free[small].rows {
			small = i
		}
	}
	if in.free[small].rows < ws.rows {
		in.free[small] = ws
	}
}

// Predict runs the model in inference mode (no dropout) on d, batch rows
// at a time, and returns the outputs, N rows of width values.
//
// Predict, PredictInto, PredictClasses, PredictProbabilities and
// PredictValues may be called from many goroutines at once on one model: they share its weights and
// each uses buffers of its own, which the model keeps for the next calls.
// They must not run at the same time as anything that changes the weights
// (Fit, TrainStep, Restore, an Adapt).
func (m *Model) Predict(d Data, batch int) (out []float32, width int, err error) {
	n, err := m.Len(d)
	if err != nil {
		return nil, 0, err
	}
	p := m.inferPlan()
	if p == nil {
		return m.predictTape(d, batch)
	}
	out = make([]float32, n*p.width)
	m.predictPlan(p, out, d, n, batch)
	return out, p.width, nil
}

// PredictInto is Predict writing the outputs into out, which must hold N
// rows of the model's width: it returns the width. Once the model has run
// a batch of that size, it allocates nothing that grows with the batch.
func (m *Model) PredictInto(out []float32, d Data, batch int) (width int, err error) {
	n, err := m.Len(d)
	if err != nil {
		return 0, err
	}
	p := m.inferPlan()
	if p == nil {
		res, w, err := m.predictTape(d, batch)
		if err != nil {
			return 0, err
		}
		if len(out) != len(res) {
			return 0, fmt.Errorf("model %s: predict into %d values: %d examples of %d outputs need %d", m.Name, len(out), n, w, len(res))
		}
		copy(out, res)
		return w, nil
	}
	if len(out) != n*p.width {
		return 0, fmt.Errorf("model %s: predict into %d values: %d examples of %d outputs need %d", m.Name, len(out), n, p.width, n*p.width)
	}
	m.predictPlan(p, out, d, n, batch)
	return p.width, nil
}

// predictPlan runs the plan on the n examples of d, batch at a time, as the
// tape machine's Predict did, so that each product has the same shape.
func (m *Model) predictPlan(p *plan, out []float32, d Data, n, batch int) {
	batch = max(1, min(batch, n))
	ws := m.workspace(p, batch)
	defer m.release(ws)
	for start := 0; start < n; start += batch {
		end := min(start+batch, n)
		for i, in := range m.inputs {
			size := in.Size()
			if d.Bytes == nil {
				ws.x[i] = d.X[i][start*size : end*size]
				continue
			}
			// Bytes: widened through ByteValues, as the graph's load does.
			if ws.wide == nil {
				ws.wide = make([][]float32, len(m.inputs))
			}
			if len(ws.wide[i]) < ws.rows*size {
				ws.wide[i] = make([]float32, ws.rows*size)
			}
			x := ws.wide[i][:(end-start)*size]
			kernels.WidenBytes(x, d.Bytes[i][start*size:end*size], d.ByteValues)
			ws.x[i] = x
		}
		p.run(ws, out[start*p.width:end*p.width], ws.x, end-start)
	}
}
