package data

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
)

// tabMaxPrealloc bounds what a header's declared counts can make us allocate up front, so that a
// corrupt header claiming billions of rows fails on the row count instead of exhausting memory.
const tabMaxPrealloc = 1 << 16

// ReadSklearnCSV reads a classification dataset in the format of scikit-learn's bundled CSV files
// (sklearn/datasets/data/iris.csv and friends): a header row "n_samples,n_features,class names...",
// then n_samples rows of n_features numbers followed by a class index. Features are named
// "x0", "x1", ... since the format carries no column names. name is the file name used in errors,
// which give the 1-based line and column of the first problem.
func ReadSklearnCSV(r io.Reader, name string) (Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // the header is shorter or longer than the rows: check counts ourselves
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err == io.EOF {
		return Table{}, fmt.Errorf("%s: empty file, want a header row \"n_samples,n_features,class names...\"", name)
	}
	if err != nil {
		return Table{}, tabCSVError(name, err)
	}
	if len(header) < 3 {
		return Table{}, fmt.Errorf("%s line 1: header has %d columns, want \"n_samples,n_features,class names...\"", name, len(header))
	}
	nSamples, err := tabCount(header[0])
	if err != nil {
		return Table{}, fmt.Errorf("%s line 1: column 1: n_samples %w", name, err)
	}
	nFeatures, err := tabCount(header[1])
	if err != nil {
		return Table{}, fmt.Errorf("%s line 1: column 2: n_features %w", name, err)
	}
	if nSamples == 0 || nFeatures == 0 {
		return Table{}, fmt.Errorf("%s line 1: header declares %d samples of %d features, want at least one of each", name, nSamples, nFeatures)
	}
	classes := make([]string, len(header)-2)
	for i, c := range header[2:] {
		classes[i] = strings.TrimSpace(c)
		if classes[i] == "" {
			return Table{}, fmt.Errorf("%s line 1: column %d: empty class name", name, i+3)
		}
	}

	t := Table{
		Name:       strings.TrimSuffix(filepath.Base(name), ".csv"),
		X:          make([][]float64, 0, min(nSamples, tabMaxPrealloc)),
		Y:          make([]float64, 0, min(nSamples, tabMaxPrealloc)),
		ClassNames: classes,
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Table{}, tabCSVError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(t.X) == nSamples {
			return Table{}, fmt.Errorf("%s line %d: more rows than the %d the header declares", name, line, nSamples)
		}
		if len(rec) != nFeatures+1 {
			return Table{}, fmt.Errorf("%s line %d: %d columns, want %d features and a class index", name, line, len(rec), nFeatures)
		}
		row := make([]float64, nFeatures)
		for j := range row {
			v, err := tabFloat(rec[j])
			if err != nil {
				return Table{}, fmt.Errorf("%s line %d: column %d: %w", name, line, j+1, err)
			}
			row[j] = v
		}
		last := strings.TrimSpace(rec[nFeatures])
		class, err := strconv.Atoi(last)
		switch {
		case last == "":
			return Table{}, fmt.Errorf("%s line %d: column %d: missing class index", name, line, nFeatures+1)
		case err != nil:
			return Table{}, fmt.Errorf("%s line %d: column %d: %q is not a class index", name, line, nFeatures+1, last)
		case class < 0 || class >= len(classes):
			return Table{}, fmt.Errorf("%s line %d: column %d: class index %d out of range [0, %d)", name, line, nFeatures+1, class, len(classes))
		}
		t.X = append(t.X, row)
		t.Y = append(t.Y, float64(class))
	}
	if len(t.X) != nSamples {
		return Table{}, fmt.Errorf("%s: %d rows, but the header declares %d", name, len(t.X), nSamples)
	}
	// Named only now that a full row proves nFeatures is real, not a corrupt header's huge count.
	t.Features = make([]string, nFeatures)
	for i := range t.Features {
		t.Features[i] = "x" + strconv.Itoa(i)
	}
	return t, nil
}

// tabCSVError gives encoding/csv's syntax errors the file-and-line form of the other errors.
func tabCSVError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s line %d: column %d: %w", name, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// tabCount parses a header count. The result is reported as "<what> <err>" by the caller.
func tabCount(s string) (int, error) {
	s = strings.TrimSpace(s)
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a count", s)
	}
	return n, nil
}

// tabFloat parses one feature value. NaN and infinities are refused: the loaders' callers scale and
// train on these values, and one NaN would silently poison every weight.
func tabFloat(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("missing value")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return 0, fmt.Errorf("%q is out of float64 range", s)
		}
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return v, nil
}
