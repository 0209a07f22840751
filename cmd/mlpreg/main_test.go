package main

import (
	"context"
	"github.com/gozoo/gozoo/nn"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/internal/cli/clitest"
	"github.com/gozoo/gozoo/internal/zootest"
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

	clitest.OneLineErrors(t, run, []clitest.ErrorCase{
		{Args: []string{"-epochs", "x"}, Want: []string{"-epochs"}},
		{Args: []string{"-epochs", "4611686018427387904"}, Want: []string{"-epochs", "100000"}},
		{Args: []string{"-preset", "torch"}, Want: []string{"-preset", "torch"}},
		{Args: []string{"-dataset", "iris"}, Want: []string{"-dataset"}},
		{Args: []string{"-data", filepath.Join(dir, "nothing"), "-out", out}, Want: []string{"-data", "cal_housing.tgz", "no such file"}},
		{Args: []string{"-data", altered, "-out", out}, Want: []string{"-data", filepath.Join(altered, "cal_housing.tgz"), "sha256"}},
		{Args: []string{"-data", truncated, "-out", out}, Want: []string{"-data", filepath.Join(truncated, "cal_housing.tgz"), "sha256"}},
		{Args: []string{"-load", notModel, "-out", out}, Want: []string{"-load", "not a gozoo model"}},
	})
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
			rep := clitest.ReadReport(t, out)
			if rep.Params != 5618 && rep.Params != 5601 || rep.Epochs != 2 || len(rep.Files) != 4 {
				t.Errorf("params %d, epochs %d, files %v", rep.Params, rep.Epochs, rep.Files)
			}
			// Predicting the training mean scores about 1.15: a model
			// must beat it by far.
			if r, base := rep.Test["rmse"], zootest.CaliforniaTestBaseline(t, 2000); !(r < 0.8*base) {
				t.Errorf("test RMSE %.3f after two epochs on 2,000 rows; predicting the training mean gives %.3f", r, base)
			}
			// -load evaluates the saved model: same test RMSE.
			again := t.TempDir()
			if err := run(context.Background(), []string{"-load", filepath.Join(out, "model.gozoo"), "-out", again}); err != nil {
				t.Fatal(err)
			}
			if r := clitest.ReadReport(t, again); r.Test["rmse"] != rep.Test["rmse"] || r.Epochs != 2 {
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
	if err := m.SaveFile(path, 3); err != nil {
		t.Fatal(err)
	}
	err = run(context.Background(), []string{"-load", path, "-epochs", "1", "-limit", "500", "-out", dir})
	if err == nil || !strings.Contains(err.Error(), "epoch 4 step 1: loss is +Inf") || !strings.Contains(err.Error(), "kept the weights") {
		t.Fatalf("error %v, want one naming epoch 4 and the kept weights", err)
	}
	l, epochs, err := nn.LoadFile[mlpreg.Config](path)
	if err != nil || epochs != 3 || l.Params()[3].Data()[0] != 1e12 {
		t.Errorf("the saved model changed: %v, epochs %d", err, epochs)
	}
	if math.IsNaN(float64(l.Params()[3].Data()[0])) {
		t.Error("NaN weights saved")
	}
}

// The binary, not just run: exit status 1 and a single line on stderr.
func TestExitStatusAndOneLine(t *testing.T) {
	clitest.ExitStatus(t, "mlpreg", "mlpreg: -data ", []string{"-data", t.TempDir()})
}

// The sklearn preset trains as skmlp does, to the bit: its loss curve is
// the one mlpreg.Sklearn's Fit gives on the same rows.
func TestSklearnPresetTrainsAsSkmlp(t *testing.T) {
	out := t.TempDir()
	if err := run(context.Background(), []string{"-preset", "sklearn", "-limit", "1000", "-epochs", "3", "-out", out}); err != nil {
		t.Fatal(err)
	}
	got := clitest.ReadReport(t, out).History.Metrics["loss"]
	// -limit 1000: the first 1,000 rows of the training split.
	train, _ := zootest.California(t, 1000)
	sk, err := mlpreg.NewSklearn(train, 42)
	if err != nil {
		t.Fatal(err)
	}
	sk.Model.Config.MaxIter = 3
	res, err := sk.Model.Fit(context.Background(), sk.TrainX, sk.TrainY, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, res.LossCurve) {
		t.Errorf("the command's loss curve %v, skmlp's %v", got, res.LossCurve)
	}
}

// TestSignalWhileBlockedEndsIt: one SIGTERM or Ctrl-C while -load waits on
// a pipe (before any training) ends the program, as `timeout 10 mlpreg
// -load fifo` expects.
func TestSignalWhileBlockedEndsIt(t *testing.T) {
	clitest.SignalWhileBlocked(t, "mlpreg")
}
