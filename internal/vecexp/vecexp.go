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

// Exp sets x[i] = math.Exp(x[i]) for every i, with identical results.
func Exp(x []float64) {
	v := 0
	if available {
		n4 := len(x) &^ 3
		for v < n4 {
			v += expAVX(&x[v], n4-v)
			if v < n4 {
				// A group with a value the assembly leaves to math.Exp.
				for i := v; i < v+4; i++ {
					x[i] = math.Exp(x[i])
				}
				v += 4
			}
		}
	}
	for i := v; i < len(x); i++ {
		x[i] = math.Exp(x[i])
	}
}
