package nn

import (
	"fmt"
	"math/rand/v2"
	"slices"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Scope is one expression graph under construction. Layers add their
// operations through it; it binds each Param to one node of the graph and
// records what was applied, for Summary.
type Scope struct {
	g        *G.ExprGraph
	batch    int
	training bool
	rng      *rand.Rand

	params     map[*Param]*G.Node
	paramOrder []*Param
	beforeStep []func()
	logits     map[*G.Node]*G.Node
	calls      []call
	names      map[*G.Node]string
	// infer says how inference computes each layer's output without the
	// graph (infer.go).
	infer map[*G.Node]inferNode
	// derive recompute what inference derives from the weights.
	derive []func()
}

// call is one application of a layer, as Summary shows it.
type call struct {
	layer  Layer
	out    *G.Node
	inputs []string
}

func newScope(batch int, training bool, rng *rand.Rand) *Scope {
	return &Scope{
		g:        G.NewGraph(),
		batch:    batch,
		training: training,
		rng:      rng,
		params:   map[*Param]*G.Node{},
		logits:   map[*G.Node]*G.Node{},
		names:    map[*G.Node]string{},
		infer:    map[*G.Node]inferNode{},
	}
}

// Graph is the expression graph being built.
func (s *Scope) Graph() *G.ExprGraph { return s.g }

// Batch is the graph's fixed batch size.
func (s *Scope) Batch() int { return s.batch }

// Training tells whether the graph is for a training step, where layers such
// as Dropout are active.
func (s *Scope) Training() bool { return s.training }

// Rand is the scope's random source, for per-step masks.
func (s *Scope) Rand() *rand.Rand { return s.rng }

// Param returns the node bound to p's values in this graph, creating it the
// first time. Every graph of a model binds the same tensor, so they all see
// an optimizer's updates.
func (s *Scope) Param(p *Param) *G.Node {
	if n, ok := s.params[p]; ok {
		return n
	}
	n := G.NodeFromAny(s.g, p.Value, G.WithName(p.Name))
	s.params[p] = n
	s.paramOrder = append(s.paramOrder, p)
	return n
}

// Input adds a float32 input node of shape (batch, shape...) whose values live
// in buf, which the caller refills before each run.
func (s *Scope) Input(name string, shape []int, buf []float32) *G.Node {
	full := append([]int{s.batch}, shape...)
	t := tensor.New(tensor.WithShape(full...), tensor.WithBacking(buf))
	n := G.NodeFromAny(s.g, t, G.WithName(name))
	s.names[n] = name
	return n
}

// BeforeStep registers f to run before every execution of the graph: Dropout
// draws its mask there.
func (s *Scope) BeforeStep(f func()) { s.beforeStep = append(s.beforeStep, f) }

// Record notes that layer l produced out from inputs, for Summary.
func (s *Scope) Record(l Layer, out *G.Node, inputs ...*G.Node) {
	var names []string
	seen := map[*G.Node]bool{}
	for _, in := range inputs {
		names = s.sources(in, names, seen)
	}
	s.names[out] = l.Name()
	s.calls = append(s.calls, call{layer: l, out: out, inputs: names})
}

// sources appends the name of the layer or input that made n to names; for
// a node made by a plain Gorgonia op between layers (a reshape, a slice),
// the names of the layers and inputs it was computed from.
func (s *Scope) sources(n *G.Node, names []string, seen map[*G.Node]bool) []string {
	if seen[n] {
		return names
	}
	seen[n] = true
	if name, ok := s.names[n]; ok {
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
		return names
	}
	for it := s.g.From(n.ID()); it.Next(); {
		names = s.sources(it.Node().(*G.Node), names, seen)
	}
	return names
}

// setInfer records that inference computes out from the values of in by
// run, or, with run nil, that out holds the values of in[0] as they are
// (a reshape, inference's Dropout).
func (s *Scope) setInfer(out *G.Node, run inferFunc, in ...*G.Node) {
	s.infer[out] = inferNode{in: in, run: run}
}

// onWeights registers f to compute, before a prediction, what inference
// derives from the weights, again after they change (Model.WeightsChanged).
func (s *Scope) onWeights(f func()) { s.derive = append(s.derive, f) }

// SetLogits records that probs is the softmax of logits, so that a
// cross-entropy loss can work on the logits, stably, as Keras does.
func (s *Scope) SetLogits(probs, logits *G.Node) { s.logits[probs] = logits }

// try runs f, turning Gorgonia's panics on bad shapes into errors so a user's
// mismatched configuration gets a message rather than a trace.
func try(what string, f func() (*G.Node, error)) (n *G.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: %v", what, r)
		}
	}()
	n, err = f()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return n, nil
}
