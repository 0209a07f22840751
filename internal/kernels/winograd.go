package kernels

import (
	"gonum.org/v1/gonum/blas"

	"github.com/gozoo/gozoo/internal/vecf32"
)

// A 3x3 convolution with stride 1 is where a CNN spends its time (the
// notebook's spends 98% of its multiply-adds there), and as im2col
// products it costs 9 multiply-adds per output and input channel pair.
// Winograd's minimal filtering algorithm F(m x m, 3 x 3) (Lavin and Gray,
// "Fast Algorithms for Convolutional Neural Networks", 2016) computes an
// m x m output tile from an (m+2) x (m+2) input tile with (m+2)^2
// multiplies per channel pair: 36 for 16 outputs with m = 4, a quarter of
// im2col's. The multiplies become (m+2)^2 independent matrix products, one
// per position of the transformed tile, each (tiles x in) by (in x out),
// which BLAS runs at full speed. The transforms around them are, for
// F(4x4, 3x3) on channel counts that are multiples of 8 with AVX2, vecf32's
// kernels, a tile at a time in one pass; otherwise sums of whole staged
// rows (vecf32.Lin4, or gonum's vector kernels without AVX2).
//
// In one dimension, with g the 3 weights, d the m+2 inputs and y the m
// outputs of a correlation (y_i = sum_j d_(i+j) g_j),
//
//	y = Aᵀ [(G g) ⊙ (Bᵀ d)],
//
// and the same identity, sum over ξ of A_ξi G_ξj B_kξ = [k == i+j], gives
// the two gradients: dg = Gᵀ [(A dy) ⊙ (Bᵀ d)] for the kernel, and for the
// input a correlation of dy with the kernel turned by 180 degrees. In two
// dimensions each transform is applied along both axes.

// winoAlgo holds the matrices of one F(m x m, 3 x 3).
type winoAlgo struct {
	m, alpha int         // output tile side, input tile side m+2
	bt       [][]float32 // alpha x alpha: input transform Bᵀ
	g        [][]float32 // alpha x 3: kernel transform G
	at       [][]float32 // m x alpha: output transform Aᵀ
	a        [][]float32 // alpha x m: A, the output gradient's transform for the kernel gradient
	// gk is G⊗G as an (alpha², 9) matrix: the transformed kernel U, of
	// shape (alpha², in*out), is gk times the Keras kernel seen as a (9,
	// in*out) matrix, one product. gkRev does the same for the kernel
	// turned by 180 degrees, which the input gradient needs.
	gk, gkRev []float32
}

func newWinoAlgo(m int, bt, g, at [][]float64) *winoAlgo {
	w := &winoAlgo{m: m, alpha: m + 2}
	f32 := func(rows [][]float64) [][]float32 {
		out := make([][]float32, len(rows))
		for i, r := range rows {
			out[i] = make([]float32, len(r))
			for j, v := range r {
				out[i][j] = float32(v)
			}
		}
		return out
	}
	w.bt, w.g, w.at = f32(bt), f32(g), f32(at)
	w.a = make([][]float32, w.alpha)
	for xi := range w.a {
		w.a[xi] = make([]float32, m)
		for p := range m {
			w.a[xi][p] = float32(at[p][xi])
		}
	}
	n := w.alpha
	w.gk, w.gkRev = make([]float32, n*n*9), make([]float32, n*n*9)
	for a := range n {
		for b := range n {
			for u := range 3 {
				for v := range 3 {
					w.gk[(a*n+b)*9+u*3+v] = float32(g[a][u] * g[b][v])
					w.gkRev[(a*n+b)*9+u*3+v] = float32(g[a][2-u] * g[b][2-v])
				}
			}
		}
	}
	return w
}

// winoF4 is F(4x4, 3x3) with the interpolation points 0, ±1, ±2 and
// infinity, Lavin and Gray's matrices.
var winoF4 = newWinoAlgo(4,
	[][]float64{
		{4, 0, -5, 0, 1, 0},
		{0, -4, -4, 1, 1, 0},
		{0, 4, -4, -1, 1, 0},
		{0, -2, -1, 2, 1, 0},
		{0, 2, -1, -2, 1, 0},
		{0, 4, 0, -5, 0, 1},
	},
	[][]float64{
		{1.0 / 4, 0, 0},
		{-1.0 / 6, -1.0 / 6, -1.0 / 6},
		{-1.0 / 6, 1.0 / 6, -1.0 / 6},
		{1.0 / 24, 1.0 / 12, 1.0 / 6},
		{1.0 / 24, -1.0 / 12, 1.0 / 6},
		{0, 0, 1},
	},
	[][]float64{
		{1, 1, 1, 1, 1, 0},
		{0, 1, -1, 2, -2, 0},
		{0, 1, 1, 4, 4, 0},
		{0, 1, -1, 8, -8, 1},
	})

// winoF2 is F(2x2, 3x3), points 0, ±1 and infinity: fewer savings (16
// multiplies for 4 outputs) but the cheapest transforms.
var winoF2 = newWinoAlgo(2,
	[][]float64{
		{1, 0, -1, 0},
		{0, 1, 1, 0},
		{0, -1, 1, 0},
		{0, 1, 0, -1},
	},
	[][]float64{
		{1, 0, 0},
		{0.5, 0.5, 0.5},
		{0.5, -0.5, 0.5},
		{0, 0, 1},
	},
	[][]float64{
		{1, 1, 1, 0},
		{0, 1, -1, -1},
	})

// WinogradMinChannels is the fewest input and output channels for which a
// 3x3 stride-1 convolution takes the Winograd path: below it the
// transforms cost more than the multiplies they save. A variable so that
// tests can send small convolutions through it.
var WinogradMinChannels = 16

// WinogradTile is the Winograd output tile side a convolution of filters
// filters over g takes, or 0 for im2col: 3x3 kernels with stride 1 and
// enough channels.
func WinogradTile(g Window, filters int) int {
	if g.KH != 3 || g.KW != 3 || g.SH != 1 || g.SW != 1 || g.PadT > 2 || g.PadL > 2 ||
		g.C < WinogradMinChannels || filters < WinogradMinChannels {
		return 0
	}
	return winoDefaultTile
}

// winoDefaultTile is F(4x4, 3x3): on the notebook's CNN its products are
// fewer than F(2x2, 3x3)'s even counting the tiles that overhang 7x7 and
// 14x14 maps, and its transformed tiles take less memory per output.
var winoDefaultTile = 4

// winoByTile returns the algorithm of an output tile side, or nil.
func winoByTile(m int) *winoAlgo {
	switch m {
	case 2:
		return winoF2
	case 4:
		return winoF4
	}
	return nil
}

// combine sets dst to the sum of coef[i] * src(i), skipping zero terms.
// It starts from a term whose coefficient is 1, which every row of the
// transforms has: a copy, where another start would take a clear and an
// axpy (gonum's Sscal is plain Go, its axpy assembly).
func combine(dst []float32, coef []float32, src func(i int) []float32) {
	if vecf32.Available {
		combineFMA(dst, coef, src)
		return
	}
	start := -1
	for i, c := range coef {
		if c == 1 {
			start = i
			break
		}
	}
	if start >= 0 {
		copy(dst, src(start))
	} else {
		clear(dst)
	}
	for i, c := range coef {
		if c != 0 && i != start {
			vec.Saxpy(len(dst), c, src(i), 1, dst, 1)
		}
	}
}

// combineFMA is combine in passes of up to four terms with vecf32.Lin4: a
// row of a transform is one pass over memory instead of one per term.
func combineFMA(dst []float32, coef []float32, src func(i int) []float32) {
	n := len(dst)
	var xs [8][]float32
	var cs [8]float32
	k := 0
	for i, c := range coef {
		if c != 0 {
			xs[k], cs[k] = src(i)[:n], c
			k++
		}
	}
	if k == 0 {
		clear(dst)
		return
	}
	// The first pass sets dst from up to four terms; a term repeated with
	// a zero coefficient fills an empty slot at no extra memory traffic.
	// Each further pass adds up to three terms to dst.
	for lo := 0; lo < k; {
		var x [4][]float32
		var c [4]float32
		j := 0
		if lo > 0 {
			x[0], c[0] = dst, 1
			j = 1
		}
		first := lo
		for ; j < 4 && lo < k; j, lo = j+1, lo+1 {
			x[j], c[j] = xs[lo], cs[lo]
		}
		for ; j < 4; j++ {
			x[j], c[j] = xs[first], 0
		}
		vecf32.Lin4(dst, &x, &c)
	}
}

// tiling is how a transform cuts one image of a batch into tiles: tile
// (i, j) covers output rows i*m to i*m+m-1 and reads ext rows and columns of
// the source from (i*m - padT, j*m - padL), zeros outside the source.
//
// A tile row is staged in a "phase-split" layout, where padded column w
// sits at block (w mod m)*q + w/m: then the columns that tiles j = 0, 1,
// ... read at the same offset inside their tile are consecutive, and each
// step of a transform is one vector operation over the whole tile row.
type tiling struct {
	hs, ws, ch int // source image
	th, tw     int // tiles per column and per row
	m, ext     int
	padT, padL int
}

// q is the number of blocks of one phase in a staged row.
func (tl tiling) q() int { return ((tl.tw-1)*tl.m + tl.ext + tl.m - 1) / tl.m }

// rowLen is the length of one staged row.
func (tl tiling) rowLen() int { return tl.m * tl.q() * tl.ch }

// tiles is the number of tiles of one image.
func (tl tiling) tiles() int { return tl.th * tl.tw }

// transformRow writes the transformed tiles of tile row i of img to dst,
// laid out (alpha², T, ch) with positions ps values apart: tile t0+j at
// position (a, b) is dst[(a*alpha+b)*ps + (t0+j)*ch:][:ch], the value mat
// ⊗ mat times the tile. mat is alpha x ext. scratch holds (ext+alpha)
// staged rows.
func (tl tiling) transformRow(dst []float32, ps, t0 int, img []float32, i int, mat [][]float32, scratch []float32) {
	if tl.transformRow4(dst, ps, t0, img, i, mat, scratch) {
		return
	}
	alpha, rl, q, ch := len(mat), tl.rowLen(), tl.q(), tl.ch
	wp := (tl.tw-1)*tl.m + tl.ext
	stage := scratch[:tl.ext*rl]
	rows := scratch[tl.ext*rl : (tl.ext+alpha)*rl]
	var live [8]bool // rows of the tile row inside the image; ext is at most 6
	for u := range tl.ext {
		r := i*tl.m - tl.padT + u
		if r < 0 || r >= tl.hs {
			continue
		}
		live[u] = true
		row := stage[u*rl : (u+1)*rl]
		src := img[r*tl.ws*ch : (r+1)*tl.ws*ch]
		// Padded column w holds source column w - padL, or zeros.
		for w := range wp {
			dst := row[((w%tl.m)*q+w/tl.m)*ch:][:ch]
			if sc := w - tl.padL; sc >= 0 && sc < tl.ws {
				copy(dst, src[sc*ch:(sc+1)*ch])
			} else {
				clear(dst)
			}
		}
	}
	// Along the height: row a of the transform combines the staged rows.
	var coefs [8]float32
	coef := coefs[:tl.ext]
	for a := range alpha {
		for u := range tl.ext {
			coef[u] = 0
			if live[u] {
				coef[u] = mat[a][u]
			}
		}
		combine(rows[a*rl:(a+1)*rl], coef, func(u int) []float32 { return stage[u*rl : (u+1)*rl] })
	}
	// Along the width, for all tiles of the row at once.
	n := tl.tw * ch
	for a := range alpha {
		ra := rows[a*rl : (a+1)*rl]
		for b := range alpha {
			d := dst[(a*alpha+b)*ps+t0*ch:][:n]
			combine(d, mat[b], func(v int) []float32 {
				return ra[((v%tl.m)*q+v/tl.m)*ch:][:n]
			})
		}
	}
}

// transformRow4 is transformRow for F(4x4, 3x3)'s input (mat Bᵀ, ext 6)
// and output gradient (mat A, ext 4), told apart by the matrices
// themselves, on vecf32's kernels, which transform a tile in one pass: the
// tile row is staged with its padding, pixel after pixel, and each tile
// transformed from there. It reports false, doing nothing, where vecf32
// has no kernel (no AVX2, channels not a multiple of 8) or for other
// transforms.
func (tl tiling) transformRow4(dst []float32, ps, t0 int, img []float32, i int, mat [][]float32, scratch []float32) bool {
	ch := tl.ch
	input := &mat[0] == &winoF4.bt[0] && tl.ext == 6
	grad := &mat[0] == &winoF4.a[0] && tl.ext == 4
	if tl.m != 4 || !vecf32.Available || ch%8 != 0 || !(input || grad) {
		return false
	}
	wp := (tl.tw-1)*tl.m + tl.ext // padded columns
	rl := wp * ch
	stage := scratch[:tl.ext*rl]
	for u := range tl.ext {
		row := stage[u*rl : (u+1)*rl]
		r := i*tl.m - tl.padT + u
		if r < 0 || r >= tl.hs {
			clear(row)
			continue
		}
		// Padded column w holds source column w - padL, or zeros.
		lo, hi := min(tl.padL, wp), min(tl.padL+tl.ws, wp)
		clear(row[:lo*ch])
		copy(row[lo*ch:hi*ch], img[(r*tl.ws+lo-tl.padL)*ch:])
		clear(row[hi*ch:])
	}
	var tmp vecf32.WinoTmp
	d := dst[t0*ch:]
	if input {
		return vecf32.WinoInput4(d, ps, stage, rl, tl.tw, ch, &tmp)
	}
	return vecf32.WinoGrad4(d, ps, stage, rl, tl.tw, ch, &tmp)
}

// untransformRow computes output rows i*m to i*m+m-1 (those below outH)
// of one image from the products M, laid out (alpha², T, ch) like
// transformRow's output, positions ps values apart: y = Aᵀ M A per tile,
// plus bias when not nil. scratch holds (alpha + 1) * m * tw * ch values.
func (tl tiling) untransformRow(y []float32, outH, outW int, M []float32, ps, t0, i int, at [][]float32, bias []float32, act Act, scratch []float32) {
	m, alpha, ch := tl.m, len(at[0]), tl.ch
	n := tl.tw * ch // one phase of a staged output row
	rl := m * n     // a staged output row
	var tmp vecf32.WinoTmp
	if m == 4 && vecf32.WinoOutput4(scratch, rl, M[t0*ch:], ps, tl.tw, ch, &tmp) {
		// Output row p, pixel ow is scratch[p*rl + ow*ch:]: rows as y's.
		for p := range m {
			oh := i*m + p
			if oh >= outH {
				break
			}
			row := y[oh*outW*ch : (oh+1)*outW*ch]
			copy(row, scratch[p*rl:])
			tl.finishRow(row, outW, bias, act)
		}
		return
	}
	s := scratch[:alpha*rl]
	out := scratch[alpha*rl : (alpha+1)*rl]
	// Along the width: s[a] phase q = sum over b of at[q][b] M(a, b).
	for a := range alpha {
		for qq := range m {
			combine(s[a*rl+qq*n:][:n], at[qq], func(b int) []float32 {
				return M[(a*alpha+b)*ps+t0*ch:][:n]
			})
		}
	}
	for p := range m {
		oh := i*m + p
		if oh >= outH {
			break
		}
		combine(out, at[p], func(a int) []float32 { return s[a*rl : (a+1)*rl] })
		row := y[oh*outW*ch : (oh+1)*outW*ch]
		for ow := range outW {
			copy(row[ow*ch:(ow+1)*ch], out[((ow%m)*tl.tw+ow/m)*ch:][:ch])
		}
		tl.finishRow(row, outW, bias, act)
	}
}

// finishRow adds the bias, when not nil, and applies act to an output
// row of outW pixels.
func (tl tiling) finishRow(row []float32, outW int, bias []float32, act Act) {
	if bias != nil || act == ReLU {
		// The row's pixels at once, eight values at a time: the bias
		// and, fused here, ReLU (max(v+b, 0), the same bits as Go's).
		vecf32.AddRows(row, bias, outW, tl.ch, act == ReLU)
	}
	if act != Linear && act != ReLU {
		Activate(act, row)
	}
}

// conv is a 3x3 stride-1 correlation of the NHWC batch src (n, hs, ws,
// inC), zero-padded by padT rows and padL columns before, into y (n, outH,
// outW, outC), with u the transformed kernel laid out (alpha², inC, outC),
// or (alpha², outC, inC) when transU, and an optional bias.
func (w *winoAlgo) conv(bl BLAS, y []float32, outH, outW, outC int, src []float32, n, hs, ws, inC, padT, padL int, u []float32, transU bool, bias []float32, act Act) {
	in := tiling{hs: hs, ws: ws, ch: inC, th: (outH + w.m - 1) / w.m, tw: (outW + w.m - 1) / w.m, m: w.m, ext: w.alpha, padT: padT, padL: padL}
	out := in
	out.ch = outC
	a2, tiles := w.alpha*w.alpha, in.tiles()
	per := w.chunk(n, tiles, max(inC, outC))
	vb, mb := getCol(a2*positionStride(per*tiles*inC)), getCol(a2*positionStride(per*tiles*outC))
	defer putCol(vb)
	defer putCol(mb)
	tb, ldb := blas.NoTrans, outC
	if transU {
		tb, ldb = blas.Trans, inC
	}
	inSize, outSize := hs*ws*inC, outH*outW*outC
	scratch := max((w.alpha+w.alpha)*in.rowLen(), (w.alpha+1)*w.m*out.tw*outC)
	calls := make([]gemmCall, a2)
	// The closures are made once, not a chunk at a time (they read the
	// chunk's variables, in one struct: one allocation), so a batch's
	// allocations do not grow with it.
	var ck winoChunk
	transform := func(lo, hi int, s []float32) {
		for r := lo; r < hi; r++ {
			img, i := ck.n0+r/in.th, r%in.th
			in.transformRow(ck.a, ck.psA, r*in.tw, src[img*inSize:(img+1)*inSize], i, w.bt, s)
		}
	}
	untransform := func(lo, hi int, s []float32) {
		for r := lo; r < hi; r++ {
			img, i := ck.n0+r/in.th, r%in.th
			out.untransformRow(y[img*outSize:(img+1)*outSize], outH, outW, ck.b, ck.psB, r*in.tw, i, w.at, bias, act, s)
		}
	}
	for ck.n0 = 0; ck.n0 < n; ck.n0 += per {
		n1 := min(ck.n0+per, n)
		T := (n1 - ck.n0) * tiles
		ck.set(*vb, *mb, a2, T*inC, T*outC)
		parallelRows((n1-ck.n0)*in.th, scratch, transform)
		for xi := range calls {
			calls[xi] = gemmCall{bl, blas.NoTrans, tb, T, outC, inC, 1, ck.a[xi*ck.psA:], inC, u[xi*inC*outC:], ldb, 0, ck.b[xi*ck.psB:], outC}
		}
		runGemms(calls)
		parallelRows((n1-ck.n0)*in.th, scratch, untransform)
	}
}

// transformKernel returns the kernel k (3, 3, in, out) transformed for the
// forward pass, (alpha², in, out), or with rev for the input gradient,
// the kernel turned by 180 degrees, in a buffer of colFree.
func (w *winoAlgo) transformKernel(bl BLAS, k []float32, in, out int, rev bool) *[]float32 {
	ub := getCol(w.alpha * w.alpha * in * out)
	w.transformKernelInto(bl, *ub, k, in, out, rev)
	return ub
}

// transformKernelInto is transformKernel into u, of alpha² in out values.
func (w *winoAlgo) transformKernelInto(bl BLAS, u, k []float32, in, out int, rev bool) {
	a2, cf := w.alpha*w.alpha, in*out
	g := w.gk
	if rev {
		g = w.gkRev
	}
	Sgemm(bl, blas.NoTrans, blas.NoTrans, a2, cf, 9, 1, g, 9, k, cf, 0, u, cf)
}

// forward is Conv.Forward on the Winograd path, activation included, with
// the kernel transformed already, into u.
func (w *winoAlgo) forward(bl BLAS, c Conv, y, x, u, b []float32) {
	g := c.Win
	w.conv(bl, y, g.OutH, g.OutW, c.Filters, x, g.N, g.H, g.W, g.C, g.PadT, g.PadL, u, false, b, c.Act)
}

// inputGrad is dx for a convolution of geometry g: the correlation of dz,
// padded by 2-pad, with the kernel turned by 180 degrees and its channel
// axes swapped.
func (w *winoAlgo) inputGrad(bl BLAS, c Conv, dx, k, dz []float32) {
	g, f := c.Win, c.Filters
	ub := w.transformKernel(bl, k, g.C, f, true)
	defer putCol(ub)
	w.conv(bl, dx, g.H, g.W, g.C, dz, g.N, g.OutH, g.OutW, f, 2-g.PadT, 2-g.PadL, *ub, true, nil, Linear)
}

// kernelGrad is dk = Gᵀ [sum over tiles of (A dy Aᵀ) ⊙ (Bᵀ x B)] G: the
// sums over tiles are alpha² products (in x tiles) by (tiles x out).
func (w *winoAlgo) kernelGrad(bl BLAS, c Conv, dk, x, dy []float32) {
	g, f := c.Win, c.Filters
	xt := tiling{hs: g.H, ws: g.W, ch: g.C, th: (g.OutH + w.m - 1) / w.m, tw: (g.OutW + w.m - 1) / w.m, m: w.m, ext: w.alpha, padT: g.PadT, padL: g.PadL}
	dt := tiling{hs: g.OutH, ws: g.OutW, ch: f, th: xt.th, tw: xt.tw, m: w.m, ext: w.m}
	a2, tiles := w.alpha*w.alpha, xt.tiles()
	per := w.chunk(g.N, tiles, max(g.C, f))
	vb, db, mkb := getCol(a2*positionStride(per*tiles*g.C)), getCol(a2*positionStride(per*tiles*f)), getCol(a2*g.C*f)
	defer putCol(vb)
	defer putCol(db)
	defer putCol(mkb)
	mk := *mkb
	inSize, outSize := g.ImgSize(), g.OutPixels()*f
	scratch := max((w.alpha+w.alpha)*xt.rowLen(), (w.m+w.alpha)*dt.rowLen())
	var beta float32 // the first chunk overwrites mk, the next ones add to it
	calls := make([]gemmCall, a2)
	var ck winoChunk
	transform := func(lo, hi int, s []float32) {
		for r := lo; r < hi; r++ {
			img, i := ck.n0+r/xt.th, r%xt.th
			xt.transformRow(ck.a, ck.psA, r*xt.tw, x[img*inSize:(img+1)*inSize], i, w.bt, s)
			dt.transformRow(ck.b, ck.psB, r*xt.tw, dy[img*outSize:(img+1)*outSize], i, w.a, s)
		}
	}
	for ck.n0 = 0; ck.n0 < g.N; ck.n0 += per {
		n1 := min(ck.n0+per, g.N)
		T := (n1 - ck.n0) * tiles
		ck.set(*vb, *db, a2, T*g.C, T*f)
		parallelRows((n1-ck.n0)*xt.th, scratch, transform)
		for xi := range calls {
			calls[xi] = gemmCall{bl, blas.Trans, blas.NoTrans, g.C, f, T, 1, ck.a[xi*ck.psA:], g.C, ck.b[xi*ck.psB:], f, beta, mk[xi*g.C*f:], f}
		}
		runGemms(calls)
		beta = 1
	}
	cf := g.C * f
	Sgemm(bl, blas.Trans, blas.NoTrans, 9, cf, a2, 1, w.gk, 9, mk, cf, 0, dk, cf)
}

// winoChunk is the chunk of images a Winograd pass is at: its first
// image, and the two transformed operands of its products (positions psA
// and psB values apart), V and M for a convolution, V and D for a kernel
// gradient.
type winoChunk struct {
	n0, psA, psB int
	a, b         []float32
}

// set points c's operands into bufA and bufB for alpha² positions of nA
// and nB values.
func (c *winoChunk) set(bufA, bufB []float32, a2, nA, nB int) {
	c.psA, c.psB = positionStride(nA), positionStride(nB)
	c.a, c.b = bufA[:a2*c.psA], bufB[:a2*c.psB]
}

// positionStride is how far apart, in values, transformRow puts the
// positions of n values each: n rounded up to an odd number of 64-byte
// cache lines. The one-pass transforms read or write a tile's 36
// positions one after the other; 128 tiles of 128 channels put them 64
// KB apart, where all 36 fall in the same set of the L1 and L2 caches,
// which hold 8 lines a set.
func positionStride(n int) int {
	lines := (n + 15) / 16
	if lines%2 == 0 {
		lines++
	}
	return lines * 16
}

// winoRows is how many tiles a chunk of images aims for: each product is
// then (winoRows x in) by (in x out). Fewer rows make products that BLAS
// runs less efficiently; more make transformed tiles that no longer fit
// in cache between the transform that writes them and the products that
// read them. 128 measured best on the notebook's 14x14 and 7x7 maps (a
// 14x14 layer's fwd+dk+dx took 25-30% less CPU than with the whole batch
// of 32 in one chunk). A variable so that tests can vary it.
var winoRows = 128

// chunk is how many of n images, of tiles tiles each, to transform at a
// time: about winoRows tiles, within colBudget values for the transformed
// tiles of ch channels.
func (w *winoAlgo) chunk(n, tiles, ch int) int {
	per := (winoRows + tiles - 1) / tiles
	per = min(per, colBudget/max(1, w.alpha*w.alpha*tiles*ch))
	return max(1, min(n, per))
}
