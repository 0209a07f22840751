//go:build !openblas

package nn

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas/gonum"
	G "gorgonia.org/gorgonia"
)

func TestPureGoBLASByDefault(t *testing.T) {
	if !strings.HasPrefix(BLAS(), "gozoo GEMM (pure Go") {
		t.Errorf("BLAS() = %q", BLAS())
	}
	if _, ok := blasNow().(pureGoBLAS); !ok {
		t.Fatalf("nn uses %T, want pureGoBLAS", blasNow())
	}
	// Importing nn leaves Gorgonia's BLAS as Gorgonia sets it.
	if _, ok := G.WhichBLAS().(gonum.Implementation); !ok {
		t.Errorf("Gorgonia uses %T, want its default gonum.Implementation", G.WhichBLAS())
	}
	checkSgemmLikeGonum(t)
}
