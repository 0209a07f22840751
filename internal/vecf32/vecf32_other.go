//go:build !amd64

package vecf32

// Available is whether this CPU runs Lin4: never off amd64.
var Available = false

func lin4AVX(dst, x0, x1, x2, x3 *float32, n int, c *[4]float32) {
	panic("vecf32: no assembly for this architecture")
}

func addRowsAVX(z, b *float32, rows, cols int, relu bool) {
	panic("vecf32: no assembly on this architecture")
}

func addTiledAVX(z, b *float32, n, period int, relu bool) {
	panic("vecf32: no assembly on this architecture")
}

func maxShiftAVX(e *float64, z *float32, rows, cols int) {
	panic("vecf32: no assembly on this architecture")
}

func normRowsAVX(dst *float32, e *float64, rows, cols int) {
	panic("vecf32: no assembly on this architecture")
}

func subMulTiledAVX(dst, x, m, s *float32, n, period int) {
	panic("vecf32: no assembly on this architecture")
}

func maskPositiveAVX(dz, a, da *float32, n int) {
	panic("vecf32: no assembly on this architecture")
}

func maxPool2GradAVX(d0, d1, a0, a1, up *float32, outW, c int) {
	panic("vecf32: no assembly on this architecture")
}

func winoInF4AVX(dst *float32, ps int, src *float32, rl, tiles, ch int, tmp *float32) {
	panic("vecf32: no assembly on this architecture")
}

func winoOutF4AVX(dst *float32, drow int, src *float32, ps, tiles, ch int, tmp *float32) {
	panic("vecf32: no assembly on this architecture")
}

func winoGradF4AVX(dst *float32, ps int, src *float32, rl, tiles, ch int, tmp *float32) {
	panic("vecf32: no assembly on this architecture")
}
