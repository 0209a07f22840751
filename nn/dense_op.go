package nn

import (
	"fmt"
	"hash"
	"math"

	"github.com/chewxy/hm"
	"github.com/chewxy/math32"
	"gonum.org/v1/gonum/blas"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gozoo/gozoo/internal/vecf32"
)

// A Dense layer is one op of gozoo's, forward and backward, rather than
// Gorgonia's Mul, BroadcastAdd and activation. Gorgonia's way costs, per
// layer and step: a Repeat of the bias to the output's size and an Add;
// for ReLU, a >= mask, a product by it, and in the backward pass the mask
// times the gradient plus the product's gradient with respect to the mask;
// a Sum for the bias's gradient; transposed views for the products' gradients;
// and for each of those ops the tape machine's bookkeeping and allocations.
// denseOp computes x·W with one BLAS call, then adds the bias and applies
// the activation in the same pass over each row; its backward ops compute
// dZ = dA ⊙ act'(Z) from the output A alone, dW = xᵀ dZ and dx = dZ Wᵀ by
// BLAS, and db as dZ's column sums. dx is built for every layer but left
// out of the training machine where nothing needs it (the first layer's).
//
// The arithmetic is Gorgonia's, value for value: the product, then the
// bias added to it, Gorgonia's float32 tanh and its derivative expression
// (1 - y y) dA. The one difference is ReLU's derivative at exactly 0,
// which Gorgonia takes as 1 (its mask is z >= 0) and gozoo, like Keras, as
// 0 (A > 0). The sigmoid stays Gorgonia's op on top of a linear denseOp:
// its derivative is y σ(-z) dA, from the pre-activation z, more accurate
// than y (1 - y) where y is near 1, and the output alone cannot give it.

// denseOp is (x, kernel[, bias]) -> act(x kernel + bias), with x (batch,
// in), the kernel (in, units), the bias (units) and the output (batch,
// units).
type denseOp struct {
	pureOp
	act              Activation // Linear, ReLU or Tanh: a sigmoid or a softmax is an op of its own on top
	batch, in, units int
	bias             bool
	// sgd lets the kernel gradient op update the kernel itself, for plain
	// SGD (dense_sgd.go); a pointer, so that the op stays comparable and
	// its copies in the graph share what build fills in.
	sgd *kernelSGD
}

// fusedActivation tells whether denseOp applies a itself.
func fusedActivation(a Activation) bool { return a == Linear || a == ReLU || a == Tanh }

func (op denseOp) outShape() tensor.Shape { return tensor.Shape{op.batch, op.units} }

func (op denseOp) Arity() int {
	if op.bias {
		return 3
	}
	return 2
}

func (op denseOp) Type() hm.Type {
	t2 := tensorT(2)
	if op.bias {
		return hm.NewFnType(t2, t2, tensorT(1), t2)
	}
	return hm.NewFnType(t2, t2, t2)
}

func (op denseOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return op.outShape(), nil }

func (op denseOp) Do(in ...G.Value) (G.Value, error) { return doWith(op, op.outShape(), in) }

func (op denseOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	if len(in) != op.Arity() {
		return nil, fmt.Errorf("dense: %d inputs, want %d", len(in), op.Arity())
	}
	y, err := f32Out(prealloc, op.outShape())
	if err != nil {
		return nil, err
	}
	x, err := f32Data(in[0], op.batch*op.in, "dense input")
	if err != nil {
		return nil, err
	}
	k, err := f32Data(in[1], op.in*op.units, "dense kernel")
	if err != nil {
		return nil, err
	}
	var b []float32
	if op.bias {
		if b, err = f32Data(in[2], op.units, "dense bias"); err != nil {
			return nil, err
		}
	}
	op.forward(y, x, k, b)
	return prealloc, nil
}

// forward is y = act(x k + b) for op.batch rows, b nil without a bias: the
// kernel of the op's forward pass and of inference (infer.go).
func (op denseOp) forward(y, x, k, b []float32) {
	sgemm(blas.NoTrans, blas.NoTrans, op.batch, op.units, op.in, 1, x, op.in, k, op.units, 0, y, op.units)
	for r := 0; r < op.batch; r++ {
		row := y[r*op.units : (r+1)*op.units]
		if b != nil {
			// Added after the product, not preloaded as the product's
			// beta term: BLAS adds each block of the inner dimension to
			// the output as it goes, so a preloaded bias would be summed
			// in another order than Gorgonia's z + b.
			addActivate(op.act, row, b)
		} else {
			activate(op.act, row)
		}
	}
}

// activate applies a (Linear, ReLU or Tanh) to z in place.
//
// ReLU is max(v, 0), which Go compiles without a branch: a branch on the
// sign is mispredicted for about half of a layer's values, which are new
// at every step (on a 32 x 300 layer, 48 µs for the bias and a branching
// ReLU, 8 µs for addActivate's one branch-free pass), and vecf32.AddReLU
// runs that expression eight values at a time. NaN stays NaN, for Fit to
// see; -0 becomes +0, which no later sum can tell from -0.
func activate(a Activation, z []float32) {
	switch a {
	case ReLU:
		vecf32.AddReLU(z, nil)
	case Tanh:
		for i, v := range z {
			z[i] = math32.Tanh(v)
		}
	}
}

// addActivate is z += b, then activate, in one pass over z, rather than a
// second pass reading back what the first had just written.
func addActivate(a Activation, z, b []float32) {
	b = b[:len(z)]
	switch a {
	case ReLU:
		vecf32.AddReLU(z, b) // max(v+b[i], 0), eight at a time
	case Tanh:
		for i, v := range z {
			z[i] = math32.Tanh(v + b[i])
		}
	default:
		for i, v := range z {
			z[i] = v + b[i]
		}
	}
}

func (op denseOp) key() string {
	return fmt.Sprintf("gozoo.dense %v %dx%d->%d bias %t", op.act, op.batch, op.in, op.units, op.bias)
}
func (op denseOp) WriteHash(h hash.Hash) { h.Write([]byte(op.key())) }
func (op denseOp) Hashcode() uint32      { return opHash(op.key()) }
func (op denseOp) String() string {
	return fmt.Sprintf("Dense(%v) %dx%d->%d", op.act, op.batch, op.in, op.units)
}

func (op denseOp) DiffWRT(n int) []bool {
	d := make([]bool, n)
	for i := range d {
		d[i] = true
	}
	return d
}

func (op denseOp) SymDiff(in G.Nodes, out, grad *G.Node) (G.Nodes, error) {
	dz := grad
	var sums *biasSums
	if op.act != Linear {
		if op.bias {
			sums = &biasSums{db: make([]float32, op.units)}
		}
		var err error
		if dz, err = G.ApplyOp(denseActGradOp{dense: op, sums: sums}, out, grad); err != nil {
			return nil, err
		}
	}
	dx, err := G.ApplyOp(denseInputGradOp{dense: op}, dz, in[1])
	if err != nil {
		return nil, err
	}
	dk, err := G.ApplyOp(denseKernelGradOp{dense: op}, in[0], dz)
	if err != nil {
		return nil, err
	}
	grads := G.Nodes{dx, dk}
	if op.bias {
		var bop G.Op = denseBiasGradOp{biasGradOp{rows: op.batch, cols: op.units}}
		if sums != nil {
			bop = denseBiasSumsOp{units: op.units, sums: sums}
		}
		db, err := G.ApplyOp(bop, dz)
		if err != nil {
			return nil, err
		}
		grads = append(grads, db)
	}
	return grads, nil
}

// denseActGradOp is (A, dA) -> dZ = dA ⊙ act'(Z), the derivative written
// with the activation's output A: 1 where A > 0 for ReLU, 1 - A² for tanh. Like gozoo's other gradient ops it is not
// differentiable itself.
type denseActGradOp struct {
	pureOp
	dense denseOp
	// sums, when not nil, gets dZ's column sums, the bias's gradient, in
	// the same pass: a pass of its own read dZ back.
	sums *biasSums
}

func (op denseActGradOp) Arity() int { return 2 }
func (op denseActGradOp) Type() hm.Type {
	t2 := tensorT(2)
	return hm.NewFnType(t2, t2, t2)
}
func (op denseActGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return op.dense.outShape(), nil
}
func (op denseActGradOp) Do(in ...G.Value) (G.Value, error) {
	return doWith(op, op.dense.outShape(), in)
}
func (op denseActGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	if len(in) != 2 {
		return nil, fmt.Errorf("dense activation gradient: %d inputs, want 2", len(in))
	}
	n := op.dense.batch * op.dense.units
	dz, err := f32Out(prealloc, op.dense.outShape())
	if err != nil {
		return nil, err
	}
	a, err := f32Data(in[0], n, "dense output")
	if err != nil {
		return nil, err
	}
	da, err := f32Data(in[1], n, "dense output gradient")
	if err != nil {
		return nil, err
	}
	a, da = a[:len(dz)], da[:len(dz)]
	if op.sums != nil {
		actGradSums(op.dense.act, dz, a, da, op.sums.db)
		return prealloc, nil
	}
	activationGrad(op.dense.act, dz, a, da)
	return prealloc, nil
}

// activationGrad sets dz = da ⊙ act'(z) from the activation's output a:
// 1 where a > 0 for ReLU (0 at 0, as Keras), 1 - a² for tanh. Conv2D's
// activation gradient runs it image by image.
func activationGrad(act Activation, dz, a, da []float32) {
	a, da = a[:len(dz)], da[:len(dz)]
	switch act {
	case ReLU:
		for i, y := range a {
			dz[i] = math.Float32frombits(math.Float32bits(da[i]) & positive(y))
		}
	case Tanh:
		for i, y := range a {
			dz[i] = (1 - y*y) * da[i]
		}
	default:
		copy(dz, da)
	}
}

// actGradSums is denseActGradOp's pass with the column sums of dZ into db,
// row after row as Gorgonia's Sum and biasGradOp (below its split for many
// rows) add them, so the sums are bit for bit theirs.
func actGradSums(act Activation, dz, a, da, db []float32) {
	clear(db)
	units := len(db)
	for r := 0; r+units <= len(dz); r += units {
		dzr, ar, dar := dz[r:r+units], a[r:r+units], da[r:r+units]
		switch act {
		case ReLU:
			for j, y := range ar {
				v := math.Float32frombits(math.Float32bits(dar[j]) & positive(y))
				dzr[j] = v
				db[j] += v
			}
		case Tanh:
			for j, y := range ar {
				v := (1 - y*y) * dar[j]
				dzr[j] = v
				db[j] += v
			}
		default:
			for j, v := range dar {
				dzr[j] = v
				db[j] += v
			}
		}
	}
}

// positive is all ones where y > 0 and zero elsewhere (NaN included), from
// y's bits, without a branch: ReLU's derivative as a mask, dZ = dA & mask.
// A branch on y > 0 is mispredicted for about half of a layer's outputs,
// new at every step: on a 32 x 300 layer the gradient pass with the bias
// sums took 50 µs with the branch, 16 µs with the mask. As an int32, t > 0
// exactly for y > 0 and the positive NaNs, which 0x7f800000 - t < 0 takes
// out again.
func positive(y float32) uint32 {
	t := int32(math.Float32bits(y))
	return uint32((-t&^t)>>31) &^ uint32((0x7f800000-t)>>31)
}

// biasSums holds the bias gradient a denseActGradOp computes for the
// denseBiasSumsOp of the same layer.
type biasSums struct{ db []float32 }

// denseBiasSumsOp is (dZ) -> db, the column sums its layer's
// denseActGradOp has computed while making dZ: dZ is its input so that it
// runs after that op.
type denseBiasSumsOp struct {
	pureOp
	units int
	sums  *biasSums
}

func (op denseBiasSumsOp) Arity() int    { return 1 }
func (op denseBiasSumsOp) Type() hm.Type { return hm.NewFnType(tensorT(2), tensorT(1)) }
func (op denseBiasSumsOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{op.units}, nil
}
func (op denseBiasSumsOp) Do(in ...G.Value) (G.Value, error) {
	return doWith(op, tensor.Shape{op.units}, in)
}
func (op denseBiasSumsOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("dense bias gradient: %d inputs, want 1", len(in))
	}
	db, err := f32Out(prealloc, tensor.Shape{op.units})
	if err != nil {
		return nil, err
	}
	copy(db, op.sums.db)
	return prealloc, nil
}
func (op denseBiasSumsOp) key() string           { return fmt.Sprintf("gozoo.densebiassums %d", op.units) }
func (op denseBiasSumsOp) WriteHash(h hash.Hash) { h.Write([]byte(op.key())) }
func (op denseBiasSumsOp) Hashcode() uint32      { return opHash(op.key()) }
func (op denseBiasSumsOp) String() string        { return "DenseBiasSums" }
func (op denseActGradOp) WriteHash(h hash.Hash)  { h.Write([]byte(op.dense.key() + ".dz")) }
func (op denseActGradOp) Hashcode() uint32       { return opHash(op.dense.key() + ".dz") }
func (op denseActGradOp) String() string         { return fmt.Sprintf("DenseActGrad(%v)", op.dense.act) }

// denseKernelGradOp is (x, dZ) -> dW = xᵀ dZ.
type denseKernelGradOp struct {
	pureOp
	dense denseOp
}

func (op denseKernelGradOp) kernelShape() tensor.Shape {
	return tensor.Shape{op.dense.in, op.dense.units}
}
func (op denseKernelGradOp) Arity() int { return 2 }
func (op denseKernelGradOp) Type() hm.Type {
	t2 := tensorT(2)
	return hm.NewFnType(t2, t2, t2)
}
func (op denseKernelGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return op.kernelShape(), nil
}
func (op denseKernelGradOp) Do(in ...G.Value) (G.Value, error) {
	return doWith(op, op.kernelShape(), in)
}
func (op denseKernelGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	d := op.dense
	if len(in) != 2 {
		return nil, fmt.Errorf("dense kernel gradient: %d inputs, want 2", len(in))
	}
	dk, err := f32Out(prealloc, op.kernelShape())
	if err != nil {
		return nil, err
	}
	x, err := f32Data(in[0], d.batch*d.in, "dense input")
	if err != nil {
		return nil, err
	}
	dz, err := f32Data(in[1], d.batch*d.units, "dense output gradient")
	if err != nil {
		return nil, err
	}
	if done, err := d.sgd.update(d, x, dz); done || err != nil {
		// The output is left as it was: nothing reads it in a step
		// whose kernels the run updates.
		return prealloc, err
	}
	sgemm(blas.Trans, blas.NoTrans, d.in, d.units, d.batch, 1, x, d.in, dz, d.units, 0, dk, d.units)
	return prealloc, nil
}
func (op denseKernelGradOp) WriteHash(h hash.Hash) { h.Write([]byte(op.dense.key() + ".dk")) }
func (op denseKernelGradOp) Hashcode() uint32      { return opHash(op.dense.key() + ".dk") }
func (op denseKernelGradOp) String() string        { return "DenseKernelGrad" }

// denseInputGradOp is (dZ, kernel) -> dx = dZ Wᵀ.
type denseInputGradOp struct {
	pureOp
	dense denseOp
}

func (op denseInputGradOp) inShape() tensor.Shape { return tensor.Shape{op.dense.batch, op.dense.in} }
func (op denseInputGradOp) Arity() int            { return 2 }
func (op denseInputGradOp) Type() hm.Type {
	t2 := tensorT(2)
	return hm.NewFnType(t2, t2, t2)
}
func (op denseInputGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return op.inShape(), nil
}
func (op denseInputGradOp) Do(in ...G.Value) (G.Value, error) {
	return doWith(op, op.inShape(), in)
}
func (op denseInputGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	d := op.dense
	if len(in) != 2 {
		return nil, fmt.Errorf("dense input gradient: %d inputs, want 2", len(in))
	}
	dx, err := f32Out(prealloc, op.inShape())
	if err != nil {
		return nil, err
	}
	dz, err := f32Data(in[0], d.batch*d.units, "dense output gradient")
	if err != nil {
		return nil, err
	}
	k, err := f32Data(in[1], d.in*d.units, "dense kernel")
	if err != nil {
		return nil, err
	}
	sgemm(blas.NoTrans, blas.Trans, d.batch, d.in, d.units, 1, dz, d.units, k, d.units, 0, dx, d.in)
	return prealloc, nil
}
func (op denseInputGradOp) WriteHash(h hash.Hash) { h.Write([]byte(op.dense.key() + ".dx")) }
func (op denseInputGradOp) Hashcode() uint32      { return opHash(op.dense.key() + ".dx") }
func (op denseInputGradOp) String() string        { return "DenseInputGrad" }

// denseBiasGradOp is the convolution's bias gradient (column sums) on a
// (batch, units) matrix rather than a 4-D tensor: only its type differs.
type denseBiasGradOp struct{ biasGradOp }

func (op denseBiasGradOp) Type() hm.Type { return hm.NewFnType(tensorT(2), tensorT(1)) }
func (op denseBiasGradOp) key() string {
	return fmt.Sprintf("gozoo.densebiasgrad %d %d", op.rows, op.cols)
}
func (op denseBiasGradOp) WriteHash(h hash.Hash) { h.Write([]byte(op.key())) }
func (op denseBiasGradOp) Hashcode() uint32      { return opHash(op.key()) }
func (op denseBiasGradOp) String() string        { return "DenseBiasGrad" }
