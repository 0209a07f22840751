package vecf32

import "golang.org/x/sys/cpu"

// Available is whether this CPU runs Lin4: AVX2 and FMA.
var Available = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// lin4AVX is in lin4_amd64.s.
//
//go:noescape
func lin4AVX(dst, x0, x1, x2, x3 *float32, n int, c *[4]float32)

// addRowsAVX is in rows_amd64.s.
//
//go:noescape
func addRowsAVX(z, b *float32, rows, cols int, relu bool)

// addTiledAVX is in rows_amd64.s.
//
//go:noescape
func addTiledAVX(z, b *float32, n, period int, relu bool)

// maxShiftAVX is in rows_amd64.s.
//
//go:noescape
func maxShiftAVX(e *float64, z *float32, rows, cols int)

// normRowsAVX is in rows_amd64.s.
//
//go:noescape
func normRowsAVX(dst *float32, e *float64, rows, cols int)

// subMulTiledAVX is in rows_amd64.s.
//
//go:noescape
func subMulTiledAVX(dst, x, m, s *float32, n, period int)

// maskPositiveAVX is in grads_amd64.s.
//
//go:noescape
func maskPositiveAVX(dz, a, da *float32, n int)

// maxPool2GradAVX is in grads_amd64.s.
//
//go:noescape
func maxPool2GradAVX(d0, d1, a0, a1, up *float32, outW, c int)

// winoInF4AVX is in wino_amd64.s.
//
//go:noescape
func winoInF4AVX(dst *float32, ps int, src *float32, rl, tiles, ch int, tmp *float32)

// winoOutF4AVX is in wino_amd64.s.
//
//go:noescape
func winoOutF4AVX(dst *float32, drow int, src *float32, ps, tiles, ch int, tmp *float32)

// winoGradF4AVX is in wino_amd64.s.
//
//go:noescape
func winoGradF4AVX(dst *float32, ps int, src *float32, rl, tiles, ch int, tmp *float32)
