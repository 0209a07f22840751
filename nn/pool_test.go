package nn

import (
	"fmt"
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestPooledShapesNotebookCNN checks the notebook CNN's three pooling steps,
// 28 -> 14 -> 7 -> 3: "valid" pooling floors, as Keras's.
func TestPooledShapesNotebookCNN(t *testing.T) {
	p := NewMaxPool2D("max_pooling2d", 2)
	shape := []int{28, 28, 64}
	for _, want := range []int{14, 7, 3} {
		out, err := p.OutputShape(shape)
		if err != nil {
			t.Fatal(err)
		}
		if out[0] != want || out[1] != want || out[2] != 64 {
			t.Fatalf("pooling %v gives %v, want (%d, %d, 64)", shape, out, want, want)
		}
		// The graph agrees with OutputShape.
		_, gs := runLayer(t, p, make([]float32, 2*shape[0]*shape[1]*shape[2]), append([]int{2}, shape...)...)
		if !gs.Eq(tensor.Shape{2, want, want, 64}) {
			t.Fatalf("pooling %v: graph shape %v", shape, gs)
		}
		shape = out
	}
}

// TestGorgoniaMaxPoolFloors records what DESIGN.md asked to check: Gorgonia's
// own MaxPool2D, kernel 2, stride 2, no padding, floors 7 to 3 as Keras does,
// and agrees with gozoo's NHWC max pooling on transposed data.
func TestGorgoniaMaxPoolFloors(t *testing.T) {
	const n, h, w, c = 2, 7, 7, 3
	x := randFloats(5, n*h*w*c)
	got, shape := runLayer(t, NewMaxPool2D("max_pooling2d", 2), x, n, h, w, c)

	g := G.NewGraph()
	xt := tensor.New(tensor.WithShape(n, h, w, c), tensor.WithBacking(append([]float32(nil), x...)))
	if err := xt.T(0, 3, 1, 2); err != nil {
		t.Fatal(err)
	}
	xt.Transpose()
	y, err := G.MaxPool2D(G.NodeFromAny(g, xt, G.WithName("x")), tensor.Shape{2, 2}, []int{0, 0}, []int{2, 2})
	if err != nil {
		t.Fatal(err)
	}
	if !y.Shape().Eq(tensor.Shape{n, c, 3, 3}) {
		t.Fatalf("Gorgonia's MaxPool2D: shape %v, want (2, 3, 3, 3)", y.Shape())
	}
	vm := G.NewTapeMachine(g)
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	yt := y.Value().(*tensor.Dense).Clone().(*tensor.Dense)
	if err := yt.T(0, 2, 3, 1); err != nil {
		t.Fatal(err)
	}
	yt.Transpose()
	if !yt.Shape().Eq(shape) {
		t.Fatalf("Gorgonia's shape %v (as NHWC), gozoo's %v", yt.Shape(), shape)
	}
	for i, v := range yt.Data().([]float32) {
		if got[i] != v {
			t.Fatalf("y[%d] = %v, Gorgonia's %v", i, got[i], v)
		}
	}
}

// poolDirect pools an NHWC image batch the plain way, in float64, with
// TensorFlow's padding rule: padding cells are ignored by the maximum and
// not counted by the mean.
func poolDirect(x []float32, n, h, w, c, kh, kw, sh, sw int, p Padding, avg bool) (out []float64, oh, ow int) {
	size := func(in, k, s int) (int, int) {
		if p == Valid {
			return (in-k)/s + 1, 0
		}
		o := (in + s - 1) / s
		return o, max((o-1)*s+k-in, 0) / 2
	}
	oh, padT := size(h, kh, sh)
	ow, padL := size(w, kw, sw)
	for img := 0; img < n; img++ {
		for i := 0; i < oh; i++ {
			for j := 0; j < ow; j++ {
				for k := 0; k < c; k++ {
					best, sum, count := math.Inf(-1), 0.0, 0
					for u := 0; u < kh; u++ {
						for v := 0; v < kw; v++ {
							ii, jj := i*sh+u-padT, j*sw+v-padL
							if ii < 0 || ii >= h || jj < 0 || jj >= w {
								continue
							}
							x := float64(x[((img*h+ii)*w+jj)*c+k])
							best = math.Max(best, x)
							sum += x
							count++
						}
					}
					if avg {
						best = sum / float64(count)
					}
					out = append(out, best)
				}
			}
		}
	}
	return out, oh, ow
}

func TestPoolForward(t *testing.T) {
	const n, h, w, c = 2, 7, 6, 3
	x := randFloats(6, n*h*w*c)
	for _, tc := range []struct {
		kh, kw, sh, sw int
		pad            Padding
	}{
		{2, 2, 2, 2, Valid}, {3, 3, 2, 2, Valid}, {2, 2, 1, 1, Valid}, {3, 2, 1, 2, Valid},
		{2, 2, 2, 2, Same}, {3, 3, 2, 2, Same}, {3, 3, 1, 1, Same},
	} {
		for _, avg := range []bool{false, true} {
			opts := []ConvOption{WithWindow(tc.kh, tc.kw), WithStrides(tc.sh, tc.sw), WithPadding(tc.pad)}
			var l Applier = NewMaxPool2D("max_pooling2d", 0, opts...)
			if avg {
				l = NewAvgPool2D("average_pooling2d", 0, opts...)
			}
			got, shape := runLayer(t, l, x, n, h, w, c)
			want, oh, ow := poolDirect(x, n, h, w, c, tc.kh, tc.kw, tc.sh, tc.sw, tc.pad, avg)
			if !shape.Eq(tensor.Shape{n, oh, ow, c}) {
				t.Errorf("%s %+v: shape %v, want (%d, %d, %d, %d)", l.Type(), tc, shape, n, oh, ow, c)
				continue
			}
			for i := range want {
				if math.Abs(float64(got[i])-want[i]) > 1e-5 {
					t.Errorf("%s %+v: y[%d] = %v, want %v", l.Type(), tc, i, got[i], want[i])
					break
				}
			}
		}
	}
}

func TestPoolDefaults(t *testing.T) {
	p := NewMaxPool2D("max_pooling2d", 3)
	if p.Size != [2]int{3, 3} || p.Strides != [2]int{3, 3} || p.Padding != Valid {
		t.Errorf("MaxPool2D(3): size %v strides %v padding %v; Keras's are (3, 3), (3, 3), valid", p.Size, p.Strides, p.Padding)
	}
	a := NewAvgPool2D("average_pooling2d", 2, WithWindow(2, 3))
	if a.Strides != [2]int{2, 3} {
		t.Errorf("AvgPool2D with a 2x3 window: strides %v, want the window", a.Strides)
	}
	for _, l := range []Applier{NewMaxPool2D("m", 0), NewMaxPool2D("m", 8), NewAvgPool2D("a", 2, WithStrides(0, 1)), NewDepthMaxPool("d", 2)} {
		s := newScope(1, false, NewRand(0))
		x := s.Input("x", []int{5, 5, 3}, make([]float32, 75))
		if _, err := l.Apply(s, x); err == nil {
			t.Errorf("%s %+v on (5, 5, 3): no error", l.Type(), l)
		}
	}
}

func TestGlobalAverageAndDepthPoolForward(t *testing.T) {
	const n, h, w, c = 2, 4, 5, 6
	x := randFloats(7, n*h*w*c)
	at := func(img, i, j, k int) float64 { return float64(x[((img*h+i)*w+j)*c+k]) }

	got, shape := runLayer(t, NewGlobalAveragePooling2D("global_average_pooling2d"), x, n, h, w, c)
	if !shape.Eq(tensor.Shape{n, c}) {
		t.Fatalf("global average pooling: shape %v, want (%d, %d)", shape, n, c)
	}
	for img := 0; img < n; img++ {
		for k := 0; k < c; k++ {
			var sum float64
			for i := 0; i < h; i++ {
				for j := 0; j < w; j++ {
					sum += at(img, i, j, k)
				}
			}
			if want := sum / (h * w); math.Abs(float64(got[img*c+k])-want) > 1e-5 {
				t.Errorf("global average [%d, %d] = %v, want %v", img, k, got[img*c+k], want)
			}
		}
	}

	for _, size := range []int{2, 3} {
		got, shape := runLayer(t, NewDepthMaxPool("depth_pool", size), x, n, h, w, c)
		if !shape.Eq(tensor.Shape{n, h, w, c / size}) {
			t.Fatalf("depth pool %d: shape %v, want (%d, %d, %d, %d)", size, shape, n, h, w, c/size)
		}
		i := 0
		for img := 0; img < n; img++ {
			for r := 0; r < h; r++ {
				for col := 0; col < w; col++ {
					for g := 0; g < c/size; g++ {
						want := math.Inf(-1)
						for k := g * size; k < (g+1)*size; k++ {
							want = math.Max(want, at(img, r, col, k))
						}
						if float64(got[i]) != want {
							t.Fatalf("depth pool %d [%d %d %d %d] = %v, want %v", size, img, r, col, g, got[i], want)
						}
						i++
					}
				}
			}
		}
	}
	if _, err := NewDepthMaxPool("depth_pool", 4).OutputShape([]int{h, w, c}); err == nil {
		t.Error("depth pool of 4 over 6 channels: no error")
	}
}

func TestPoolGradients(t *testing.T) {
	// A linear convolution: tanh would squash its outputs together near +-1
	// and make more near-ties, where finite differences cross a max
	// pooling's kink.
	conv := func(seed int64, filters int) *Conv2D {
		return mustConv(t, seed, "conv2d", 2, filters, 3, Linear, WithPadding(Same))
	}
	cases := []struct {
		name   string
		layers func() []Applier
	}{
		{"max pool 3 stride 2 same", func() []Applier {
			// 6 -> 3, one padding row and column below and right
			return []Applier{conv(1, 3), NewMaxPool2D("max_pooling2d", 3, WithStrides(2, 2), WithPadding(Same)),
				NewFlatten("flatten"), NewDense(NewRand(2), "dense", 27, 3, Softmax)}
		}},
		{"average pool 2", func() []Applier {
			return []Applier{conv(3, 3), NewAvgPool2D("average_pooling2d", 2),
				NewFlatten("flatten"), NewDense(NewRand(4), "dense", 27, 3, Softmax)}
		}},
		{"average pool 3 stride 2 same", func() []Applier {
			return []Applier{conv(5, 3), NewAvgPool2D("average_pooling2d", 3, WithStrides(2, 2), WithPadding(Same)),
				NewFlatten("flatten"), NewDense(NewRand(6), "dense", 27, 3, Softmax)}
		}},
		{"global average pooling", func() []Applier {
			return []Applier{conv(7, 4), NewGlobalAveragePooling2D("global_average_pooling2d"),
				NewDense(NewRand(8), "dense", 4, 3, Softmax)}
		}},
		{"depth max pool", func() []Applier {
			return []Applier{conv(9, 6), NewDepthMaxPool("depth_pool", 3),
				NewFlatten("flatten"), NewDense(NewRand(10), "dense", 72, 3, Softmax)}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkGradientsRel(t, imageModel(t, c.layers()...), randData(11, 3, 72, 3), 1e-2, nil)
		})
	}
}

// Max pooling with the default window of 2 halves the notebook CNN's
// feature maps, flooring an odd side as Keras's "valid" pooling does; depth
// pooling and global average pooling shrink the channels instead.
func ExampleNewMaxPool2D() {
	pool := NewMaxPool2D("max_pooling2d", 2)
	shape := []int{28, 28, 64}
	for i := 0; i < 3; i++ {
		shape, _ = pool.OutputShape(shape)
		fmt.Println(shape)
	}
	depth, _ := NewDepthMaxPool("depth_pool", 3).OutputShape([]int{70, 120, 3})
	global, _ := NewGlobalAveragePooling2D("global_average_pooling2d").OutputShape([]int{70, 120, 3})
	fmt.Println(depth, global)
	// Output:
	// [14 14 64]
	// [7 7 64]
	// [3 3 64]
	// [70 120 1] [3]
}
