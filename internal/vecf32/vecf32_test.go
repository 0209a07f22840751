package vecf32

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLin4 checks every length that leaves a tail after the 16- and
// 8-wide steps, and a destination that is also a source.
func TestLin4(t *testing.T) {
	if !Available {
		t.Skip("no AVX2 and FMA")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n <= 40; n++ {
		var x [4][]float32
		for i := range x {
			x[i] = make([]float32, n+1)
			for j := range x[i] {
				x[i][j] = rng.Float32()*2 - 1
			}
		}
		c := [4]float32{1, -4, 0.5, 8}
		for _, alias := range []bool{false, true} {
			dst := make([]float32, n)
			if alias {
				copy(dst, x[1])
				x[1] = dst
			}
			want := make([]float64, n)
			for j := range want {
				for i := range x {
					want[j] += float64(c[i]) * float64(x[i][j])
				}
			}
			Lin4(dst, &x, &c)
			for j, v := range dst {
				if math.Abs(float64(v)-want[j]) > 1e-5 {
					t.Fatalf("n %d alias %t: [%d] = %v, want %v", n, alias, j, v, want[j])
				}
			}
		}
	}
}

// TestLin4Short checks that a short source panics rather than reading past it.
func TestLin4Short(t *testing.T) {
	if !Available {
		t.Skip("no AVX2 and FMA")
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	x := [4][]float32{make([]float32, 8), make([]float32, 8), make([]float32, 7), make([]float32, 8)}
	Lin4(make([]float32, 8), &x, &[4]float32{})
}
