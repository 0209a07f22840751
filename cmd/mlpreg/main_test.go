package main

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/zoo/mlpreg"
)

func TestBadInputGetsOneClearError(t *testing.T) {
	dir := t.TempDir()
	orig, err := os.ReadFile("../../data/embed/cal_housing.tgz")
	if err != nil {
		t.Fatal(err)
	}
	// A copy with one byte changed, and one cut short: both fail the
	// checksum before anything is parsed.
	altered := filepath.Join(dir, "altered")
	os.Mkdir(altered, 0o755)
	bad := append([]byte(nil), orig...)
	bad[len(bad)/2] ^= 0xff
	os.WriteFile(filepath.Join(altered, "cal_housing.tgz"), bad, 0o644)
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
		{[]string{"-epochs", "x"}, []string{"-epochs"}},
		{[]string{"-preset", "torch"}, []string{"-preset", "torch"}},
		{[]string{"-dataset", "iris"}, []string{"-dataset"}},
		{[]string{"-data", filepath.Join(dir, "nothing"), "-out", out}, []string{"-data", "cal_housing.tgz", "no such file"}},
		{[]string{"-data", altered, "-out", out}, []string{"-data", filepath.Join(altered, "cal_housing.tgz"), "sha256"}},
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
	Valid, Test               map[string]float64
	History                   struct{ History map[string][]float64 }
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
	for _, preset := range []string{"keras", "sklearn"} {
		t.Run(preset, func(t *testing.T) {
			out := t.TempDir()
			// Batches of 32 for both: scikit-learn's 200 would make only 20
			// steps of two epochs on 2,000 rows.
			if err := run(context.Background(), []string{"-preset", preset, "-limit", "2000", "-epochs", "2", "-batch", "32", "-out", out}); err != nil {
				t.Fatal(err)
			}
			rep := readReport(t, out)
			if rep.Params != 5618 && rep.Params != 5601 || rep.Epochs != 2 || len(rep.Files) != 4 {
				t.Errorf("params %d, epochs %d, files %v", rep.Params, rep.Epochs, rep.Files)
			}
			if r := rep.Test["rmse"]; !(r < 1.2) {
				t.Errorf("test RMSE %.3f after two epochs on 2,000 rows", r)
			}
			// -load evaluates the saved model: same test RMSE.
			again := t.TempDir()
			if err := run(context.Background(), []string{"-load", filepath.Join(out, "model.gozoo"), "-out", again}); err != nil {
				t.Fatal(err)
			}
			if r := readReport(t, again); r.Test["rmse"] != rep.Test["rmse"] || r.Epochs != 2 {
				t.Errorf("loaded model: test RMSE %v after %d epochs, saved %v after 2", r.Test["rmse"], r.Epochs, rep.Test["rmse"])
			}
			other := map[string]string{"keras": "sklearn", "sklearn": "keras"}[preset]
			err := run(context.Background(), []string{"-load", filepath.Join(out, "model.gozoo"), "-preset", other, "-out", again})
			if err == nil || !strings.Contains(err.Error(), "-preset") {
				t.Errorf("a %s model loaded with -preset %s: %v", preset, other, err)
			}
		})
	}
}

// A diverging run stops with a line naming the epoch and keeps the last
// good weights. Adam's steps are bounded by the learning rate, so no
// accepted -lr makes this small model overflow: start instead from a model
// whose weights are so large that the first loss is infinite.
func TestDivergenceNamesTheEpoch(t *testing.T) {
	m, err := mlpreg.New(mlpreg.KerasConfig())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Params() {
		if p.Trainable {
			for i := range p.Data() {
				p.Data()[i] = 1e12
			}
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "huge.gozoo")
	if err := m.Save(path, 3); err != nil {
		t.Fatal(err)
	}
	err = run(context.Background(), []string{"-load", path, "-epochs", "1", "-limit", "500", "-out", dir})
	if err == nil || !strings.Contains(err.Error(), "epoch 4 step 1: loss is +Inf") || !strings.Contains(err.Error(), "kept the weights") {
		t.Fatalf("error %v, want one naming epoch 4 and the kept weights", err)
	}
	l, epochs, err := mlpreg.Load(path)
	if err != nil || epochs != 3 || l.Params()[3].Data()[0] != 1e12 {
		t.Errorf("the saved model changed: %v, epochs %d", err, epochs)
	}
	if math.IsNaN(float64(l.Params()[3].Data()[0])) {
		t.Error("NaN weights saved")
	}
}

// The binary, not just run: exit status 1 and a single line on stderr.
func TestExitStatusAndOneLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), "mlpreg")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-data", t.TempDir())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v", err)
	}
	if lines := strings.Split(strings.TrimSpace(stderr.String()), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "mlpreg: -data ") {
		t.Errorf("stderr: %q", stderr.String())
	}
}
