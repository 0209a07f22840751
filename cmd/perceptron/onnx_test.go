package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/internal/onnxpeer"
)

// TestONNX: -onnx writes the trained TLU; onnxruntime classifies the
// notebook's two flowers as gozoo does. -load refuses an ONNX file in one
// line: the perceptron exports but does not import.
func TestONNX(t *testing.T) {
	out := t.TempDir()
	path := filepath.Join(out, "tlu.onnx")
	if err := run(context.Background(), []string{"-out", out, "-onnx", path}); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{"-out", t.TempDir(), "-load", path})
	if err == nil || !strings.Contains(err.Error(), "does not read it") {
		t.Errorf("-load of an ONNX file: %v", err)
	}
	onnxpeer.Check(t, path)
	got := onnxpeer.RunORT(t, path, map[string]onnxpeer.Tensor{"x": {Dims: []int{2, 2}, Data: []float32{2, 0.5, 3, 1}}})
	if !slices.Equal(got, []float32{1, 0}) {
		t.Errorf("onnxruntime classifies [2, 0.5] and [3, 1] as %v, want [1 0] (setosa, not setosa)", got)
	}
}
