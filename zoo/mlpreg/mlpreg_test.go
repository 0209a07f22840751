package mlpreg

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

func TestKerasParamCount(t *testing.T) {
	m, err := New(KerasConfig())
	if err != nil {
		t.Fatal(err)
	}
	tr, nt := m.CountParams()
	if tr != 5601 || nt != 17 {
		t.Fatalf("params %d trainable, %d not; Keras's summary has 5,601 and 17", tr, nt)
	}
	s, err := m.Summary()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"normalization (Normalization)", "dense_3 (Dense)", "450", "2,550", "51",
		"Total params: 5,618 (21.95 KB)", "Trainable params: 5,601 (21.88 KB)", "Non-trainable params: 17 (72.00 B)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

func TestSklearnParamCount(t *testing.T) {
	m, err := New(SklearnConfig())
	if err != nil {
		t.Fatal(err)
	}
	if tr, nt := m.CountParams(); tr != 5601 || nt != 0 {
		t.Fatalf("params %d trainable, %d not; MLPRegressor([50, 50, 50]) has 5,601 and 0", tr, nt)
	}
	// scikit-learn draws the intercepts too.
	if b := m.Params()[1].Data(); b[0] == 0 && b[1] == 0 {
		t.Errorf("%s is zero, want scikit-learn's uniform draw", m.Params()[1].Name)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	sc := &data.StandardScaler{Mean: []float64{0}, Scale: []float64{1}}
	for _, cfg := range []Config{
		{Features: 0},
		{Features: 8, Hidden: []int{0}},
		{Features: 8, Normalize: true, Scaler: &data.StandardScaler{Mean: make([]float64, 8), Scale: make([]float64, 8)}},
		{Features: 8, Scaler: sc},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) accepted a bad config", cfg)
		}
	}
}

// prepare builds cfg's model and its data, adapted or scaled on train.
func prepare(t *testing.T, cfg Config, train, valid data.Table) (*Model, nn.Data, nn.Data) {
	t.Helper()
	if !cfg.Normalize {
		sc, err := data.FitStandardScaler(train.X)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Scaler = sc
	}
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

// Two epochs on 2,000 rows bring the validation loss well down.
func TestTwoEpochsImprove(t *testing.T) {
	train, valid := zootest.California(t, 2000)
	for name, cfg := range map[string]Config{"keras": KerasConfig(), "sklearn": SklearnConfig()} {
		t.Run(name, func(t *testing.T) {
			m, tr, va := prepare(t, cfg, train, valid)
			before, _, err := m.Evaluate(va, 256)
			if err != nil {
				t.Fatal(err)
			}
			h, err := m.Fit(context.Background(), tr, nn.FitOptions{
				Epochs: 2, BatchSize: 32, Optimizer: nn.NewAdam(1e-3), Valid: &va, Seed: 1,
			})
			if err != nil {
				t.Fatal(err)
			}
			after, base := h.Last("val_loss"), zootest.MeanBaselineMSE(train, valid)
			if !(after < before/2) || !(after < 0.6*base) {
				t.Errorf("validation loss %.3f before training, %.3f after two epochs; predicting the training mean gives %.3f", before, after, base)
			}
			// The RMSE is read from the output after the loss, which Gorgonia
			// computes in place over it: it must still score the output.
			for _, k := range []string{"", "val_"} {
				l, r := h.Last(k+"loss"), h.Last(k+"rmse")
				if math.Abs(r-math.Sqrt(l)) > 1e-4 {
					t.Errorf("%srmse %.5f, but sqrt(%sloss) is %.5f", k, r, k, math.Sqrt(l))
				}
			}
		})
	}
}

func TestSaveLoad(t *testing.T) {
	train, valid := zootest.California(t, 500)
	for name, cfg := range map[string]Config{"keras": KerasConfig(), "sklearn": SklearnConfig()} {
		t.Run(name, func(t *testing.T) {
			m, tr, va := prepare(t, cfg, train, valid)
			if _, err := m.Fit(context.Background(), tr, nn.FitOptions{Epochs: 1, Optimizer: nn.NewAdam(1e-3)}); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "reg.gozoo")
			if err := m.SaveFile(path, 1); err != nil {
				t.Fatal(err)
			}
			l, epochs, err := nn.LoadFile[Config](path)
			if err != nil {
				t.Fatal(err)
			}
			if epochs != 1 {
				t.Errorf("loaded %d epochs, saved 1", epochs)
			}
			// The loaded model scales or normalizes its inputs itself.
			lva, err := l.Data(valid)
			if err != nil {
				t.Fatal(err)
			}
			p1, err := m.PredictValues(va, 256)
			if err != nil {
				t.Fatal(err)
			}
			p2, err := l.PredictValues(lva, 256)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p1, p2) {
				t.Fatal("loaded model predicts differently")
			}
		})
	}
}
