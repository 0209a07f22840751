package nn

import (
	"runtime"

	G "gorgonia.org/gorgonia"
)

// A graph's program runs on a Gorgonia tape machine through a runner, one
// of two, which newRunner chooses:
//
//   - tapeRunner (tape.go) runs it on the calling goroutine and keeps the
//     registers from one run to the next. It reaches into the machine of
//     the pinned Gorgonia version with go:linkname and unsafe, which is
//     what makes small models' steps cheap, and which the next Gorgonia
//     may break: TestPinnedGorgonia stops an upgrade until it is checked.
//   - plainRunner is Gorgonia's public API alone: Reset and RunAll. Every
//     run then allocates its ops' outputs afresh and pays RunAll's thread
//     hand-over, and gives the same bits (TestRunnersAgree).
//
// newRunner takes the plain one for any machine tapeRunner does not
// recognise, and when plainRunners is set.

// runner runs a compiled graph's program once, from its first instruction.
type runner interface {
	run() error
}

// plainRunners makes newRunner choose plainRunner for every graph it
// compiles: the seam through which tests run both runners.
var plainRunners bool

// newRunner compiles sub into a tape machine and returns its runner.
func newRunner(sub *G.ExprGraph) runner {
	vm := G.NewTapeMachine(sub)
	// NewTapeMachine sets a finalizer on the machine, to free CUDA contexts
	// in Gorgonia's cuda build and a no-op in the others, which gozoo
	// uses. The runtime does not collect a finalized object that can reach
	// itself, and the machine can: with the finalizer, every graph stayed in
	// the heap for good, model dropped or not (the CNN's: 188 MB after
	// training, 420 MB after the final evaluation); without it they go
	// when nothing uses them.
	runtime.SetFinalizer(vm, nil)
	if !plainRunners {
		if r := newTapeRunner(vm); r != nil {
			return r
		}
	}
	return plainRunner{vm}
}

// plainRunner runs a machine as Gorgonia's documentation says: Reset, then
// RunAll.
type plainRunner struct{ vm G.VM }

func (p plainRunner) run() error {
	p.vm.Reset()
	return p.vm.RunAll()
}
