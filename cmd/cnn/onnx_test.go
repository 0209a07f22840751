package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/data/mnist"
	"github.com/gozoo/gozoo/internal/cli/clitest"
	"github.com/gozoo/gozoo/internal/onnxpeer"
	"github.com/gozoo/gozoo/nn"
)

// TestONNXRoundTrip: -onnx writes the trained CNN and -load reads it back
// to the same test metrics.
func TestONNXRoundTrip(t *testing.T) {
	quiet := func(_ context.Context, a []string) error {
		_, err := runQuiet(t, a)
		return err
	}
	clitest.ONNXRoundTrip(t, quiet, args("-epochs", "1", "-estimate", "0"), []string{"-dataset", "mnist", "-eval-limit", "200"})
}

// TestPyTorchCNN: PyTorch builds the notebook's CNN and exports it; the
// command loads the file and its test accuracy and loss are PyTorch's on
// the same images.
func TestPyTorchCNN(t *testing.T) {
	onnxpeer.NeedPython(t, "torch")
	_, test, _, err := data.MNIST(data.MNISTOptions{Shipped: mnist.FS()})
	if err != nil {
		t.Fatal(err)
	}
	const n = 40
	dir := t.TempDir()
	images := filepath.Join(dir, "images.json")
	b, err := json.Marshal(test.Slice(0, n).Float32())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(images, b, 0o644); err != nil {
		t.Fatal(err)
	}
	onnxpeer.Torch(t, dir, images, "cnn")
	ref := onnxpeer.ReadTorch(t, dir, "cnn")
	right, loss := 0, 0.0
	for i := 0; i < n; i++ {
		p := ref.Output[i*10 : (i+1)*10]
		if nn.Argmax(p) == test.Labels[i] {
			right++
		}
		loss -= math.Log(float64(p[test.Labels[i]])) / n
	}
	out := t.TempDir()
	if _, err := runQuiet(t, []string{"-dataset", "mnist", "-eval-limit", fmt.Sprint(n), "-load", filepath.Join(dir, "cnn.onnx"), "-out", out}); err != nil {
		t.Fatal(err)
	}
	rep := clitest.ReadReport(t, out)
	if want := float64(right) / n; rep.Test["accuracy"] != want {
		t.Errorf("test accuracy %v with PyTorch's model, PyTorch's own %v", rep.Test["accuracy"], want)
	}
	// The loss is the mean of -log p(label) over the same probabilities.
	if got := rep.Test["loss"]; math.Abs(got-loss) > 1e-5*max(1, loss) {
		t.Errorf("test loss %v with PyTorch's model, %v from PyTorch's probabilities", got, loss)
	}
}
