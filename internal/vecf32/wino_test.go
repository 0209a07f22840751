package vecf32

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Lavin and Gray's F(4x4, 3x3) matrices, as in kernels/winograd.go.
var (
	testBt = [][]float64{
		{4, 0, -5, 0, 1, 0},
		{0, -4, -4, 1, 1, 0},
		{0, 4, -4, -1, 1, 0},
		{0, -2, -1, 2, 1, 0},
		{0, 2, -1, -2, 1, 0},
		{0, 4, 0, -5, 0, 1},
	}
	testAt = [][]float64{
		{1, 1, 1, 1, 1, 0},
		{0, 1, -1, 2, -2, 0},
		{0, 1, 1, 4, 4, 0},
		{0, 1, -1, 8, -8, 1},
	}
)

// sandwich is L x Rᵀ for the matrices l (r x n) and r (s x n) and the n x n
// tile x: out[i][j] = sum over u, v of l[i][u] x[u][v] r[j][v].
func sandwich(l, r [][]float64, x [][]float64) [][]float64 {
	out := make([][]float64, len(l))
	for i := range l {
		out[i] = make([]float64, len(r))
		for j := range r {
			for u := range x {
				for v := range x[u] {
					out[i][j] += l[i][u] * x[u][v] * r[j][v]
				}
			}
		}
	}
	return out
}

func transpose(m [][]float64) [][]float64 {
	t := make([][]float64, len(m[0]))
	for j := range t {
		t[j] = make([]float64, len(m))
		for i := range m {
			t[j][i] = m[i][j]
		}
	}
	return t
}

// winoCase runs one of the kernels on random data with padding around
// every stride, and compares each value with the float64 transform of its
// tile; values outside the destination's places must stay untouched.
func TestWinoTransforms(t *testing.T) {
	if !Available {
		t.Skip("no AVX2 and FMA")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	a := transpose(testAt) // 6 x 4
	var tmp WinoTmp
	for _, ch := range []int{8, 16, 40} {
		for tiles := 1; tiles <= 3; tiles++ {
			const sentinel = 12345
			for _, kind := range []string{"input", "output", "grad"} {
				in, out := 6, 6 // tile sides
				switch kind {
				case "output":
					out = 4
				case "grad":
					in = 4
				}
				// Source and destination strides with room to spare, so
				// that a wrong stride reads or writes the wrong place.
				inCols := 4*(tiles-1) + in
				rl := inCols*ch + 5
				ps := tiles*ch + 13
				drow := 4*tiles*ch + 3
				var src, dst []float32
				if kind == "output" {
					src = make([]float32, 36*ps)
					dst = make([]float32, 4*drow)
				} else {
					src = make([]float32, in*rl)
					dst = make([]float32, 36*ps)
				}
				for i := range src {
					src[i] = rng.Float32()*2 - 1
				}
				for i := range dst {
					dst[i] = sentinel
				}
				var ok bool
				switch kind {
				case "input":
					ok = WinoInput4(dst, ps, src, rl, tiles, ch, &tmp)
				case "output":
					ok = WinoOutput4(dst, drow, src, ps, tiles, ch, &tmp)
				case "grad":
					ok = WinoGrad4(dst, ps, src, rl, tiles, ch, &tmp)
				}
				if !ok {
					t.Fatalf("%s ch %d: no kernel", kind, ch)
				}
				written := make([]bool, len(dst))
				for j := range tiles {
					for c := range ch {
						x := make([][]float64, in)
						for u := range x {
							x[u] = make([]float64, in)
							for v := range x[u] {
								if kind == "output" {
									x[u][v] = float64(src[(u*6+v)*ps+j*ch+c])
								} else {
									x[u][v] = float64(src[u*rl+(4*j+v)*ch+c])
								}
							}
						}
						var want [][]float64
						switch kind {
						case "input":
							want = sandwich(testBt, testBt, x)
						case "output":
							want = sandwich(testAt, testAt, x)
						case "grad":
							want = sandwich(a, a, x)
						}
						for p := range out {
							for q := range out {
								at := (p*6+q)*ps + j*ch + c
								if kind == "output" {
									at = p*drow + (4*j+q)*ch + c
								}
								written[at] = true
								if got := float64(dst[at]); math.Abs(got-want[p][q]) > 1e-5*(1+math.Abs(want[p][q])) {
									t.Fatalf("%s ch %d tiles %d: tile %d channel %d (%d, %d) = %v, want %v", kind, ch, tiles, j, c, p, q, got, want[p][q])
								}
							}
						}
					}
				}
				for i, w := range written {
					if !w && dst[i] != sentinel {
						t.Fatalf("%s ch %d tiles %d: wrote dst[%d] outside the tiles", kind, ch, tiles, i)
					}
				}
			}
		}
	}
	if WinoInput4(make([]float32, 1000), 10, make([]float32, 1000), 10, 1, 12, &tmp) {
		t.Error("a kernel for 12 channels")
	}
}
