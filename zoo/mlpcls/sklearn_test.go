package mlpcls

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gozoo/gozoo/data"
)

// sklearnFixture is what bench/peers/sklearn_cells.py recorded of
// scikit-learn 1.2.1's MLPClassifier(hidden_layer_sizes=[10],
// max_iter=10000, random_state=42) after a StandardScaler, on the notebook's
// iris splits.
type sklearnFixture struct {
	ScalerMean     []float64   `json:"scaler_mean"`
	ScalerScale    []float64   `json:"scaler_scale"`
	InitCoefs      [][]float64 `json:"init_coefs"`
	InitIntercepts [][]float64 `json:"init_intercepts"`
	Orders         [][]int     `json:"orders"`
	LossCurve      []float64   `json:"loss_curve"`
	NIter          int         `json:"n_iter"`
	Warnings       []string    `json:"warnings"`
	Coefs          [][]float64 `json:"coefs"`
	Intercepts     [][]float64 `json:"intercepts"`
	ValidProba     []float64   `json:"valid_proba"`
	TestProba      []float64   `json:"test_proba"`
	TestAccuracy   float64     `json:"test_accuracy"`
}

func readFixture(t *testing.T) sklearnFixture {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "sklearn_iris_mlp.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f sklearnFixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// relDiff is |a-b| / |b|, or |a-b| when b is zero.
func relDiff(a, b float64) float64 {
	if b == 0 {
		return math.Abs(a)
	}
	return math.Abs(a-b) / math.Abs(b)
}

// TestIrisMatchesSklearn trains the notebook's iris cell and holds it to
// scikit-learn's own run: the same scaler, the same initial weights (to the
// bit), the same shuffles, the loss curve to 1e-9 relative every epoch, the
// same stopping epoch (954), the probabilities to 1e-7 and accuracy 1.
func TestIrisMatchesSklearn(t *testing.T) {
	sk := readFixture(t)
	iris, err := NewIris(42, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(iris.Scaler.Mean, sk.ScalerMean) || !slices.Equal(iris.Scaler.Scale, sk.ScalerScale) {
		t.Errorf("scaler mean %v scale %v; scikit-learn's %v %v", iris.Scaler.Mean, iris.Scaler.Scale, sk.ScalerMean, sk.ScalerScale)
	}
	m := iris.Model
	ps := m.Params()
	for i := range m.Coefs {
		if !slices.Equal(ps[i], sk.InitCoefs[i]) || !slices.Equal(ps[len(m.Coefs)+i], sk.InitIntercepts[i]) {
			t.Fatalf("layer %d: initial weights differ from scikit-learn's draws", i)
		}
	}
	// The epochs' orders: the generator, past the initial draws, permutes
	// the last order.
	rs := data.NewRandomState(42)
	rs.Uniform(0, 1, make([]float64, m.CountParams()))
	order := make([]int, len(iris.TrainX))
	for i := range order {
		order[i] = i
	}
	for e, want := range sk.Orders {
		next := make([]int, len(order))
		for i, p := range rs.Permutation(len(order)) {
			next[i] = order[p]
		}
		if order = next; !slices.Equal(order, want) {
			t.Fatalf("epoch %d's order %v, scikit-learn's %v", e+1, order, want)
		}
	}
	res, err := m.Fit(context.Background(), iris.TrainX, iris.TrainY, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Epochs() != sk.NIter || len(res.LossCurve) != len(sk.LossCurve) {
		t.Errorf("stopped at epoch %d (%d losses); scikit-learn at %d", m.Epochs(), len(res.LossCurve), sk.NIter)
	}
	worst := 0.0
	for i := range min(len(res.LossCurve), len(sk.LossCurve)) {
		worst = max(worst, relDiff(res.LossCurve[i], sk.LossCurve[i]))
	}
	if worst > 1e-9 {
		t.Errorf("loss curve off by up to %.3g relative", worst)
	}
	t.Logf("loss curve within %.3g relative of scikit-learn's over %d epochs", worst, len(res.LossCurve))
	if !res.Converged || len(sk.Warnings) != 0 {
		t.Errorf("converged %v (%q); scikit-learn warned %q", res.Converged, res.Message, sk.Warnings)
	}
	for name, c := range map[string]struct {
		X    [][]float64
		want []float64
	}{"valid": {iris.ValidX, sk.ValidProba}, "test": {iris.TestX, sk.TestProba}} {
		p, err := m.Predict(c.X)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range p {
			for j, v := range row {
				if d := math.Abs(v - c.want[i*len(row)+j]); d > 1e-7 {
					t.Fatalf("%s row %d class %d: probability %v, scikit-learn's %v", name, i, j, v, c.want[i*len(row)+j])
				}
			}
		}
	}
	acc, err := iris.TestAccuracy()
	if err != nil || acc != sk.TestAccuracy {
		t.Errorf("test accuracy %v (%v), scikit-learn's %v", acc, err, sk.TestAccuracy)
	}
}
