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
	orig, err := os.ReadFile("../../data/embed/cal_housing.tgz")
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated")
	os.Mkdir(truncated, 0o755)
	os.WriteFile(filepath.Join(truncated, "cal_housing.tgz"), orig[:len(orig)/3], 0o644)
	notModel := filepath.Join(dir, "notes.txt")
	os.WriteFile(notModel, []byte("hello"), 0o644)
	out := filepath.Join(dir, "out")

	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"-inputs", "3"}, []string{"-inputs 3"}},
		{[]string{"-dataset", "fashion"}, []string{"-dataset"}},
		{[]string{"-lr", "0"}, []string{"-lr"}},
		{[]string{"-data", truncated, "-out", out}, []string{"-data", filepath.Join(truncated, "cal_housing.tgz"), "sha256"}},
		{[]string{"-load", notModel, "-out", out}, []string{"-load", "not a gozoo model"}},
	} {
		err := run(context.Background(), c.args)
		if err == nil {
			t.Errorf("%v: no error", c.args)
			continue
		}
		msg := err.Error()
		for _, w := range c.want {
			if !strings.Contains(msg, w) || strings.Contains(msg, "\n") {
				t.Errorf("%v: error %q should be one line naming %q", c.args, msg, w)
			}
		}
	}
}

type report struct {
	Params, Trainable, Epochs int
	Test                      map[string]float64
	Files                     []string
}

func readReport(t *testing.T, dir string) report {
	t.Helper()
	var rep report
	b, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	return rep
}

func TestQuickRunAndLoad(t *testing.T) {
	for _, c := range []struct {
		inputs string
		params int
	}{{"1", 1256}, {"2", 1200}} {
		t.Run(c.inputs, func(t *testing.T) {
			out := t.TempDir()
			if err := run(context.Background(), []string{"-inputs", c.inputs, "-limit", "2000", "-epochs", "2", "-out", out}); err != nil {
				t.Fatal(err)
			}
			rep := readReport(t, out)
			if rep.Params != c.params || rep.Epochs != 2 || len(rep.Files) != 4 {
				t.Errorf("params %d, epochs %d, files %v", rep.Params, rep.Epochs, rep.Files)
			}
			if r := rep.Test["rmse"]; !(r < 1.2) {
				t.Errorf("test RMSE %.3f after two epochs on 2,000 rows", r)
			}
			// -load evaluates the saved model and knows its inputs.
			again := t.TempDir()
			if err := run(context.Background(), []string{"-load", filepath.Join(out, "model.gozoo"), "-out", again}); err != nil {
				t.Fatal(err)
			}
			if r := readReport(t, again); r.Test["rmse"] != rep.Test["rmse"] || r.Epochs != 2 {
				t.Errorf("loaded model: test RMSE %v after %d epochs, saved %v after 2", r.Test["rmse"], r.Epochs, rep.Test["rmse"])
			}
			other := map[string]string{"1": "2", "2": "1"}[c.inputs]
			err := run(context.Background(), []string{"-load", filepath.Join(out, "model.gozoo"), "-inputs", other, "-out", again})
			if err == nil || !strings.Contains(err.Error(), "-inputs") {
				t.Errorf("a %s-input model loaded with -inputs %s: %v", c.inputs, other, err)
			}
		})
	}
}

// The binary, not just run: exit status 1 and a single line on stderr.
func TestExitStatusAndOneLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), "widedeep")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-inputs", "0")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v", err)
	}
	if lines := strings.Split(strings.TrimSpace(stderr.String()), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "widedeep: -inputs ") {
		t.Errorf("stderr: %q", stderr.String())
	}
}
