package kernels

import (
	"fmt"
	"testing"
)

// BenchmarkConvOps times each pass of the notebook CNN's 3x3 convolutions
// (batch 32) as im2col products and on Winograd's path, on gozoo's GEMM:
//
//	go test -run XXX -bench ConvOps ./internal/kernels/
func BenchmarkConvOps(b *testing.B) {
	layers := []struct {
		name     string
		hw, c, f int
	}{{"conv2", 14, 64, 128}, {"conv3", 14, 128, 128}, {"conv4", 7, 128, 256}, {"conv5", 7, 256, 256}}
	for _, l := range layers {
		win := mustWindow(b, []int{32, l.hw, l.hw, l.c}, 3, 3, 1, 1, true)
		x, k, bias := randFloats(1, win.InSize()), randFloats(2, 9*l.c*l.f), randFloats(3, l.f)
		dy := randFloats(4, 32*l.hw*l.hw*l.f)
		for _, tile := range []int{0, 2, 4} {
			c := Conv{Win: win, Filters: l.f, Tile: tile}
			y, dk, dx := make([]float32, len(dy)), make([]float32, len(k)), make([]float32, len(x))
			for _, p := range []struct {
				name string
				run  func()
			}{
				{"forward", func() { c.Forward(gozooBLAS, y, x, k, bias) }},
				{"dk", func() { c.KernelGrad(gozooBLAS, dk, x, dy) }},
				{"dx", func() { c.InputGrad(gozooBLAS, dx, k, dy) }},
			} {
				b.Run(fmt.Sprintf("%s/%s/F%d", l.name, p.name, tile), func(b *testing.B) {
					for b.Loop() {
						p.run()
					}
				})
			}
		}
	}
}

// BenchmarkDense times a Dense layer's passes on the Fashion MLP's first
// layer (batch 32, 784 -> 300, ReLU).
func BenchmarkDense(b *testing.B) {
	d := Dense{Batch: 32, In: 784, Units: 300, Act: ReLU}
	x, k, bias := randFloats(1, 32*784), randFloats(2, 784*300), randFloats(3, 300)
	y, dy, dz, dk, dx, db := make([]float32, 32*300), randFloats(4, 32*300), make([]float32, 32*300), make([]float32, len(k)), make([]float32, len(x)), make([]float32, 300)
	for _, p := range []struct {
		name string
		run  func()
	}{
		{"forward", func() { d.Forward(gozooBLAS, y, x, k, bias) }},
		{"dz", func() { ActivationGradSums(d.Act, dz, y, dy, db) }},
		{"dk", func() { d.KernelGrad(gozooBLAS, dk, x, dz) }},
		{"dx", func() { d.InputGrad(gozooBLAS, dx, dz, k) }},
	} {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				p.run()
			}
		})
	}
}

// BenchmarkSoftmaxRows times a softmax of a batch of 1,000 rows of 3
// classes (the iris MLP's) and of 10 (the Fashion models').
func BenchmarkSoftmaxRows(b *testing.B) {
	for _, cols := range []int{3, 10} {
		z := randFloats(1, 1000*cols)
		dst := make([]float32, len(z))
		b.Run(fmt.Sprint(cols), func(b *testing.B) {
			for b.Loop() {
				SoftmaxRows(dst, z, 1000, cols)
			}
		})
	}
}
