//go:build openblas

package nn

import (
	"testing"

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
	checkSgemmLikeGonum(t)
}
