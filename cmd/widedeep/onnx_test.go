package main

import (
	"testing"

	"github.com/gozoo/gozoo/internal/cli/clitest"
)

// TestONNXRoundTrip: -onnx writes the trained model and -load reads it
// back to the same test RMSE.
func TestONNXRoundTrip(t *testing.T) {
	clitest.ONNXRoundTrip(t, run, []string{"-inputs", "2", "-limit", "1000", "-epochs", "1"}, []string{"-inputs", "2"})
}
