package vecf32

// WinoTmp is the scratch of the Winograd transforms below: a tile's 36
// vectors of 8 channels between the two passes, kept in L1 cache.
type WinoTmp [36 * 8]float32

// The three transforms of Winograd's F(4x4, 3x3) for a row of tiles, 8
// channels of a tile at a time, in one pass over the tile each: along one
// axis into tmp, then along the other into the destination. Each takes
// channel counts that are multiples of 8 and reports false, doing
// nothing, where it has no kernel: without AVX2 and FMA, or for other
// channel counts. Positions (a, b) of the transformed 6x6 tiles are ps
// values apart in dst or src, tiles ch values apart within a position.
//
// Their arithmetic is Lavin and Gray's matrices factored into shared sums
// and differences, where multiplying by the matrices row by row (the Go
// path's vecf32.Lin4 passes) takes about twice the multiply-adds; so the
// results differ from the Go path's in the last bits.

// WinoInput4 writes Bᵀ d B for tiles tiles side by side: tile j's 6x6
// input d is src[u*rl + (4j+w)*ch + c] for row u, column w and channel c,
// and its transform goes to dst[(a*6+b)*ps + j*ch + c]. With d's rows r0
// to r5 (and the same along the other axis):
//
//	Bᵀ d = [4 r0 + (r4 - 5 r2), (r3 + r4) - 4 (r1 + r2),
//	        (r4 - r3) + 4 (r1 - r2), (r4 - r2) - 2 (r1 - r3),
//	        (r4 - r2) + 2 (r1 - r3), 4 r1 + (r5 - 5 r3)]
func WinoInput4(dst []float32, ps int, src []float32, rl, tiles, ch int, tmp *WinoTmp) bool {
	if !Available || ch <= 0 || ch%8 != 0 || tiles <= 0 {
		return false
	}
	_ = src[5*rl+(4*tiles+2)*ch-1]
	_ = dst[35*ps+tiles*ch-1]
	winoInF4AVX(&dst[0], ps, &src[0], rl, tiles, ch, &tmp[0])
	return true
}

// WinoOutput4 writes Aᵀ m A for tiles tiles side by side: tile j's 6x6
// products m are src[(a*6+b)*ps + j*ch + c], and its 4x4 output goes to
// dst[p*drow + (4j+q)*ch + c]. With m's rows r0 to r5:
//
//	Aᵀ m = [(r0 + (r1 + r2)) + (r3 + r4), (r1 - r2) + 2 (r3 - r4),
//	        (r1 + r2) + 4 (r3 + r4), ((r1 - r2) + 8 (r3 - r4)) + r5]
func WinoOutput4(dst []float32, drow int, src []float32, ps, tiles, ch int, tmp *WinoTmp) bool {
	if !Available || ch <= 0 || ch%8 != 0 || tiles <= 0 {
		return false
	}
	_ = src[35*ps+tiles*ch-1]
	_ = dst[3*drow+4*tiles*ch-1]
	winoOutF4AVX(&dst[0], drow, &src[0], ps, tiles, ch, &tmp[0])
	return true
}

// WinoGrad4 writes A e Aᵀ for tiles tiles side by side, the output
// gradient's transform for the kernel gradient: tile j's 4x4 gradient e
// is src[u*rl + (4j+w)*ch + c], and its transform goes to dst[(a*6+b)*ps
// + j*ch + c]. With e's rows r0 to r3:
//
//	A e = [r0, (r0 + r2) + (r1 + r3), (r0 + r2) - (r1 + r3),
//	       (r0 + 4 r2) + (2 r1 + 8 r3), (r0 + 4 r2) - (2 r1 + 8 r3), r3]
func WinoGrad4(dst []float32, ps int, src []float32, rl, tiles, ch int, tmp *WinoTmp) bool {
	if !Available || ch <= 0 || ch%8 != 0 || tiles <= 0 {
		return false
	}
	_ = src[3*rl+4*tiles*ch-1]
	_ = dst[35*ps+tiles*ch-1]
	winoGradF4AVX(&dst[0], ps, &src[0], rl, tiles, ch, &tmp[0])
	return true
}
