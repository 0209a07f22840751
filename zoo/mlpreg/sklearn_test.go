package mlpreg

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gozoo/gozoo/data"
)

// sklearnFixture is what bench/peers/sklearn_cells.py recorded of
// scikit-learn 1.2.1's MLPRegressor(hidden_layer_sizes=[50, 50, 50],
// random_state=42) after a StandardScaler, on the notebook's California
// housing splits.
type sklearnFixture struct {
	ScalerMean     []float64   `json:"scaler_mean"`
	ScalerScale    []float64   `json:"scaler_scale"`
	InitCoefs      [][]float64 `json:"init_coefs"`
	InitIntercepts [][]float64 `json:"init_intercepts"`
	Orders         [][]int     `json:"orders"`
	LossCurve      []float64   `json:"loss_curve"`
	NIter          int         `json:"n_iter"`
	Warnings       []string    `json:"warnings"`
	ValidPred      []float64   `json:"valid_pred"`
	ValidRMSE      float64     `json:"valid_rmse"`
	TestRMSE       float64     `json:"test_rmse"`
	TestPredHead   []float64   `json:"test_pred_head"`
}

// TestSklearnMatchesSklearn trains the notebook's MLPRegressor cell in full
// (169 epochs, a few seconds) and holds it to scikit-learn's own run: the
// same scaler, the same initial weights (to the bit), the same first
// shuffles, the loss curve to 1e-9 relative every epoch, the same stopping
// epoch, the predictions to 1e-7, and the validation RMSE as sklearn prints
// it (0.5053326657968...).
func TestSklearnMatchesSklearn(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for a few seconds")
	}
	b, err := os.ReadFile(filepath.Join("testdata", "sklearn_mlpreg.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sk sklearnFixture
	if err := json.Unmarshal(b, &sk); err != nil {
		t.Fatal(err)
	}
	tab, err := data.CaliforniaHousing("")
	if err != nil {
		t.Fatal(err)
	}
	train, valid, test, err := data.CaliforniaSplits(tab)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSklearn(train, 42)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Scaler.Mean, sk.ScalerMean) || !slices.Equal(s.Scaler.Scale, sk.ScalerScale) {
		t.Errorf("scaler mean %v scale %v; scikit-learn's %v %v", s.Scaler.Mean, s.Scaler.Scale, sk.ScalerMean, sk.ScalerScale)
	}
	m := s.Model
	ps := m.Params()
	for i := range m.Coefs {
		if !slices.Equal(ps[i], sk.InitCoefs[i]) || !slices.Equal(ps[len(m.Coefs)+i], sk.InitIntercepts[i]) {
			t.Fatalf("layer %d: initial weights differ from scikit-learn's draws", i)
		}
	}
	rs := data.NewRandomState(42)
	rs.Uniform(0, 1, make([]float64, m.CountParams()))
	if p := rs.Permutation(len(s.TrainX)); !slices.Equal(p[:len(sk.Orders[0])], sk.Orders[0]) {
		t.Fatalf("first epoch's order starts %v, scikit-learn's %v", p[:10], sk.Orders[0][:10])
	}
	res, err := m.Fit(context.Background(), s.TrainX, s.TrainY, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Epochs() != sk.NIter || len(res.LossCurve) != len(sk.LossCurve) || !res.Converged || len(sk.Warnings) != 0 {
		t.Errorf("stopped at epoch %d (converged %v, %q); scikit-learn at %d (warnings %q)", m.Epochs(), res.Converged, res.Message, sk.NIter, sk.Warnings)
	}
	worst := 0.0
	for i := range min(len(res.LossCurve), len(sk.LossCurve)) {
		worst = max(worst, math.Abs(res.LossCurve[i]-sk.LossCurve[i])/sk.LossCurve[i])
	}
	if worst > 1e-9 {
		t.Errorf("loss curve off by up to %.3g relative", worst)
	}
	t.Logf("loss curve within %.3g relative of scikit-learn's over %d epochs", worst, len(res.LossCurve))
	pv, err := s.Predict(valid)
	if err != nil {
		t.Fatal(err)
	}
	pt, err := s.Predict(test)
	if err != nil {
		t.Fatal(err)
	}
	worstPred := 0.0
	for i, v := range pv {
		worstPred = max(worstPred, math.Abs(v-sk.ValidPred[i]))
	}
	for i, v := range sk.TestPredHead {
		worstPred = max(worstPred, math.Abs(pt[i]-v))
	}
	if worstPred > 1e-7 {
		t.Errorf("predictions off by up to %.3g", worstPred)
	}
	t.Logf("predictions within %.3g of scikit-learn's", worstPred)
	rv, err := s.RMSE(valid)
	if err != nil {
		t.Fatal(err)
	}
	rt, err := s.RMSE(test)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprintf("%.4f %.4f", rv, rt), fmt.Sprintf("%.4f %.4f", sk.ValidRMSE, sk.TestRMSE); got != want || math.Abs(rv-sk.ValidRMSE) > 1e-9 {
		t.Errorf("validation and test RMSE %v %v (%s); scikit-learn's %v %v (%s)", rv, rt, got, sk.ValidRMSE, sk.TestRMSE, want)
	}
}
