//go:build openblas

package nn

import (
	"testing"

	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/netlib/blas/netlib"
	G "gorgonia.org/gorgonia"
)

func TestOpenBLASInUse(t *testing.T) {
	if BLAS() != "OpenBLAS" {
		t.Errorf("BLAS() = %q", BLAS())
	}
	if _, ok := blasNow().(netlib.Implementation); !ok {
		t.Fatalf("nn uses %T, want netlib.Implementation", blasNow())
	}
	// Importing nn leaves Gorgonia's BLAS as Gorgonia sets it.
	if _, ok := G.WhichBLAS().(gonum.Implementation); !ok {
		t.Errorf("Gorgonia uses %T, want its default gonum.Implementation", G.WhichBLAS())
	}
	checkSgemmLikeGonum(t)
}
