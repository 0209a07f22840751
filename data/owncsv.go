package data

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Limits on a user's CSV file, checked as it is read, so that a huge or
// corrupt file fails with a clear error before it exhausts memory.
const (
	// MaxCSVColumns is the most columns a CSV file may have.
	MaxCSVColumns = 10_000
	// MaxCSVCells is the most numeric cells a CSV file may hold (rows times
	// feature columns): 32 M cells, 256 MB of float64.
	MaxCSVCells = 1 << 25
	// MaxClasses is the most distinct class labels a classification target
	// may have.
	MaxClasses = 1000
)

// Schema is what a model trained on a user's table remembers of it, so that
// new rows are read the same way: the feature columns in the order the
// model takes them, the target's name, and the values that stand in for
// missing cells. Models save it with their weights.
type Schema struct {
	// Columns names the feature columns, in the model's order.
	Columns []string `json:"columns"`
	// Target names the target column.
	Target string `json:"target"`
	// Impute, when set, holds one value per column that replaces a missing
	// cell: the column's mean over the training rows. Nil refuses missing
	// cells.
	Impute []float64 `json:"impute,omitempty"`
}

// CSVOptions says how ReadCSV reads a user's table.
type CSVOptions struct {
	// Target names the target column; it is required.
	Target string
	// Classify reads the target as class labels, integers or strings,
	// numbered in sorted order (numerically when every label is an
	// integer) into Table.ClassNames. Otherwise the target is a number.
	Classify bool
	// AllowMissing reads missing feature cells (empty, NA, N/A, NaN, null,
	// ?) as NaN instead of refusing them; call ImputeMeans on the training
	// rows, then Schema.Fill, to replace them. A missing target is always
	// refused.
	AllowMissing bool
}

// missingCell tells whether a CSV cell means "no value".
func missingCell(s string) bool {
	switch strings.ToLower(s) {
	case "", "na", "n/a", "nan", "null", "?":
		return true
	}
	return false
}

// ReadCSV reads a table from a CSV file with a header row of column names:
// every column but the target must hold numbers. name is the file name
// used in errors, each one line naming the line and column of the first bad
// cell, such as `housing.csv line 12, column "AveRooms": "abc" is not a
// number`.
func ReadCSV(r io.Reader, name string, opt CSVOptions) (Table, error) {
	if opt.Target == "" {
		return Table{}, fmt.Errorf("%s: no target column given", name)
	}
	cr, header, err := readHeader(r, name)
	if err != nil {
		return Table{}, err
	}
	target := slices.Index(header, opt.Target)
	if target < 0 {
		return Table{}, fmt.Errorf("%s: no column %q in the header (columns: %s)", name, opt.Target, strings.Join(header, ", "))
	}
	var features []string
	var cols []int
	for j, h := range header {
		if j != target {
			features, cols = append(features, h), append(cols, j)
		}
	}
	if len(features) == 0 {
		return Table{}, fmt.Errorf("%s: no feature column besides the target %q", name, opt.Target)
	}
	t := Table{Name: strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)), Features: features}
	var labels []string
	err = readRows(cr, name, header, cols, target, opt.AllowMissing, &t, func(line int, cell string) error {
		if missingCell(cell) {
			return fmt.Errorf("%s line %d, column %q: missing target", name, line, opt.Target)
		}
		if opt.Classify {
			labels = append(labels, cell)
			return nil
		}
		v, err := tabFloat(cell)
		if err != nil {
			return fmt.Errorf("%s line %d, column %q: %w", name, line, opt.Target, err)
		}
		t.Y = append(t.Y, v)
		return nil
	})
	if err != nil {
		return Table{}, err
	}
	if opt.Classify {
		if t.ClassNames, t.Y, err = classIndices(labels); err != nil {
			return Table{}, fmt.Errorf("%s, column %q: %w", name, opt.Target, err)
		}
	}
	return t, nil
}

// ReadCSVRows reads the rows of a CSV file for a model trained on a table
// with schema s: the header must name every one of s's columns (in any
// order; other columns, the target among them, are ignored). Missing cells
// get s.Impute's values, or are refused when it is nil. The table has no
// targets.
func ReadCSVRows(r io.Reader, name string, s *Schema) (Table, error) {
	cr, header, err := readHeader(r, name)
	if err != nil {
		return Table{}, err
	}
	cols := make([]int, len(s.Columns))
	for i, c := range s.Columns {
		if cols[i] = slices.Index(header, c); cols[i] < 0 {
			return Table{}, fmt.Errorf("%s: no column %q in the header: the model takes %s", name, c, strings.Join(s.Columns, ", "))
		}
	}
	t := Table{Name: strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)), Features: slices.Clone(s.Columns)}
	if err := readRows(cr, name, header, cols, -1, s.Impute != nil, &t, nil); err != nil {
		return Table{}, err
	}
	if err := s.Fill(t); err != nil {
		return Table{}, fmt.Errorf("%s: %w", name, err)
	}
	return t, nil
}

// readHeader reads the header row and checks its names.
func readHeader(r io.Reader, name string) (*csv.Reader, []string, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("%s: empty file, want a header row of column names", name)
	}
	if err != nil {
		return nil, nil, tabCSVError(name, err)
	}
	if len(head) > MaxCSVColumns {
		return nil, nil, fmt.Errorf("%s line 1: %d columns, more than the %d allowed", name, len(head), MaxCSVColumns)
	}
	header := make([]string, len(head))
	for j, h := range head {
		header[j] = strings.TrimSpace(h)
		if j == 0 {
			header[j] = strings.TrimPrefix(header[j], "\ufeff") // a spreadsheet's byte-order mark
		}
		if header[j] == "" {
			return nil, nil, fmt.Errorf("%s line 1: column %d has no name", name, j+1)
		}
		if _, err := strconv.ParseFloat(header[j], 64); err == nil && j == 0 {
			return nil, nil, fmt.Errorf("%s line 1: %q is a number, want a header row of column names", name, header[j])
		}
		if k := slices.Index(header[:j], header[j]); k >= 0 {
			return nil, nil, fmt.Errorf("%s line 1: columns %d and %d are both named %q", name, k+1, j+1, header[j])
		}
	}
	return cr, header, nil
}

// readRows reads the data rows into t.X, the feature cells from the columns
// cols; target, unless nil, gets each row's line and its cell in column
// targetCol.
func readRows(cr *csv.Reader, name string, header []string, cols []int, targetCol int, allowMissing bool, t *Table, target func(line int, cell string) error) error {
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return tabCSVError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if (len(t.X)+1)*len(cols) > MaxCSVCells {
			return fmt.Errorf("%s line %d: more than %d cells, the most gozoo reads", name, line, MaxCSVCells)
		}
		row := make([]float64, len(cols))
		for i, j := range cols {
			cell := strings.TrimSpace(rec[j])
			if missingCell(cell) {
				if !allowMissing {
					return fmt.Errorf("%s line %d, column %q: missing value (-impute mean fills missing cells with the training rows' mean)", name, line, header[j])
				}
				row[i] = math.NaN()
				continue
			}
			v, err := tabFloat(cell)
			if err != nil {
				return fmt.Errorf("%s line %d, column %q: %w", name, line, header[j], err)
			}
			row[i] = v
		}
		if target != nil {
			if err := target(line, strings.TrimSpace(rec[targetCol])); err != nil {
				return err
			}
		}
		t.X = append(t.X, row)
	}
	if len(t.X) == 0 {
		return fmt.Errorf("%s: no data rows after the header", name)
	}
	return nil
}

// classIndices numbers the distinct labels in sorted order, numerically if
// they are all integers, and returns the names and each row's index.
func classIndices(labels []string) (names []string, y []float64, err error) {
	index := map[string]int{}
	for _, l := range labels {
		if _, ok := index[l]; !ok {
			if len(index) == MaxClasses {
				return nil, nil, fmt.Errorf("more than %d distinct class labels: is it a regression target?", MaxClasses)
			}
			index[l] = 0
			names = append(names, l)
		}
	}
	if len(names) < 2 {
		return nil, nil, fmt.Errorf("one class label only (%q): a classifier needs two or more", names[0])
	}
	numeric := true
	for _, n := range names {
		if _, err := strconv.Atoi(n); err != nil {
			numeric = false
			break
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		if numeric {
			x, _ := strconv.Atoi(a)
			y, _ := strconv.Atoi(b)
			return x - y
		}
		return strings.Compare(a, b)
	})
	for i, n := range names {
		index[n] = i
	}
	y = make([]float64, len(labels))
	for i, l := range labels {
		y[i] = float64(index[l])
	}
	return names, y, nil
}

// ImputeMeans returns the mean of each column of X over its finite values,
// the values a Schema's Impute holds: fit on the training rows only, so
// that the validation and test rows do not leak into training.
func ImputeMeans(X [][]float64) ([]float64, error) {
	if len(X) == 0 {
		return nil, errors.New("impute: no rows")
	}
	k := len(X[0])
	sum, n := make([]float64, k), make([]int, k)
	for _, row := range X {
		for j, v := range row {
			if !math.IsNaN(v) {
				sum[j] += v
				n[j]++
			}
		}
	}
	for j := range sum {
		if n[j] == 0 {
			return nil, fmt.Errorf("impute: column %d has no value in the training rows", j+1)
		}
		sum[j] /= float64(n[j])
	}
	return sum, nil
}

// Fill replaces the missing (NaN) cells of t in place with s.Impute's
// values; without them, a missing cell is an error naming its row and
// column.
func (s *Schema) Fill(t Table) error {
	if s.Impute != nil && len(s.Impute) != t.NumFeatures() {
		return fmt.Errorf("schema: %d impute values for %d columns", len(s.Impute), t.NumFeatures())
	}
	for i, row := range t.X {
		for j, v := range row {
			if !math.IsNaN(v) {
				continue
			}
			if s.Impute == nil {
				return fmt.Errorf("row %d, column %q: missing value", i+1, t.Features[j])
			}
			row[j] = s.Impute[j]
		}
	}
	return nil
}

// Check tells whether the schema fits a model taking features columns.
func (s *Schema) Check(features int) error {
	if len(s.Columns) != features {
		return fmt.Errorf("schema: %d columns for a model of %d features", len(s.Columns), features)
	}
	if s.Impute != nil && len(s.Impute) != features {
		return fmt.Errorf("schema: %d impute values for %d columns", len(s.Impute), features)
	}
	return nil
}
