package nn

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gozoo/gozoo/internal/kernels"
)

// checkGradientsRel compares each trainable parameter's gradient with
// central finite differences of the loss, like checkGradients, but judges a
// whole parameter at once by the relative error ||g - num|| / ||num||, so
// that a gradient off by a constant factor fails however small its entries
// (checkGradients' per-entry tolerance lets small wrong gradients pass).
//
// An entry whose finite differences with steps h and h/3 disagree sits at a
// kink of ReLU or max pooling (a perturbation changed which value of a
// window is the maximum), where no single derivative exists: it is skipped,
// and the check fails if more than half of the entries are. The skipping
// depends on the loss only, never on the gradient under test, so it cannot
// hide a wrong one.
// reseed, when not nil, runs before every evaluation of the loss, to fix
// Dropout's masks.
func checkGradientsRel(t *testing.T, m *Model, d Data, tol float64, reseed func()) {
	t.Helper()
	run := func() (float64, []*Param, [][]float32) {
		if reseed != nil {
			reseed()
		}
		return lossAndGrads(t, m, d)
	}
	_, params, grads := run()
	_, _, again := run()
	for i := range grads {
		for j := range grads[i] {
			if grads[i][j] != again[i][j] {
				t.Fatalf("%s: gradient changes between two identical runs (%v, %v)", params[i].Name, grads[i][j], again[i][j])
			}
		}
	}
	numDiff := func(w []float32, j int, h float64) float64 {
		orig := w[j]
		w[j] = orig + float32(h)
		lp, _, _ := run()
		w[j] = orig - float32(h)
		lm, _, _ := run()
		w[j] = orig
		return (lp - lm) / (2 * h)
	}
	// Steps of 3e-3 on float32 weights keep the rounding of the float32 loss
	// (about 1e-7 of it, divided by 2h) well under the tolerance, and cross
	// fewer max-pooling ties than checkGradients' 1e-2.
	const h = 3e-3
	for i, p := range params {
		w := p.Data()
		step := max(1, len(w)/30)
		var diff2, num2, got2 float64
		checked, skipped := 0, 0
		for j := 0; j < len(w); j += step {
			num := numDiff(w, j, h)
			if small := numDiff(w, j, h/3); math.Abs(num-small) > 0.005*math.Abs(num)+1.5e-4 {
				skipped++
				continue
			}
			got := float64(grads[i][j])
			diff2 += (got - num) * (got - num)
			num2 += num * num
			got2 += got * got
			checked++
		}
		if skipped > checked {
			t.Errorf("%s: %d of %d entries sit at kinks: choose other inputs", p.Name, skipped, checked+skipped)
			continue
		}
		if num2 < 1e-12 {
			t.Errorf("%s: finite differences are all zero: the check proves nothing", p.Name)
			continue
		}
		rel := math.Sqrt(diff2) / math.Sqrt(num2)
		t.Logf("%s: relative error %.2g over %d entries (%d skipped at kinks)", p.Name, rel, checked, skipped)
		if rel > tol {
			t.Errorf("%s: gradient norm %.4g, finite differences %.4g, relative error %.3g > %g", p.Name, math.Sqrt(got2), math.Sqrt(num2), rel, tol)
		}
	}
}

// imageModel is a tiny classifier over 6x6x2 images for the gradient checks.
func imageModel(t *testing.T, layers ...Applier) *Model {
	t.Helper()
	return Sequential(Input{"x", []int{6, 6, 2}}, layers, WithName("g"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
}

func mustConv(t testing.TB, seed int64, name string, in, filters, size int, act Activation, opts ...ConvOption) *Conv2D {
	t.Helper()
	c, err := NewConv2D(NewRand(seed), name, in, filters, size, act, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestConv2DGradients(t *testing.T) {
	cases := []struct {
		name   string
		layers func() []Applier
	}{
		{"same 3x3 tanh, max pool", func() []Applier {
			return []Applier{
				mustConv(t, 1, "conv2d", 2, 3, 3, Tanh, WithPadding(Same)),
				NewMaxPool2D("max_pooling2d", 2), NewFlatten("flatten"),
				NewDense(NewRand(2), "dense", 27, 3, Softmax)}
		}},
		{"same 3x3 relu, max pool", func() []Applier {
			return []Applier{
				mustConv(t, 1, "conv2d", 2, 3, 3, ReLU, WithPadding(Same)),
				NewMaxPool2D("max_pooling2d", 2), NewFlatten("flatten"),
				NewDense(NewRand(2), "dense", 27, 3, Softmax)}
		}},
		{"valid stride 2 linear", func() []Applier {
			// 6 -> floor((6-3)/2)+1 = 2
			return []Applier{
				mustConv(t, 3, "conv2d", 2, 4, 3, Linear, WithStrides(2, 2)),
				NewFlatten("flatten"), NewDense(NewRand(4), "dense", 16, 3, Softmax)}
		}},
		{"same stride 2 even window, asymmetric padding", func() []Applier {
			// 6 -> 3 rows with a 3-row window and stride 2: one padding row,
			// below, as in TensorFlow; 6 -> 2 columns with stride 3 and
			// width 2: no padding.
			return []Applier{
				mustConv(t, 5, "conv2d", 2, 3, 3, Tanh, WithPadding(Same), WithWindow(3, 2), WithStrides(2, 3)),
				NewFlatten("flatten"), NewDense(NewRand(6), "dense", 18, 3, Softmax)}
		}},
		{"two convolutions, input gradient of the second", func() []Applier {
			return []Applier{
				mustConv(t, 7, "conv2d", 2, 3, 3, Tanh, WithPadding(Same)),
				mustConv(t, 8, "conv2d_1", 3, 4, 3, Tanh, WithStrides(2, 2)),
				NewFlatten("flatten"), NewDense(NewRand(9), "dense", 16, 3, Softmax)}
		}},
		// Both 3x3 stride 1: in the Winograd variant below, the second's
		// input gradient (the kernel turned by 180 degrees, on Winograd's
		// path) is what the first kernel's gradient is checked through.
		{"two 3x3 stride-1 convolutions, same then valid", func() []Applier {
			return []Applier{
				mustConv(t, 10, "conv2d", 2, 3, 3, Tanh, WithPadding(Same)),
				mustConv(t, 11, "conv2d_1", 3, 4, 3, Tanh),
				NewFlatten("flatten"), NewDense(NewRand(12), "dense", 64, 3, Softmax)}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkGradientsRel(t, imageModel(t, c.layers()...), randData(10, 3, 72, 3), 1e-2, nil)
		})
		// The same, with every 3x3 stride-1 convolution on Winograd's path.
		t.Run(c.name+", winograd", func(t *testing.T) {
			defer func(v int) { kernels.WinogradMinChannels = v }(kernels.WinogradMinChannels)
			kernels.WinogradMinChannels = 1
			checkGradientsRel(t, imageModel(t, c.layers()...), randData(10, 3, 72, 3), 1e-2, nil)
		})
	}
}

// TestConv2DSkipsImageGradient checks that only a convolution whose input
// depends on weights computes its input's gradient.
func TestConv2DSkipsImageGradient(t *testing.T) {
	m := imageModel(t,
		mustConv(t, 7, "conv2d", 2, 3, 3, Tanh, WithPadding(Same)),
		mustConv(t, 8, "conv2d_1", 3, 4, 3, Tanh, WithStrides(2, 2)),
		NewFlatten("flatten"), NewDense(NewRand(9), "dense", 16, 3, Softmax))
	gr, err := m.graphFor(trainGraph, 2)
	if err != nil {
		t.Fatal(err)
	}
	var inputGrads []kernels.Window
	for _, n := range gr.scope.g.AllNodes() {
		if op, ok := defOf[convInputGradOp](n.Op()); ok {
			inputGrads = append(inputGrads, op.conv.win())
		}
	}
	if len(inputGrads) != 1 || inputGrads[0].C != 3 {
		t.Errorf("input gradients computed for %v, want only the second convolution's (3 channels)", inputGrads)
	}
}

// convDirect is the notebook's equation, z(i,j,k) = b(k) + sum over u, v, k'
// of x(i*sh+u, j*sw+v, k') w(u,v,k',k), on the zero-padded image, in float64.
// Its padding follows TensorFlow's rule, computed here independently.
func convDirect(x []float32, n, h, w, c int, k []float32, kh, kw, f int, b []float32, sh, sw int, p Padding) (out []float64, oh, ow int) {
	size := func(in, k, s int) (int, int) {
		if p == Valid {
			return (in-k)/s + 1, 0
		}
		o := int(math.Ceil(float64(in) / float64(s)))
		return o, max((o-1)*s+k-in, 0) / 2
	}
	oh, padT := size(h, kh, sh)
	ow, padL := size(w, kw, sw)
	out = make([]float64, n*oh*ow*f)
	for img := 0; img < n; img++ {
		for i := 0; i < oh; i++ {
			for j := 0; j < ow; j++ {
				for kk := 0; kk < f; kk++ {
					z := float64(b[kk])
					for u := 0; u < kh; u++ {
						for v := 0; v < kw; v++ {
							ii, jj := i*sh+u-padT, j*sw+v-padL
							if ii < 0 || ii >= h || jj < 0 || jj >= w {
								continue
							}
							for kp := 0; kp < c; kp++ {
								z += float64(x[((img*h+ii)*w+jj)*c+kp]) * float64(k[((u*kw+v)*c+kp)*f+kk])
							}
						}
					}
					out[((img*oh+i)*ow+j)*f+kk] = z
				}
			}
		}
	}
	return out, oh, ow
}

// runLayer applies l to x of shape (n, h, w, c) in an inference graph and
// returns the output's values and shape.
func runLayer(t *testing.T, l Applier, x []float32, shape ...int) ([]float32, tensor.Shape) {
	t.Helper()
	s := newScope(shape[0], false, NewRand(0))
	in := s.Input("x", shape[1:], x)
	out, err := l.Apply(s, in)
	if err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(s.Graph())
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	return append([]float32(nil), out.Value().Data().([]float32)...), out.Shape()
}

func randFloats(seed int64, n int) []float32 {
	rng := NewRand(seed)
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return x
}

func TestConv2DForwardMatchesEquation(t *testing.T) {
	const n, h, w, c, f = 2, 7, 6, 3, 4
	x := randFloats(1, n*h*w*c)
	for _, tc := range []struct {
		kh, kw, sh, sw int
		pad            Padding
	}{
		{3, 3, 1, 1, Same}, {3, 3, 1, 1, Valid}, {3, 3, 2, 2, Same}, {3, 3, 2, 2, Valid},
		{2, 2, 1, 1, Same}, {4, 3, 2, 3, Same}, {3, 2, 2, 1, Valid}, {7, 7, 1, 1, Same},
	} {
		conv := mustConv(t, 2, "conv2d", c, f, tc.kh, Linear, WithWindow(tc.kh, tc.kw), WithStrides(tc.sh, tc.sw), WithPadding(tc.pad))
		copy(conv.Bias.Data(), randFloats(3, f))
		got, shape := runLayer(t, conv, x, n, h, w, c)
		want, oh, ow := convDirect(x, n, h, w, c, conv.Kernel.Data(), tc.kh, tc.kw, f, conv.Bias.Data(), tc.sh, tc.sw, tc.pad)
		if !shape.Eq(tensor.Shape{n, oh, ow, f}) {
			t.Errorf("%+v: output shape %v, want (%d, %d, %d, %d)", tc, shape, n, oh, ow, f)
			continue
		}
		if os, err := conv.OutputShape([]int{h, w, c}); err != nil || os[0] != oh || os[1] != ow || os[2] != f {
			t.Errorf("%+v: OutputShape %v, %v; want (%d, %d, %d)", tc, os, err, oh, ow, f)
		}
		for i := range want {
			if math.Abs(float64(got[i])-want[i]) > 1e-4*(1+math.Abs(want[i])) {
				t.Errorf("%+v: z[%d] = %v, want %v", tc, i, got[i], want[i])
				break
			}
		}
	}
}

// TestConv2DMatchesGorgonia checks gozoo's NHWC convolution against
// Gorgonia's NCHW Conv2d on transposed data, where Gorgonia's symmetric
// padding can express the case.
func TestConv2DMatchesGorgonia(t *testing.T) {
	const n, h, w, c, f, k = 2, 7, 6, 3, 4, 3
	x := randFloats(4, n*h*w*c)
	for _, pad := range []Padding{Valid, Same} {
		conv := mustConv(t, 5, "conv2d", c, f, k, Linear, WithPadding(pad))
		got, shape := runLayer(t, conv, x, n, h, w, c)

		g := G.NewGraph()
		xt := tensor.New(tensor.WithShape(n, h, w, c), tensor.WithBacking(append([]float32(nil), x...)))
		if err := xt.T(0, 3, 1, 2); err != nil {
			t.Fatal(err)
		}
		xt.Transpose()
		kt := tensor.New(tensor.WithShape(k, k, c, f), tensor.WithBacking(append([]float32(nil), conv.Kernel.Data()...)))
		if err := kt.T(3, 2, 0, 1); err != nil {
			t.Fatal(err)
		}
		kt.Transpose()
		xn := G.NodeFromAny(g, xt, G.WithName("x"))
		kn := G.NodeFromAny(g, kt, G.WithName("k"))
		p := 0
		if pad == Same {
			p = (k - 1) / 2
		}
		y, err := G.Conv2d(xn, kn, tensor.Shape{k, k}, []int{p, p}, []int{1, 1}, []int{1, 1})
		if err != nil {
			t.Fatal(err)
		}
		vm := G.NewTapeMachine(g)
		if err := vm.RunAll(); err != nil {
			t.Fatal(err)
		}
		vm.Close()
		yt := y.Value().(*tensor.Dense).Clone().(*tensor.Dense)
		if err := yt.T(0, 2, 3, 1); err != nil {
			t.Fatal(err)
		}
		yt.Transpose()
		if !yt.Shape().Eq(shape) {
			t.Fatalf("%v: Gorgonia's shape %v (as NHWC), gozoo's %v", pad, yt.Shape(), shape)
		}
		want := yt.Data().([]float32)
		for i := range want {
			if math.Abs(float64(got[i]-want[i])) > 1e-4*(1+math.Abs(float64(want[i]))) {
				t.Fatalf("%v: y[%d] = %v, Gorgonia's %v", pad, i, got[i], want[i])
			}
		}
	}
}

func TestConv2DBadInput(t *testing.T) {
	if _, err := NewConv2D(NewRand(1), "c", 1, 0, 3, ReLU); err == nil {
		t.Error("0 filters: no error")
	}
	if _, err := NewConv2D(NewRand(1), "c", 1, 2, 3, ReLU, WithStrides(0, 1)); err == nil {
		t.Error("stride 0: no error")
	}
	conv := mustConv(t, 1, "conv2d", 3, 2, 5, ReLU)
	for _, shape := range [][]int{{4, 4, 3}, {8, 8, 1}, {8, 8}} {
		s := newScope(2, false, NewRand(0))
		x := s.Input("x", shape, make([]float32, 2*Input{Shape: shape}.Size()))
		if _, err := conv.Apply(s, x); err == nil {
			t.Errorf("input %v: no error", shape)
		} else if !strings.Contains(err.Error(), "conv2d") {
			t.Errorf("input %v: error %q does not name the layer", shape, err)
		}
	}
}

// notebookCNN is the notebook's Fashion-MNIST CNN (section 2.3).
func notebookCNN(t testing.TB) *Model {
	t.Helper()
	rng := NewRand(42)
	conv := func(name string, in, filters, size int) *Conv2D {
		c, err := NewConv2D(rng, name, in, filters, size, ReLU, WithPadding(Same), WithConvKernelInit(HeNormal))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	drop := func(name string) *Dropout {
		d, err := NewDropout(name, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	return Sequential(Input{"x", []int{28, 28, 1}}, []Applier{
		conv("conv2d", 1, 64, 7),
		NewMaxPool2D("max_pooling2d", 2),
		conv("conv2d_1", 64, 128, 3),
		conv("conv2d_2", 128, 128, 3),
		NewMaxPool2D("max_pooling2d_1", 2),
		conv("conv2d_3", 128, 256, 3),
		conv("conv2d_4", 256, 256, 3),
		NewMaxPool2D("max_pooling2d_2", 2),
		NewFlatten("flatten"),
		NewDense(rng, "dense", 3*3*256, 128, ReLU, WithKernelInit(HeNormal)),
		drop("dropout"),
		NewDense(rng, "dense_1", 128, 64, ReLU, WithKernelInit(HeNormal)),
		drop("dropout_1"),
		NewDense(rng, "dense_2", 64, 10, Softmax),
	}, WithLoss(SparseCategoricalCrossentropy{}), WithMetric(func() Metric { return &Accuracy{} }), WithSeed(1))
}

func TestNotebookCNNParamsAndSummary(t *testing.T) {
	m := notebookCNN(t)
	tr, nt := m.CountParams()
	if tr != 1413834 || nt != 0 {
		t.Errorf("params %d trainable, %d not; the notebook has 1,413,834 and 0", tr, nt)
	}
	s, err := m.Summary()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range [][]string{
		{"conv2d (Conv2D)", "(None, 28, 28, 64)", "3,200"},
		{"max_pooling2d (MaxPooling2D)", "(None, 14, 14, 64)", "0"},
		{"conv2d_1 (Conv2D)", "(None, 14, 14, 128)", "73,856"},
		{"conv2d_2 (Conv2D)", "(None, 14, 14, 128)", "147,584"},
		{"max_pooling2d_1 (MaxPooling2D)", "(None, 7, 7, 128)", "0"},
		{"conv2d_3 (Conv2D)", "(None, 7, 7, 256)", "295,168"},
		{"conv2d_4 (Conv2D)", "(None, 7, 7, 256)", "590,080"},
		{"max_pooling2d_2 (MaxPooling2D)", "(None, 3, 3, 256)", "0"},
		{"flatten (Flatten)", "(None, 2304)", "0"},
		{"dense (Dense)", "(None, 128)", "295,040"},
	} {
		found := false
		for _, line := range strings.Split(s, "\n") {
			if strings.Contains(line, row[0]) && strings.Contains(line, row[1]) && strings.Contains(line, " "+row[2]+" ") {
				found = true
			}
		}
		if !found {
			t.Errorf("summary has no row %q", strings.Join(row, " "))
		}
	}
	if !strings.Contains(s, "Total params: 1,413,834 (5.39 MB)") {
		t.Errorf("summary total:\n%s", s)
	}
	if testing.Verbose() {
		t.Log("\n" + s)
	}
}

// TestDropoutGradientAtRate02 checks gozoo's Dropout at rate 0.2, where
// Gorgonia's own gets it wrong. Two checks, each of which would fail if the
// backward pass divided by p = 0.2 instead of 1-p = 0.8:
//   - the finite-difference check of the weights below the dropout, with the
//     same masks in every run: a backward scale of 1/0.2 instead of the
//     forward's 1/0.8 makes their gradients 4 times too large, a relative
//     error of 3 against a tolerance of 0.01;
//   - the gradient at the dropout's input equals mask * upstream exactly,
//     with mask entries 0 or 1/0.8 (and about 80% of them kept).
func TestDropoutGradientAtRate02(t *testing.T) {
	rng := NewRand(11)
	drop, err := NewDropout("dropout", 0.2)
	if err != nil {
		t.Fatal(err)
	}
	hidden := NewDense(rng, "dense", 5, 16, Tanh)
	m := Sequential(Input{"x", []int{5}}, []Applier{
		hidden,
		drop,
		NewDense(rng, "dense_1", 16, 3, Softmax),
	}, WithName("d"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
	d := randData(12, 6, 5, 3)
	checkGradientsRel(t, m, d, 1e-2, func() { m.SeedMasks(7) })

	m.SeedMasks(7)
	lossAndGrads(t, m, d)
	gr := m.graphs[graphKey{trainGraph, 6}]
	var in, out, mask *G.Node
	for _, c := range gr.scope.calls {
		switch c.layer {
		case hidden:
			in = c.out
		case drop:
			out = c.out
		}
	}
	for _, n := range gr.scope.g.AllNodes() {
		if n.Name() == "dropout/mask" {
			mask = n
		}
	}
	if in == nil || out == nil || mask == nil || in.Deriv() == nil || out.Deriv() == nil {
		t.Fatal("dropout's nodes or their gradients not found")
	}
	mv := mask.Value().Data().([]float32)
	din := in.Deriv().Value().Data().([]float32)
	dout := out.Deriv().Value().Data().([]float32)
	kept := 0
	for i, v := range mv {
		switch v {
		case 0:
		case 1 / float32(0.8):
			kept++
		default:
			t.Fatalf("mask[%d] = %v, want 0 or 1/0.8", i, v)
		}
		if din[i] != v*dout[i] {
			t.Fatalf("gradient at dropout's input [%d] = %v, want mask %v * upstream %v", i, din[i], v, dout[i])
		}
	}
	if frac := float64(kept) / float64(len(mv)); frac < 0.65 || frac > 0.95 {
		t.Errorf("%.2f of the values kept, want about 0.8", frac)
	}
}

// BenchmarkCNNStep times one training step (forward, backward, SGD update)
// of the notebook's CNN on a batch of 32 Fashion-MNIST-sized images.
func BenchmarkCNNStep(b *testing.B) {
	m := notebookCNN(b)
	// Pixels in [0, 1] like the notebook's X / 255: standard normal pixels
	// make SGD at 0.05 diverge within a few steps on this one batch.
	d := randData(2, 32, 28*28, 10)
	rng := NewRand(3)
	for i := range d.X[0] {
		d.X[0][i] = rng.Float32()
	}
	opt := FitOptions{Epochs: 1, BatchSize: 32, Optimizer: NewSGD(0.05), NoShuffle: true}
	if _, err := m.Fit(context.Background(), d, opt); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.Fit(context.Background(), d, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// opCase is one of gozoo's convolution and pooling ops with inputs.
type opCase struct {
	name string
	op   G.Op
	in   []G.Value
}

func tensorOf(seed int64, shape ...int) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(randFloats(seed, tensor.Shape(shape).TotalSize())))
}

// convOpCases builds the ops of a 3x3 "same" convolution with stride 2 over
// (5, 7, 6, 3) images and 4 filters, and of max and average pooling.
func convOpCases(t *testing.T) []opCase {
	t.Helper()
	win, err := newWindow([]int{5, 7, 6, 3}, 3, 3, 2, 2, Same)
	if err != nil {
		t.Fatal(err)
	}
	conv := conv2dOp{conv: kernels.Conv{Win: win, Filters: 4}, inputGrad: true}
	wwin, err := newWindow([]int{5, 7, 6, 3}, 3, 3, 1, 1, Same)
	if err != nil {
		t.Fatal(err)
	}
	wino := conv2dOp{conv: kernels.Conv{Win: wwin, Filters: 4, Tile: 4}, inputGrad: true}
	wdy := tensorOf(6, 5, 7, 6, 4)
	x, k, b := tensorOf(1, 5, 7, 6, 3), tensorOf(2, 3, 3, 3, 4), tensorOf(3, 4)
	dy := tensorOf(4, 5, win.OutH, win.OutW, 4)
	pwin, err := newWindow([]int{5, 7, 6, 3}, 3, 2, 2, 2, Same)
	if err != nil {
		t.Fatal(err)
	}
	pdy := tensorOf(5, 5, pwin.OutH, pwin.OutW, 3)
	return []opCase{
		{"conv2d", newOp(conv), []G.Value{x, k, b}},
		{"conv2d kernel gradient", newOp(convKernelGradOp{conv}), []G.Value{x, dy}},
		{"conv2d input gradient", newOp(convInputGradOp{conv}), []G.Value{k, dy}},
		{"winograd conv2d", newOp(wino), []G.Value{x, k, b}},
		{"winograd kernel gradient", newOp(convKernelGradOp{wino}), []G.Value{x, wdy}},
		{"winograd input gradient", newOp(convInputGradOp{wino}), []G.Value{k, wdy}},
		{"bias gradient", newOp(biasGradOp{rows: 5 * win.OutPixels(), cols: 4, dims: 4}), []G.Value{dy}},
		{"max pool", newOp(poolOp{kernels.Pool{Win: pwin}}), []G.Value{x}},
		{"average pool", newOp(poolOp{kernels.Pool{Win: pwin, Avg: true}}), []G.Value{x}},
		{"max pool gradient", newOp(poolGradOp{poolOp{kernels.Pool{Win: pwin}}}), []G.Value{x, pdy}},
		{"average pool gradient", newOp(poolGradOp{poolOp{kernels.Pool{Win: pwin, Avg: true}}}), []G.Value{x, pdy}},
	}
}

// TestOpsPrealloc checks that each op writes every value of a
// preallocated output (Gorgonia hands over a reused register's old values),
// refuses one of another shape, and reads a transposed view as its shape
// says (kernels' TestChunks checks the chunks of large batches).
func TestOpsPrealloc(t *testing.T) {
	for _, c := range convOpCases(t) {
		want, err := c.op.Do(c.in...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		wd := want.Data().([]float32)

		dirty := tensor.New(tensor.WithShape(want.Shape()...), tensor.Of(tensor.Float32))
		for i := range dirty.Data().([]float32) {
			dirty.Data().([]float32)[i] = float32(math.NaN())
		}
		got, err := c.op.(G.UsePreallocDoer).UsePreallocDo(dirty, c.in...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for i, v := range got.Data().([]float32) {
			if v != wd[i] {
				t.Fatalf("%s into a used buffer: [%d] = %v, want %v", c.name, i, v, wd[i])
			}
		}
		wrong := tensor.New(tensor.WithShape(append([]int{1}, want.Shape()...)...), tensor.Of(tensor.Float32))
		if _, err := c.op.(G.UsePreallocDoer).UsePreallocDo(wrong, c.in...); err == nil {
			t.Errorf("%s: accepted a preallocated value of shape %v", c.name, wrong.Shape())
		}

		// A transposed view's backing array is not in its own order: the
		// op must read it as the view says.
		base := c.in[0].(*tensor.Dense)
		sh := base.Shape()
		if sh.Dims() == 4 {
			other := tensor.New(tensor.WithShape(sh[0], sh[2], sh[1], sh[3]), tensor.Of(tensor.Float32))
			for i := 0; i < sh[0]; i++ {
				for j := 0; j < sh[1]; j++ {
					for k := 0; k < sh[2]; k++ {
						for l := 0; l < sh[3]; l++ {
							v, _ := base.At(i, j, k, l)
							_ = other.SetAt(v, i, k, j, l)
						}
					}
				}
			}
			if err := other.T(0, 2, 1, 3); err != nil {
				t.Fatal(err)
			}
			in := append([]G.Value{other}, c.in[1:]...)
			got, err := c.op.Do(in...)
			if err != nil {
				t.Fatalf("%s on a view: %v", c.name, err)
			}
			for i, v := range got.Data().([]float32) {
				if v != wd[i] {
					t.Fatalf("%s on a transposed view: [%d] = %v, want %v", c.name, i, v, wd[i])
				}
			}
		}
	}
}

// The notebook's first convolution (section 2.1.2): 32 filters of 7x7 with
// "same" padding over the two 70x120 RGB sample images.
func ExampleNewConv2D() {
	conv, err := NewConv2D(NewRand(42), "conv2d", 3, 32, 7, Linear, WithPadding(Same))
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := conv.OutputShape([]int{70, 120, 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("feature maps:", append([]int{2}, out...))
	fmt.Println("kernels:", conv.Kernel.Shape())
	fmt.Println("biases:", conv.Bias.Shape())
	// Output:
	// feature maps: [2 70 120 32]
	// kernels: [7 7 3 32]
	// biases: [32]
}
