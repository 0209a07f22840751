// Command cnn trains the notebook's convolutional classifier (section 2.3)
// on Fashion-MNIST and reports on it.
//
//	go run ./cmd/cnn                          # the notebook, as cnn.Recipe trains it
//	go run -tags openblas ./cmd/cnn           # the same, its multiplies on OpenBLAS (faster)
//	go run ./cmd/cnn -load out/cnn/model.gozoo -epochs 3   # 3 more epochs, numbered on
//	go run ./cmd/cnn -dataset mnist           # the same network on MNIST digits
//	go run ./cmd/cnn -blocks 128x3,256x3 -dense 256,64     # a deeper, wider variant
//	go run ./cmd/cnn -load cnn.onnx           # a CNN of this architecture that PyTorch exported
//	go run ./cmd/cnn -load out/cnn/model.gozoo -onnx cnn.onnx   # write the model as ONNX
//
// Training takes long on a laptop: before the first epoch it times a few
// steps and says how long an epoch should take; during an epoch it prints a
// line every 30 seconds with the time left; it saves the model after every
// epoch, so Ctrl-C loses at most the epoch under way and -load resumes.
// At the end it prints the validation and test metrics and the
// classification report, and writes the model, learning curves, a
// confusion matrix and metrics.json to -out.
package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gozoo/gozoo/data/fashionmnist"
	"github.com/gozoo/gozoo/data/mnist"
	"github.com/gozoo/gozoo/internal/cli"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/cnn"
)

func main() { cli.Main("cnn", run) }

// archFlags are the flags that change the network; a loaded model has its
// own architecture, so they are refused with -load.
var archFlags = []string{"first", "blocks", "dense", "dropout"}

func run(ctx context.Context, args []string) error {
	start := time.Now()
	def := cnn.DefaultConfig()
	recipe := cnn.Recipe()
	f := cli.RecipeFlags("cnn", "fashion", recipe)
	fs := f.FlagSet()
	download := fs.Bool("download", true, "download Fashion-MNIST into the user cache when no copy is found on disk or embedded")
	evalLimit := fs.Int("eval-limit", 0, "validate and test on the first N images only (0 = all), for quick runs")
	estimate := fs.Int("estimate", 5, "time this many training steps before training and print the expected epoch time (0 = skip)")
	first := fs.String("first", fmt.Sprintf("%dx%d", def.FirstFilters, def.FirstKernel), "first convolution: FILTERSxKERNEL")
	blocks := fs.String("blocks", formatBlocks(def.Blocks), "convolution blocks, each followed by a 2x2 max pooling: FILTERSxREPETITIONS,... (or F+F+... for unequal convolutions)")
	dense := fs.String("dense", formatInts(def.Dense), "hidden Dense layers' widths, comma-separated (empty for none)")
	dropout := fs.Float64("dropout", def.Dropout, "dropout rate after each hidden Dense layer")
	own := cli.AddOwnData(f, true)
	ownData, err := own.Parse(f, args, "fashion", "mnist")
	if err != nil {
		return err
	}
	if own.CSV != "" {
		return fmt.Errorf("-csv %s: the CNN trains on images: give -images DIR", own.CSV)
	}
	if *evalLimit < 0 {
		return fmt.Errorf("-eval-limit %d: must be 0 (all) or more", *evalLimit)
	}
	if *estimate < 0 {
		return fmt.Errorf("-estimate %d: must be 0 (skip) or more", *estimate)
	}
	cfg := def
	if cfg.FirstFilters, cfg.FirstKernel, err = parsePair(*first); err != nil {
		return fmt.Errorf("-first %q: %w", *first, err)
	}
	if cfg.Blocks, err = parseBlocks(*blocks); err != nil {
		return fmt.Errorf("-blocks %q: %w", *blocks, err)
	}
	if cfg.Dense, err = parseInts(*dense); err != nil {
		return fmt.Errorf("-dense %q: %w", *dense, err)
	}
	if cfg.Dropout = *dropout; !(cfg.Dropout >= 0 && cfg.Dropout < 1) {
		return fmt.Errorf("-dropout %v: must be in [0, 1)", cfg.Dropout)
	}
	// Check the architecture's size now, before any data is read: both
	// datasets are 28x28 images in 10 classes.
	if _, err := cfg.ParamCount(); err != nil {
		return fmt.Errorf("-first %s -blocks %s -dense %s: %w", *first, *blocks, *dense, err)
	}
	if !f.IsSet("out") && f.Dataset != "fashion" {
		f.Out = filepath.Join("out", "cnn-"+f.Dataset)
	}

	var model *cnn.Model
	doneEpochs := 0
	if f.Load != "" {
		for _, name := range archFlags {
			if f.IsSet(name) {
				return fmt.Errorf("-%s: not with -load, whose model file fixes the architecture", name)
			}
		}
		loadONNX := func(path string) (*cnn.Model, error) {
			// PyTorch's export drops Dropout: the rate is then -dropout's.
			cfg.Seed = f.Seed
			return cnn.LoadONNX(path, cfg)
		}
		if model, doneEpochs, err = cli.LoadModel(f, nn.LoadFile[cnn.Config], loadONNX); err != nil {
			return err
		}
	}
	if err := cli.PrepareOut(f.Out); err != nil {
		return err
	}
	var ds *cli.ClassData
	if ownData {
		ds, _, err = own.LoadClasses(f, nil)
	} else {
		ds, err = cli.LoadImages(f, *download, cli.Shipped{Fashion: fashionmnist.FS(), MNIST: mnist.FS()}, recipe.HoldOut)
	}
	if err != nil {
		return err
	}
	ds.LimitEval(*evalLimit)
	if !ownData {
		fmt.Printf("%s: %d training, %d validation, %d test images (%s)\n",
			ds.Name, len(ds.TrainY), len(ds.ValidY), len(ds.TestY), ds.From)
	}

	if model == nil {
		cfg.Input, cfg.Classes, cfg.Seed = ds.Input, len(ds.Classes), f.Seed
		// Saved with the model, so that predict names what it sees.
		cfg.ClassNames = ds.Classes
		if model, err = cnn.New(cfg); err != nil {
			return err
		}
	} else if ownData {
		if err := own.CheckLoaded(f.Load, model.Config.ClassNames, ds.Classes, nil, nil); err != nil {
			return err
		}
	}
	if !slices.Equal(model.Config.Input, ds.Input) || model.Config.Classes != len(ds.Classes) {
		what := "-dataset " + f.Dataset
		if ownData {
			what = own.Name()
		}
		return fmt.Errorf("-load %s: the model takes %v images in %d classes, %s has %v in %d",
			f.Load, model.Config.Input, model.Config.Classes, what, ds.Input, len(ds.Classes))
	}
	if err := cli.PrintSummary(model); err != nil {
		return err
	}
	fmt.Printf("BLAS: %s\n", nn.BLAS())
	if hint := cli.OpenBLASHint(nn.BLAS()); hint != "" && f.Epochs > 0 {
		fmt.Println(hint)
	}

	if f.Epochs > 0 && *estimate > 0 {
		newOptimizer := func() nn.Optimizer { return recipe.NewOptimizer(f.LR, f.Batch, len(ds.TrainY)) }
		if err := cli.EstimateEpoch(ctx, model.Model, ds, f.Batch, f.Epochs, *estimate, newOptimizer); err != nil {
			return err
		}
	}

	modelPath := filepath.Join(f.Out, "model.gozoo")
	opt := f.Fit(recipe, len(ds.TrainY), &ds.Valid, doneEpochs)
	opt.ProgressEvery = cli.ProgressEvery
	// Train saves the model after every epoch, so that Ctrl-C, or a crash
	// hours in, keeps the epochs done; -load resumes from the file. A run
	// this long is worth resuming: say how.
	hist, epochs, err := cli.Train(ctx, model.Model, ds.Train, opt, modelPath, model.SaveFile)
	var stopped *cli.StoppedError
	if errors.As(err, &stopped) {
		return fmt.Errorf("%w (resume with -load %s -epochs N)", err, stopped.Path)
	}
	if err != nil {
		return err
	}
	if err := f.WriteONNX(model.ExportONNX); err != nil {
		return err
	}
	report := &cli.Report{Model: cnn.Kind, Epochs: epochs, BatchSize: f.Batch, LearnRate: f.LR, Seed: f.Seed, ONNX: f.ONNX}
	return cli.ReportClassifier(model.Model, ds, hist, report, f.Out, modelPath, start)
}

// parsePair reads "64x7".
func parsePair(s string) (a, b int, err error) {
	l, r, ok := strings.Cut(s, "x")
	if !ok {
		return 0, 0, errors.New("want FILTERSxKERNEL, like 64x7")
	}
	if a, err = positive(l); err != nil {
		return 0, 0, err
	}
	if b, err = positive(r); err != nil {
		return 0, 0, err
	}
	return a, b, nil
}

// parseBlocks reads "128x2,256x2" (filters x repetitions) or "64+128,256":
// one block per comma-separated item.
func parseBlocks(s string) ([][]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out [][]int
	for _, item := range strings.Split(s, ",") {
		var block []int
		if strings.Contains(item, "x") {
			filters, reps, err := parsePair(item)
			if err != nil {
				return nil, fmt.Errorf("block %q: want FILTERSxREPETITIONS, like 128x2", item)
			}
			if reps > cnn.MaxConvolutions {
				return nil, fmt.Errorf("block %q: more than %d convolutions", item, cnn.MaxConvolutions)
			}
			for range reps {
				block = append(block, filters)
			}
		} else {
			for _, p := range strings.Split(item, "+") {
				v, err := positive(p)
				if err != nil {
					return nil, fmt.Errorf("block %q: %w", item, err)
				}
				block = append(block, v)
			}
		}
		out = append(out, block)
	}
	return out, nil
}

func parseInts(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []int
	for _, p := range strings.Split(s, ",") {
		v, err := positive(p)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func positive(s string) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("%q is not a positive whole number", s)
	}
	return v, nil
}

// formatBlocks writes blocks as parseBlocks reads them.
func formatBlocks(blocks [][]int) string {
	parts := make([]string, len(blocks))
	for i, b := range blocks {
		if len(b) > 1 && slices.Min(b) == slices.Max(b) {
			parts[i] = fmt.Sprintf("%dx%d", b[0], len(b))
		} else {
			parts[i] = strings.Trim(strings.ReplaceAll(fmt.Sprint(b), " ", "+"), "[]")
		}
	}
	return strings.Join(parts, ",")
}

func formatInts(v []int) string {
	return strings.Trim(strings.ReplaceAll(fmt.Sprint(v), " ", ","), "[]")
}
