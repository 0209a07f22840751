// Command mlpcls trains the notebook's MLP classifier and reports on it.
//
//	go run ./cmd/mlpcls                  # Fashion-MNIST, 784-300-100-10, as mlpcls.FashionRecipe trains it
//	go run ./cmd/mlpcls -dataset iris    # scikit-learn's MLPClassifier cell on Iris, trained exactly as scikit-learn does
//	go run ./cmd/mlpcls -dataset mnist   # the same network on MNIST digits
//	go run ./cmd/mlpcls -epochs 1 -onnx fashion.onnx   # also write the model as ONNX
//
// It prints the model summary, one progress line per epoch, the validation
// and test metrics and the classification report, and writes the model,
// learning curves, a confusion matrix and metrics.json to -out.
package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/data/fashionmnist"
	"github.com/gozoo/gozoo/data/mnist"
	"github.com/gozoo/gozoo/internal/cli"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/mlpcls"
)

func main() { cli.Main("mlpcls", run) }

func run(ctx context.Context, args []string) error {
	start := time.Now()
	recipe := mlpcls.FashionRecipe()
	f := cli.RecipeFlags("mlpcls", "fashion", recipe)
	download := f.FlagSet().Bool("download", true, "download Fashion-MNIST into the user cache when no copy is found on disk or embedded")
	own := cli.AddOwnData(f, true)
	ownData, err := own.Parse(f, args, "fashion", "mnist", "iris")
	if err != nil {
		return err
	}
	iris := f.Dataset == "iris"
	// A table, Iris or the user's, trains like scikit-learn's cell on Iris;
	// images like the notebook's Fashion-MNIST model.
	tabular := iris || f.Dataset == "csv"
	if tabular {
		// The cell's MLPClassifier: Iris trains to scikit-learn's numbers
		// in float64 (mlpcls.Iris, package skmlp), -epochs being max_iter,
		// -batch batch_size, -lr learning_rate_init, -seed random_state; a
		// CSV file on nn's Adam with the same recipe.
		recipe = mlpcls.IrisRecipe()
		f.Follow(recipe)
	}
	if !f.IsSet("out") && f.Dataset != "fashion" {
		f.Out = filepath.Join("out", "mlpcls-"+f.Dataset)
	}
	var model *mlpcls.Model
	doneEpochs := 0
	if f.Load != "" {
		loadONNX := func(path string) (*mlpcls.Model, error) { return mlpcls.LoadONNX(path, f.Seed) }
		if model, doneEpochs, err = cli.LoadModel(f, nn.LoadFile[mlpcls.Config], loadONNX); err != nil {
			return err
		}
	}
	if err := cli.PrepareOut(f.Out); err != nil {
		return err
	}

	var ds *cli.ClassData
	var table *cli.TableClasses
	if ownData {
		var sc *data.StandardScaler
		if model != nil {
			sc = model.Config.Scaler
			if own.CSV != "" && sc == nil {
				return fmt.Errorf("-load %s has no saved scaler: it was not trained on a CSV file", f.Load)
			}
		}
		ds, table, err = own.LoadClasses(f, sc)
	} else {
		ds, err = load(f, *download, recipe.HoldOut)
	}
	if err != nil {
		return err
	}
	if !ownData {
		fmt.Printf("%s: %d training, %d validation, %d test examples (%s)\n",
			ds.Name, len(ds.TrainY), len(ds.ValidY), len(ds.TestY), ds.From)
	}
	if len(ds.Input) == 3 && ds.Input[2] == 1 {
		// The notebook's MLP takes grey images as (height, width) arrays.
		ds.Input = ds.Input[:2]
	}

	if model == nil {
		cfg := mlpcls.FashionConfig()
		if tabular {
			cfg = mlpcls.IrisConfig()
		}
		cfg.Input, cfg.Classes, cfg.Seed = ds.Input, len(ds.Classes), f.Seed
		// Saved with the model, so that predict names what it sees.
		cfg.ClassNames = ds.Classes
		if table != nil {
			cfg.Schema, cfg.Scaler = table.Schema, table.Scaler
		}
		if iris {
			// The columns (scikit-learn's load_iris feature names) and the
			// scaler go with the model too, so that predict takes rows of a
			// CSV file as it does for a model trained with -csv.
			split, err := mlpcls.SplitIris(f.Limit)
			if err != nil {
				return err
			}
			cfg.Schema = &data.Schema{Columns: split.Train.Features, Target: "species"}
			cfg.Scaler = split.Scaler
		}
		if model, err = mlpcls.New(cfg); err != nil {
			return err
		}
	} else if ownData {
		var columns []string
		if table != nil {
			columns = table.Schema.Columns
		}
		if err := own.CheckLoaded(f.Load, model.Config.ClassNames, ds.Classes, model.Config.Schema, columns); err != nil {
			return err
		}
	}
	if fmt.Sprint(model.Config.Input) != fmt.Sprint(ds.Input) || model.Config.Classes != len(ds.Classes) {
		what := "-dataset " + f.Dataset
		if ownData {
			what = own.Name()
		}
		return fmt.Errorf("-load %s: the model takes input %v with %d classes, %s has %v with %d",
			f.Load, model.Config.Input, model.Config.Classes, what, ds.Input, len(ds.Classes))
	}
	if err := cli.PrintSummary(model); err != nil {
		return err
	}

	modelPath := filepath.Join(f.Out, "model.gozoo")
	var hist nn.History
	var epochs int
	if iris && (model.Config.SklearnWeights != nil || f.Load == "") {
		hist, epochs, err = trainIris(ctx, model, ds, f, doneEpochs, modelPath)
	} else {
		opt := f.Fit(recipe, len(ds.TrainY), &ds.Valid, doneEpochs)
		opt.ProgressEvery = cli.ProgressEvery
		switch {
		case iris: // a model saved before the float64 training: nn's Adam, as it was then
			opt.Optimizer, opt.EarlyStopping = nn.NewAdam(f.LR), nil
			opt.Valid = nil
		case tabular:
			// scikit-learn's recipe, on nn's Adam: the cell fits on the
			// training rows alone, and prints every 100th epoch.
			opt.Valid = nil
			opt.LogEvery = 100
			opt.ProgressEvery = 0
		}
		hist, epochs, err = cli.Train(ctx, model.Model, ds.Train, opt, modelPath, model.SaveFile)
	}
	if err != nil {
		return err
	}
	if err := f.WriteONNX(model.ExportONNX); err != nil {
		return err
	}
	report := &cli.Report{Model: mlpcls.Kind, Epochs: epochs, BatchSize: f.Batch, LearnRate: f.LR, Seed: f.Seed, ONNX: f.ONNX}
	return cli.ReportClassifier(model.Model, ds, hist, report, f.Out, modelPath, start)
}

func load(f *cli.Flags, download bool, holdOut int) (*cli.ClassData, error) {
	if f.Dataset == "iris" {
		return loadIris(f)
	}
	ds, err := cli.LoadImages(f, download, cli.Shipped{Fashion: fashionmnist.FS(), MNIST: mnist.FS()}, holdOut)
	if err != nil {
		return nil, err
	}
	return ds, nil
}

// loadIris reproduces the notebook's cell (mlpcls.SplitIris).
func loadIris(f *cli.Flags) (*cli.ClassData, error) {
	split, err := mlpcls.SplitIris(f.Limit)
	if err != nil {
		return nil, err
	}
	ds := &cli.ClassData{Name: "iris", From: "embedded", Classes: split.ClassNames, Input: []int{split.Train.NumFeatures()}}
	if err := ds.SetTables(split.Scaler, split.Train, split.Valid, split.Test); err != nil {
		return nil, err
	}
	return ds, nil
}

// trainIris trains scikit-learn's iris cell for up to -epochs epochs
// (max_iter) as scikit-learn does, printing the loss every 100 epochs in
// scikit-learn's verbose format and saving the model after every epoch,
// and sets ds.Proba so that the report scores its float64 probabilities. It
// ends with scikit-learn's message: the stopping rule's, or its
// ConvergenceWarning.
func trainIris(ctx context.Context, model *mlpcls.Model, ds *cli.ClassData, f *cli.Flags, done int, path string) (nn.History, int, error) {
	seed, err := f.RandomState()
	if err != nil {
		return nn.History{}, 0, err
	}
	c, err := mlpcls.NewIris(seed, f.Limit)
	if err != nil {
		return nn.History{}, 0, err
	}
	if f.Load != "" {
		if err := c.Restore(model); err != nil {
			return nn.History{}, 0, fmt.Errorf("-load %s: %w", f.Load, err)
		}
	}
	ds.Proba = c.Proba
	keep := func() error { return c.Keep(model) }
	return f.TrainSklearn(ctx, c.Model, c.TrainX, c.TrainY, done, 100, path, keep, model.SaveFile)
}
