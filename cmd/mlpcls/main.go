// Command mlpcls trains the notebook's MLP classifier and reports on it.
//
//	go run ./cmd/mlpcls                  # Fashion-MNIST, 784-300-100-10, SGD 0.01, 30 epochs
//	go run ./cmd/mlpcls -dataset iris    # scikit-learn's MLPClassifier cell on Iris
//	go run ./cmd/mlpcls -dataset mnist   # the same network on MNIST digits
//
// It prints the model summary, one progress line per epoch, the validation
// and test metrics and the classification report, and writes the model,
// learning curves, a confusion matrix and metrics.json to -out.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/internal/cli"
	"github.com/gozoo/gozoo/metrics"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/plotting"
	"github.com/gozoo/gozoo/zoo/mlpcls"
)

func main() { cli.Main("mlpcls", run) }

// dataset is a loaded dataset cut into the notebook's three parts.
type dataset struct {
	name               string
	from               string
	train, valid, test nn.Data
	trainY, validY, tY []int
	classes            []string
	input              []int
	extra              map[string]any
}

func run(ctx context.Context, args []string) error {
	start := time.Now()
	f := cli.NewFlags("mlpcls", cli.Flags{Epochs: 30, Batch: 32, LR: 0.01, Dataset: "fashion"})
	download := f.FlagSet().Bool("download", true, "download Fashion-MNIST into the user cache when no local copy is found")
	if err := f.Parse(args); err != nil {
		return err
	}
	if err := f.CheckDataset("fashion", "mnist", "iris"); err != nil {
		return err
	}
	iris := f.Dataset == "iris"
	if iris {
		// scikit-learn's MLPClassifier defaults: Adam 1e-3, batch min(200, n),
		// up to max_iter=10000 epochs, stopping when the training loss has not
		// improved by tol=1e-4 for 10 epochs.
		if !f.IsSet("epochs") {
			f.Epochs = 10000
		}
		if !f.IsSet("lr") {
			f.LR = 1e-3
		}
		if !f.IsSet("batch") {
			f.Batch = 200
		}
	}
	if !f.IsSet("out") && f.Dataset != "fashion" {
		f.Out = filepath.Join("out", "mlpcls-"+f.Dataset)
	}
	var model *mlpcls.Model
	doneEpochs := 0
	if f.Load != "" {
		var err error
		if model, doneEpochs, err = mlpcls.Load(f.Load); err != nil {
			return fmt.Errorf("-load %w", err)
		}
		if !f.IsSet("epochs") {
			f.Epochs = 0
		}
	}
	if err := cli.PrepareOut(f.Out); err != nil {
		return err
	}

	ds, err := load(f, *download)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d training, %d validation, %d test examples (%s)\n",
		ds.name, len(ds.trainY), len(ds.validY), len(ds.tY), ds.from)

	if model == nil {
		cfg := mlpcls.FashionConfig()
		if iris {
			cfg = mlpcls.IrisConfig()
		}
		cfg.Input, cfg.Classes, cfg.Seed = ds.input, len(ds.classes), f.Seed
		if model, err = mlpcls.New(cfg); err != nil {
			return err
		}
	} else if fmt.Sprint(model.Config.Input) != fmt.Sprint(ds.input) || model.Config.Classes != len(ds.classes) {
		return fmt.Errorf("-load %s: the model takes input %v with %d classes, -dataset %s has %v with %d",
			f.Load, model.Config.Input, model.Config.Classes, f.Dataset, ds.input, len(ds.classes))
	}
	summary, err := model.Summary()
	if err != nil {
		return err
	}
	fmt.Print(summary)

	modelPath := filepath.Join(f.Out, "model.gozoo")
	opt := nn.FitOptions{
		Epochs: f.Epochs, BatchSize: f.Batch, Valid: &ds.valid, Seed: f.Seed,
		InitialEpoch: doneEpochs, Progress: os.Stdout, ProgressEvery: 30 * time.Second,
		Optimizer: nn.NewSGD(f.LR),
		// Saving after every epoch is what lets Ctrl-C keep the last one.
		OnEpochEnd: func(epoch int, _ nn.History) error { return model.Save(modelPath, epoch) },
	}
	if iris {
		adam := nn.NewAdam(f.LR)
		// scikit-learn adds alpha/2 ||W||^2 / batch to the loss: alpha=1e-4.
		adam.L2 = 1e-4 / float64(min(f.Batch, len(ds.trainY)))
		opt.Optimizer = adam
		opt.Valid = nil // scikit-learn's cell fits on the training rows alone
		opt.EarlyStopping = &nn.EarlyStopping{Monitor: "loss", Patience: 10, MinDelta: 1e-4}
		opt.LogEvery = 100
		opt.ProgressEvery = 0
	}
	var hist nn.History
	if f.Epochs > 0 {
		hist, err = model.Fit(ctx, ds.train, opt)
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
	if f.Epochs == 0 || iris {
		if err := model.Save(modelPath, epochs); err != nil {
			return err
		}
	}

	report := &cli.Report{
		Model: mlpcls.Kind, Dataset: ds.name, DataFrom: ds.from, Epochs: epochs, BatchSize: f.Batch,
		LearnRate: f.LR, Seed: f.Seed, TrainRows: len(ds.trainY), History: hist,
		Valid: map[string]float64{}, Test: map[string]float64{}, Extra: ds.extra,
	}
	report.Trainable, _ = model.CountParams()
	tr, nt := model.CountParams()
	report.Params = tr + nt

	for _, part := range []struct {
		name string
		d    nn.Data
		y    []int
		into map[string]float64
	}{{"validation", ds.valid, ds.validY, report.Valid}, {"test", ds.test, ds.tY, report.Test}} {
		loss, acc, err := model.Evaluate(part.d, 256)
		if err != nil {
			return fmt.Errorf("%s: %w", part.name, err)
		}
		part.into["loss"], part.into["accuracy"] = loss, acc
		fmt.Printf("%s: loss %.4f, accuracy %.4f\n", part.name, loss, acc)
	}
	pred, err := model.PredictClasses(ds.test, 256)
	if err != nil {
		return err
	}
	rep, err := metrics.Classification(ds.tY, pred, ds.classes)
	if err != nil {
		return err
	}
	fmt.Printf("\nClassification report (test):\n%s\n", rep)
	cm, err := metrics.ConfusionMatrix(ds.tY, pred, len(ds.classes))
	if err != nil {
		return err
	}

	files := []string{modelPath}
	if len(hist.Epoch) > 0 {
		p := filepath.Join(f.Out, "learning_curves.png")
		series := []plotting.Series{{Name: "loss", Values: hist.Metrics["loss"]}}
		if v, ok := hist.Metrics["val_loss"]; ok {
			series = append(series, plotting.Series{Name: "val_loss", Values: v})
		}
		series = append(series, plotting.Series{Name: "accuracy", Values: hist.Metrics["accuracy"]})
		if v, ok := hist.Metrics["val_accuracy"]; ok {
			series = append(series, plotting.Series{Name: "val_accuracy", Values: v})
		}
		if err := plotting.LearningCurves(p, "mlpcls on "+ds.name, series, [2]float64{0, 1}); err != nil {
			return err
		}
		files = append(files, p)
	}
	p := filepath.Join(f.Out, "confusion_matrix.png")
	if err := plotting.ConfusionMatrix(p, "mlpcls on "+ds.name+" (test)", cm, ds.classes); err != nil {
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

func load(f *cli.Flags, download bool) (*dataset, error) {
	if f.Dataset == "iris" {
		return loadIris(f)
	}
	var train, test data.Images
	var from string
	var err error
	if f.Dataset == "mnist" {
		train, test, from, err = data.MNIST()
	} else {
		train, test, from, err = data.FashionMNIST(data.FashionOptions{Dir: f.DataDir, Download: download, Log: os.Stderr})
	}
	if err != nil {
		if f.DataDir != "" {
			return nil, fmt.Errorf("-data %w", err)
		}
		return nil, err
	}
	// The notebook keeps the last 5,000 training images for validation.
	cut := train.N - 5000
	valid := train.Slice(cut, train.N)
	train = train.Slice(0, cut)
	if f.Limit > 0 && f.Limit < train.N {
		train = train.Slice(0, f.Limit)
	}
	ds := &dataset{name: f.Dataset, from: from, classes: train.ClassNames, input: []int{train.Height, train.Width}}
	ds.train, ds.trainY = imagesData(train)
	ds.valid, ds.validY = imagesData(valid)
	ds.test, ds.tY = imagesData(test)
	return ds, nil
}

func imagesData(im data.Images) (nn.Data, []int) {
	y := make([]float32, im.N)
	for i, l := range im.Labels[:im.N] {
		y[i] = float32(l)
	}
	return nn.Data{X: [][]float32{im.Pixels[:im.N*im.Size()]}, Y: y}, im.Labels[:im.N]
}

// loadIris reproduces the notebook's cell: two train_test_split calls with
// random_state 42, and a StandardScaler fitted on the training rows.
func loadIris(f *cli.Flags) (*dataset, error) {
	iris, err := data.Iris()
	if err != nil {
		return nil, err
	}
	full, test, err := data.SplitTable(iris, 0.25, 42)
	if err != nil {
		return nil, err
	}
	train, valid, err := data.SplitTable(full, 0.25, 42)
	if err != nil {
		return nil, err
	}
	if f.Limit > 0 && f.Limit < train.Len() {
		idx := make([]int, f.Limit)
		for i := range idx {
			idx[i] = i
		}
		train = train.Subset(idx)
	}
	sc, err := data.FitStandardScaler(train.X)
	if err != nil {
		return nil, err
	}
	ds := &dataset{name: "iris", from: "embedded", classes: iris.ClassNames, input: []int{iris.NumFeatures()}}
	for _, p := range []struct {
		t  data.Table
		d  *nn.Data
		ys *[]int
	}{{train, &ds.train, &ds.trainY}, {valid, &ds.valid, &ds.validY}, {test, &ds.test, &ds.tY}} {
		x, err := sc.Transform(p.t.X)
		if err != nil {
			return nil, err
		}
		p.t.X = x
		*p.d = nn.Data{X: [][]float32{p.t.Flat32()}, Y: p.t.Targets32()}
		*p.ys = p.t.Labels()
	}
	return ds, nil
}
