package vecf32

import (
	"math"
	"math/rand/v2"
	"slices"
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

// TestAddReLU checks the assembly against the Go expression bit for bit,
// on lengths around the eight-value steps, with NaNs, infinities and
// zeros of both signs among the values.
func TestAddReLU(t *testing.T) {
	if !Available {
		t.Skip("no AVX2 and FMA")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	special := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0, float32(math.Copysign(0, -1)), -1e-40, 1e-40}
	for n := 0; n < 40; n++ {
		for _, bias := range []bool{true, false} {
			z, b := make([]float32, n), make([]float32, n)
			for i := range z {
				z[i], b[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
				if rng.IntN(4) == 0 {
					z[i] = special[rng.IntN(len(special))]
				}
				if rng.IntN(4) == 0 {
					b[i] = special[rng.IntN(len(special))]
				}
			}
			want := slices.Clone(z)
			for i := range want {
				if bias {
					want[i] = max(want[i]+b[i], 0)
				} else {
					want[i] = max(want[i], 0)
				}
			}
			if !bias {
				b = nil
			}
			AddReLU(z, b)
			for i := range z {
				if math.Float32bits(z[i]) != math.Float32bits(want[i]) {
					t.Fatalf("n %d bias %t: value %d is %x, want %x", n, bias, i, math.Float32bits(z[i]), math.Float32bits(want[i]))
				}
			}
		}
	}
}

// TestAddRows compares every (rows, cols) shape with a tail of 0 to 7
// against the Go expressions, bit for bit, with special values; a guard
// value after the last row must come out untouched (the masked stores).
func TestAddRows(t *testing.T) {
	t.Run("asm", testAddRows)
	if Available {
		Available = false
		defer func() { Available = true }()
		t.Run("go", testAddRows)
	}
}

func testAddRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	special := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0, float32(math.Copysign(0, -1)), -1e-40, 1e-40}
	for _, rows := range []int{1, 2, 5, 17} {
		for _, cols := range append(seq(1, 70), 127, 128, 129, 300) {
			for _, bias := range []bool{true, false} {
				for _, relu := range []bool{true, false} {
					z, b := make([]float32, rows*cols+1), make([]float32, cols)
					for i := range z {
						z[i] = float32(rng.NormFloat64())
						if rng.IntN(4) == 0 {
							z[i] = special[rng.IntN(len(special))]
						}
					}
					for i := range b {
						b[i] = float32(rng.NormFloat64())
						if rng.IntN(4) == 0 {
							b[i] = special[rng.IntN(len(special))]
						}
					}
					z[rows*cols] = 12345
					want := slices.Clone(z)
					for i := range want[:rows*cols] {
						v := want[i]
						if bias {
							v += b[i%cols]
						}
						if relu {
							v = max(v, 0)
						}
						want[i] = v
					}
					bb := b
					if !bias {
						bb = nil
					}
					AddRows(z, bb, rows, cols, relu)
					for i := range z {
						if math.Float32bits(z[i]) != math.Float32bits(want[i]) {
							t.Fatalf("%dx%d bias %t relu %t: value %d is %x, want %x", rows, cols, bias, relu, i, math.Float32bits(z[i]), math.Float32bits(want[i]))
						}
					}
				}
			}
		}
	}
}

func seq(lo, hi int) []int {
	var s []int
	for i := lo; i <= hi; i++ {
		s = append(s, i)
	}
	return s
}

// TestMaxShift compares the assembly with the Go loop bit for bit, with
// NaNs, infinities and zeros of both signs among the values.
func TestMaxShift(t *testing.T) {
	if !Available {
		t.Skip("no AVX2 and FMA")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	special := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0, float32(math.Copysign(0, -1)), -1e-40, 1e-40}
	for _, rows := range []int{1, 3, 20} {
		for _, cols := range []int{1, 2, 3, 7, 10, 33} {
			z := make([]float32, rows*cols)
			for i := range z {
				z[i] = float32(rng.NormFloat64() * 10)
				if rng.IntN(5) == 0 {
					z[i] = special[rng.IntN(len(special))]
				}
			}
			got, want := make([]float64, len(z)+1), make([]float64, len(z)+1)
			got[len(z)], want[len(z)] = 7, 7
			MaxShift(got, z, rows, cols)
			Available = false
			MaxShift(want, z, rows, cols)
			Available = true
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("%dx%d: [%d] = %v, want %v", rows, cols, i, got[i], want[i])
				}
			}
		}
	}
}

// TestNormRows compares the assembly with the Go loop bit for bit.
func TestNormRows(t *testing.T) {
	if !Available {
		t.Skip("no AVX2 and FMA")
	}
	rng := rand.New(rand.NewPCG(9, 10))
	for _, rows := range []int{1, 3, 20} {
		for _, cols := range []int{1, 2, 3, 7, 10, 33} {
			e := make([]float64, rows*cols)
			for i := range e {
				e[i] = math.Exp(rng.NormFloat64() * 20)
			}
			e[0] = math.Inf(1)
			got, want := make([]float32, len(e)+1), make([]float32, len(e)+1)
			got[len(e)], want[len(e)] = 7, 7
			NormRows(got, e, rows, cols)
			Available = false
			NormRows(want, e, rows, cols)
			Available = true
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%dx%d: [%d] = %v, want %v", rows, cols, i, got[i], want[i])
				}
			}
		}
	}
}

// TestNormalize compares the assembly with the Go expression bit for bit
// on row lengths around the vector width, with special values.
func TestNormalize(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	special := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0, float32(math.Copysign(0, -1)), 1e-40, 3e38}
	for _, rows := range []int{1, 3, 17, 1000} {
		for _, cols := range []int{1, 2, 3, 5, 8, 9, 13, 16, 200} {
			x, mean, inv := make([]float32, rows*cols+1), make([]float32, cols), make([]float32, cols)
			for i := range x {
				x[i] = float32(rng.NormFloat64() * 100)
				if rng.IntN(6) == 0 {
					x[i] = special[rng.IntN(len(special))]
				}
			}
			for j := range mean {
				mean[j], inv[j] = float32(rng.NormFloat64()*50), float32(rng.Float64()*3)
			}
			x[rows*cols] = 5
			got, want := slices.Clone(x), slices.Clone(x)
			Normalize(got, x, mean, inv, rows)
			for i := range want[:rows*cols] {
				j := i % cols
				want[i] = float32(x[i]-mean[j]) * inv[j]
			}
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%dx%d: [%d] = %v, want %v", rows, cols, i, got[i], want[i])
				}
			}
		}
	}
}

// specials fills x with random values among which NaNs, infinities and
// zeros of both signs.
func specials(rng *rand.Rand, x []float32) {
	odd := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0, float32(math.Copysign(0, -1)), 1e-40, -1e-40}
	for i := range x {
		if rng.IntN(4) == 0 {
			x[i] = odd[rng.IntN(len(odd))]
		} else {
			x[i] = rng.Float32()*2 - 1
		}
	}
}

// TestMaskPositive checks MaskPositive against ReLU's gradient in Go bit
// for bit, on lengths around the eight- and sixteen-value steps, with dz
// apart from da and dz in place of da, with the assembly and without.
func TestMaskPositive(t *testing.T) {
	defer func(v bool) { Available = v }(Available)
	for _, avx := range []bool{Available, false} {
		Available = avx
		testMaskPositive(t)
	}
}

func testMaskPositive(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n <= 50; n++ {
		a, da := make([]float32, n+3), make([]float32, n+3)
		specials(rng, a)
		specials(rng, da)
		want := make([]uint32, n)
		for i := range want {
			if a[i] > 0 {
				want[i] = math.Float32bits(da[i])
			}
		}
		for _, inPlace := range []bool{false, true} {
			dz := make([]float32, n)
			src := da
			if inPlace {
				copy(dz, da)
				src = dz
			}
			MaskPositive(dz, a, src)
			for i, v := range dz {
				if math.Float32bits(v) != want[i] {
					t.Fatalf("n %d in place %t: [%d] = %v (a %v, da %v), want bits %x", n, inPlace, i, v, a[i], da[i], want[i])
				}
			}
		}
	}
}

// TestMaxPool2GradRow checks the kernel against the windows' rule in Go,
// bit for bit, with ties (the first maximum takes the gradient), NaNs and
// zeros of both signs.
func TestMaxPool2GradRow(t *testing.T) {
	if !Available {
		t.Skip("no AVX2 and FMA")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range []int{8, 16, 24, 64} {
		for outW := 1; outW <= 5; outW++ {
			n := 2 * outW * c
			a0, a1, up := make([]float32, n), make([]float32, n), make([]float32, outW*c)
			specials(rng, a0)
			specials(rng, a1)
			specials(rng, up)
			for i := range a0 { // ties: a third of the values copy a neighbour
				if rng.IntN(3) == 0 {
					a1[i] = a0[i]
				}
			}
			want0, want1 := make([]float32, n), make([]float32, n)
			for ow := range outW {
				for k := range c {
					i := 2*ow*c + k
					v := [4]float32{a0[i], a0[i+c], a1[i], a1[i+c]}
					m := max(max(v[0], v[1]), max(v[2], v[3]))
					at := -1
					for j, x := range v {
						if x == m {
							at = j
							break
						}
					}
					d := [4]*float32{&want0[i], &want0[i+c], &want1[i], &want1[i+c]}
					if at >= 0 {
						*d[at] = up[ow*c+k]
					}
				}
			}
			d0, d1 := make([]float32, n), make([]float32, n)
			for i := range d0 {
				d0[i], d1[i] = 7, 7 // every value must be written
			}
			if !MaxPool2GradRow(d0, d1, a0, a1, up, outW, c) {
				t.Fatalf("c %d: no kernel", c)
			}
			for i := range d0 {
				if math.Float32bits(d0[i]) != math.Float32bits(want0[i]) || math.Float32bits(d1[i]) != math.Float32bits(want1[i]) {
					t.Fatalf("c %d outW %d [%d]: got %v %v, want %v %v", c, outW, i, d0[i], d1[i], want0[i], want1[i])
				}
			}
		}
	}
	if MaxPool2GradRow(make([]float32, 12), make([]float32, 12), make([]float32, 12), make([]float32, 12), make([]float32, 6), 1, 6) {
		t.Error("a kernel for 6 channels")
	}
}

// TestPositiveIsGreaterThanZero checks the ReLU gradient's mask against
// y > 0 on the special values and on one float32 bit pattern in 257 (all
// 2^32 agree too, in 20 seconds).
func TestPositiveIsGreaterThanZero(t *testing.T) {
	check := func(y float32) {
		want := uint32(0)
		if y > 0 {
			want = ^uint32(0)
		}
		if got := PositiveMask(y); got != want {
			t.Fatalf("PositiveMask(%v) (bits %08x) = %08x, want %08x", y, math.Float32bits(y), got, want)
		}
	}
	for _, b := range []uint32{0, 1, 0x007fffff, 0x00800000, 0x3f800000, 0x7f7fffff, 0x7f800000, 0x7f800001, 0x7fc00000, 0x7fffffff,
		0x80000000, 0x80000001, 0xbf800000, 0xff800000, 0xff800001, 0xffc00000, 0xffffffff} {
		check(math.Float32frombits(b))
	}
	for u := uint64(0); u < 1<<32; u += 257 {
		check(math.Float32frombits(uint32(u)))
	}
}
