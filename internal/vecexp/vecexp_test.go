package vecexp

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSameBitsAsMathExp: random arguments over the whole range a softmax
// meets (and beyond, where the Go path takes over), the edges of the
// assembly's range, and the special values.
func TestSameBitsAsMathExp(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var x []float64
	for range 200000 {
		switch rng.IntN(4) {
		case 0:
			x = append(x, -rng.Float64()*20)
		case 1:
			x = append(x, (rng.Float64()-0.5)*1500)
		case 2:
			x = append(x, -rng.Float64()*1e-6)
		default:
			x = append(x, math.Float64frombits(rng.Uint64()))
		}
	}
	x = append(x, 0, math.Copysign(0, -1), 708, -708, math.Nextafter(708, 0), math.Nextafter(-708, 0), math.Nextafter(708, 1000), math.Nextafter(-708, -1000),
		709.78, -745, -746, -1000, 1000, math.Inf(1), math.Inf(-1), math.NaN(), math.SmallestNonzeroFloat64, 1)
	for _, n := range []int{len(x), 1, 3, 4, 5, 63, 64, 65, 131} {
		got := append([]float64(nil), x[:n]...)
		Exp(got)
		for i, v := range x[:n] {
			want := math.Exp(v)
			if math.Float64bits(got[i]) != math.Float64bits(want) && !(math.IsNaN(got[i]) && math.IsNaN(want)) {
				t.Fatalf("n %d: Exp(%v) = %v (%#x), math.Exp %v (%#x)", n, v, got[i], math.Float64bits(got[i]), want, math.Float64bits(want))
			}
		}
	}
	if !available {
		t.Log("no AVX2+FMA here: the Go path alone was tested")
	}
}

// TestAssemblyRuns makes sure a block in range takes the assembly (it is
// the reason the package exists) where the CPU has it.
func TestAssemblyRuns(t *testing.T) {
	if !available {
		t.Skip("no AVX2+FMA")
	}
	x := []float64{-1, -2, -3, -4}
	if n := expAVX(&x[0], 4); n != 4 {
		t.Fatalf("expAVX did %d of 4 values in range", n)
	}
	for i, v := range []float64{-1, -2, -3, -4} {
		if x[i] != math.Exp(v) {
			t.Fatalf("expAVX(%v) = %v, want %v", v, x[i], math.Exp(v))
		}
	}
}

func BenchmarkExp(b *testing.B) {
	x := make([]float64, 3000)
	y := make([]float64, len(x))
	for i := range x {
		x[i] = -float64(i%97) / 10
	}
	b.Run("vecexp", func(b *testing.B) {
		for b.Loop() {
			copy(y, x)
			Exp(y)
		}
	})
	b.Run("math", func(b *testing.B) {
		for b.Loop() {
			copy(y, x)
			for i := range y {
				y[i] = math.Exp(y[i])
			}
		}
	})
}
