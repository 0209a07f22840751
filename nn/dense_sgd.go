package nn

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"

	"github.com/gozoo/gozoo/internal/kernels"
)

// Plain SGD (no momentum) folded into a Dense layer's kernel gradient.
//
// SGD's update of a kernel is W += (-lr) dW with dW = xᵀ dZ, one BLAS
// product. A product can add into its output (sgemm's alpha and beta), so
// W += (-lr) xᵀ dZ is one call, straight into the weights: the gradient is
// never written out, nor read back by a separate saxpy, which for the
// Fashion MLP's 266,610 weights are passes over a megabyte a step.
//
// Updating a weight inside the backward pass is only right if nothing
// reads it afterwards in that pass. A kernel is read by its layer's
// forward product and by its input gradient dx = dZ Wᵀ; a kernel read by
// anything else (a weight shared by two layers, a penalty in the loss) is
// not fused. And the update must wait for the loss, which TrainStep checks
// before any weight changes: the op leaves the kernel alone when the loss
// is not a finite number. Rather than adding edges to the graph to force
// that order, which would move the kernel gradient op later in the tape
// (and Gorgonia's register reuse does not see through Reshape's views: an
// op moved later can read an input that an in-place op has overwritten by
// then), fuseSGD takes the order the tape machine runs, Gorgonia's stable
// topological sort of the subgraph, and fuses where it is right. In every
// zoo model it is: Gorgonia's sort runs a layer's input gradient, made
// first by SymDiff, before its kernel gradient, and the loss before both.
//
// The op is the same whatever the optimizer: trainStep switches the
// update on, through the graph's sgdFusion, for the steps of a plain SGD
// only; off, the op computes the gradient for the optimizer to read.
//
// Rounding: OpenBLAS accumulates a weight's products over the batch in a
// register, then adds alpha times the sum to W, possibly in one fused
// multiply-add, where the separate saxpy rounded lr·g first; gonum's sgemm
// (the pure-Go build) adds each example's (alpha·x)·dz to W in turn. The
// weights differ in their last bits from the unfused update's, and are
// the same from run to run.

// sgdFusion is a training graph's switch for its fused SGD updates, set by
// trainStep before each run.
type sgdFusion struct {
	on bool
	lr float32
}

// kernelSGD is what a Dense layer's kernel gradient op needs to update the
// kernel itself. Each denseOp gets one, which its kernel gradient op
// shares; fuseSGD fills it in, for a training graph and where it is safe.
type kernelSGD struct {
	step *sgdFusion // nil: the op only computes the gradient
	w    []float32  // the kernel's values
	loss *G.Node    // run before the op, as fuseSGD checked
}

// update does W += (-lr) xᵀ dZ if k is switched on, and tells whether it
// was on; with a loss that is not a finite number it leaves W alone, for
// trainStep to report.
func (k *kernelSGD) update(d kernels.Dense, x, dz []float32) (bool, error) {
	if k == nil || k.step == nil || !k.step.on {
		return false, nil
	}
	loss, err := scalar32(k.loss.Value())
	if err != nil {
		return false, fmt.Errorf("dense kernel update: loss: %w", err)
	}
	if math.IsNaN(float64(loss)) || math.IsInf(float64(loss), 0) {
		return true, nil
	}
	d.KernelStep(blasNow(), k.w, k.step.lr, x, dz)
	return true, nil
}

// fuseSGD fills in the kernelSGD of every kernel gradient that the
// training machine runs after the loss and after every other op that
// reads the kernel, and notes which weights those are.
func (gr *graph) fuseSGD() error {
	gr.sgd = &sgdFusion{}
	gr.fused = make([]bool, len(gr.gradNodes))
	sub := gr.subgraph
	sorted, err := G.Sort(sub)
	if err != nil {
		return err
	}
	// Sort lists the roots first; Gorgonia's compiler reverses it into
	// the machine's program.
	pos := make(map[*G.Node]int, len(sorted))
	for i, n := range sorted {
		pos[n] = len(sorted) - i
	}
	lossAt, ok := pos[gr.loss]
	if !ok {
		return nil
	}
	for i, dk := range gr.gradNodes {
		op, ok := defOf[denseKernelGradOp](dk.Op())
		if !ok || op.dense.sgd == nil || gr.gradVals[i] != nil {
			continue
		}
		at := pos[dk]
		safe := at > lossAt
		for rs := sub.To(gr.nodes[i].ID()); safe && rs.Next(); {
			r := rs.Node().(*G.Node)
			rAt, runs := pos[r]
			if !runs {
				continue
			}
			_, fwd := defOf[denseOp](r.Op())
			_, dx := defOf[denseInputGradOp](r.Op())
			safe = (fwd || dx) && rAt < at
		}
		if safe {
			*op.dense.sgd = kernelSGD{step: gr.sgd, w: gr.trainable[i].Data(), loss: gr.loss}
			gr.fused[i] = true
		}
	}
	return nil
}

// useSGD switches the graph's fused updates on for the next run if opt is
// a plain SGD (no momentum) and the graph has any, and tells whether it
// did; trainStep then has opt update only the others, gr.restParams.
func (gr *graph) useSGD(opt Optimizer) bool {
	if gr.sgd == nil || len(gr.restParams) == len(gr.trainable) {
		return false
	}
	sgd, ok := opt.(*SGD)
	if !ok || sgd.Momentum != 0 {
		return false
	}
	gr.sgd.on, gr.sgd.lr = true, float32(sgd.LearningRate)
	return true
}
