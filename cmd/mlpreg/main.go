// Command mlpreg trains the notebook's MLP regressor on California housing
// and reports on it.
//
//	go run ./cmd/mlpreg                  # Keras: Normalization, 3 x Dense 50, as mlpreg.KerasRecipe trains it
//	go run ./cmd/mlpreg -preset sklearn  # scikit-learn's MLPRegressor cell, trained exactly as scikit-learn does
//
// The sklearn preset trains scikit-learn's MLPRegressor(hidden_layer_sizes=
// [50, 50, 50], random_state=42) after a StandardScaler in float64, to
// scikit-learn's own numbers (package skmlp): it stops at epoch 169 with
// validation RMSE 0.5053. -epochs is its max_iter, -batch its batch_size,
// -lr its learning_rate_init, -seed its random_state, their defaults
// mlpreg.SklearnRecipe's.
//
// It prints the model summary, one progress line per epoch, the validation
// and test RMSE and the predictions for the first three test districts, and
// writes the model (after every epoch), learning curves, a
// predicted-versus-actual plot of the test set and metrics.json to -out.
package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

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

func run(ctx context.Context, args []string) error {
	start := time.Now()
	recipe := mlpreg.KerasRecipe()
	f := cli.RecipeFlags("mlpreg", "california", recipe)
	preset := f.FlagSet().String("preset", "keras", "keras: the Keras model of section 1.7.2; sklearn: scikit-learn's MLPRegressor cell of section 1.5")
	own := cli.AddOwnData(f, false)
	ownData, err := own.Parse(f, args, "california")
	if err != nil {
		return err
	}
	if *preset != "keras" && *preset != "sklearn" {
		return fmt.Errorf("-preset %q: want keras or sklearn", *preset)
	}
	var model *mlpreg.Model
	doneEpochs := 0
	if f.Load != "" {
		loadONNX := func(path string) (*mlpreg.Model, error) { return mlpreg.LoadONNX(path, f.Seed) }
		if model, doneEpochs, err = cli.LoadModel(f, nn.LoadFile[mlpreg.Config], loadONNX); err != nil {
			return err
		}
		loaded := "keras"
		if !model.Config.Normalize {
			loaded = "sklearn"
		}
		if f.IsSet("preset") && *preset != loaded {
			return fmt.Errorf("-load %s holds the %s preset, not -preset %s", f.Load, loaded, *preset)
		}
		*preset = loaded
	}
	sklearn := *preset == "sklearn"
	if sklearn {
		recipe = mlpreg.SklearnRecipe()
		f.Follow(recipe)
		if !f.IsSet("out") {
			f.Out = filepath.Join("out", "mlpreg-sklearn")
		}
	}
	if ownData && !f.IsSet("out") {
		f.Out += "-csv"
	}
	if err := cli.PrepareOut(f.Out); err != nil {
		return err
	}

	ds, err := cli.LoadRegData(f, own)
	if err != nil {
		return err
	}

	fresh := model == nil
	var sk *mlpreg.Sklearn
	if !fresh && ownData {
		if err := own.CheckLoaded(f.Load, nil, nil, model.Config.Schema, ds.Schema.Columns); err != nil {
			return err
		}
	}
	if fresh {
		cfg := mlpreg.KerasConfig()
		if sklearn {
			// make_pipeline(StandardScaler(), MLPRegressor(...)): the scaler
			// is fitted on the training rows and kept with the model.
			seed, err := f.RandomState()
			if err != nil {
				return err
			}
			if sk, err = mlpreg.NewSklearn(ds.TrainTable, seed); err != nil {
				return err
			}
			cfg = mlpreg.SklearnConfig()
			cfg.Scaler = sk.Scaler
		}
		cfg.Seed = f.Seed
		cfg.Features, cfg.Schema = ds.TrainTable.NumFeatures(), ds.Schema
		if model, err = mlpreg.New(cfg); err != nil {
			return err
		}
		if sk != nil {
			if err := sk.Keep(model); err != nil {
				return err
			}
		}
	} else if sklearn && model.Config.SklearnWeights != nil {
		if sk, err = model.Sklearn(ds.TrainTable); err != nil {
			return fmt.Errorf("-load %s: %w", f.Load, err)
		}
	}
	if err := ds.PrepareModel(model, fresh); err != nil {
		return err
	}
	if err := cli.PrintSummary(model); err != nil {
		return err
	}

	modelPath := filepath.Join(f.Out, "model.gozoo")
	var hist nn.History
	var epochs int
	if sk != nil {
		// Trained as scikit-learn trains, printing its loss every 10
		// epochs, the model saved after every epoch.
		keep := func() error { return sk.Keep(model) }
		hist, epochs, err = f.TrainSklearn(ctx, sk.Model, sk.TrainX, sk.TrainY, doneEpochs, 10, modelPath, keep, model.SaveFile)
	} else {
		// nn trains the Keras recipe; a sklearn-preset file saved before
		// the float64 training (no SklearnWeights) resumes on it too.
		opt := f.Fit(mlpreg.KerasRecipe(), ds.TrainTable.Len(), &ds.Valid, doneEpochs)
		hist, epochs, err = cli.Train(ctx, model.Model, ds.Train, opt, modelPath, model.SaveFile)
	}
	if err != nil {
		return err
	}
	if err := f.WriteONNX(model.ExportONNX); err != nil {
		return err
	}

	notes := cli.RegNotes{
		Name:          "MLP regressor (" + map[string]string{"keras": "Keras", "sklearn": "scikit-learn"}[*preset] + ")",
		NotebookRMSE:  map[string]float64{"test": notebookTestRMSE},
		NotebookFirst: "[[0.47], [1.2], [4.8]]", // cell [25]
	}
	if sklearn {
		// The scikit-learn cell scores the validation set and prints no predictions.
		notes.NotebookRMSE = map[string]float64{"validation": notebookValidRMSE}
		notes.NotebookFirst = ""
	}
	if sk != nil {
		// Scored in float64 by the model scikit-learn's way trained, as
		// mlpRegPipe.predict does; the nn model holds its float32 rounding.
		notes.Predict = sk.Predict
	}
	if ownData {
		notes.NotebookRMSE, notes.NotebookFirst = nil, ""
	}
	report := &cli.Report{
		Model: mlpreg.Kind, Epochs: epochs, BatchSize: f.Batch, LearnRate: f.LR, Seed: f.Seed, ONNX: f.ONNX,
		Extra: map[string]any{"preset": *preset},
	}
	return cli.ReportRegressor(model.Model, ds, hist, report, notes, f.Out, modelPath, start)
}
