//go:build !openblas

package nn

import (
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
)

func TestPureGoBLASByDefault(t *testing.T) {
	if !strings.HasPrefix(BLAS(), "gozoo GEMM (pure Go") {
		t.Errorf("BLAS() = %q", BLAS())
	}
	if _, ok := G.WhichBLAS().(pureGoBLAS); !ok {
		t.Fatalf("Gorgonia uses %T, want pureGoBLAS", G.WhichBLAS())
	}
	checkSgemmLikeGonum(t)
}
