//go:build !openblas

package nn

import (
	"testing"

	"gonum.org/v1/gonum/blas/gonum"
	G "gorgonia.org/gorgonia"
)

func TestPureGoBLASByDefault(t *testing.T) {
	if BLAS() != "gonum (pure Go)" {
		t.Errorf("BLAS() = %q", BLAS())
	}
	if _, ok := G.WhichBLAS().(gonum.Implementation); !ok {
		t.Errorf("Gorgonia uses %T, want gonum's pure-Go implementation", G.WhichBLAS())
	}
}
