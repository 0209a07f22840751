// Package vecexp computes math.Exp over float64 slices, four values at a
// time with AVX2 and FMA, bit for bit as math.Exp: the assembly runs the
// operations of the Go runtime's own amd64 Exp (its FMA path) lane by lane.
// A softmax over few classes spends most of its time in Exp (the iris
// MLP's prediction of 1,000 rows: half its time), and keeping the bits
// keeps every saved probability and plot the same.
//
// It is a package of its own because nn uses cgo in its OpenBLAS build, and
// a package that uses cgo cannot hold Go assembly.
package vecexp

import "math"

// block is how many values are range-checked before one assembly call: a
// block with a value outside the assembly's range (or a NaN) goes through
// math.Exp instead.
const block = 64

// limit bounds the arguments the assembly takes: within it the result
// needs neither math.Exp's overflow nor its denormal step.
const limit = 708

// Exp sets x[i] = math.Exp(x[i]) for every i, with identical results.
func Exp(x []float64) {
	for len(x) > 0 {
		n := min(len(x), block)
		b := x[:n]
		x = x[n:]
		v := 0
		if available && inRange(b) {
			v = n &^ 3
			if v > 0 {
				expAVX(&b[0], v)
			}
		}
		for i := v; i < n; i++ {
			b[i] = math.Exp(b[i])
		}
	}
}

func inRange(b []float64) bool {
	ok := true
	for _, v := range b {
		// Written so that a NaN fails it.
		ok = ok && v >= -limit && v <= limit
	}
	return ok
}
