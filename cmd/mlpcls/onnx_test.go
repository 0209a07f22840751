package main

import (
	"path/filepath"
	"testing"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/data/mnist"
	"github.com/gozoo/gozoo/internal/cli/clitest"
	"github.com/gozoo/gozoo/internal/onnxpeer"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/mlpcls"
)

// TestONNX: -onnx writes the trained model, -load reads it back to the same
// test metrics, and onnxruntime predicts as gozoo on test images. MNIST
// (shipped with gozoo) stands in for Fashion-MNIST: the same
// 28x28 images, the same network.
func TestONNX(t *testing.T) {
	out, path := clitest.ONNXRoundTrip(t, run, []string{"-dataset", "mnist", "-limit", "500", "-epochs", "1"}, []string{"-dataset", "mnist"})
	m, _, err := nn.LoadFile[mlpcls.Config](filepath.Join(out, "model.gozoo"))
	if err != nil {
		t.Fatal(err)
	}
	_, test, _, err := data.MNIST(data.MNISTOptions{Shipped: mnist.FS()})
	if err != nil {
		t.Fatal(err)
	}
	const n = 64
	x := test.Slice(0, n).Float32()
	want, _, err := m.Predict(nn.Data{X: [][]float32{x}}, n)
	if err != nil {
		t.Fatal(err)
	}
	onnxpeer.Check(t, path)
	got := onnxpeer.RunORT(t, path, map[string]onnxpeer.Tensor{"input": {Dims: []int{n, 28, 28}, Data: x}})
	if len(got) != len(want) {
		t.Fatalf("onnxruntime gave %d values, gozoo %d", len(got), len(want))
	}
	for i := range want {
		if d := float64(got[i] - want[i]); d > 1e-5 || d < -1e-5 {
			t.Fatalf("probability %d: onnxruntime %v, gozoo %v", i, got[i], want[i])
		}
	}
}
