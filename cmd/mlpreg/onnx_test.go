package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/gozoo/gozoo/internal/cli/clitest"
)

// TestONNXRoundTrip: -onnx writes the trained model and -load reads it
// back to the same test RMSE.
func TestONNXRoundTrip(t *testing.T) {
	out := t.TempDir()
	path := filepath.Join(out, "model.onnx")
	if err := run(context.Background(), []string{"-preset", "keras", "-limit", "1000", "-epochs", "1", "-onnx", path, "-out", out}); err != nil {
		t.Fatal(err)
	}
	rep := clitest.ReadReport(t, out)
	again := t.TempDir()
	if err := run(context.Background(), []string{"-preset", "keras", "-load", path, "-out", again}); err != nil {
		t.Fatal(err)
	}
	if r := clitest.ReadReport(t, again); r.Test["rmse"] != rep.Test["rmse"] {
		t.Errorf("the ONNX file has test RMSE %v, the run that wrote it %v", r.Test["rmse"], rep.Test["rmse"])
	}
}
