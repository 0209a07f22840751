// Command widedeep trains the notebook's Wide & Deep regressor on California
// housing and reports on it.
//
//	go run ./cmd/widedeep             # one input: concat(normalized input, 2 x Dense 30) -> Dense 1
//	go run ./cmd/widedeep -inputs 2   # wide input = features 0-4, deep input = features 2-7
//
// Both train as the notebook's section 1.7.3 does (widedeep.Recipe). The command prints the functional summary, one
// progress line per epoch, the validation and test RMSE and the predictions
// for the first three test districts, and writes the model (after every
// epoch), learning curves, a predicted-versus-actual plot of the test set
// and metrics.json to -out.
package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/gozoo/gozoo/internal/cli"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/widedeep"
)

func main() { cli.Main("widedeep", run) }

// notebookTestRMSE is the notebook's test RMSE for one and two inputs
// (cells [29] and [33]).
var notebookTestRMSE = map[int]float64{1: 0.5631, 2: 0.5803}

func run(ctx context.Context, args []string) error {
	start := time.Now()
	recipe := widedeep.Recipe()
	f := cli.RecipeFlags("widedeep", "california", recipe)
	inputs := f.FlagSet().Int("inputs", 1, "1: all features on both paths; 2: wide input = features 0-4, deep input = features 2-7")
	wide := f.FlagSet().String("wide", "", "the wide path's `columns`, by name or 0-based index, comma-separated (default: as -inputs says)")
	deep := f.FlagSet().String("deep", "", "the deep path's `columns`, as -wide")
	own := cli.AddOwnData(f, false)
	ownData, err := own.Parse(f, args, "california")
	if err != nil {
		return err
	}
	if (*wide == "") != (*deep == "") {
		return errors.New("-wide and -deep go together: give both column lists")
	}
	if *wide != "" && f.IsSet("inputs") {
		return errors.New("-inputs and -wide/-deep: give one or the other")
	}
	if *wide != "" && f.Load != "" {
		return errors.New("-wide/-deep and -load: a loaded model keeps the columns it was trained on")
	}
	if *inputs != 1 && *inputs != 2 {
		return fmt.Errorf("-inputs %d: want 1 or 2", *inputs)
	}
	var model *widedeep.Model
	doneEpochs := 0
	if f.Load != "" {
		loadONNX := func(path string) (*widedeep.Model, error) {
			// An ONNX file does not say which columns its inputs read:
			// -inputs does.
			cfg := widedeep.OneInputConfig()
			if *inputs == 2 {
				cfg = widedeep.TwoInputConfig()
			}
			cfg.Seed = f.Seed
			return widedeep.LoadONNX(path, cfg)
		}
		if model, doneEpochs, err = cli.LoadModel(f, nn.LoadFile[widedeep.Config], loadONNX); err != nil {
			return err
		}
		if f.IsSet("inputs") && *inputs != len(model.Inputs()) {
			return fmt.Errorf("-load %s has %d input(s), not -inputs %d", f.Load, len(model.Inputs()), *inputs)
		}
		*inputs = len(model.Inputs())
	}
	if !f.IsSet("out") {
		switch {
		case ownData:
			f.Out = filepath.Join("out", "widedeep-csv")
		case *wide != "":
			f.Out = filepath.Join("out", "widedeep-columns")
		case *inputs == 2:
			f.Out = filepath.Join("out", "widedeep-2inputs")
		}
	}
	if err := cli.PrepareOut(f.Out); err != nil {
		return err
	}

	ds, err := cli.LoadRegData(f, own)
	if err != nil {
		return err
	}

	fresh := model == nil
	if !fresh && ownData {
		if err := own.CheckLoaded(f.Load, nil, nil, model.Config.Schema, ds.Schema.Columns); err != nil {
			return err
		}
	}
	if fresh {
		cfg := widedeep.OneInputConfig()
		if *inputs == 2 {
			cfg = widedeep.TwoInputConfig()
		}
		columns := ds.TrainTable.Features
		if ownData {
			// Your own table: every column on both paths, unless -wide and
			// -deep say otherwise.
			cfg.Wide, cfg.Deep = cli.FirstN(len(columns)), cli.FirstN(len(columns))
		}
		if *wide != "" {
			if cfg.Wide, err = cli.ColumnList("wide", *wide, columns); err != nil {
				return err
			}
			if cfg.Deep, err = cli.ColumnList("deep", *deep, columns); err != nil {
				return err
			}
		}
		cfg.Features, cfg.Schema = len(columns), ds.Schema
		cfg.Seed = f.Seed
		if model, err = widedeep.New(cfg); err != nil {
			return err
		}
	}
	if err := ds.PrepareModel(model, fresh); err != nil {
		return err
	}
	if err := cli.PrintSummary(model); err != nil {
		return err
	}

	opt := f.Fit(recipe, ds.TrainTable.Len(), &ds.Valid, doneEpochs)
	modelPath := filepath.Join(f.Out, "model.gozoo")
	hist, epochs, err := cli.Train(ctx, model.Model, ds.Train, opt, modelPath, model.SaveFile)
	if err != nil {
		return err
	}
	if err := f.WriteONNX(model.ExportONNX); err != nil {
		return err
	}

	notes := cli.RegNotes{Name: "Wide & Deep regressor, one input"}
	if !model.Config.SingleInput() {
		notes.Name = "Wide & Deep regressor, two inputs"
	}
	if !ownData && *wide == "" {
		notes.NotebookRMSE = map[string]float64{"test": notebookTestRMSE[*inputs]}
	}
	report := &cli.Report{
		Model: widedeep.Kind, Epochs: epochs, BatchSize: f.Batch, LearnRate: f.LR, Seed: f.Seed, ONNX: f.ONNX,
		Extra: map[string]any{"inputs": *inputs, "wide_columns": model.Config.Wide, "deep_columns": model.Config.Deep},
	}
	return cli.ReportRegressor(model.Model, ds, hist, report, notes, f.Out, modelPath, start)
}
