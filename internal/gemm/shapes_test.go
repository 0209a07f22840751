package gemm

import (
	"fmt"
	"testing"
)

// modelShapes are products the zoo's training steps run, as nn calls
// Sgemm (a large product cut by rows or columns of C into pieces).
var modelShapes = []struct {
	name           string
	transA, transB bool
	m, n, k        int
}{
	// Fashion MLP, batch 32: 784-300-100-10.
	{"mlp/fc1", false, false, 32, 300, 784},
	{"mlp/fc1-piece", false, false, 32, 38, 784},
	{"mlp/fc1-dW", true, false, 784, 300, 32},
	{"mlp/fc1-dW-piece", true, false, 98, 300, 32},
	{"mlp/fc2", false, false, 32, 100, 300},
	{"mlp/fc2-dW", true, false, 300, 100, 32},
	{"mlp/fc2-dX", false, true, 32, 300, 100},
	{"mlp/fc3", false, false, 32, 10, 100},
	// CNN, batch 32: Winograd's products (36 a layer) and im2col's.
	{"cnn/wino-256", false, false, 128, 256, 256},
	{"cnn/wino-128", false, false, 128, 128, 128},
	{"cnn/wino-64", false, false, 128, 128, 64},
	{"cnn/wino-256x128", false, false, 128, 256, 128},
	{"cnn/wino-dW", true, false, 32, 128, 512},
	{"cnn/wino-dX", false, true, 128, 32, 256},
	{"cnn/wino-4", false, false, 4, 256, 256},
	{"cnn/conv1", false, false, 10682, 64, 49},
	{"cnn/wino-transform", false, false, 36, 8192, 9},
}

// BenchmarkModelShapes times Sgemm on modelShapes, in GFLOP/s.
func BenchmarkModelShapes(b *testing.B) {
	for _, s := range modelShapes {
		name := s.name
		if s.transA || s.transB {
			name += fmt.Sprintf("-%s%s", map[bool]string{false: "N", true: "T"}[s.transA], map[bool]string{false: "N", true: "T"}[s.transB])
		}
		b.Run(name, func(b *testing.B) {
			ar, ac, br, bc := s.m, s.k, s.k, s.n
			if s.transA {
				ar, ac = ac, ar
			}
			if s.transB {
				br, bc = bc, br
			}
			a, bb, c := make([]float32, ar*ac), make([]float32, br*bc), make([]float32, s.m*s.n)
			for i := range a {
				a[i] = float32(i%7) - 3
			}
			for i := range bb {
				bb[i] = float32(i%5) - 2
			}
			for b.Loop() {
				Sgemm(s.transA, s.transB, s.m, s.n, s.k, 1, a, ac, bb, bc, 0, c, s.n)
			}
			b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
