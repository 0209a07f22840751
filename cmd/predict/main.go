// Command predict runs a saved gozoo model on new examples and prints one
// JSON line per example, for a pipe or a file:
//
//	go run ./cmd/predict -model out/cnn-images/model.gozoo examples/fashion/bag/00018.png
//	{"input":"examples/fashion/bag/00018.png","class":"bag","probabilities":{"bag":0.91,...}}
//
//	go run ./cmd/predict -model out/mlpreg-csv/model.gozoo examples/housing.csv
//	{"input":"examples/housing.csv","row":1,"value":0.61}
//
// The model file says what kind of model it is. Classifiers trained on
// images (cmd/cnn, cmd/mlpcls on Fashion-MNIST, MNIST or -images) take PNG
// or JPEG files of their input size; models trained on a table (-csv, and
// cmd/mlpreg and cmd/widedeep on California housing) take CSV files whose
// header names the model's columns, in any order, other columns ignored. A
// CSV file "-" is read from standard input. Classes are named as in
// training: by folder names, CSV labels, or the dataset's class names.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/internal/cli"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/cnn"
	"github.com/gozoo/gozoo/zoo/mlpcls"
	"github.com/gozoo/gozoo/zoo/mlpreg"
	"github.com/gozoo/gozoo/zoo/widedeep"
)

func main() {
	cli.Main("predict", func(ctx context.Context, args []string) error { return run(ctx, args, os.Stdin, os.Stdout) })
}

// predictor is a loaded model, ready for the files of the command line.
type predictor struct {
	// images, for a model that takes images, is their channel count and
	// shape; 0 for a model that takes table rows.
	channels int
	// classes names the classes of a classifier; nil for a regressor.
	classes []string
	// onImages and onTable predict; the one that does not fit is nil.
	onImages func(data.Images) ([]nn.ClassPrediction, error)
	onTable  func(data.Table) ([]nn.ClassPrediction, []float64, error)
	schema   *data.Schema
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("predict", flag.ContinueOnError)
	model := fs.String("model", "", "the saved model `file` (model.gozoo of a training command's -out)")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, "Usage: predict -model FILE IMAGES... | CSV-FILES... (- for standard input)")
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return err
		}
		return fmt.Errorf("%w (run with -h for the flags)", err)
	}
	if *model == "" {
		return errors.New("-model: which model? Give -model FILE, then the images or CSV files to predict")
	}
	files := fs.Args()
	if len(files) == 0 {
		return fmt.Errorf("no input: give the images or CSV files to predict after -model %s", *model)
	}
	p, err := load(*model)
	if err != nil {
		return fmt.Errorf("-model %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", nn.ErrInterrupted, err)
	}
	out := bufio.NewWriter(stdout)
	w := &jsonLines{w: out}
	if p.onImages != nil {
		err = p.images(files, w)
	} else {
		for _, file := range files {
			if err = ctx.Err(); err != nil {
				err = fmt.Errorf("%w: %w", nn.ErrInterrupted, err)
				break
			}
			if err = p.table(file, stdin, w); err != nil {
				break
			}
		}
	}
	// The lines of the files before a bad one are written all the same.
	if ferr := out.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("writing the predictions: %w", ferr)
	}
	return err
}

// load reads the model file, whatever its kind.
func load(path string) (*predictor, error) {
	mf, err := nn.ReadFile(path)
	if err != nil {
		return nil, err
	}
	p := &predictor{}
	switch mf.Kind {
	case cnn.Kind:
		m, _, err := nn.LoadFile[cnn.Config](path)
		if err != nil {
			return nil, err
		}
		p.setImages(m.Config.Input, m.Config.Classes, m.Config.ClassNames, m.PredictImages)
	case mlpcls.Kind:
		m, _, err := nn.LoadFile[mlpcls.Config](path)
		if err != nil {
			return nil, err
		}
		if m.Config.Schema == nil && len(m.Config.Input) == 1 {
			return nil, fmt.Errorf("%s: a table classifier saved without its columns and scaler (by an older mlpcls -dataset iris): train it again to predict from a CSV file", path)
		}
		if m.Config.Schema != nil {
			p.setTable(m.Config.Schema, m.Config.ClassNames, func(t data.Table) ([]nn.ClassPrediction, []float64, error) {
				c, err := m.PredictTable(t)
				return c, nil, err
			})
			break
		}
		p.setImages(m.Config.Input, m.Config.Classes, m.Config.ClassNames, m.PredictImages)
	case mlpreg.Kind:
		m, _, err := nn.LoadFile[mlpreg.Config](path)
		if err != nil {
			return nil, err
		}
		p.setRegressor(m.Config.Schema, m.PredictTable)
	case widedeep.Kind:
		m, _, err := nn.LoadFile[widedeep.Config](path)
		if err != nil {
			return nil, err
		}
		p.setRegressor(m.Config.Schema, m.PredictTable)
	default:
		return nil, fmt.Errorf("%s: predict does not run %q models (it runs cnn, mlpcls, mlpreg and widedeep)", path, mf.Kind)
	}
	if p.onTable != nil && p.schema == nil {
		return nil, fmt.Errorf("%s: saved without its column names (by an older gozoo): train it again to predict from a CSV file", path)
	}
	return p, nil
}

// setImages makes p predict images of the model input shape.
func (p *predictor) setImages(input []int, classes int, names []string, predict func(data.Images) ([]nn.ClassPrediction, error)) {
	p.channels = 1
	if len(input) == 3 {
		p.channels = input[2]
	}
	p.classes = classNames(names, classes)
	p.onImages = predict
}

// setRegressor makes p predict a value for each row of CSV files.
func (p *predictor) setRegressor(schema *data.Schema, predict func(data.Table) ([]float64, error)) {
	p.setTable(schema, nil, func(t data.Table) ([]nn.ClassPrediction, []float64, error) {
		v, err := predict(t)
		return nil, v, err
	})
}

// setTable makes p predict the rows of CSV files read by schema.
func (p *predictor) setTable(schema *data.Schema, names []string, predict func(data.Table) ([]nn.ClassPrediction, []float64, error)) {
	p.schema, p.onTable = schema, predict
	if names != nil {
		p.classes = names
	}
}

// classNames are the saved names, else the class numbers (a model saved
// before gozoo saved names).
func classNames(names []string, classes int) []string {
	if names != nil {
		return names
	}
	out := make([]string, classes)
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}

// images predicts image files, all of one size.
func (p *predictor) images(files []string, w *jsonLines) error {
	for _, f := range files {
		if strings.HasSuffix(strings.ToLower(f), ".csv") || f == "-" {
			return fmt.Errorf("%s: the model takes images (PNG or JPEG), not a CSV file", f)
		}
	}
	im, err := data.ReadImageFiles(files, p.channels)
	if err != nil {
		return err
	}
	preds, err := p.onImages(im)
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	for i, pr := range preds {
		w.class(files[i], 0, p.classes, pr)
	}
	return w.err
}

// table predicts the rows of a CSV file ("-" for stdin).
func (p *predictor) table(file string, stdin io.Reader, w *jsonLines) error {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".png", ".jpg", ".jpeg":
		return fmt.Errorf("%s: the model takes the rows of a CSV file (columns %s), not images", file, strings.Join(p.schema.Columns, ", "))
	}
	var r io.Reader = stdin
	if file != "-" {
		fh, err := os.Open(file)
		if err != nil {
			return err
		}
		defer fh.Close()
		r = fh
	}
	t, err := data.ReadCSVRows(r, file, p.schema)
	if err != nil {
		return err
	}
	classes, values, err := p.onTable(t)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	for i, c := range classes {
		w.class(file, i+1, p.classes, c)
	}
	for i, v := range values {
		w.value(file, i+1, v)
	}
	return w.err
}

// jsonLines writes one JSON object a line, keeping the first write error.
type jsonLines struct {
	w   io.Writer
	err error
	buf []byte
}

// class writes a classifier's prediction for input (row > 0 for a CSV row):
// the class and each class's probability, in the classes' order.
func (j *jsonLines) class(input string, row int, classes []string, p nn.ClassPrediction) {
	b := j.start(input, row)
	b = append(b, `,"class":`...)
	b = appendString(b, classes[p.Class])
	b = append(b, `,"probabilities":{`...)
	for i, v := range p.Probabilities {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, classes[i])
		b = append(b, ':')
		b = appendFloat(b, float64(v))
	}
	j.end(append(b, '}'))
}

// value writes a regressor's prediction for row of input.
func (j *jsonLines) value(input string, row int, v float64) {
	b := j.start(input, row)
	b = append(b, `,"value":`...)
	b = appendFloat(b, v)
	j.end(b)
}

func (j *jsonLines) start(input string, row int) []byte {
	b := append(j.buf[:0], `{"input":`...)
	b = appendString(b, input)
	if row > 0 {
		b = append(b, `,"row":`...)
		b = strconv.AppendInt(b, int64(row), 10)
	}
	return b
}

func (j *jsonLines) end(b []byte) {
	b = append(b, "}\n"...)
	j.buf = b
	if j.err == nil {
		_, j.err = j.w.Write(b)
	}
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// appendFloat appends v in the shortest form that reads back as the same
// float32, the precision the models compute in; null for NaN or an
// infinity, which JSON has no number for.
func appendFloat(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, float64(float32(v)), 'g', -1, 32)
}
