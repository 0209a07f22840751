package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/nn"
)

// OwnData is a command's flags for training on the user's own data instead
// of a built-in -dataset: a CSV file and its target column, or a folder of
// images with one sub-folder per class.
type OwnData struct {
	CSV, Target, Impute, Images string
	images                      bool
}

// AddOwnData registers -csv, -target and -impute on f, and -images when the
// command trains on images.
func AddOwnData(f *Flags, images bool) *OwnData {
	o := &OwnData{images: images}
	fs := f.FlagSet()
	fs.StringVar(&o.CSV, "csv", "", "train on your own CSV `file`: a header row of column names, numeric columns (see -target)")
	fs.StringVar(&o.Target, "target", "", "with -csv: the `column` to predict")
	fs.StringVar(&o.Impute, "impute", "", "with -csv: \"mean\" fills missing cells with the training rows' column mean (default: refuse them)")
	if images {
		fs.StringVar(&o.Images, "images", "", "train on your own images: a `folder` with one sub-folder of PNG or JPEG files per class, all of one size")
	}
	return o
}

// Parse parses the command line (Flags.Parse), checks -dataset against the
// built-in datasets the command knows (Flags.CheckDataset) and tells
// whether the user asked for their own data instead (Given).
func (o *OwnData) Parse(f *Flags, args []string, datasets ...string) (bool, error) {
	if err := f.Parse(args); err != nil {
		return false, err
	}
	if err := f.CheckDataset(datasets...); err != nil {
		return false, err
	}
	return o.Given(f)
}

// Given tells whether the user asked for their own data, after checking
// that the flags go together. It sets f.Dataset to "csv" or "images".
func (o *OwnData) Given(f *Flags) (bool, error) {
	switch {
	case o.CSV != "" && o.Images != "":
		return false, errors.New("-csv and -images: give one or the other")
	case (o.CSV != "" || o.Images != "") && f.IsSet("dataset"):
		return false, fmt.Errorf("-dataset %s and your own data: give one or the other", f.Dataset)
	case (o.CSV != "" || o.Images != "") && f.IsSet("data"):
		return false, errors.New("-data is the folder of a built-in dataset: your own data needs no -data")
	case o.CSV == "" && (o.Target != "" || o.Impute != ""):
		return false, errors.New("-target and -impute go with -csv")
	case o.CSV != "" && o.Target == "":
		return false, fmt.Errorf("-csv %s: which column is the target? Name it with -target", o.CSV)
	case o.Impute != "" && o.Impute != "mean":
		return false, fmt.Errorf("-impute %q: the one method is mean", o.Impute)
	case o.CSV != "":
		f.Dataset = "csv"
		return true, nil
	case o.Images != "":
		f.Dataset = "images"
		return true, nil
	}
	return false, nil
}

// Name is the file or folder's base name, for titles and metrics.json.
func (o *OwnData) Name() string {
	if o.CSV != "" {
		return filepath.Base(o.CSV)
	}
	return filepath.Base(filepath.Clean(o.Images))
}

// readCSV reads -csv, naming the flag in errors.
func (o *OwnData) readCSV(classify bool) (data.Table, error) {
	fh, err := os.Open(o.CSV)
	if err != nil {
		return data.Table{}, fmt.Errorf("-csv %w", err)
	}
	defer fh.Close()
	t, err := data.ReadCSV(fh, o.CSV, data.CSVOptions{Target: o.Target, Classify: classify, AllowMissing: o.Impute != ""})
	if err != nil {
		return data.Table{}, fmt.Errorf("-csv %w", err)
	}
	return t, nil
}

// splitCSV reads -csv, cuts it into the notebook's three parts, keeps the
// first -limit training rows and fills missing cells with the training
// rows' means when -impute asks. It returns the parts and the schema a
// model saves.
func (o *OwnData) splitCSV(f *Flags, classify bool) (train, valid, test data.Table, schema *data.Schema, err error) {
	t, err := o.readCSV(classify)
	if err != nil {
		return
	}
	if train, valid, test, err = data.NotebookSplits(t); err != nil {
		err = fmt.Errorf("-csv %s: %w", o.CSV, err)
		return
	}
	if f.Limit > 0 && f.Limit < train.Len() {
		train = train.Subset(FirstN(f.Limit))
	}
	schema = &data.Schema{Columns: t.Features, Target: o.Target}
	if o.Impute != "" {
		if schema.Impute, err = data.ImputeMeans(train.X); err != nil {
			err = fmt.Errorf("-csv %s: %w", o.CSV, err)
			return
		}
		for _, p := range []data.Table{train, valid, test} {
			if err = schema.Fill(p); err != nil {
				return
			}
		}
	}
	fmt.Printf("%s: %d training, %d validation, %d test rows, %d feature columns, target %q\n",
		o.CSV, train.Len(), valid.Len(), test.Len(), t.NumFeatures(), o.Target)
	return train, valid, test, schema, nil
}

// FirstN is 0, 1, ..., n-1: the rows -limit keeps.
func FirstN(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// LoadRegData reads the data of a regression command: -csv when o (which
// may be nil) has it, else California housing.
func LoadRegData(f *Flags, o *OwnData) (*RegData, error) {
	if o == nil || o.CSV == "" {
		return LoadCalifornia(f)
	}
	train, valid, test, schema, err := o.splitCSV(f, false)
	if err != nil {
		return nil, err
	}
	return &RegData{Name: "csv", From: o.CSV, Title: o.Name(), Target: o.Target, Schema: schema,
		TrainTable: train, ValidTable: valid, TestTable: test}, nil
}

// TableClasses is LoadClasses's result for a CSV file: the schema and the
// scaler, fitted on the training rows, that the model saves.
type TableClasses struct {
	Schema *data.Schema
	Scaler *data.StandardScaler
}

// LoadClasses reads -csv (the target holding class labels) or -images for
// a classifier, cut into the notebook's three parts as the tables and the
// Iris cell are. A table's features are standardized by sc, a loaded
// model's scaler, or when nil by a scaler fitted on the training rows; it
// is returned in tc (nil for images).
func (o *OwnData) LoadClasses(f *Flags, sc *data.StandardScaler) (ds *ClassData, tc *TableClasses, err error) {
	if o.Images != "" {
		ds, err = o.loadImages(f)
		return ds, nil, err
	}
	train, valid, test, schema, err := o.splitCSV(f, true)
	if err != nil {
		return nil, nil, err
	}
	if sc == nil {
		if sc, err = data.FitStandardScaler(train.X); err != nil {
			return nil, nil, fmt.Errorf("-csv %s: %w", o.CSV, err)
		}
	}
	ds = &ClassData{Name: "csv", From: o.CSV, Title: o.Name(), Classes: train.ClassNames, Input: []int{train.NumFeatures()}}
	if err := ds.SetTables(sc, train, valid, test); err != nil {
		return nil, nil, err
	}
	return ds, &TableClasses{Schema: schema, Scaler: sc}, nil
}

// SetTables sets the three parts of d from classification tables,
// standardized by sc.
func (d *ClassData) SetTables(sc *data.StandardScaler, train, valid, test data.Table) error {
	for _, p := range []struct {
		t  data.Table
		d  *nn.Data
		ys *[]int
	}{{train, &d.Train, &d.TrainY}, {valid, &d.Valid, &d.ValidY}, {test, &d.Test, &d.TestY}} {
		x, err := sc.Transform(p.t.X)
		if err != nil {
			return err
		}
		p.t.X = x
		*p.d = nn.Data{X: [][]float32{p.t.Flat32()}, Y: p.t.Targets32()}
		*p.ys = p.t.Labels()
	}
	return nil
}

// loadImages reads -images and cuts it into the notebook's three parts.
func (o *OwnData) loadImages(f *Flags) (*ClassData, error) {
	im, err := data.ReadImageFolder(o.Images)
	if err != nil {
		return nil, fmt.Errorf("-images %w", err)
	}
	trainIdx, validIdx, testIdx, err := data.NotebookSplitIndices(im.N)
	if err != nil {
		return nil, fmt.Errorf("-images %s: %d images: %w", o.Images, im.N, err)
	}
	if f.Limit > 0 && f.Limit < len(trainIdx) {
		trainIdx = trainIdx[:f.Limit]
	}
	ds := &ClassData{
		Name: "images", From: o.Images, Title: o.Name(), Classes: im.ClassNames,
		Input: []int{im.Height, im.Width, im.Channels},
	}
	ds.Train, ds.TrainY = imagesData(im.Subset(trainIdx))
	ds.Valid, ds.ValidY = imagesData(im.Subset(validIdx))
	ds.Test, ds.TestY = imagesData(im.Subset(testIdx))
	fmt.Printf("%s: %d training, %d validation, %d test images of %dx%d, %d channel(s), classes %s\n",
		o.Images, len(ds.TrainY), len(ds.ValidY), len(ds.TestY), im.Height, im.Width, im.Channels, strings.Join(im.ClassNames, ", "))
	return ds, nil
}

// CheckLoaded checks that a model loaded with -load was trained on data
// like the user's: the same class names (nil when the model has none saved)
// and the same schema columns.
func (o *OwnData) CheckLoaded(load string, classes, wantClasses []string, schema *data.Schema, columns []string) error {
	if classes != nil && !slices.Equal(classes, wantClasses) {
		return fmt.Errorf("-load %s was trained on classes %s, the data has %s", load, strings.Join(classes, ", "), strings.Join(wantClasses, ", "))
	}
	if o.CSV == "" {
		return nil
	}
	if schema == nil {
		return fmt.Errorf("-load %s was not trained on a CSV file", load)
	}
	if !slices.Equal(schema.Columns, columns) {
		return fmt.Errorf("-load %s takes columns %s, -csv %s has %s", load, strings.Join(schema.Columns, ", "), o.CSV, strings.Join(columns, ", "))
	}
	return nil
}

// ColumnList resolves a comma-separated list of column names (or 0-based
// indices) against the columns of a table, for flags such as widedeep's
// -wide and -deep; flag names the flag in errors.
func ColumnList(flag, list string, columns []string) ([]int, error) {
	var out []int
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		j := slices.Index(columns, name)
		if j < 0 {
			if k, err := strconv.Atoi(name); err == nil && k >= 0 && k < len(columns) {
				j = k
			}
		}
		if j < 0 {
			return nil, fmt.Errorf("-%s: no column %q (columns: %s)", flag, name, strings.Join(columns, ", "))
		}
		if slices.Contains(out, j) {
			return nil, fmt.Errorf("-%s: column %q twice", flag, columns[j])
		}
		out = append(out, j)
	}
	return out, nil
}
