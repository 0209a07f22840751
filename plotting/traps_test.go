package plotting

import (
	"path/filepath"
	"testing"
)

// TestLongRunKeepsMarkers is the trap of `mlpreg -preset sklearn` (114
// epochs): past 100 epochs the markers were dropped, and loss ("r--.") and
// val_loss ("r--") became the same red dashes.
func TestLongRunKeepsMarkers(t *testing.T) {
	for _, epochs := range []int{5, 40, 114, 1000} {
		loss, val := make([]float64, epochs), make([]float64, epochs)
		for i := range loss {
			loss[i], val[i] = 1/float64(i+1), 1.1/float64(i+1)
		}
		_, lay, err := learningCurves("t", []Series{{"loss", loss}, {"val_loss", val}, {"rmse", loss}}, [2]float64{})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"loss", "rmse"} {
			n := lay.marks[name]
			if n == 0 || n > maxMarks+1 || (epochs <= maxMarks && n != epochs) {
				t.Errorf("%d epochs: %s has %d markers, want every epoch up to %d, then at least one and at most %d", epochs, name, n, maxMarks, maxMarks+1)
			}
		}
		if _, ok := lay.marks["val_loss"]; ok {
			t.Errorf("%d epochs: val_loss has markers; its style r-- has none", epochs)
		}
	}
}

// TestCurvesOffTheChart is the trap of the regressors' learning curves:
// a fixed upper limit let val_loss leave the chart with no sign it was cut.
// Points outside fixed limits are now drawn on the edge, and automatic
// limits follow the data but for an outlier.
func TestCurvesOffTheChart(t *testing.T) {
	loss := []float64{1.2, 0.6, 0.5, 0.45, 0.42, 0.4, 0.39, 0.38, 0.37, 0.36}
	spike := []float64{0.9, 0.6, 8.5, 0.5, 0.48, 0.47, 0.46, 0.45, 0.44, 0.43}
	high := []float64{2.5, 2.8, 3.1, 2.9, 2.6, 2.7, 2.4, 2.2, 2.1, 2.0} // above 2 for most epochs

	// Fixed limits: the spike is kept, on the edge.
	_, lay, err := learningCurves("t", []Series{{"loss", loss}, {"val_loss", spike}}, [2]float64{0, 2})
	if err != nil {
		t.Fatal(err)
	}
	if lay.clipped["val_loss"] != 1 || lay.clipped["loss"] != 0 {
		t.Errorf("clipped %v, want val_loss's one point above 2", lay.clipped)
	}

	// Automatic limits: a curve that stays high is followed, not cut.
	_, lay, err = learningCurves("t", []Series{{"loss", loss}, {"val_loss", high}}, [2]float64{})
	if err != nil {
		t.Fatal(err)
	}
	if lay.ylim[1] < 3.1 || len(lay.clipped) != 0 {
		t.Errorf("y limits %v, clipped %v: want the range to reach 3.1, nothing clipped", lay.ylim, lay.clipped)
	}
	// ... and a one-epoch outlier is clipped and marked, not followed.
	_, lay, err = learningCurves("t", []Series{{"loss", loss}, {"val_loss", spike}}, [2]float64{})
	if err != nil {
		t.Fatal(err)
	}
	if lay.ylim[1] > 3 || lay.clipped["val_loss"] != 1 {
		t.Errorf("y limits %v, clipped %v: want 8.5 off the chart and marked", lay.ylim, lay.clipped)
	}
	// The figure itself, for a look.
	p := filepath.Join(t.TempDir(), "spike.png")
	if err := LearningCurves(p, "spike", []Series{{"loss", loss}, {"val_loss", spike}, {"rmse", loss}, {"val_rmse", high}}, [2]float64{0, 2}); err != nil {
		t.Fatal(err)
	}
	readPNG(t, p)
}

// TestLongClippedRun: Iris's loss stays above 1 for its first 280 epochs
// of 950; its triangles on the edge were one solid band. A run off the
// chart is marked at its ends and at the thinned markers' epochs.
func TestLongClippedRun(t *testing.T) {
	loss := make([]float64, 950)
	for i := range loss {
		loss[i] = 1.35 - float64(i)/800
	}
	_, lay, err := learningCurves("t", []Series{{"loss", loss}}, [2]float64{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	every := markEvery(950)
	if lay.clipped["loss"] != 280 || lay.edge["loss"] > 280/every+3 || lay.edge["loss"] < 2 {
		t.Errorf("%d points clipped, %d triangles; want 280 and at most %d", lay.clipped["loss"], lay.edge["loss"], 280/every+3)
	}
}
