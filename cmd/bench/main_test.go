package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/bench"
)

// TestBenchSmallModel runs the command as a user would, with few steps on
// the smallest model; it checks the table and the JSON, not the times.
func TestBenchSmallModel(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sub", "bench.json")
	var stdout, stderr bytes.Buffer
	// A Python that does not exist stands for a machine without PyTorch.
	err := run(context.Background(), []string{"-models", "iris-mlp", "-steps", "3", "-gemm-time", "1ms", "-json", out, "-peers", "-python", filepath.Join(t.TempDir(), "nopython")}, &stdout, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	text := stdout.String()
	for _, want := range []string{"PyTorch not found: apt-get install python3-torch", "iris-mlp  zoo/mlpcls     84", "step ms", "Wrote " + out,
		"GEMM GFLOP/s", "1024 x 1024 x 1024", "4 x 10 x 84 (TN)"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "gozoo time / PyTorch time") {
		t.Errorf("ratios printed without PyTorch:\n%s", text)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep bench.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Models) != 1 || rep.Models[0].Gozoo.Model != "iris-mlp" || rep.Models[0].Gozoo.Steps != 3 ||
		!(rep.Models[0].Gozoo.StepMs > 0) || rep.Models[0].PyTorch != nil || rep.Peers == "" || rep.Machine.Cores <= 0 ||
		len(rep.Gemm) != 4 || !(rep.Gemm[0].OneCPU[0] > 0) {
		t.Errorf("unexpected report %s", b)
	}
}

func TestBadFlagsGetOneClearError(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-models", "nosuch"}, "-models"},
		{[]string{"-steps", "-1"}, "-steps"},
		{[]string{"-steps", "x"}, "-steps"},
		{[]string{"-peer-threads", "-2"}, "-peer-threads"},
		{[]string{"-gemm-time", "0s"}, "-gemm-time"},
		{[]string{"-nosuchflag"}, "nosuchflag"},
		{[]string{"extra"}, "extra"},
		{[]string{"-models", "iris-mlp", "-steps", "1", "-json", filepath.Join(blocker, "b.json")}, "-json"},
	} {
		err := run(context.Background(), c.args, &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil {
			t.Errorf("%v: no error", c.args)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
			t.Errorf("%v: error %q should be one line naming %q", c.args, msg, c.want)
		}
	}
}
