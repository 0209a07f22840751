package onnx_test

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/internal/onnxpeer"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/onnx"
	"github.com/gozoo/gozoo/zoo/cnn"
	"github.com/gozoo/gozoo/zoo/mlpcls"
	"github.com/gozoo/gozoo/zoo/mlpreg"
	"github.com/gozoo/gozoo/zoo/perceptron"
	"github.com/gozoo/gozoo/zoo/widedeep"
)

// zooCase is one zoo model with inputs to predict on.
type zooCase struct {
	name    string
	export  func(w *bytes.Buffer) error
	predict func() []float32 // gozoo's predictions on x
	// load imports an exported file into the same zoo model and predicts
	// on x; nil for the perceptron, which no framework trains.
	load   func(path string) ([]float32, error)
	inputs []nn.Input
	x      [][]float32
	// tol is how far the round trip's predictions may be from the
	// original's (relative); 0 asks for the same bits.
	tol float64
}

// random fills n examples of each input, uniform in [lo, hi).
func random(rng *rand.Rand, inputs []nn.Input, n int, lo, hi float32) [][]float32 {
	x := make([][]float32, len(inputs))
	for i, in := range inputs {
		x[i] = make([]float32, n*in.Size())
		for j := range x[i] {
			x[i][j] = lo + (hi-lo)*rng.Float32()
		}
	}
	return x
}

// jiggle gives every bias and normalization a non-trivial value, so that a
// mistake in exporting them shows in the predictions.
func jiggle(rng *rand.Rand, m *nn.Model) {
	for _, p := range m.Params() {
		if strings.HasSuffix(p.Name, "/bias") || strings.HasSuffix(p.Name, "/mean") {
			for i := range p.Data() {
				p.Data()[i] = float32(rng.NormFloat64() * 0.1)
			}
		}
	}
}

func netCase(t *testing.T, name string, m *nn.Model, export func(w *bytes.Buffer) error, load func(string) (*nn.Model, error), x [][]float32) zooCase {
	t.Helper()
	pred := func(m *nn.Model) []float32 {
		out, _, err := m.Predict(nn.Data{X: x}, 32)
		if err != nil {
			t.Fatalf("%s: predict: %v", name, err)
		}
		return out
	}
	return zooCase{
		name: name, export: export, inputs: m.Inputs(), x: x,
		predict: func() []float32 { return pred(m) },
		load: func(path string) ([]float32, error) {
			got, err := load(path)
			if err != nil {
				return nil, err
			}
			return pred(got), nil
		},
	}
}

// zooModels builds every zoo model, small where the notebook's is large.
func zooModels(t *testing.T) []zooCase {
	rng := rand.New(rand.NewPCG(13, 1))
	var cases []zooCase

	p, err := perceptron.New(perceptron.DefaultConfig(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.SetWeights([]float64{-1.5, -0.75}, 4.2); err != nil {
		t.Fatal(err)
	}
	px := random(rng, []nn.Input{{Shape: []int{2}}}, 16, 0, 4)
	cases = append(cases, zooCase{
		name: "perceptron", export: func(w *bytes.Buffer) error { return p.ExportONNX(w) },
		inputs: []nn.Input{{Name: "x", Shape: []int{2}}}, x: px,
		predict: func() []float32 {
			rows := make([][]float64, 16)
			for i := range rows {
				rows[i] = []float64{float64(px[0][2*i]), float64(px[0][2*i+1])}
			}
			got, err := p.Predict(rows)
			if err != nil {
				t.Fatal(err)
			}
			out := make([]float32, len(got))
			for i, g := range got {
				if g {
					out[i] = 1
				}
			}
			return out
		},
	})

	for _, c := range []struct {
		name string
		cfg  mlpcls.Config
		lo   float32
	}{{"mlpcls-iris", mlpcls.IrisConfig(), -2}, {"mlpcls-fashion", mlpcls.FashionConfig(), 0}} {
		m, err := mlpcls.New(c.cfg)
		if err != nil {
			t.Fatal(err)
		}
		jiggle(rng, m.Model)
		cases = append(cases, netCase(t, c.name, m.Model, func(w *bytes.Buffer) error { return m.ExportONNX(w) },
			func(path string) (*nn.Model, error) {
				got, err := mlpcls.LoadONNX(path, 1)
				if err != nil {
					return nil, err
				}
				return got.Model, nil
			}, random(rng, m.Inputs(), 20, c.lo, 2)))
	}

	reg, err := mlpreg.New(mlpreg.KerasConfig())
	if err != nil {
		t.Fatal(err)
	}
	regX := random(rng, reg.Inputs(), 50, -3, 10)
	if err := reg.Adapt(nn.Data{X: regX}); err != nil {
		t.Fatal(err)
	}
	jiggleDense(rng, reg.Model)
	cases = append(cases, netCase(t, "mlpreg", reg.Model, func(w *bytes.Buffer) error { return reg.ExportONNX(w) },
		func(path string) (*nn.Model, error) {
			got, err := mlpreg.LoadONNX(path, 1)
			if err != nil {
				return nil, err
			}
			return got.Model, nil
		}, regX))

	// The scikit-learn regressor standardizes outside the network: its
	// export puts the scaler in the graph, and takes raw features.
	skCfg := mlpreg.SklearnConfig()
	skRows := make([][]float64, 30)
	for i := range skRows {
		for j := 0; j < 8; j++ {
			skRows[i] = append(skRows[i], float64(j)+rng.NormFloat64()*float64(j+1))
		}
	}
	if skCfg.Scaler, err = data.FitStandardScaler(skRows); err != nil {
		t.Fatal(err)
	}
	sk, err := mlpreg.New(skCfg)
	if err != nil {
		t.Fatal(err)
	}
	raw := make([]float32, 0, 30*8)
	for _, r := range skRows {
		for _, v := range r {
			raw = append(raw, float32(v))
		}
	}
	// Imported, the scaler becomes a Normalization layer, computed in
	// float32 where Data scales in float64.
	cases = append(cases, zooCase{
		name: "mlpreg-sklearn", export: func(w *bytes.Buffer) error { return sk.ExportONNX(w) },
		inputs: sk.Inputs(), x: [][]float32{raw}, tol: 1e-5,
		load: func(path string) ([]float32, error) {
			got, err := mlpreg.LoadONNX(path, 1)
			if err != nil {
				return nil, err
			}
			out, _, err := got.Predict(nn.Data{X: [][]float32{raw}}, 32)
			return out, err
		},
		predict: func() []float32 {
			d, err := sk.Data(data.Table{X: skRows, Y: make([]float64, 30)})
			if err != nil {
				t.Fatal(err)
			}
			out, _, err := sk.Predict(d, 32)
			if err != nil {
				t.Fatal(err)
			}
			return out
		},
	})

	for _, c := range []struct {
		name string
		cfg  widedeep.Config
	}{{"widedeep-one", widedeep.OneInputConfig()}, {"widedeep-two", widedeep.TwoInputConfig()}} {
		m, err := widedeep.New(c.cfg)
		if err != nil {
			t.Fatal(err)
		}
		x := random(rng, m.Inputs(), 40, -5, 20)
		if err := m.Adapt(nn.Data{X: x}); err != nil {
			t.Fatal(err)
		}
		jiggleDense(rng, m.Model)
		cfg := c.cfg
		cases = append(cases, netCase(t, c.name, m.Model, func(w *bytes.Buffer) error { return m.ExportONNX(w) },
			func(path string) (*nn.Model, error) {
				got, err := widedeep.LoadONNX(path, cfg)
				if err != nil {
					return nil, err
				}
				return got.Model, nil
			}, x))
	}

	c, err := cnn.New(cnn.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	jiggle(rng, c.Model)
	cases = append(cases, netCase(t, "cnn", c.Model, func(w *bytes.Buffer) error { return c.ExportONNX(w) },
		func(path string) (*nn.Model, error) {
			got, err := cnn.LoadONNX(path, cnn.DefaultConfig())
			if err != nil {
				return nil, err
			}
			return got.Model, nil
		}, random(rng, c.Inputs(), 3, 0, 1)))
	return cases
}

// jiggleDense is jiggle for the biases only, leaving adapted
// normalizations alone.
func jiggleDense(rng *rand.Rand, m *nn.Model) {
	for _, p := range m.Params() {
		if strings.HasSuffix(p.Name, "/bias") {
			for i := range p.Data() {
				p.Data()[i] = float32(rng.NormFloat64() * 0.1)
			}
		}
	}
}

// writeAll exports every zoo model to dir and returns the files.
func writeAll(t *testing.T, cases []zooCase, dir string) []string {
	t.Helper()
	var files []string
	for _, c := range cases {
		var b bytes.Buffer
		if err := c.export(&b); err != nil {
			t.Fatalf("%s: export: %v", c.name, err)
		}
		path := filepath.Join(dir, c.name+".onnx")
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	return files
}

// TestRoundTrip exports every zoo model, imports it into the same zoo model
// and checks that the predictions are the same, bit for bit, and that the
// export is deterministic.
func TestRoundTrip(t *testing.T) {
	cases := zooModels(t)
	files := writeAll(t, cases, t.TempDir())
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var again bytes.Buffer
			if err := c.export(&again); err != nil {
				t.Fatal(err)
			}
			first, err := os.ReadFile(files[i])
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first, again.Bytes()) {
				t.Error("two exports of the same model differ")
			}
			if c.load == nil {
				if _, err := onnx.ReadFile(files[i]); !errors.Is(err, onnx.ErrUnsupported) || !strings.Contains(err.Error(), "GreaterOrEqual") {
					t.Errorf("importing the perceptron's step: %v, want an unsupported GreaterOrEqual", err)
				}
				return
			}
			got, err := c.load(files[i])
			if err != nil {
				t.Fatal(err)
			}
			want := c.predict()
			if c.tol > 0 {
				assertClose(t, got, want, c.tol)
				return
			}
			if len(got) != len(want) {
				t.Fatalf("%d predictions, want %d", len(got), len(want))
			}
			for j := range want {
				if math.Float32bits(got[j]) != math.Float32bits(want[j]) {
					t.Fatalf("prediction %d: %v after the round trip, %v before", j, got[j], want[j])
				}
			}
		})
	}
}

// TestChecker has onnx.checker (Debian's python3-onnx) check every export.
func TestChecker(t *testing.T) {
	onnxpeer.NeedPython(t, "onnx")
	onnxpeer.Check(t, writeAll(t, zooModels(t), t.TempDir())...)
}

// TestOnnxruntime runs every export in onnxruntime and compares its
// predictions with gozoo's.
func TestOnnxruntime(t *testing.T) {
	onnxpeer.ORTDir(t)
	cases := zooModels(t)
	files := writeAll(t, cases, t.TempDir())
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			feeds := map[string]onnxpeer.Tensor{}
			for k, in := range c.inputs {
				n := len(c.x[k]) / in.Size()
				feeds[in.Name] = onnxpeer.Tensor{Dims: append([]int{n}, in.Shape...), Data: c.x[k]}
			}
			got := onnxpeer.RunORT(t, files[i], feeds)
			want := c.predict()
			assertClose(t, got, want, 1e-5)
		})
	}
}

// assertClose checks that got and want agree within tol, relative to the
// larger of 1 and |want|.
func assertClose(t *testing.T, got, want []float32, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d values, want %d", len(got), len(want))
	}
	worst := 0.0
	for j := range want {
		d := math.Abs(float64(got[j])-float64(want[j])) / math.Max(1, math.Abs(float64(want[j])))
		if !(d <= tol) {
			t.Fatalf("value %d: %v, want %v (difference %.3g > %g)", j, got[j], want[j], d, tol)
		}
		worst = max(worst, d)
	}
	t.Logf("%d values, largest difference %.3g", len(want), worst)
}
