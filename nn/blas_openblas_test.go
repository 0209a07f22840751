//go:build openblas

package nn

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/netlib/blas/netlib"
	G "gorgonia.org/gorgonia"
)

func TestOpenBLASInUse(t *testing.T) {
	if BLAS() != "OpenBLAS" {
		t.Errorf("BLAS() = %q", BLAS())
	}
	if _, ok := G.WhichBLAS().(netlib.Implementation); !ok {
		t.Fatalf("Gorgonia uses %T, want netlib.Implementation", G.WhichBLAS())
	}
	// OpenBLAS multiplies as gonum does, to float32 rounding.
	const m, n, k = 7, 5, 33
	rng := NewRand(1)
	a, b := make([]float32, m*k), make([]float32, k*n)
	for i := range a {
		a[i] = rng.Float32() - 0.5
	}
	for i := range b {
		b[i] = rng.Float32() - 0.5
	}
	got, want := make([]float32, m*n), make([]float32, m*n)
	G.WhichBLAS().Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, got, n)
	gonum.Implementation{}.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, want, n)
	for i := range got {
		if math.Abs(float64(got[i]-want[i])) > 1e-5 {
			t.Fatalf("c[%d] = %v, gonum says %v", i, got[i], want[i])
		}
	}
}
