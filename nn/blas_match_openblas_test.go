//go:build openblas

package nn

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/netlib/blas/netlib"
)

// withBothBLAS runs f with OpenBLAS for every product (on a CPU with
// AVX2 the build hands it only the largest), then with gonum's pure-Go
// BLAS, and returns both results.
func withBothBLAS(f func() [][]float32) (openblas, purego [][]float32) {
	defer func() { nnBLAS = buildBLAS }()
	nnBLAS = netlib.Implementation{}
	openblas = f()
	nnBLAS = gonum.Implementation{}
	return openblas, f()
}

// relDiff is |a-b| / |b| over all the values.
func relDiff(a, b [][]float32) float64 {
	var d, n float64
	for i := range a {
		for j := range a[i] {
			d += math.Pow(float64(a[i][j])-float64(b[i][j]), 2)
			n += math.Pow(float64(b[i][j]), 2)
		}
	}
	return math.Sqrt(d / n)
}

// TestBLASBuildsMatch states what the README says of the two builds: with
// the same weights, a Dense network's gradients and any network's outputs
// (the CNN's included) match to float32 rounding; the CNN's gradients do
// not, because its ReLUs gate on sums that are exactly zero on the black
// background of the images, and rounding flips some of those gates.
func TestBLASBuildsMatch(t *testing.T) {
	d := suiteLearnable(9, 64)
	m := suiteClassifier(9, 0)
	a, b := withBothBLAS(func() [][]float32 { _, _, g := lossAndGrads(t, m, d); return g })
	if r := relDiff(a, b); r > 1e-5 {
		t.Errorf("dense gradients: relative difference %.2g between the builds", r)
	}
	cnn := imageModel(t, mustConv(t, 1, "conv2d", 2, 8, 3, ReLU, WithPadding(Same)),
		NewMaxPool2D("max_pooling2d", 2), NewFlatten("flatten"), NewDense(NewRand(2), "dense", 72, 3, Softmax))
	img := randData(11, 8, 72, 3)
	a, b = withBothBLAS(func() [][]float32 {
		p, _, err := cnn.Predict(img, 8)
		if err != nil {
			t.Fatal(err)
		}
		return [][]float32{p}
	})
	if r := relDiff(a, b); r > 1e-5 {
		t.Errorf("convolution outputs: relative difference %.2g between the builds", r)
	}
}
