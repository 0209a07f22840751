package skmlp

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// graph is one expression graph of the model for a fixed batch size. Its
// input nodes are backed by x and y, refilled before each run.
type graph struct {
	batch int
	x, y  []float64
	out   *G.Node // the output: values, or class probabilities
	loss  *G.Node // training graphs only
	grads G.Nodes // ∂loss/∂param, in Params's order
	vm    G.VM
}

// build is the whole network, in plain sight. For a batch of k rows:
//
//	a_0 = x
//	a_i = relu(a_{i-1} · W_i + b_i)    hidden layers
//	z   = a_{L-1} · W_L + b_L          output layer
//
// The training graph adds scikit-learn's loss and Gorgonia's gradient of it:
//
//	regressor:  loss = Σ (z - y)² / (2 k outputs)           mean((y-p)²)/2
//	classifier: loss = -Σ y ⊙ logsoftmax(z) / k             log_loss(y, softmax(z))
//	both:       loss += alpha/2 · Σ_i Σ W_i² / k
//
// whose gradients are scikit-learn's backprop: (p - y)/k at the output
// (for the classifier through the log-softmax, which keeps the loss finite
// where sklearn clips probabilities at machine epsilon) and
// (a^T δ + alpha W)/k for each W. The inference graph ends at z, or at
// softmax(z) for a classifier (predict_proba).
func (m *Model) build(batch int, training bool) (gr *graph, err error) {
	defer func() { // G.Must panics on a shape error: a bug, but report it as one line
		if r := recover(); r != nil {
			gr, err = nil, fmt.Errorf("skmlp: building the graph: %v", r)
		}
	}()
	g := G.NewGraph()
	in, outs := m.Units[0], m.Units[len(m.Units)-1]
	gr = &graph{batch: batch, x: make([]float64, batch*in)}
	x := G.NodeFromAny(g, tensor.New(tensor.WithShape(batch, in), tensor.WithBacking(gr.x)), G.WithName("x"))
	var ws, bs G.Nodes
	var l2 *G.Node
	a := x
	for i := range m.Coefs {
		w := G.NodeFromAny(g, m.Coefs[i], G.WithName(fmt.Sprintf("coefs_%d", i)))
		b := G.NodeFromAny(g, m.Intercepts[i], G.WithName(fmt.Sprintf("intercepts_%d", i)))
		ws, bs = append(ws, w), append(bs, b)
		a = G.Must(G.BroadcastAdd(G.Must(G.Mul(a, w)), b, nil, []byte{0}))
		if i < len(m.Coefs)-1 {
			a = G.Must(G.Rectify(a))
		}
		sq := G.Must(G.Sum(G.Must(G.Square(w))))
		if l2 == nil {
			l2 = sq
		} else {
			l2 = G.Must(G.Add(l2, sq))
		}
	}
	if !training {
		gr.out = a
		if m.Config.Classifier {
			gr.out = G.Must(G.SoftMax(a, 1))
		}
		gr.vm = G.NewTapeMachine(g)
		return gr, nil
	}
	gr.y = make([]float64, batch*outs)
	y := G.NodeFromAny(g, tensor.New(tensor.WithShape(batch, outs), tensor.WithBacking(gr.y)), G.WithName("y"))
	var fit *G.Node
	if m.Config.Classifier {
		logp := G.Must(G.LogSoftMax(a, 1))
		fit = G.Must(G.Div(G.Must(G.Neg(G.Must(G.Sum(G.Must(G.HadamardProd(y, logp)))))), G.NewConstant(float64(batch))))
	} else {
		sq := G.Must(G.Sum(G.Must(G.Square(G.Must(G.Sub(a, y))))))
		fit = G.Must(G.Div(sq, G.NewConstant(float64(2*batch*outs))))
	}
	gr.loss = G.Must(G.Add(fit, G.Must(G.Mul(l2, G.NewConstant(0.5*m.Config.Alpha/float64(batch))))))
	if gr.grads, err = G.Grad(gr.loss, append(ws, bs...)...); err != nil {
		return nil, fmt.Errorf("skmlp: gradient: %w", err)
	}
	gr.out = a
	gr.vm = G.NewTapeMachine(g)
	return gr, nil
}

// load copies the rows idx of X (and of Y, for a training graph) into the
// graph's inputs; rows past len(idx) are zeroed.
func (gr *graph) load(X, Y [][]float64, idx []int) {
	in := len(gr.x) / gr.batch
	clear(gr.x)
	for r, i := range idx {
		copy(gr.x[r*in:(r+1)*in], X[i])
	}
	if gr.y != nil {
		outs := len(gr.y) / gr.batch
		for r, i := range idx {
			copy(gr.y[r*outs:(r+1)*outs], Y[i])
		}
	}
}

func (gr *graph) run() error {
	gr.vm.Reset()
	if err := gr.vm.RunAll(); err != nil {
		return fmt.Errorf("skmlp: %w", err)
	}
	return nil
}
