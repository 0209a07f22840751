package data

import "fmt"

// Table is a tabular dataset: one row of float64 features per example and one target per row.
//
// A Table's methods never modify it. Subset and Columns return tables whose rows are fresh copies,
// so a caller may scale or edit the result in place without touching the original.
type Table struct {
	Name       string
	Features   []string // column names
	X          [][]float64
	Y          []float64 // class index for classification, value for regression
	ClassNames []string  // nil for regression
}

// Len returns the number of rows (examples).
func (t Table) Len() int { return len(t.X) }

// NumFeatures returns the number of feature columns.
func (t Table) NumFeatures() int {
	if len(t.X) > 0 {
		return len(t.X[0])
	}
	return len(t.Features)
}

// Subset returns the rows idx, in that order; an index may repeat. The rows are copied into one new
// backing array, so scaling the subset in place leaves t unchanged. Feature and class names are
// shared, since nothing in gozoo writes them. Subset panics if an index is out of range, like a
// slice index.
func (t Table) Subset(idx []int) Table {
	k := t.NumFeatures()
	buf := make([]float64, len(idx)*k)
	x := make([][]float64, len(idx))
	var y []float64
	if t.Y != nil {
		y = make([]float64, len(idx))
	}
	for i, r := range idx {
		row := buf[i*k : (i+1)*k : (i+1)*k]
		copy(row, t.X[r])
		x[i] = row
		if y != nil {
			y[i] = t.Y[r]
		}
	}
	return Table{Name: t.Name, Features: t.Features, X: x, Y: y, ClassNames: t.ClassNames}
}

// Columns returns a table that keeps only the given feature columns, in the given order, with
// rows copied as in Subset. The notebook's two-input Wide & Deep model feeds Columns(0,1,2,3,4) to
// one input and Columns(2,3,4,5,6,7) to the other. Columns panics if a column is out of range.
func (t Table) Columns(cols ...int) Table {
	k := t.NumFeatures()
	for _, c := range cols {
		if c < 0 || c >= k {
			panic(fmt.Sprintf("data: column %d out of range for %d features", c, k))
		}
	}
	var names []string
	if len(t.Features) == k {
		names = make([]string, len(cols))
		for i, c := range cols {
			names[i] = t.Features[c]
		}
	}
	buf := make([]float64, len(t.X)*len(cols))
	x := make([][]float64, len(t.X))
	for i, src := range t.X {
		row := buf[i*len(cols) : (i+1)*len(cols) : (i+1)*len(cols)]
		for j, c := range cols {
			row[j] = src[c]
		}
		x[i] = row
	}
	var y []float64
	if t.Y != nil {
		y = append([]float64(nil), t.Y...)
	}
	return Table{Name: t.Name, Features: names, X: x, Y: y, ClassNames: t.ClassNames}
}

// Labels returns Y as class indices. It is meant for classification tables, whose targets are
// whole numbers; other values are truncated toward zero.
func (t Table) Labels() []int {
	out := make([]int, len(t.Y))
	for i, v := range t.Y {
		out[i] = int(v)
	}
	return out
}

// Flat32 returns X row-major as float32, Len()*NumFeatures() values: the layout a batch tensor of
// shape (rows, features) wants.
func (t Table) Flat32() []float32 {
	k := t.NumFeatures()
	out := make([]float32, 0, len(t.X)*k)
	for _, row := range t.X {
		for _, v := range row {
			out = append(out, float32(v))
		}
	}
	return out
}

// Targets32 returns Y as float32.
func (t Table) Targets32() []float32 {
	out := make([]float32, len(t.Y))
	for i, v := range t.Y {
		out[i] = float32(v)
	}
	return out
}
