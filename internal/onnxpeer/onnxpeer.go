// Package onnxpeer runs gozoo's ONNX files through the other side, for
// tests: onnx.checker (Debian's python3-onnx), onnxruntime (npm's
// onnxruntime-node 1.19.2, run by node) and PyTorch (Debian's python3-torch,
// whose exports gozoo must read). Each helper skips the test with a
// one-line reason when its peer is not installed.
package onnxpeer

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Python is Debian's interpreter, which has python3-onnx and python3-torch.
const Python = "/usr/bin/python3"

// script is the path of one of the scripts beside this file.
func script(name string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), name)
}

// NeedPython skips the test unless Python imports module.
func NeedPython(t testing.TB, module string) {
	t.Helper()
	if err := exec.Command(Python, "-c", "import "+module).Run(); err != nil {
		t.Skipf("%s cannot import %s (apt install python3-%s): %v", Python, module, module, err)
	}
}

// Check runs onnx.checker's full check on the files.
func Check(t testing.TB, files ...string) {
	t.Helper()
	NeedPython(t, "onnx")
	out, err := exec.Command(Python, append([]string{script("check_model.py")}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("onnx.checker: %v\n%s", err, out)
	}
}

// ORTDir is the folder where onnxruntime-node is installed: $GOZOO_ORT, or
// ~/.cache/gozoo-ort as .ci/run installs it. It skips the test without it.
func ORTDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("GOZOO_ORT")
	if dir == "" {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, ".cache", "gozoo-ort")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "onnxruntime-node", "package.json")); err != nil {
		t.Skipf("onnxruntime-node is not installed in %s (npm install --ignore-scripts --prefix %s onnxruntime-node@1.19.2)", dir, dir)
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed: no onnxruntime")
	}
	return dir
}

// Tensor is one input of a model run by onnxruntime.
type Tensor struct {
	Dims []int     `json:"dims"`
	Data []float32 `json:"data"`
}

// RunORT runs model with onnxruntime on the named inputs and returns its
// output's values. It skips the test without onnxruntime.
func RunORT(t testing.TB, model string, inputs map[string]Tensor) []float32 {
	t.Helper()
	dir := ORTDir(t)
	in := filepath.Join(t.TempDir(), "in.json")
	b, err := json.Marshal(inputs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", script("ort_run.js"), model, in)
	cmd.Env = append(os.Environ(), "GOZOO_ORT="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("onnxruntime on %s: %v", model, err)
	}
	var v []float32
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("onnxruntime output: %v", err)
	}
	return v
}

// Torch has PyTorch build and export the named notebook architectures
// (all of torch_models.py's when none is named) into dir, as NAME.onnx with
// NAME.json holding the inputs and PyTorch's output. images, if not empty,
// is a JSON file of NHWC images that the CNNs run on instead of random ones.
// It skips the test without PyTorch.
func Torch(t testing.TB, dir, images string, names ...string) {
	t.Helper()
	NeedPython(t, "torch")
	args := []string{script("torch_models.py"), dir}
	if images != "" {
		args = append(args, "--images", images)
	}
	out, err := exec.Command(Python, append(args, names...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("torch_models.py: %v\n%s", err, out)
	}
}

// TorchResult is what torch_models.py writes beside each model.
type TorchResult struct {
	Inputs [][]float32 `json:"inputs"`
	Output []float32   `json:"output"`
}

// ReadTorch reads dir/NAME.json.
func ReadTorch(t testing.TB, dir, name string) TorchResult {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var r TorchResult
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}
