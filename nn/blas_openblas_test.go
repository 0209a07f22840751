//go:build openblas

package nn

import (
	"math"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/internal/kernels"
	"gonum.org/v1/gonum/blas"

	"gonum.org/v1/gonum/blas/gonum"
	G "gorgonia.org/gorgonia"
)

func TestOpenBLASInUse(t *testing.T) {
	if !strings.HasPrefix(BLAS(), "OpenBLAS") {
		t.Errorf("BLAS() = %q", BLAS())
	}
	if _, ok := blasNow().(openBLAS); !ok {
		t.Fatalf("nn uses %T, want openBLAS", blasNow())
	}
	// Importing nn leaves Gorgonia's BLAS as Gorgonia sets it.
	if _, ok := G.WhichBLAS().(gonum.Implementation); !ok {
		t.Errorf("Gorgonia uses %T, want its default gonum.Implementation", G.WhichBLAS())
	}
	checkSgemmLikeGonum(t)
}

// TestOpenBLASSmallProducts checks the openblas build's split: a product
// under openBLASMinMACs runs on gozoo's GEMM (the same bits), one above
// on OpenBLAS (close to gonum's, not necessarily the same bits), both
// correct.
func TestOpenBLASSmallProducts(t *testing.T) {
	for _, s := range []struct{ m, n, k int }{{1000, 3, 10}, {16, 128, 128}, {128, 128, 128}, {64, 200, 100}} {
		ab := randSlices(2, s.m*s.k, s.k*s.n)
		got, gz, want := make([]float32, s.m*s.n), make([]float32, s.m*s.n), make([]float32, s.m*s.n)
		openBLAS{}.Sgemm(blas.NoTrans, blas.NoTrans, s.m, s.n, s.k, 1, ab[0], s.k, ab[1], s.n, 0, got, s.n)
		kernels.GozooSgemm(blas.NoTrans, blas.NoTrans, s.m, s.n, s.k, 1, ab[0], s.k, ab[1], s.n, 0, gz, s.n)
		gonum.Implementation{}.Sgemm(blas.NoTrans, blas.NoTrans, s.m, s.n, s.k, 1, ab[0], s.k, ab[1], s.n, 0, want, s.n)
		small := s.m*s.n*s.k < openBLASMinMACs
		for i := range got {
			if math.Abs(float64(got[i]-want[i])) > 1e-3*(1+math.Abs(float64(want[i]))) {
				t.Fatalf("%v: c[%d] = %v, gonum says %v", s, i, got[i], want[i])
			}
			if small && math.Float32bits(got[i]) != math.Float32bits(gz[i]) {
				t.Fatalf("%v (small): c[%d] = %v, gozoo's GEMM says %v", s, i, got[i], gz[i])
			}
		}
	}
}
