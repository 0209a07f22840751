// Package vecf32 holds gozoo's one assembly kernel: a sum of four scaled
// float32 vectors in one pass, with AVX2 and FMA. gonum's vector kernels do
// one scaled vector at a time and so pass over the destination once per
// term; Winograd's transforms sum three to five.
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
