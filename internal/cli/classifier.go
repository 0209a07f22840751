package cli

import (
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/metrics"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/plotting"
)

// ClassData is a classification dataset cut into the notebook's three
// parts, as the classifier commands train and report on it.
type ClassData struct {
	// Name is the -dataset value; From where the files were read.
	Name, From string
	// Title names the data in the plots' titles, "" for the -dataset
	// value in words ("Fashion-MNIST").
	Title string
	// Train, Valid and Test hold the examples, their labels as float32.
	Train, Valid, Test nn.Data
	// TrainY, ValidY and TestY are the same labels as ints.
	TrainY, ValidY, TestY []int
	// Classes names each label.
	Classes []string
	// Input is the shape of one example: (height, width, channels) for
	// images, (features) for a table.
	Input []int
	// Extra goes into metrics.json's "extra".
	Extra map[string]any
	// Proba, when set, gives the class probabilities the report scores, for
	// a part ("validation" or "test"), in place of the nn model's: a model
	// that computes in float64 (scikit-learn's iris cell). The loss is then
	// scikit-learn's log-loss of them.
	Proba func(part string) ([][]float64, error)
}

// Shipped holds the dataset copies a command compiles in (the FS() of
// github.com/gozoo/gozoo/data/fashionmnist and data/mnist), which the
// loaders use when no folder on the search path has the set. This package
// does not import them itself, so that the commands that load neither set
// stay 40 MB smaller; nil leaves a set to the folders and the download.
type Shipped struct {
	Fashion, MNIST fs.FS
}

// LoadImages loads -dataset fashion (Fashion-MNIST, found as -data says,
// else in the shipped copy, else downloaded into the user cache when
// download is set) or mnist (the digits, from the Go module cache or the
// shipped copy), keeps the last holdOut training images for validation (the
// recipe's HoldOut: 5,000 in the notebook), and trains on the first -limit
// of the others. The
// images stay bytes, widened to float32 a batch at a time. Errors name
// -data when the user gave it.
func LoadImages(f *Flags, download bool, shipped Shipped, holdOut int) (*ClassData, error) {
	var train, test data.Images
	var from string
	var err error
	if f.Dataset == "mnist" {
		train, test, from, err = data.MNIST(data.MNISTOptions{Shipped: shipped.MNIST})
	} else {
		train, test, from, err = data.FashionMNIST(data.FashionOptions{
			Dir: f.DataDir, Download: download, Log: os.Stderr, Shipped: shipped.Fashion,
		})
	}
	if err != nil {
		if f.DataDir != "" {
			return nil, fmt.Errorf("-data %w", err)
		}
		return nil, err
	}
	if train.N <= holdOut {
		return nil, fmt.Errorf("%s: %d training images, not more than the %d kept for validation", from, train.N, holdOut)
	}
	cut := train.N - holdOut
	valid := train.Slice(cut, train.N)
	train = train.Slice(0, cut)
	if f.Limit > 0 && f.Limit < train.N {
		train = train.Slice(0, f.Limit)
	}
	ds := &ClassData{
		Name: f.Dataset, From: from, Classes: train.ClassNames,
		Input: []int{train.Height, train.Width, train.Channels},
	}
	ds.Train, ds.TrainY = imagesData(train)
	ds.Valid, ds.ValidY = imagesData(valid)
	ds.Test, ds.TestY = imagesData(test)
	return ds, nil
}

// imagesData makes nn's view of the images, sharing their pixels (bytes,
// or float32 values), and returns the labels beside it.
func imagesData(im data.Images) (nn.Data, []int) {
	y := make([]float32, im.N)
	for i, l := range im.Labels[:im.N] {
		y[i] = float32(l)
	}
	d := nn.Data{Y: y}
	if im.Bytes != nil {
		d.Bytes, d.ByteValues = [][]byte{im.Bytes[:im.N*im.Size()]}, data.ByteValues()
	} else {
		d.X = [][]float32{im.Pixels[:im.N*im.Size()]}
	}
	return d, im.Labels[:im.N]
}

// LimitEval keeps the first n validation and test examples only (n <= 0
// keeps them all), for quick runs of slow models.
func (d *ClassData) LimitEval(n int) {
	if n <= 0 {
		return
	}
	cut := func(x *nn.Data, y *[]int) {
		*x = x.Head(n, len(*y))
		*y = (*y)[:min(n, len(*y))]
	}
	cut(&d.Valid, &d.ValidY)
	cut(&d.Test, &d.TestY)
}

// ReportClassifier finishes a classifier command's run: it evaluates the
// model on the validation and test parts, prints their loss and accuracy
// and the test classification report, draws the learning curves (when hist
// has epochs) and the test confusion matrix into out, fills in rep and
// writes it as out/metrics.json, then lists the files written, modelPath
// first. rep comes with the command's own fields set (Model, Epochs,
// BatchSize, LearnRate, Seed); start is when the command started.
func ReportClassifier(m *nn.Model, ds *ClassData, hist nn.History, rep *Report, out, modelPath string, start time.Time) error {
	rep.Extra = ds.Extra
	labels := map[string][]int{"validation": ds.ValidY, "test": ds.TestY}
	var pred []int
	for _, part := range rep.begin(m, ds.Name, ds.From, len(ds.TrainY), hist, ds.Valid, ds.Test) {
		// The graphs of the runs before (training, or the other part, each
		// with its own partial last batch) are done with: a CNN's take
		// hundreds of MB, which the collector can reuse for the next ones.
		m.ReleaseGraphs()
		runtime.GC()
		loss, acc, classes, err := scoreClassifier(m, part.d, labels[part.name], part.name, ds.Proba)
		if err != nil {
			return fmt.Errorf("%s: %w", part.name, err)
		}
		part.into["loss"], part.into["accuracy"] = loss, acc
		fmt.Printf("%s: loss %.4f, accuracy %.4f\n", part.name, loss, acc)
		pred = classes
	}
	m.ReleaseGraphs()
	cr, err := metrics.Classification(ds.TestY, pred, ds.Classes)
	if err != nil {
		return err
	}
	fmt.Printf("\nClassification report (test):\n%s\n", cr)
	cm, err := metrics.ConfusionMatrix(ds.TestY, pred, len(ds.Classes))
	if err != nil {
		return err
	}

	title := PlotTitle(ds.Title, ds.Name, rep.Model)
	files := []string{modelPath}
	if len(hist.Epoch) > 0 {
		p := filepath.Join(out, "learning_curves.png")
		series := []plotting.Series{{Name: "loss", Values: hist.Metrics["loss"]}}
		if v, ok := hist.Metrics["val_loss"]; ok {
			series = append(series, plotting.Series{Name: "val_loss", Values: v})
		}
		if v, ok := hist.Metrics["accuracy"]; ok {
			series = append(series, plotting.Series{Name: "accuracy", Values: v})
		}
		if v, ok := hist.Metrics["val_accuracy"]; ok {
			series = append(series, plotting.Series{Name: "val_accuracy", Values: v})
		}
		if err := plotting.LearningCurves(p, title, series, classifierYLim(series)); err != nil {
			return err
		}
		files = append(files, p)
	}
	p := filepath.Join(out, "confusion_matrix.png")
	if err := plotting.ConfusionMatrix(p, title+" (test)", cm, ds.Classes); err != nil {
		return err
	}
	files = append(files, p)
	return rep.Finish(out, files, start)
}

// scoreClassifier returns the loss, accuracy and predicted classes of m on
// d, or, with proba, of proba's probabilities for the part (the loss is then
// scikit-learn's log_loss: probabilities clipped to [eps, 1-eps]).
func scoreClassifier(m *nn.Model, d nn.Data, labels []int, part string, proba func(string) ([][]float64, error)) (loss, acc float64, pred []int, err error) {
	if proba == nil {
		// One pass gives both, without a prediction graph beside the
		// evaluation one.
		loss, acc, out, width, err := m.EvaluatePredict(d, 256)
		if err != nil {
			return 0, 0, nil, err
		}
		return loss, acc, nn.ArgmaxRows(out, width), nil
	}
	p, err := proba(part)
	if err != nil {
		return 0, 0, nil, err
	}
	if len(p) != len(labels) {
		return 0, 0, nil, fmt.Errorf("%d probability rows for %d labels", len(p), len(labels))
	}
	const eps = 0x1p-52
	pred = make([]int, len(p))
	for i, row := range p {
		if labels[i] < 0 || labels[i] >= len(row) {
			return 0, 0, nil, fmt.Errorf("row %d: label %d for %d classes", i, labels[i], len(row))
		}
		for j, v := range row {
			if v > row[pred[i]] {
				pred[i] = j
			}
		}
		loss -= math.Log(min(max(row[labels[i]], eps), 1-eps))
	}
	if acc, err = metrics.Accuracy(labels, pred); err != nil {
		return 0, 0, nil, err
	}
	return loss / float64(len(p)), acc, pred, nil
}

// datasetWords and modelWords name the -dataset values and the zoo's
// models as a person would in a plot's title.
var (
	datasetWords = map[string]string{"fashion": "Fashion-MNIST", "mnist": "MNIST", "iris": "Iris", "california": "California housing"}
	modelWords   = map[string]string{"mlpcls": "MLP classifier", "cnn": "CNN classifier", "mlpreg": "MLP regressor", "widedeep": "Wide & Deep regressor"}
)

// PlotTitle is the title of a model's plots, in words: the data (title, or
// else the -dataset value dataset in words) then the model, such as
// "Fashion-MNIST MLP classifier".
func PlotTitle(title, dataset, model string) string {
	if title == "" {
		title = dataset
		if w, ok := datasetWords[dataset]; ok {
			title = w
		}
	}
	if w, ok := modelWords[model]; ok {
		model = w
	}
	return title + " " + model
}

// classifierYLim is the notebook's y range, 0 to 1, while every value
// fits in it; a loss above 1 (Iris's first epochs, a diverging run) lets
// the range follow the data instead of leaving it off the chart.
func classifierYLim(series []plotting.Series) [2]float64 {
	for _, s := range series {
		for _, v := range s.Values {
			if v > 1 && !math.IsInf(v, 0) {
				return [2]float64{}
			}
		}
	}
	return [2]float64{0, 1}
}
