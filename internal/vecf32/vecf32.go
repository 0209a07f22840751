// Package vecf32 holds gozoo's assembly kernels, with AVX2 and FMA: a sum
// of four scaled float32 vectors in one pass (gonum's vector kernels do one
// scaled vector at a time and so pass over the destination once per term;
// Winograd's transforms sum three to five), and a bias add with ReLU eight
// values at a time.
//
// It is a package of its own because nn uses cgo in its OpenBLAS build, and
// a package that uses cgo cannot hold Go assembly.
package vecf32

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
// than adding; here the ends go through masked vector loads and stores.
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
