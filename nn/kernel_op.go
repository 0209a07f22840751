package nn

import (
	"fmt"
	"hash"
	"hash/fnv"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// gozoo's own ops are each a kernel of internal/kernels with its
// geometry: a kernelDef says what the op reads and writes and how to
// compute it on plain slices, and newOp makes it a Gorgonia op, so that
// the op's plumbing (arity, types, shapes, checks of the values Gorgonia
// hands it, preallocated outputs, hashing) is written once, here.

// kernelDef is one of gozoo's ops before newOp makes it a Gorgonia op.
type kernelDef interface {
	// args describes the op's inputs, in order.
	args() []arg
	// outShape is the output's shape; empty for a scalar.
	outShape() tensor.Shape
	// run computes out from the inputs' values, each row-major, of the
	// sizes args gives (a scalar input is one value).
	run(out []float32, in [][]float32) error
	// key identifies the op and its parameters, for Gorgonia's hashing
	// of nodes: two nodes of equal keys and inputs are one.
	key() string
	// String names the op in Gorgonia's messages.
	String() string
}

// diffDef is a kernelDef with a gradient: the forward ops. The gradient
// ops themselves are not differentiable: gozoo takes first derivatives
// only.
type diffDef interface {
	kernelDef
	// DiffWRT and SymDiff are Gorgonia's G.SDOp, for the op's inputs.
	DiffWRT(inputs int) []bool
	SymDiff(in G.Nodes, out, grad *G.Node) (G.Nodes, error)
}

// arg is an input of an op: its name in errors, its number of axes (0 for
// a scalar) and its number of values. Only the size is checked, not the
// shape: an input may come through a reshape.
type arg struct {
	what       string
	dims, size int
}

// newOp makes a Gorgonia op of d, a differentiable one if d is a diffDef.
func newOp(d kernelDef) G.Op {
	op := kernelOp{d, &opSig{args: d.args(), shape: d.outShape(), key: d.key()}}
	if len(op.sig.args) > len(op.sig.in) {
		panic(fmt.Sprintf("%v: %d inputs, at most %d", d, len(op.sig.args), len(op.sig.in)))
	}
	if _, ok := d.(diffDef); ok {
		return diffOp{op}
	}
	return op
}

// opSig is what a kernelOp reads of its definition at every run, read
// once, and the run's list of input values.
type opSig struct {
	args  []arg
	shape tensor.Shape
	key   string
	// in and scalars hold the inputs' values during a run, so that no run
	// allocates them: an op runs on one goroutine at a time, its graph's
	// machine's.
	in      [4][]float32
	scalars [4]float32
}

// defOf returns the definition of one of gozoo's ops, if op is one and
// its definition is a K.
func defOf[K kernelDef](op G.Op) (K, bool) {
	var o kernelOp
	switch op := op.(type) {
	case kernelOp:
		o = op
	case diffOp:
		o = op.kernelOp
	}
	k, ok := o.def.(K)
	return k, ok
}

// kernelOp is a Gorgonia op computed by a kernel. It returns fresh values
// (or fills the preallocated one), calls no C or GPU code and leaves its
// inputs alone. It is comparable, as Gorgonia's ops are: the signature is
// a pointer.
type kernelOp struct {
	def kernelDef
	sig *opSig
}

// diffOp is a kernelOp with a gradient.
type diffOp struct{ kernelOp }

func (op diffOp) DiffWRT(inputs int) []bool { return op.def.(diffDef).DiffWRT(inputs) }
func (op diffOp) SymDiff(in G.Nodes, out, grad *G.Node) (G.Nodes, error) {
	return op.def.(diffDef).SymDiff(in, out, grad)
}

func (op kernelOp) Arity() int { return len(op.sig.args) }

func (op kernelOp) Type() hm.Type {
	ts := make(hm.Types, 0, len(op.sig.args)+1)
	for _, a := range op.sig.args {
		ts = append(ts, valueType(a.dims))
	}
	return hm.NewFnType(append(ts, valueType(op.sig.shape.Dims()))...)
}

// valueType is a float tensor of dims axes, or a scalar for 0, of one type
// variable for all of an op's values.
func valueType(dims int) hm.Type {
	if dims == 0 {
		return hm.TypeVariable('a')
	}
	return G.TensorType{Dims: dims, Of: hm.TypeVariable('a')}
}

func (op kernelOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return op.sig.shape.Clone(), nil
}

func (op kernelOp) Do(in ...G.Value) (G.Value, error) {
	shape := op.sig.shape
	if shape.IsScalar() {
		var out [1]float32
		if err := op.compute(out[:], in); err != nil {
			return nil, err
		}
		return G.NewF32(out[0]), nil
	}
	t := tensor.New(tensor.WithShape(shape.Clone()...), tensor.Of(tensor.Float32))
	if err := op.compute(t.Data().([]float32), in); err != nil {
		return nil, err
	}
	return t, nil
}

// UsePreallocDo computes the output into prealloc when it has exactly
// the output's shape. Gorgonia offers an op the previous value of a
// reused register, which may be another node's of another shape; refusing
// it makes Gorgonia call Do.
func (op kernelOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	shape := op.sig.shape
	if shape.IsScalar() {
		return op.Do(in...)
	}
	t, ok := prealloc.(*tensor.Dense)
	if !ok || t.Dtype() != tensor.Float32 || !sameShape(t.Shape(), shape) || t.RequiresIterator() {
		return nil, fmt.Errorf("preallocated value %v does not fit shape %v", describe(prealloc), shape)
	}
	if err := op.compute(t.Data().([]float32), in); err != nil {
		return nil, err
	}
	return prealloc, nil
}

// compute checks the inputs' values against the op's args and runs the
// kernel on them.
func (op kernelOp) compute(out []float32, in []G.Value) error {
	sig := op.sig
	if len(in) != len(sig.args) {
		return fmt.Errorf("%v: %d inputs, want %d", op.def, len(in), len(sig.args))
	}
	vals := sig.in[:len(in)]
	defer clear(vals) // the values are Gorgonia's, to collect when it drops them
	for i, a := range sig.args {
		if a.dims == 0 {
			s, err := scalar32(in[i])
			if err != nil {
				return fmt.Errorf("%s: %w", a.what, err)
			}
			sig.scalars[i] = s
			vals[i] = sig.scalars[i : i+1]
			continue
		}
		v, err := f32Data(in[i], a)
		if err != nil {
			return err
		}
		vals[i] = v
	}
	return op.def.run(out, vals)
}

func (op kernelOp) ReturnsPtr() bool      { return false }
func (op kernelOp) CallsExtern() bool     { return false }
func (op kernelOp) OverwritesInput() int  { return -1 }
func (op kernelOp) WriteHash(h hash.Hash) { h.Write([]byte(op.sig.key)) }
func (op kernelOp) Hashcode() uint32      { return opHash(op.sig.key) }
func (op kernelOp) String() string        { return op.def.String() }

func opHash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// f32Data checks that v is a float32 tensor of a.size values and returns
// them in row-major order. A transposed or sliced view is copied, as its
// backing array is not in its own order.
func f32Data(v G.Value, a arg) ([]float32, error) {
	t, ok := v.(*tensor.Dense)
	if !ok || t.Dtype() != tensor.Float32 || t.Shape().TotalSize() != a.size {
		return nil, fmt.Errorf("%s: want a float32 tensor of %d values, got %v", a.what, a.size, describe(v))
	}
	if t.RequiresIterator() {
		t = t.Materialize().(*tensor.Dense)
	}
	return t.Data().([]float32), nil
}

// sameShape is exact equality: tensor.Shape.Eq takes (1, n) for (n).
func sameShape(a, b tensor.Shape) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func describe(v G.Value) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprintf("%T %v %v", v, v.Dtype(), v.Shape())
}

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

// shapeOf is a kernels shape as Gorgonia's.
func shapeOf(s []int) tensor.Shape { return tensor.Shape(s) }
