package nn

import (
	"fmt"
	"github.com/gozoo/gozoo/internal/vecexp"
	"hash"
	"hash/fnv"
	"math"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Gorgonia's LogSoftMax computes log(softmax(z)) and overflows to -Inf for
// large logits, so gozoo computes softmax and the sparse categorical
// cross-entropy itself: a max-shifted softmax forward, and a fused
// cross-entropy on logits whose gradient is (softmax - onehot) / batch.
// Keras does the same fusion when the last layer is a softmax.

func opHash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

func f32Matrix(v G.Value, what string) (*tensor.Dense, []float32, int, int, error) {
	t, ok := v.(*tensor.Dense)
	if !ok || t.Dtype() != tensor.Float32 || t.Shape().Dims() != 2 {
		return nil, nil, 0, 0, fmt.Errorf("%s: want a float32 matrix, got %v", what, v)
	}
	s := t.Shape()
	return t, t.Data().([]float32), s[0], s[1], nil
}

// softmaxRows writes the row-wise softmax of z (rows x cols) into dst.
// The exponentials are float64 (vecexp.Exp: math.Exp's bits, four at a
// time), taken over a block of rows at once so that a softmax of few
// classes (the iris MLP's three) still fills the vectors; the sums run
// along each row in order, as they always have.
func softmaxRows(dst, z []float32, rows, cols int) {
	var buf [256]float64
	per := max(1, len(buf)/max(cols, 1))
	if cols > len(buf) {
		per = 1
	}
	var heap []float64
	for r0 := 0; r0 < rows; r0 += per {
		n := min(per, rows-r0)
		e := buf[:]
		if n*cols > len(buf) {
			if len(heap) < cols {
				heap = make([]float64, cols)
			}
			e = heap
		}
		e = e[:n*cols]
		for r := range n {
			row := z[(r0+r)*cols : (r0+r+1)*cols]
			m := row[0]
			for _, v := range row[1:] {
				if v > m {
					m = v
				}
			}
			er := e[r*cols : (r+1)*cols]
			for i, v := range row {
				er[i] = float64(v - m)
			}
		}
		vecexp.Exp(e)
		for r := range n {
			out := dst[(r0+r)*cols : (r0+r+1)*cols]
			var sum float64
			for i, v := range e[r*cols : (r+1)*cols] {
				out[i] = float32(v)
				sum += v
			}
			inv := float32(1 / sum)
			for i := range out {
				out[i] *= inv
			}
		}
	}
}

// softmaxOp is a forward-only, numerically stable softmax over the last axis
// of a matrix. It is never differentiated: training takes the gradient of the
// fused cross-entropy on the logits instead.
type softmaxOp struct{}

func (softmaxOp) Arity() int { return 1 }
func (softmaxOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	t := G.TensorType{Dims: 2, Of: a}
	return hm.NewFnType(t, t)
}
func (softmaxOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}
func (softmaxOp) Do(in ...G.Value) (G.Value, error) {
	_, z, rows, cols, err := f32Matrix(in[0], "softmax")
	if err != nil {
		return nil, err
	}
	out := tensor.New(tensor.WithShape(rows, cols), tensor.Of(tensor.Float32))
	softmaxRows(out.Data().([]float32), z, rows, cols)
	return out, nil
}
func (softmaxOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	_, z, rows, cols, err := f32Matrix(in[0], "softmax")
	if err != nil {
		return nil, err
	}
	_, dst, _, _, err := f32Matrix(prealloc, "softmax output")
	if err != nil {
		return nil, err
	}
	softmaxRows(dst, z, rows, cols)
	return prealloc, nil
}
func (softmaxOp) ReturnsPtr() bool      { return false }
func (softmaxOp) CallsExtern() bool     { return false }
func (softmaxOp) OverwritesInput() int  { return -1 }
func (softmaxOp) WriteHash(h hash.Hash) { h.Write([]byte("gozoo.softmax")) }
func (softmaxOp) Hashcode() uint32      { return opHash("gozoo.softmax") }
func (softmaxOp) String() string        { return "Softmax" }

// xentOp is the mean sparse categorical cross-entropy of logits (batch x k)
// against one-hot targets (batch x k), a scalar.
type xentOp struct{}

func (xentOp) Arity() int { return 2 }
func (xentOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	t := G.TensorType{Dims: 2, Of: a}
	return hm.NewFnType(t, t, a)
}
func (xentOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return tensor.ScalarShape(), nil }
func (xentOp) Do(in ...G.Value) (G.Value, error) {
	_, z, rows, cols, err := f32Matrix(in[0], "cross-entropy logits")
	if err != nil {
		return nil, err
	}
	_, y, yr, yc, err := f32Matrix(in[1], "cross-entropy targets")
	if err != nil {
		return nil, err
	}
	if yr != rows || yc != cols {
		return nil, fmt.Errorf("cross-entropy: logits %dx%d, targets %dx%d", rows, cols, yr, yc)
	}
	var total float64
	for r := 0; r < rows; r++ {
		row := z[r*cols : (r+1)*cols]
		m := row[0]
		for _, v := range row[1:] {
			if v > m {
				m = v
			}
		}
		var sum float64
		for _, v := range row {
			sum += math.Exp(float64(v - m))
		}
		lse := float64(m) + math.Log(sum)
		for i, v := range row {
			if t := y[r*cols+i]; t != 0 {
				total += float64(t) * (lse - float64(v))
			}
		}
	}
	return G.NewF32(float32(total / float64(rows))), nil
}
func (xentOp) ReturnsPtr() bool      { return false }
func (xentOp) CallsExtern() bool     { return false }
func (xentOp) OverwritesInput() int  { return -1 }
func (xentOp) WriteHash(h hash.Hash) { h.Write([]byte("gozoo.xent")) }
func (xentOp) Hashcode() uint32      { return opHash("gozoo.xent") }
func (xentOp) String() string        { return "SparseXent" }
func (xentOp) DiffWRT(int) []bool    { return []bool{true, false} }
func (xentOp) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	dz, err := G.ApplyOp(xentGradOp{}, in[0], in[1], grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dz, nil}, nil
}

// xentGradOp is d(xent)/d(logits) scaled by the incoming scalar gradient.
type xentGradOp struct{}

func (xentGradOp) Arity() int { return 3 }
func (xentGradOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	t := G.TensorType{Dims: 2, Of: a}
	return hm.NewFnType(t, t, a, t)
}
func (xentGradOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}
func (op xentGradOp) Do(in ...G.Value) (G.Value, error) {
	_, _, rows, cols, err := f32Matrix(in[0], "cross-entropy logits")
	if err != nil {
		return nil, err
	}
	out := tensor.New(tensor.WithShape(rows, cols), tensor.Of(tensor.Float32))
	return op.UsePreallocDo(out, in...)
}
func (xentGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	_, z, rows, cols, err := f32Matrix(in[0], "cross-entropy logits")
	if err != nil {
		return nil, err
	}
	_, y, _, _, err := f32Matrix(in[1], "cross-entropy targets")
	if err != nil {
		return nil, err
	}
	g, err := scalar32(in[2])
	if err != nil {
		return nil, fmt.Errorf("cross-entropy gradient: %w", err)
	}
	_, dst, _, _, err := f32Matrix(prealloc, "cross-entropy gradient")
	if err != nil {
		return nil, err
	}
	softmaxRows(dst, z, rows, cols)
	scale := g / float32(rows)
	for i := range dst {
		dst[i] = (dst[i] - y[i]) * scale
	}
	return prealloc, nil
}
func (xentGradOp) ReturnsPtr() bool      { return false }
func (xentGradOp) CallsExtern() bool     { return false }
func (xentGradOp) OverwritesInput() int  { return -1 }
func (xentGradOp) WriteHash(h hash.Hash) { h.Write([]byte("gozoo.xentgrad")) }
func (xentGradOp) Hashcode() uint32      { return opHash("gozoo.xentgrad") }
func (xentGradOp) String() string        { return "SparseXentGrad" }

func scalar32(v G.Value) (float32, error) {
	switch x := v.(type) {
	case *G.F32:
		return float32(*x), nil
	case *tensor.Dense:
		if x.Dtype() == tensor.Float32 && x.Shape().TotalSize() == 1 {
			return x.Data().([]float32)[0], nil
		}
	}
	return 0, fmt.Errorf("want a float32 scalar, got %v", v)
}
