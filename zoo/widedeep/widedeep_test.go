package widedeep

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/internal/zootest"
	"github.com/gozoo/gozoo/nn"
)

func TestParamCountsAndSummaries(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cfg    Config
		tr, nt int
		want   []string
	}{
		{"one input", OneInputConfig(), 1239, 17, []string{
			"input_layer (InputLayer)", "normalization (Normalization)", "│      17 │", "dense (Dense)", "270",
			"dense_1 (Dense)", "930", "concatenate (Concatenate)", "(None, 38)", "normalization[0][0], dense_1[0][0]",
			"dense_2 (Dense)", "39", "Total params: 1,256 (4.91 KB)", "Trainable params: 1,239 (4.84 KB)",
			"Non-trainable params: 17 (72.00 B)",
		}},
		{"two inputs", TwoInputConfig(), 1176, 24, []string{
			"inputWide (InputLayer)", "inputDeep (InputLayer)", "(None, 5)", "(None, 6)",
			"normalization (Normalization)", "│      11 │ inputWide[0][0]", "normalization_1 (Normalization)", "│      13 │ inputDeep[0][0]",
			"dense (Dense)", "210", "normalization_1[0][0]", "930", "(None, 35)", "normalization[0][0], dense_1[0][0]",
			"36", "Total params: 1,200 (4.70 KB)", "Trainable params: 1,176 (4.59 KB)", "Non-trainable params: 24 (104.00 B)",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := New(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if tr, nt := m.CountParams(); tr != tc.tr || nt != tc.nt {
				t.Errorf("params %d trainable, %d not; Keras has %d and %d", tr, nt, tc.tr, tc.nt)
			}
			s, err := m.Summary()
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(s, w) {
					t.Errorf("summary lacks %q:\n%s", w, s)
				}
			}
		})
	}
}

func TestDeepOnly(t *testing.T) {
	m, err := New(Config{Features: 8, Deep: []int{0, 1, 2, 3, 4, 5, 6, 7}, Hidden: []int{30, 30}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// normalization 17, dense 270, dense_1 930, dense_2 31: no concatenation.
	if tr, nt := m.CountParams(); tr != 1231 || nt != 17 {
		t.Errorf("params %d trainable, %d not; want 1231 and 17", tr, nt)
	}
	s, err := m.Summary()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s, "Concatenate") {
		t.Errorf("deep-only model concatenates:\n%s", s)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, cfg := range []Config{
		{Features: 0, Deep: []int{0}},
		{Features: 8},
		{Features: 8, Deep: []int{8}},
		{Features: 8, Wide: []int{-1}, Deep: []int{0}},
		{Features: 8, Deep: []int{0}, Hidden: []int{0}},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) accepted a bad config", cfg)
		}
	}
}

func TestDataSplitsColumns(t *testing.T) {
	m, err := New(TwoInputConfig())
	if err != nil {
		t.Fatal(err)
	}
	tab := data.Table{X: [][]float64{{0, 1, 2, 3, 4, 5, 6, 7}, {10, 11, 12, 13, 14, 15, 16, 17}}, Y: []float64{1, 2}}
	d, err := m.Data(tab)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.X) != 2 || !slices.Equal(d.X[0], []float32{0, 1, 2, 3, 4, 10, 11, 12, 13, 14}) ||
		!slices.Equal(d.X[1], []float32{2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 16, 17}) {
		t.Errorf("inputs %v, want XTrain[:, :5] and XTrain[:, 2:]", d.X)
	}
	tab.X = [][]float64{{1, 2}}
	if _, err := m.Data(tab); err == nil {
		t.Error("a two-column table accepted")
	}
}

func prepare(t *testing.T, cfg Config, train, valid data.Table) (*Model, nn.Data, nn.Data) {
	t.Helper()
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := m.Data(train)
	if err != nil {
		t.Fatal(err)
	}
	va, err := m.Data(valid)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Adapt(tr); err != nil {
		t.Fatal(err)
	}
	return m, tr, va
}

// TestTrainingBeatsTheMean: ten epochs on 2,000 rows bring the validation
// loss far under that of predicting the training mean (two epochs barely
// beat it: 1.19 against 1.39).
func TestTrainingBeatsTheMean(t *testing.T) {
	train, valid := zootest.California(t, 2000)
	for name, cfg := range map[string]Config{"one input": OneInputConfig(), "two inputs": TwoInputConfig()} {
		t.Run(name, func(t *testing.T) {
			m, tr, va := prepare(t, cfg, train, valid)
			before, _, err := m.Evaluate(va, 256)
			if err != nil {
				t.Fatal(err)
			}
			h, err := m.Fit(context.Background(), tr, nn.FitOptions{
				Epochs: 10, BatchSize: 32, Optimizer: nn.NewAdam(1e-3), Valid: &va, Seed: 1,
			})
			if err != nil {
				t.Fatal(err)
			}
			if after, base := h.Last("val_loss"), zootest.MeanBaselineMSE(train, valid); !(after < before/2) || !(after < 0.6*base) {
				t.Errorf("validation loss %.3f before training, %.3f after ten epochs; predicting the training mean gives %.3f", before, after, base)
			}
			if l, r := h.Last("val_loss"), h.Last("val_rmse"); math.Abs(r-math.Sqrt(l)) > 1e-4 {
				t.Errorf("val_rmse %.5f, but sqrt(val_loss) is %.5f", r, math.Sqrt(l))
			}
		})
	}
}

func TestSaveLoad(t *testing.T) {
	train, valid := zootest.California(t, 500)
	m, tr, va := prepare(t, TwoInputConfig(), train, valid)
	if _, err := m.Fit(context.Background(), tr, nn.FitOptions{Epochs: 1, Optimizer: nn.NewAdam(1e-3)}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "wd.gozoo")
	if err := m.SaveFile(path, 1); err != nil {
		t.Fatal(err)
	}
	l, epochs, err := nn.LoadFile[Config](path)
	if err != nil {
		t.Fatal(err)
	}
	if epochs != 1 || !slices.Equal(l.Config.Deep, m.Config.Deep) {
		t.Fatalf("loaded epochs %d config %+v", epochs, l.Config)
	}
	p1, err := m.PredictValues(va, 256)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := l.PredictValues(va, 256)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p1, p2) {
		t.Fatal("loaded model predicts differently")
	}
	// The file's kind is checked.
	other := filepath.Join(t.TempDir(), "other.gozoo")
	if err := m.Model.SaveFile(other, "mlpreg", m.Config, 1); err != nil {
		t.Fatal(err)
	}
	if _, _, err := nn.LoadFile[Config](other); err == nil || !strings.Contains(err.Error(), "mlpreg") {
		t.Errorf("an mlpreg file loaded as widedeep: %v", err)
	}
}
