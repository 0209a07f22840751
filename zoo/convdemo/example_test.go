package convdemo_test

import (
	"context"
	"fmt"
	"os"

	"github.com/gozoo/gozoo/zoo/convdemo"
)

// The cells of sections 2.1 and 2.2 on one 8 x 10 RGB image with a white
// vertical line: the shapes the notebook prints, then how strongly each
// hand-made filter answers the line.
func Example() {
	h, w := 8, 10
	img := convdemo.Maps{N: 1, Height: h, Width: w, Channels: 3, Values: make([]float32, h*w*3)}
	for y := range h {
		for c := range 3 {
			img.Values[(y*w+4)*3+c] = 1
		}
	}
	res, err := convdemo.Analyse(context.Background(), img, 42)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	for _, s := range res.Shapes() {
		fmt.Printf("%-22s %s\n", s.Key, convdemo.PyShape(s.Shape))
	}
	peak := func(k int) float32 {
		var m float32
		for _, v := range res.Lines.Channel(0, k) {
			m = max(m, v)
		}
		return m
	}
	fmt.Printf("vertical-line filter %v, horizontal-line filter %v\n", peak(0), peak(1))
	// Output:
	// images                 (1, 8, 10, 3)
	// fmaps                  (1, 8, 10, 32)
	// kernels                (7, 7, 3, 32)
	// biases                 (32,)
	// relu_fmaps             (1, 8, 10, 32)
	// relu_kernels           (7, 7, 3, 32)
	// line_fmaps             (1, 8, 10, 2)
	// max_pool               (1, 4, 5, 3)
	// average_pool           (1, 4, 5, 3)
	// depth_pool_rgb         (1, 8, 10, 1)
	// depth_pool_fmaps       (1, 8, 10, 16)
	// global_average_pooling (1, 3)
	// vertical-line filter 21, horizontal-line filter 3
}
