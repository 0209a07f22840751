package clitest

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// ONNXRoundTrip runs a command with args and -onnx, then again with -load
// on the ONNX file it wrote (and loadArgs), and checks that the second run
// reports the same test metrics: the file holds the trained model. It
// returns the folder of the first run and the ONNX file.
func ONNXRoundTrip(t *testing.T, run func(context.Context, []string) error, args, loadArgs []string) (out, path string) {
	t.Helper()
	out = t.TempDir()
	path = filepath.Join(out, "model.onnx")
	if err := run(context.Background(), append(slices.Clone(args), "-onnx", path, "-out", out)); err != nil {
		t.Fatal(err)
	}
	rep := ReadReport(t, out)
	again := t.TempDir()
	if err := run(context.Background(), append(slices.Clone(loadArgs), "-load", path, "-out", again)); err != nil {
		t.Fatal(err)
	}
	if r := ReadReport(t, again); fmt.Sprint(r.Test) != fmt.Sprint(rep.Test) {
		t.Errorf("the ONNX file evaluates to %v, the run that wrote it to %v", r.Test, rep.Test)
	}
	return out, path
}
