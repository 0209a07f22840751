// Command widedeep trains the notebook's Wide & Deep regressor on California
// housing and reports on it.
//
//	go run ./cmd/widedeep             # one input: concat(normalized input, 2 x Dense 30) -> Dense 1
//	go run ./cmd/widedeep -inputs 2   # wide input = features 0-4, deep input = features 2-7
//
// Both train with Adam 1e-3 on batches of 32 for 20 epochs, like the
// notebook's section 1.7.3. The command prints the functional summary, one
// progress line per epoch, the validation and test RMSE and the predictions
// for the first three test districts, and writes the model (after every
// epoch), learning curves, a predicted-versus-actual plot of the test set
// and metrics.json to -out.
package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/internal/cli"
	"github.com/gozoo/gozoo/metrics"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/plotting"
	"github.com/gozoo/gozoo/zoo/widedeep"
)

func main() { cli.Main("widedeep", run) }

// notebookTestRMSE is the notebook's test RMSE for one and two inputs
// (cells [29] and [33]).
var notebookTestRMSE = map[int]float64{1: 0.5631, 2: 0.5803}

func run(ctx context.Context, args []string) error {
	start := time.Now()
	f := cli.NewFlags("widedeep", cli.Flags{Epochs: 20, Batch: 32, LR: 1e-3, Dataset: "california"})
	inputs := f.FlagSet().Int("inputs", 1, "1: all features on both paths; 2: wide input = features 0-4, deep input = features 2-7")
	if err := f.Parse(args); err != nil {
		return err
	}
	if err := f.CheckDataset("california"); err != nil {
		return err
	}
	if *inputs != 1 && *inputs != 2 {
		return fmt.Errorf("-inputs %d: want 1 or 2", *inputs)
	}
	var model *widedeep.Model
	doneEpochs := 0
	if f.Load != "" {
		var err error
		if model, doneEpochs, err = widedeep.Load(f.Load); err != nil {
			return fmt.Errorf("-load %w", err)
		}
		if f.IsSet("inputs") && *inputs != len(model.Inputs) {
			return fmt.Errorf("-load %s has %d input(s), not -inputs %d", f.Load, len(model.Inputs), *inputs)
		}
		*inputs = len(model.Inputs)
		if !f.IsSet("epochs") {
			f.Epochs = 0
		}
	}
	if *inputs == 2 && !f.IsSet("out") {
		f.Out = filepath.Join("out", "widedeep-2inputs")
	}
	if err := cli.PrepareOut(f.Out); err != nil {
		return err
	}

	tab, err := data.CaliforniaHousing(f.DataDir)
	if err != nil {
		if f.DataDir != "" {
			return fmt.Errorf("-data %w", err)
		}
		return err
	}
	from := "embedded copy of scikit-learn's cal_housing.tgz"
	if f.DataDir != "" {
		from = filepath.Join(f.DataDir, data.CaliforniaArchiveName)
	}
	train, valid, test, err := data.CaliforniaSplits(tab)
	if err != nil {
		return err
	}
	if f.Limit > 0 && f.Limit < train.Len() {
		train = train.Subset(firstRows(f.Limit))
	}
	fmt.Printf("california housing: %d training, %d validation, %d test districts (%s)\n",
		train.Len(), valid.Len(), test.Len(), from)

	fresh := model == nil
	if fresh {
		cfg := widedeep.OneInputConfig()
		if *inputs == 2 {
			cfg = widedeep.TwoInputConfig()
		}
		cfg.Seed = f.Seed
		if model, err = widedeep.New(cfg); err != nil {
			return err
		}
	}
	var trainD, validD, testD nn.Data
	for _, p := range []struct {
		t data.Table
		d *nn.Data
	}{{train, &trainD}, {valid, &validD}, {test, &testD}} {
		if *p.d, err = model.Data(p.t); err != nil {
			return err
		}
	}
	if fresh {
		// normLayerWide.adapt(XTrainWide), normLayerDeep.adapt(XTrainDeep):
		// a loaded model keeps the values it was trained with.
		if err := model.Adapt(trainD); err != nil {
			return err
		}
	}
	summary, err := model.Summary()
	if err != nil {
		return err
	}
	fmt.Print(summary)

	modelPath := filepath.Join(f.Out, "model.gozoo")
	opt := nn.FitOptions{
		Epochs: f.Epochs, BatchSize: f.Batch, Valid: &validD, Seed: f.Seed, Optimizer: nn.NewAdam(f.LR),
		InitialEpoch: doneEpochs, Progress: os.Stdout,
		// Saving after every epoch is what lets Ctrl-C or a divergence keep the last one.
		OnEpochEnd: func(epoch int, _ nn.History) error { return model.Save(modelPath, epoch) },
	}
	var hist nn.History
	if f.Epochs > 0 {
		hist, err = model.Fit(ctx, trainD, opt)
		var div *nn.DivergedError
		switch {
		case errors.Is(err, nn.ErrInterrupted), errors.As(err, &div):
			if len(hist.Epoch) > 0 {
				return fmt.Errorf("%w; %s holds epoch %d", err, modelPath, doneEpochs+len(hist.Epoch))
			}
			return err
		case err != nil:
			return err
		}
	}
	epochs := doneEpochs + len(hist.Epoch)
	if f.Epochs == 0 {
		if err := model.Save(modelPath, epochs); err != nil {
			return err
		}
	}

	report := &cli.Report{
		Model: widedeep.Kind, Dataset: "california", DataFrom: from, Epochs: epochs, BatchSize: f.Batch,
		LearnRate: f.LR, Seed: f.Seed, TrainRows: train.Len(), History: hist,
		Valid: map[string]float64{}, Test: map[string]float64{},
		Extra: map[string]any{"inputs": *inputs, "wide_columns": model.Config.Wide, "deep_columns": model.Config.Deep},
	}
	tr, nt := model.CountParams()
	report.Params, report.Trainable = tr+nt, tr

	fmt.Println()
	var testPred []float64
	for _, part := range []struct {
		name string
		d    nn.Data
		into map[string]float64
	}{{"validation", validD, report.Valid}, {"test", testD, report.Test}} {
		loss, _, err := model.Evaluate(part.d, 256)
		if err != nil {
			return fmt.Errorf("%s: %w", part.name, err)
		}
		pred, err := model.PredictValues(part.d, 256)
		if err != nil {
			return fmt.Errorf("%s: %w", part.name, err)
		}
		rmse, err := metrics.RMSE(float64s(part.d.Y), pred)
		if err != nil {
			return fmt.Errorf("%s: %w", part.name, err)
		}
		part.into["loss"], part.into["rmse"] = loss, rmse
		note := ""
		if part.name == "test" {
			note = fmt.Sprintf(" (notebook: %.4f)", notebookTestRMSE[*inputs])
		}
		fmt.Printf("%s: loss %.4f, RMSE %.4f%s\n", part.name, loss, rmse, note)
		testPred = pred
	}
	report.Extra["first_test_predictions"] = testPred[:min(3, len(testPred))]
	fmt.Print(firstPredictions(testPred, test.Y))

	name := fmt.Sprintf("widedeep (%d input", *inputs)
	if *inputs > 1 {
		name += "s"
	}
	name += ")"
	files := []string{modelPath}
	if len(hist.Epoch) > 0 {
		p := filepath.Join(f.Out, "learning_curves.png")
		if err := learningCurves(p, name+" on California housing", hist); err != nil {
			return err
		}
		files = append(files, p)
	}
	p := filepath.Join(f.Out, "predicted_vs_actual.png")
	if err := plotting.PredictedVsActual(p, name+": test districts, in $100,000", test.Y, testPred); err != nil {
		return err
	}
	files = append(files, p)
	mp := filepath.Join(f.Out, "metrics.json")
	files = append(files, mp)
	report.Files = files
	report.WallSeconds = cli.Since(start)
	if err := report.Write(mp); err != nil {
		return err
	}
	fmt.Println("\nWrote:")
	for _, p := range files {
		fmt.Println("  " + p)
	}
	return nil
}

func firstRows(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

func float64s(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// firstPredictions prints the predictions for the first three test rows
// like the notebook's model.predict(XNew).round(2), with the true values.
func firstPredictions(pred, truth []float64) string {
	s := "\npredictions for the first 3 test districts:\n"
	for i := 0; i < min(3, len(pred)); i++ {
		s += fmt.Sprintf("  %.2f  (actual %.3f)\n", pred[i], truth[i])
	}
	return s
}

// learningCurves plots loss, val_loss, rmse and val_rmse per epoch. The
// y axis stops at 2: a few outlying validation districts can throw val_loss
// far above the other curves for an epoch (the notebook's reaches 8.5),
// which would flatten them all.
func learningCurves(path, title string, h nn.History) error {
	var series []plotting.Series
	hi := 0.0
	for _, k := range []string{"loss", "val_loss", "rmse", "val_rmse"} {
		if v, ok := h.Metrics[k]; ok {
			series = append(series, plotting.Series{Name: k, Values: v})
			for _, x := range v {
				if !math.IsNaN(x) && !math.IsInf(x, 0) {
					hi = math.Max(hi, x)
				}
			}
		}
	}
	return plotting.LearningCurves(path, title, series, [2]float64{0, math.Min(2, math.Max(hi*1.05, 0.1))})
}
