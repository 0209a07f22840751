package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestBadInputGetsOneClearError(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt")
	os.Mkdir(corrupt, 0o755)
	for _, name := range []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"} {
		os.WriteFile(filepath.Join(corrupt, name), []byte("not an idx file"), 0o644)
	}
	notModel := filepath.Join(dir, "notes.txt")
	os.WriteFile(notModel, []byte("hello"), 0o644)
	readOnly := filepath.Join(dir, "ro")
	os.Mkdir(readOnly, 0o555)
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)

	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-epochs", "x"}, "-epochs"},
		{[]string{"-nosuchflag"}, "nosuchflag"},
		{[]string{"-dataset", "cifar"}, "-dataset"},
		{[]string{"-batch", "0"}, "-batch"},
		{[]string{"-lr", "-1"}, "-lr"},
		{[]string{"-data", filepath.Join(dir, "nothing")}, "-data"},
		{[]string{"-data", corrupt, "-out", filepath.Join(dir, "o1")}, "magic"},
		{[]string{"-load", notModel, "-out", filepath.Join(dir, "o2")}, "not a gozoo model"},
		{[]string{"-dataset", "iris", "-out", filepath.Join(blocker, "sub")}, "-out"},
	}
	if os.Getuid() != 0 { // root writes anywhere
		cases = append(cases, struct {
			args []string
			want string
		}{[]string{"-dataset", "iris", "-out", readOnly}, "-out"})
	}
	for _, c := range cases {
		err := run(context.Background(), c.args)
		if err == nil {
			t.Errorf("%v: no error", c.args)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
			t.Errorf("%v: error %q should be one line naming %q", c.args, msg, c.want)
		}
	}
}

func TestIrisEndToEnd(t *testing.T) {
	out := t.TempDir()
	if err := run(context.Background(), []string{"-dataset", "iris", "-out", out}); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Params int
		Test   map[string]float64
		Files  []string
	}
	b, err := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Params != 83 || rep.Test["accuracy"] != 1 {
		t.Errorf("params %d, test accuracy %v; want 83 and 1.00 as in the notebook", rep.Params, rep.Test["accuracy"])
	}
	for _, f := range rep.Files {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	// -load evaluates the saved model without training.
	again := t.TempDir()
	if err := run(context.Background(), []string{"-dataset", "iris", "-load", filepath.Join(out, "model.gozoo"), "-out", again}); err != nil {
		t.Fatal(err)
	}
	// A model for another input shape is refused in one line.
	if err := run(context.Background(), []string{"-dataset", "mnist", "-limit", "10", "-load", filepath.Join(out, "model.gozoo"), "-out", again}); err == nil || !strings.Contains(err.Error(), "-load") {
		t.Errorf("iris model on mnist: %v", err)
	}
}

func TestFashionQuickRun(t *testing.T) {
	if _, err := os.Stat("/usr/share/datasets/fashion-mnist"); err != nil {
		t.Skip("Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)")
	}
	out := t.TempDir()
	if err := run(context.Background(), []string{"-limit", "3000", "-epochs", "2", "-out", out, "-download=false"}); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Valid map[string]float64
	}
	b, _ := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Valid["accuracy"] < 0.6 {
		t.Errorf("validation accuracy %.3f after 2 epochs on 3,000 images; expected > 0.6", rep.Valid["accuracy"])
	}
}

// The binary, not just run: exit status 1 and a single line on stderr.
func TestExitStatusAndOneLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), "mlpcls")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-dataset", "nope")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v", err)
	}
	if lines := strings.Split(strings.TrimSpace(stderr.String()), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "mlpcls: ") {
		t.Errorf("stderr: %q", stderr.String())
	}
}
