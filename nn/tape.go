package nn

import (
	"reflect"
	"unsafe"

	G "gorgonia.org/gorgonia"
)

// tapeRunner is the runner (machine.go) that reaches into Gorgonia's tape
// machine; this file is the only one of gozoo that does.
//
// It runs the program on the calling goroutine. Gorgonia's
// tapeMachine.RunAll locks the calling goroutine to its thread, starts a
// goroutine that runs the program, and waits for it on a channel. The lock
// is for CUDA, whose contexts belong to a thread; with a locked goroutine
// blocked, the Go scheduler has to wake another thread to run the new
// goroutine and then hand the processor back: two futex wake-ups and
// sleeps per run, 25 to 40 µs on a 2-core machine, more than half of a
// small model's step (the Iris MLP's was about 45 µs) and most of a
// one-example prediction's. The goroutine's function, the unexported
// (*tapeMachine).runall, runs the program and reports on the channels it
// is given; tapeRunner calls it directly, with buffered channels so that
// its reports never block.
//
// Nothing else of RunAll is needed by the machines build makes: without
// CUDA and without a batching BLAS (gozoo's OpenBLAS build hands Gorgonia
// a plain one), RunAll's extern work is none, and its queue of closures
// is only filled for BindDualValues, which build does not use.
//
// On a quiet machine that took the Fashion MLP's step from 0.51 to 0.41
// ms, and left the CNN's as it was (68 ms). With another process busy on
// one of the two cores it went the other way for the Fashion MLP, 0.51 to
// 0.59 ms, with nearly twice the context switches a step and ten times
// the runtime's short sleeps (sysmon's, work stealing's) as RunAll;
// presumably the split products' goroutines then wait for a core the other
// process holds.
//
// It also rewinds the machine rather than resetting it: it sets the
// program counter back to the first instruction and keeps the values in
// the registers. Reset would drop them, and then every operation
// allocates its output afresh at every step; kept, the operations that
// can write into a preallocated value (matrix products, element-wise ops,
// gozoo's own ops) reuse last step's buffers. Gorgonia has no exported way
// to do this, so the program counter is reached by reflection.
//
// The linkname ties this to the signature of runall in the pinned
// Gorgonia version (v0.9.18; TestPinnedGorgonia fails when go.mod moves
// off it, to have it checked again); newTapeRunner checks the machine's
// type, its BLAS and its program counter at run time and returns nil, for
// the plain runner, otherwise.

//go:linkname tapeRunall gorgonia.org/gorgonia.(*tapeMachine).runall
func tapeRunall(m unsafe.Pointer, errChan chan error, doneChan chan struct{})

// tapeRunner runs a tape machine's program on the calling goroutine.
type tapeRunner struct {
	vm   G.VM
	m    unsafe.Pointer // the *tapeMachine
	pc   *int           // its program counter
	ran  bool
	errc chan error
	done chan struct{}
}

// newTapeRunner returns a runner for vm, or nil if vm is not a tape
// machine that tapeRunall can run as RunAll does.
func newTapeRunner(vm G.VM) *tapeRunner {
	v := reflect.ValueOf(vm)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil
	}
	t := v.Elem().Type()
	if t.Kind() != reflect.Struct || t.Name() != "tapeMachine" || t.PkgPath() != "gorgonia.org/gorgonia" {
		return nil
	}
	ext := v.Elem().FieldByName("ExternMetadata")
	if !ext.IsValid() || ext.Kind() != reflect.Struct {
		return nil
	}
	b := ext.FieldByName("b") // the batching BLAS, whose work RunAll would flush
	if !b.IsValid() || b.Kind() != reflect.Interface || !b.IsNil() {
		return nil
	}
	pc := v.Elem().FieldByName("pc")
	if !pc.IsValid() || pc.Kind() != reflect.Int {
		return nil
	}
	return &tapeRunner{vm: vm, m: v.UnsafePointer(), pc: (*int)(unsafe.Pointer(pc.UnsafeAddr())),
		errc: make(chan error, 1), done: make(chan struct{}, 1)}
}

// run rewinds the machine (resets it before the first run) and runs its
// program to the end.
func (r *tapeRunner) run() error {
	if r.ran {
		*r.pc = 0
	} else {
		r.vm.Reset()
		r.ran = true
	}
	tapeRunall(r.m, r.errc, r.done)
	select {
	case err := <-r.errc:
		return err
	case <-r.done:
		return nil
	}
}
