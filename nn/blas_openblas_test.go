//go:build openblas

package nn

import (
	"math"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/internal/gemm"
	"github.com/gozoo/gozoo/internal/kernels"
	"gonum.org/v1/gonum/blas"

	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/netlib/blas/netlib"
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

// TestOpenBLASProducts checks the openblas build's split: a product
// under openBLASMinMACs runs on gozoo's GEMM where it has its assembly
// (the same bits), OpenBLAS otherwise (its bits); and OpenBLAS itself
// agrees with gonum, on small products and on one past the threshold.
func TestOpenBLASProducts(t *testing.T) {
	shapes := []struct{ m, n, k int }{{1000, 3, 10}, {16, 128, 128}, {128, 128, 128}, {64, 200, 100}}
	if !testing.Short() {
		shapes = append(shapes, struct{ m, n, k int }{650, 650, 640})
	}
	for _, s := range shapes {
		ab := randSlices(2, s.m*s.k, s.k*s.n)
		got, gz, ob, want := make([]float32, s.m*s.n), make([]float32, s.m*s.n), make([]float32, s.m*s.n), make([]float32, s.m*s.n)
		openBLAS{}.Sgemm(blas.NoTrans, blas.NoTrans, s.m, s.n, s.k, 1, ab[0], s.k, ab[1], s.n, 0, got, s.n)
		kernels.GozooSgemm(blas.NoTrans, blas.NoTrans, s.m, s.n, s.k, 1, ab[0], s.k, ab[1], s.n, 0, gz, s.n)
		netlib.Implementation{}.Sgemm(blas.NoTrans, blas.NoTrans, s.m, s.n, s.k, 1, ab[0], s.k, ab[1], s.n, 0, ob, s.n)
		gonum.Implementation{}.Sgemm(blas.NoTrans, blas.NoTrans, s.m, s.n, s.k, 1, ab[0], s.k, ab[1], s.n, 0, want, s.n)
		route := ob
		if gemm.Assembly() && s.m*s.n*s.k < openBLASMinMACs {
			route = gz
		}
		for i := range got {
			if math.Abs(float64(ob[i]-want[i])) > 1e-3*(1+math.Abs(float64(want[i]))) {
				t.Fatalf("%v: OpenBLAS c[%d] = %v, gonum says %v", s, i, ob[i], want[i])
			}
			if math.Float32bits(got[i]) != math.Float32bits(route[i]) {
				t.Fatalf("%v: c[%d] = %v, the BLAS it should run on says %v", s, i, got[i], route[i])
			}
		}
	}
}
