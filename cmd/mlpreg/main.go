// Command mlpreg trains the notebook's MLP regressor on California housing
// and reports on it.
//
//	go run ./cmd/mlpreg                  # Keras: Normalization, 3 x Dense 50, Adam 1e-3, 20 epochs
//	go run ./cmd/mlpreg -preset sklearn  # scikit-learn's MLPRegressor cell: StandardScaler, batch 200, up to 200 epochs
//
// It prints the model summary, one progress line per epoch, the validation
// and test RMSE and the predictions for the first three test districts, and
// writes the model (after every epoch), learning curves, a
// predicted-versus-actual plot of the test set and metrics.json to -out.
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
	"github.com/gozoo/gozoo/zoo/mlpreg"
)

func main() { cli.Main("mlpreg", run) }

// The notebook's results, printed beside ours.
const (
	notebookTestRMSE  = 0.5235 // cell [24], Keras
	notebookValidRMSE = 0.5053 // cell [4], scikit-learn
)

// sklearnAlpha is MLPRegressor's default L2 penalty.
const sklearnAlpha = 1e-4

func run(ctx context.Context, args []string) error {
	start := time.Now()
	f := cli.NewFlags("mlpreg", cli.Flags{Epochs: 20, Batch: 32, LR: 1e-3, Dataset: "california"})
	preset := f.FlagSet().String("preset", "keras", "keras: the Keras model of section 1.7.2; sklearn: scikit-learn's MLPRegressor cell of section 1.5")
	if err := f.Parse(args); err != nil {
		return err
	}
	if err := f.CheckDataset("california"); err != nil {
		return err
	}
	if *preset != "keras" && *preset != "sklearn" {
		return fmt.Errorf("-preset %q: want keras or sklearn", *preset)
	}
	var model *mlpreg.Model
	doneEpochs := 0
	if f.Load != "" {
		var err error
		if model, doneEpochs, err = mlpreg.Load(f.Load); err != nil {
			return fmt.Errorf("-load %w", err)
		}
		loaded := "keras"
		if !model.Config.Normalize {
			loaded = "sklearn"
		}
		if f.IsSet("preset") && *preset != loaded {
			return fmt.Errorf("-load %s holds the %s preset, not -preset %s", f.Load, loaded, *preset)
		}
		*preset = loaded
		if !f.IsSet("epochs") {
			f.Epochs = 0
		}
	}
	sklearn := *preset == "sklearn"
	if sklearn {
		// MLPRegressor's defaults: batch_size min(200, n), max_iter 200.
		if !f.IsSet("epochs") && f.Load == "" {
			f.Epochs = 200
		}
		if !f.IsSet("batch") {
			f.Batch = 200
		}
		if !f.IsSet("out") {
			f.Out = filepath.Join("out", "mlpreg-sklearn")
		}
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
		cfg := mlpreg.KerasConfig()
		if sklearn {
			// make_pipeline(StandardScaler(), MLPRegressor(...)): the scaler
			// is fitted on the training rows and kept with the model.
			cfg = mlpreg.SklearnConfig()
			if cfg.Scaler, err = data.FitStandardScaler(train.X); err != nil {
				return err
			}
		}
		cfg.Seed = f.Seed
		if model, err = mlpreg.New(cfg); err != nil {
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
		// norm.adapt(XTrain): a loaded model keeps the values it was trained with.
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
	adam := nn.NewAdam(f.LR)
	opt := nn.FitOptions{
		Epochs: f.Epochs, BatchSize: f.Batch, Valid: &validD, Seed: f.Seed, Optimizer: adam,
		InitialEpoch: doneEpochs, Progress: os.Stdout,
		// Saving after every epoch is what lets Ctrl-C or a divergence keep the last one.
		OnEpochEnd: func(epoch int, _ nn.History) error { return model.Save(modelPath, epoch) },
	}
	if sklearn {
		batch := min(f.Batch, train.Len())
		// scikit-learn's Adam has epsilon 1e-8 where Keras has 1e-7.
		adam.Epsilon = 1e-8
		// scikit-learn minimises mean((y - p)^2)/2 + alpha/2 ||W||^2 / batch.
		// nn's MSE is twice that data term; Adam does not care about the
		// scale of the gradient, so doubling the L2 term keeps its weight
		// relative to the data: L2 = 2 alpha / batch.
		adam.L2 = 2 * sklearnAlpha / float64(batch)
		// scikit-learn stops when the training loss has not improved by tol
		// (1e-4, on its halved MSE: 2e-4 on ours) for more than
		// n_iter_no_change (10) epochs in a row, that is 11. (It also lowers
		// its best loss on smaller improvements; nn's EarlyStopping does not.)
		opt.EarlyStopping = &nn.EarlyStopping{Monitor: "loss", Patience: 11, MinDelta: 2 * 1e-4}
		opt.LogEvery = 10
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
		Model: mlpreg.Kind, Dataset: "california", DataFrom: from, Epochs: epochs, BatchSize: f.Batch,
		LearnRate: f.LR, Seed: f.Seed, TrainRows: train.Len(), History: hist,
		Valid: map[string]float64{}, Test: map[string]float64{},
		Extra: map[string]any{"preset": *preset},
	}
	tr, nt := model.CountParams()
	report.Params, report.Trainable = tr+nt, tr

	fmt.Println()
	var testPred []float64
	for _, part := range []struct {
		name     string
		d        nn.Data
		into     map[string]float64
		notebook float64
	}{{"validation", validD, report.Valid, notebookValidRMSE}, {"test", testD, report.Test, notebookTestRMSE}} {
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
		if (part.name == "test") != sklearn {
			note = fmt.Sprintf(" (notebook: %.4f)", part.notebook)
		}
		fmt.Printf("%s: loss %.4f, RMSE %.4f%s\n", part.name, loss, rmse, note)
		testPred = pred
	}
	report.Extra["first_test_predictions"] = testPred[:min(3, len(testPred))]
	notebookFirst := "[[0.47], [1.2], [4.8]]" // cell [25]
	if sklearn {
		notebookFirst = "" // the scikit-learn cell prints none
	}
	fmt.Print(firstPredictions(testPred, test.Y, notebookFirst))

	files := []string{modelPath}
	if len(hist.Epoch) > 0 {
		p := filepath.Join(f.Out, "learning_curves.png")
		if err := learningCurves(p, "mlpreg ("+*preset+") on California housing", hist); err != nil {
			return err
		}
		files = append(files, p)
	}
	p := filepath.Join(f.Out, "predicted_vs_actual.png")
	if err := plotting.PredictedVsActual(p, "mlpreg ("+*preset+"): test districts, in $100,000", test.Y, testPred); err != nil {
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
// like the notebook's reg.predict(XTest[:3]).round(2), with the true values.
func firstPredictions(pred, truth []float64, notebook string) string {
	s := "\npredictions for the first 3 test districts"
	if notebook != "" {
		s += " (notebook: " + notebook + ")"
	}
	s += ":\n"
	for i := 0; i < min(3, len(pred)); i++ {
		s += fmt.Sprintf("  %.2f  (actual %.3f)\n", pred[i], truth[i])
	}
	return s
}

// learningCurves plots loss, val_loss, rmse and val_rmse per epoch. The
// y axis stops at 2: a few outlying validation districts can throw val_loss
// far above the other curves for an epoch, which would flatten them all.
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
