package onnx_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// python is Debian's interpreter, which has python3-onnx and python3-torch.
const python = "/usr/bin/python3"

// needPython skips the test unless /usr/bin/python3 imports module.
func needPython(t *testing.T, module string) {
	t.Helper()
	if err := exec.Command(python, "-c", "import "+module).Run(); err != nil {
		t.Skipf("%s cannot import %s (apt install python3-%s): %v", python, module, module, err)
	}
}

// ortDir is the folder where onnxruntime-node is installed: $GOZOO_ORT, or
// ~/.cache/gozoo-ort as .ci/run installs it.
func ortDir(t *testing.T) string {
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
		t.Skip("node is not installed")
	}
	return dir
}

// ortInput is one input tensor for ort_run.js.
type ortInput struct {
	Dims []int     `json:"dims"`
	Data []float32 `json:"data"`
}

// runORT runs model with onnxruntime on the inputs and returns its output.
func runORT(t *testing.T, dir, model string, inputs map[string]ortInput) []float32 {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in.json")
	b, err := json.Marshal(inputs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", filepath.Join("testdata", "ort_run.js"), model, in)
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
