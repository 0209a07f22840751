package mlpcls

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/nn"
)

func TestFashionParamCount(t *testing.T) {
	m, err := New(FashionConfig())
	if err != nil {
		t.Fatal(err)
	}
	tr, nt := m.CountParams()
	if tr != 266610 || nt != 0 {
		t.Fatalf("params %d trainable, %d not; Keras's summary has 266,610 and 0", tr, nt)
	}
	s, err := m.Summary()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"(None, 784)", "235,500", "30,100", "1,010", "Total params: 266,610 (1.02 MB)"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, cfg := range []Config{
		{Input: nil, Classes: 3},
		{Input: []int{4}, Classes: 1},
		{Input: []int{0, 3}, Classes: 3},
		{Input: []int{4}, Hidden: []int{-1}, Classes: 3},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) accepted a bad config", cfg)
		}
	}
}

// irisData is the notebook's cell: two splits with random_state 42 and a
// StandardScaler fitted on the training rows.
func irisData(t *testing.T) (train, test nn.Data, testY []int) {
	t.Helper()
	iris, err := data.Iris()
	if err != nil {
		t.Fatal(err)
	}
	full, te, err := data.SplitTable(iris, 0.25, 42)
	if err != nil {
		t.Fatal(err)
	}
	tr, _, err := data.SplitTable(full, 0.25, 42)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := data.FitStandardScaler(tr.X)
	if err != nil {
		t.Fatal(err)
	}
	conv := func(tb data.Table) nn.Data {
		x, err := sc.Transform(tb.X)
		if err != nil {
			t.Fatal(err)
		}
		tb.X = x
		return nn.Data{X: [][]float32{tb.Flat32()}, Y: tb.Targets32()}
	}
	return conv(tr), conv(te), te.Labels()
}

func trainIris(t *testing.T, seed int64) (*Model, nn.History) {
	t.Helper()
	train, _, _ := irisData(t)
	cfg := IrisConfig()
	cfg.Seed = seed
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	adam := nn.NewAdam(1e-3)
	adam.L2 = 1e-4 / 84
	h, err := m.Fit(context.Background(), train, nn.FitOptions{
		Epochs: 10000, BatchSize: 200, Optimizer: adam, Seed: seed,
		EarlyStopping: &nn.EarlyStopping{Monitor: "loss", Patience: 10, MinDelta: 1e-4},
	})
	if err != nil {
		t.Fatal(err)
	}
	return m, h
}

// The notebook's MLPClassifier gets every one of the 38 test rows right.
func TestIrisReachesNotebookAccuracy(t *testing.T) {
	m, h := trainIris(t, 42)
	_, test, testY := irisData(t)
	pred, err := m.PredictClasses(test, 64)
	if err != nil {
		t.Fatal(err)
	}
	right := 0
	for i := range pred {
		if pred[i] == testY[i] {
			right++
		}
	}
	if right != len(testY) {
		t.Errorf("test accuracy %d/%d after %d epochs, the notebook has 1.00", right, len(testY), len(h.Epoch))
	}
	if len(h.Epoch) >= 10000 {
		t.Errorf("early stopping never stopped")
	}
}

func TestSameSeedSameWeights(t *testing.T) {
	a, ha := trainIris(t, 7)
	b, hb := trainIris(t, 7)
	if !slices.Equal(ha.Metrics["loss"], hb.Metrics["loss"]) {
		t.Fatal("same seed, different loss histories")
	}
	pa, pb := a.Params(), b.Params()
	for i := range pa {
		if !slices.Equal(pa[i].Data(), pb[i].Data()) {
			t.Fatalf("same seed, different %s", pa[i].Name)
		}
	}
}

func TestSaveLoad(t *testing.T) {
	m, _ := trainIris(t, 42)
	path := filepath.Join(t.TempDir(), "iris.gozoo")
	if err := m.SaveFile(path, 12); err != nil {
		t.Fatal(err)
	}
	l, epochs, err := nn.LoadFile[Config](path)
	if err != nil {
		t.Fatal(err)
	}
	if epochs != 12 || !slices.Equal(l.Config.Hidden, m.Config.Hidden) {
		t.Fatalf("loaded epochs %d config %+v", epochs, l.Config)
	}
	_, test, _ := irisData(t)
	p1, _, err := m.Predict(test, 38)
	if err != nil {
		t.Fatal(err)
	}
	p2, _, err := l.Predict(test, 38)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p1, p2) {
		t.Fatal("loaded model predicts differently")
	}
}

func TestLoadRejectsOtherFiles(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := nn.LoadFile[Config](filepath.Join(dir, "missing.gozoo")); err == nil {
		t.Error("missing file accepted")
	}
	m, err := New(FashionConfig())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "other.gozoo")
	if err := m.Model.SaveFile(path, "cnn", m.Config, 1); err != nil {
		t.Fatal(err)
	}
	if _, _, err := nn.LoadFile[Config](path); err == nil || !strings.Contains(err.Error(), "cnn") {
		t.Errorf("a cnn file loaded as mlpcls: %v", err)
	}
}

// PredictImages takes images held as bytes, as the IDX loaders return them,
// and predicts what it does on their float32 values.
func TestPredictImagesBytes(t *testing.T) {
	m, err := New(FashionConfig())
	if err != nil {
		t.Fatal(err)
	}
	const n = 5
	asBytes := data.Images{N: n, Height: 28, Width: 28, Channels: 1, Bytes: make([]byte, n*784)}
	for i := range asBytes.Bytes {
		asBytes.Bytes[i] = byte(i * 37)
	}
	asFloats := asBytes
	asFloats.Bytes, asFloats.Pixels = nil, asBytes.Float32()
	got, err := m.PredictImages(asBytes)
	if err != nil {
		t.Fatal(err)
	}
	want, err := m.PredictImages(asFloats)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i].Class != want[i].Class || !slices.Equal(got[i].Probabilities, want[i].Probabilities) {
			t.Errorf("image %d: %+v from bytes, %+v from float32", i, got[i], want[i])
		}
	}
}
