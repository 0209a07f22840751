package nn

import (
	"reflect"
	"unsafe"

	G "gorgonia.org/gorgonia"
)

// rewind sets a Gorgonia tape machine back to its first instruction while
// keeping the values in its registers. Reset would drop them, and then every
// operation allocates its output afresh at every step; kept, the operations
// that can write into a preallocated value (matrix products, element-wise
// ops, gozoo's own ops) reuse last step's buffers. Gorgonia has no exported
// way to do this, so rewind reaches the machine's program counter by
// reflection; it reports false, and the caller falls back to Reset, if the
// machine is not the tape machine of the pinned Gorgonia version.
func rewind(vm G.VM) bool {
	v := reflect.ValueOf(vm)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return false
	}
	e := v.Elem()
	if e.Kind() != reflect.Struct || e.Type().Name() != "tapeMachine" {
		return false
	}
	pc := e.FieldByName("pc")
	if !pc.IsValid() || pc.Kind() != reflect.Int {
		return false
	}
	*(*int)(unsafe.Pointer(pc.UnsafeAddr())) = 0
	return true
}
