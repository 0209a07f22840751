// Package vecf32 holds gozoo's assembly kernels, with AVX2 and FMA: a sum
// of four scaled float32 vectors in one pass (gonum's vector kernels do one
// scaled vector at a time and so pass over the destination once per term;
// Winograd's transforms sum three to five), a batch's bias add with ReLU
// and Normalization's shift and scale eight values at a time, a softmax's
// row maxima and sums, ReLU's and 2x2 max pooling's gradients. Each gives
// the bits of the Go expression it replaces, which the tests check value
// by value. Winograd's F(4x4, 3x3) transforms (wino.go) take a tile in one
// pass, with their own, shorter arithmetic, checked against float64.
//
// It is a package of its own because nn uses cgo in its OpenBLAS build, and
// a package that uses cgo cannot hold Go assembly.
package vecf32

import "math"

// Lin4 sets dst[i] = c[0]*x[0][i] + c[1]*x[1][i] + c[2]*x[2][i] +
// c[3]*x[3][i] for i < len(dst). Each x must be at least as long as dst,
// and may be dst itself. It panics when Available is false.
func Lin4(dst []float32, x *[4][]float32, c *[4]float32) {
	n := len(dst)
	if n == 0 {
		return
	}
	if !Available {
		panic("vecf32: Lin4 needs AVX2 and FMA")
	}
	for _, xi := range x {
		_ = xi[n-1] // bounds, before the assembly reads them
	}
	lin4AVX(&dst[0], &x[0][0], &x[1][0], &x[2][0], &x[3][0], n, c)
}

// AddReLU sets z[i] = max(z[i]+b[i], 0) for i < len(z), bit for bit as
// that Go expression (NaN stays NaN, -0 becomes +0), eight values at a
// time where Available; b nil adds nothing. b must be at least as long as
// z. A Dense layer's ReLU compiled from Go is a dozen scalar instructions a
// value: in a prediction of the regression MLP on a batch of 1,000 it took
// a third of the CPU time, about as much as the products. It is AddRows
// over one row.
func AddReLU(z, b []float32) { AddRows(z, b, 1, len(z), true) }

// AddRows adds b to each of the rows rows of cols values in z (b nil adds
// nothing) and, with relu, sets each value to max(value, 0): per value
// bit for bit as max(z[i]+b[i], 0) or z[i] + b[i], a batch in one call. A layer
// of few units (the iris MLP's 10, the regressors' 50 and 1) spent more
// time calling AddReLU row by row, and on the scalar ends of its rows,
// than adding; here a matrix of short rows is one flat run of vectors
// (addFlat), and the ends of long rows go through masked loads and stores.
// It panics if z holds fewer than rows*cols values or b fewer than cols.
func AddRows(z, b []float32, rows, cols int, relu bool) {
	if rows <= 0 || cols <= 0 || (b == nil && !relu) {
		return
	}
	z = z[:rows*cols]
	if b != nil {
		b = b[:cols]
	}
	if Available {
		if (rows > 1 || cols%8 == 0) && addFlat(z, b, cols, relu) {
			return
		}
		var bp *float32
		if b != nil {
			bp = &b[0]
		}
		addRowsAVX(&z[0], bp, rows, cols, relu)
		return
	}
	for r := range rows {
		row := z[r*cols : (r+1)*cols]
		switch {
		case b != nil && relu:
			for i, v := range row {
				row[i] = max(v+b[i], 0)
			}
		case relu:
			for i, v := range row {
				row[i] = max(v, 0)
			}
		default:
			for i, v := range row {
				row[i] = v + b[i]
			}
		}
	}
}

// maxTile is the longest bias that addFlat repeats on the stack: the
// least common multiple of a row's length and 8, up to a row of 127
// values (a row of 128 or more has few ends for its vectors).
const maxTile = 1024

// addFlat is AddRows over z as one run of values, with the bias repeated
// to a whole number of vectors (b itself when cols is a multiple of 8):
// a row's ends take no masked loads and stores, only z's last len(z)%8
// values, in Go. A layer of 3 or 10 units spent most of its AddRows time
// in the masked stores. It returns false, doing nothing, for a row whose
// repeated bias would not fit maxTile.
func addFlat(z, b []float32, cols int, relu bool) bool {
	var tile [maxTile]float32
	var bp *float32
	period := 8
	switch {
	case b == nil:
	case cols%8 == 0:
		bp, period = &b[0], cols
	default:
		if period = tilePeriod(cols); period == 0 {
			return false
		}
		for i := range period {
			tile[i] = b[i%cols]
		}
		bp = &tile[0]
	}
	whole := len(z) &^ 7
	if whole > 0 {
		addTiledAVX(&z[0], bp, whole, period, relu)
	}
	for i := whole; i < len(z); i++ {
		v := z[i]
		if b != nil {
			v += b[i%cols]
		}
		if relu {
			v = max(v, 0)
		}
		z[i] = v
	}
	return true
}

// tilePeriod is the length of a row of cols values repeated to a whole
// number of vectors, lcm(cols, 8), or 0 past maxTile.
func tilePeriod(cols int) int {
	a, b := cols, 8
	for b != 0 {
		a, b = b, a%b
	}
	if p := cols * 8 / a; p <= maxTile {
		return p
	}
	return 0
}

// MaxShift sets e[i] = float64(z[i] - m) for each of the rows rows of
// cols values in z, m the row's largest value as a softmax takes it: the
// first value, replaced by each later one greater than it (a NaN never
// replaces it, -0 after +0 keeps +0). Without a branch where Available: on
// random logits Go's comparison mispredicted on half the rows. It panics
// if z or e holds fewer than rows*cols values.
func MaxShift(e []float64, z []float32, rows, cols int) {
	if rows <= 0 || cols <= 0 {
		return
	}
	z, e = z[:rows*cols], e[:rows*cols]
	if Available {
		maxShiftAVX(&e[0], &z[0], rows, cols)
		return
	}
	for i := 0; i < len(z); i += cols {
		row, er := z[i:i+cols], e[i:i+cols]
		m := row[0]
		for _, v := range row[1:] {
			if v > m {
				m = v
			}
		}
		for j, v := range row {
			er[j] = float64(v - m)
		}
	}
}

// NormRows sets each of the rows rows of cols values of dst to
// float32(e[j]) * float32(1/sum), sum the float64 sum of the row of e in
// order: a softmax's last step, after its exponentials. It panics if e or
// dst holds fewer than rows*cols values.
func NormRows(dst []float32, e []float64, rows, cols int) {
	if rows <= 0 || cols <= 0 {
		return
	}
	dst, e = dst[:rows*cols], e[:rows*cols]
	if Available {
		normRowsAVX(&dst[0], &e[0], rows, cols)
		return
	}
	for i := 0; i < len(e); i += cols {
		er, out := e[i:i+cols], dst[i:i+cols]
		var sum float64
		for j, v := range er {
			out[j] = float32(v)
			sum += v
		}
		inv := float32(1 / sum)
		for j := range out {
			out[j] *= inv
		}
	}
}

// Normalize sets dst[i] = float32(x[i]-mean[j]) * inv[j] for each of the
// rows rows of len(mean) values of x (j the value's column), each
// subtraction and product rounded as that Go expression rounds them,
// eight values at a time where Available, over the rows as one run (mean
// and inv repeated to a whole number of vectors, as AddRows repeats its
// bias). A regression MLP's 8 features on a batch of 1,000 rows took
// 2.5 ns a value in Go. dst may be x. It panics if x or dst holds fewer
// than rows*len(mean) values or inv fewer than len(mean).
func Normalize(dst, x, mean, inv []float32, rows int) {
	cols := len(mean)
	if rows <= 0 || cols == 0 {
		return
	}
	n := rows * cols
	dst, x, inv = dst[:n], x[:n], inv[:cols]
	whole := 0
	// A few rows take the Go loop: repeating mean and inv to whole vectors
	// would cost them more than it saves (a prediction of one example).
	if Available && (rows >= 8 || cols%8 == 0) {
		var mt, st [maxTile]float32
		mp, sp, period := &mean[0], &inv[0], cols
		if cols%8 != 0 {
			if period = tilePeriod(cols); period > 0 {
				for i := range period {
					mt[i], st[i] = mean[i%cols], inv[i%cols]
				}
				mp, sp = &mt[0], &st[0]
			}
		}
		if period > 0 {
			whole = n &^ 7
			if whole > 0 {
				subMulTiledAVX(&dst[0], &x[0], mp, sp, whole, period)
			}
		}
	}
	for i := whole; i < n; i++ {
		j := i % cols
		dst[i] = float32(x[i]-mean[j]) * inv[j]
	}
}

// MaskPositive sets dz[i] = da[i] where a[i] > 0 and +0 elsewhere (NaN
// included), for i < len(dz): ReLU's gradient from its output, bit for bit
// as da[i]'s bits ANDed with a mask of a[i] > 0. a and da must be at least
// as long as dz. Where Available, eight values at a time (a comparison
// and an AND; a convolution's gradient in Go took about a nanosecond a
// value), and otherwise with PositiveMask.
func MaskPositive(dz, a, da []float32) {
	n := len(dz)
	a, da = a[:n], da[:n]
	whole := 0
	if Available && n >= 8 {
		whole = n &^ 7
		maskPositiveAVX(&dz[0], &a[0], &da[0], whole)
	}
	for i := whole; i < n; i++ {
		dz[i] = math.Float32frombits(math.Float32bits(da[i]) & PositiveMask(a[i]))
	}
}

// PositiveMask is all ones where y > 0 and zero elsewhere (NaN included),
// from y's bits, without a branch: ReLU's derivative as a mask, dZ = dA &
// mask. A branch on y > 0 is mispredicted for about half of a layer's
// outputs, new at every step: on a 32 x 300 layer the gradient pass with
// the bias sums took 50 µs with the branch, 16 µs with the mask. As an
// int32, t > 0 exactly for y > 0 and the positive NaNs, which 0x7f800000 -
// t < 0 takes out again.
func PositiveMask(y float32) uint32 {
	t := int32(math.Float32bits(y))
	return uint32((-t&^t)>>31) &^ uint32((0x7f800000-t)>>31)
}

// MaxPool2GradRow is one output row of a 2x2 stride-2 max pooling's
// gradient, over outW windows of c channels each: a0 and a1 are the two
// input rows the windows cover (2*outW pixels of c values, or more), d0
// and d1 receive their gradient, up holds the output row's gradient
// (outW*c values). Each channel's gradient goes to the first of the
// window's four values, in the order a0's two pixels then a1's, equal to
// their maximum; the three others get +0, and so do all four when the
// window holds a NaN (Go's max is then NaN, equal to nothing). It reports
// false, doing nothing, where it has no kernel for c: without AVX2, or c
// not a multiple of 8.
func MaxPool2GradRow(d0, d1, a0, a1, up []float32, outW, c int) bool {
	if !Available || c%8 != 0 || c == 0 || outW <= 0 {
		return false
	}
	n := 2 * outW * c
	_, _, _, _, _ = d0[n-1], d1[n-1], a0[n-1], a1[n-1], up[outW*c-1]
	maxPool2GradAVX(&d0[0], &d1[0], &a0[0], &a1[0], &up[0], outW, c)
	return true
}
