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
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/internal/cli"
	"github.com/gozoo/gozoo/nn"
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

	ds, err := cli.LoadCalifornia(f)
	if err != nil {
		return err
	}

	fresh := model == nil
	if fresh {
		cfg := mlpreg.KerasConfig()
		if sklearn {
			// make_pipeline(StandardScaler(), MLPRegressor(...)): the scaler
			// is fitted on the training rows and kept with the model.
			cfg = mlpreg.SklearnConfig()
			if cfg.Scaler, err = data.FitStandardScaler(ds.TrainTable.X); err != nil {
				return err
			}
		}
		cfg.Seed = f.Seed
		if model, err = mlpreg.New(cfg); err != nil {
			return err
		}
	}
	if err := ds.PrepareModel(model, fresh); err != nil {
		return err
	}
	summary, err := model.Summary()
	if err != nil {
		return err
	}
	fmt.Print(summary)

	adam := nn.NewAdam(f.LR)
	opt := nn.FitOptions{
		Epochs: f.Epochs, BatchSize: f.Batch, Valid: &ds.Valid, Seed: f.Seed, Optimizer: adam,
		InitialEpoch: doneEpochs, Progress: os.Stdout,
	}
	if sklearn {
		batch := min(f.Batch, ds.TrainTable.Len())
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
	modelPath := filepath.Join(f.Out, "model.gozoo")
	hist, epochs, err := cli.Train(ctx, model.Model, ds.Train, opt, modelPath, model.Save)
	if err != nil {
		return err
	}

	notes := cli.RegNotes{
		Name:          "mlpreg (" + *preset + ")",
		NotebookRMSE:  map[string]float64{"test": notebookTestRMSE},
		NotebookFirst: "[[0.47], [1.2], [4.8]]", // cell [25]
	}
	if sklearn {
		// The scikit-learn cell scores the validation set and prints no predictions.
		notes.NotebookRMSE = map[string]float64{"validation": notebookValidRMSE}
		notes.NotebookFirst = ""
	}
	report := &cli.Report{
		Model: mlpreg.Kind, Epochs: epochs, BatchSize: f.Batch, LearnRate: f.LR, Seed: f.Seed,
		Extra: map[string]any{"preset": *preset},
	}
	return cli.ReportRegressor(model.Model, ds, hist, report, notes, f.Out, modelPath, start)
}
