package convdemo

import (
	"context"
	"math"
	"testing"
)

// lineImage is an n x n RGB image, black with a white line one pixel wide
// through the middle, vertical or horizontal.
func lineImage(n int, vertical bool) Maps {
	t := Maps{N: 1, Height: n, Width: n, Channels: 3, Values: make([]float32, n*n*3)}
	for i := range n {
		y, x := i, n/2
		if !vertical {
			y, x = n/2, i
		}
		for c := range 3 {
			t.Values[(y*n+x)*3+c] = 1
		}
	}
	return t
}

func maxOf(t Maps, k int) float32 {
	m := float32(math.Inf(-1))
	for _, v := range t.Channel(0, k) {
		m = max(m, v)
	}
	return m
}

// The vertical-line filter responds to a vertical line seven times as much
// as to a horizontal one, and the horizontal-line filter the other way
// round: each pixel of a map sums 7 pixels x 3 channels along its line.
func TestLineFiltersSeeTheirLines(t *testing.T) {
	conv, err := LineFilters(3)
	if err != nil {
		t.Fatal(err)
	}
	if conv.Bias.Data()[0] != 0 || conv.Bias.Data()[1] != 0 {
		t.Errorf("biases %v, want 0", conv.Bias.Data())
	}
	maps := map[bool]Maps{}
	for _, vertical := range []bool{true, false} {
		m, err := Apply("lines", lineImage(21, vertical), conv)
		if err != nil {
			t.Fatal(err)
		}
		if m.Height != 21 || m.Width != 21 || m.Channels != 2 {
			t.Fatalf("maps %v, want (1, 21, 21, 2) with \"same\" padding", m.Shape())
		}
		maps[vertical] = m
	}
	vOnV, vOnH := maxOf(maps[true], 0), maxOf(maps[false], 0)
	hOnH, hOnV := maxOf(maps[false], 1), maxOf(maps[true], 1)
	if vOnV != 21 || vOnH != 3 {
		t.Errorf("vertical-line filter: %v on a vertical line, %v on a horizontal one; want 21 and 3", vOnV, vOnH)
	}
	if hOnH != 21 || hOnV != 3 {
		t.Errorf("horizontal-line filter: %v on a horizontal line, %v on a vertical one; want 21 and 3", hOnH, hOnV)
	}
	// The line stays one pixel wide in its own filter's map and is smeared
	// over 7 pixels by the other filter: count the lit pixels of the middle
	// row, which the vertical line crosses.
	lit := func(k int) int {
		n := 0
		for _, v := range maps[true].Channel(0, k)[10*21 : 11*21] {
			if v > 0 {
				n++
			}
		}
		return n
	}
	if n := lit(0); n != 1 {
		t.Errorf("vertical line in the vertical filter's map: %d pixels wide, want 1 (sharp)", n)
	}
	if n := lit(1); n != 7 {
		t.Errorf("vertical line in the horizontal filter's map: %d pixels wide, want 7 (smeared)", n)
	}
}

func TestPooledShapes(t *testing.T) {
	for _, c := range []struct {
		n, h, w      int
		pooledH, pwW int
	}{
		{2, 70, 120, 35, 60},
		{1, 7, 9, 3, 4}, // Keras's "valid" pooling floors
	} {
		x := make([]float32, c.n*c.h*c.w*3)
		for i := range x {
			x[i] = float32(i%7) / 7
		}
		r, err := Analyse(context.Background(), Maps{N: c.n, Height: c.h, Width: c.w, Channels: 3, Values: x}, 1)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]int{
			"images":                 {c.n, c.h, c.w, 3},
			"fmaps":                  {c.n, c.h, c.w, 32},
			"kernels":                {7, 7, 3, 32},
			"biases":                 {32},
			"relu_fmaps":             {c.n, c.h, c.w, 32},
			"line_fmaps":             {c.n, c.h, c.w, 2},
			"max_pool":               {c.n, c.pooledH, c.pwW, 3},
			"average_pool":           {c.n, c.pooledH, c.pwW, 3},
			"depth_pool_rgb":         {c.n, c.h, c.w, 1},
			"depth_pool_fmaps":       {c.n, c.h, c.w, 16},
			"global_average_pooling": {c.n, 3},
		}
		for _, s := range r.Shapes() {
			if w, ok := want[s.Key]; ok && PyShape(s.Shape) != PyShape(w) {
				t.Errorf("%dx%d: %s %s, want %s", c.h, c.w, s.Key, PyShape(s.Shape), PyShape(w))
			}
		}
		// Depth pooling over the colour channels is each pixel's max.
		for p := range c.n * c.h * c.w {
			want := max(x[3*p], x[3*p+1], x[3*p+2])
			if got := r.DepthRGB.Values[p]; got != want {
				t.Fatalf("depth pool of pixel %d: %v, want %v", p, got, want)
			}
		}
		// ReLU: nothing negative.
		for _, v := range r.ReLUMaps.Values {
			if v < 0 {
				t.Fatalf("ReLU map value %v", v)
			}
		}
	}
}
