package data

import (
	"slices"
	"testing"
)

func tabSample() Table {
	return Table{
		Name:       "sample",
		Features:   []string{"a", "b", "c"},
		X:          [][]float64{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}},
		Y:          []float64{0, 1, 2},
		ClassNames: []string{"p", "q", "r"},
	}
}

func TestTableSizes(t *testing.T) {
	tests := []struct {
		name      string
		tab       Table
		rows, col int
	}{
		{"sample", tabSample(), 3, 3},
		{"empty with names", Table{Features: []string{"a", "b"}}, 0, 2},
		{"zero", Table{}, 0, 0},
	}
	for _, tt := range tests {
		if tt.tab.Len() != tt.rows || tt.tab.NumFeatures() != tt.col {
			t.Errorf("%s: Len %d NumFeatures %d, want %d %d", tt.name, tt.tab.Len(), tt.tab.NumFeatures(), tt.rows, tt.col)
		}
	}
}

func TestTableSubset(t *testing.T) {
	orig := tabSample()
	sub := orig.Subset([]int{2, 0, 2})
	want := [][]float64{{7, 8, 9}, {1, 2, 3}, {7, 8, 9}}
	if !slices.EqualFunc(sub.X, want, slices.Equal) || !slices.Equal(sub.Y, []float64{2, 0, 2}) {
		t.Fatalf("Subset = %v %v", sub.X, sub.Y)
	}
	if sub.Name != "sample" || !slices.Equal(sub.Features, orig.Features) || !slices.Equal(sub.ClassNames, orig.ClassNames) {
		t.Errorf("Subset lost the names: %+v", sub)
	}
	// Scaling a subset in place, as a training loop might, must leave the source alone, and
	// repeated rows must not alias each other either.
	sub.X[0][0] = -1
	if orig.X[2][0] != 7 || sub.X[2][0] != 7 {
		t.Error("Subset rows alias the source or each other")
	}
	// Appending to one row must not overwrite the next one in the shared backing array.
	_ = append(sub.X[0], 100)
	if sub.X[1][0] != 1 {
		t.Error("appending to a Subset row overwrote its neighbour")
	}
	if empty := orig.Subset(nil); empty.Len() != 0 || len(empty.Y) != 0 {
		t.Errorf("Subset(nil) = %+v", empty)
	}
}

func TestTableColumns(t *testing.T) {
	orig := tabSample()
	c := orig.Columns(2, 0)
	if !slices.Equal(c.Features, []string{"c", "a"}) {
		t.Errorf("features %q", c.Features)
	}
	if !slices.EqualFunc(c.X, [][]float64{{3, 1}, {6, 4}, {9, 7}}, slices.Equal) {
		t.Errorf("X = %v", c.X)
	}
	c.X[0][0], c.Y[0] = -1, -1
	if orig.X[0][2] != 3 || orig.Y[0] != 0 {
		t.Error("Columns aliases the source")
	}
	if c.NumFeatures() != 2 {
		t.Errorf("NumFeatures %d", c.NumFeatures())
	}
	defer func() {
		if recover() == nil {
			t.Error("Columns(3) of a 3-feature table did not panic")
		}
	}()
	orig.Columns(3)
}

func TestTableConversions(t *testing.T) {
	tab := tabSample()
	tab.Y = []float64{0, 2, 1}
	if got := tab.Labels(); !slices.Equal(got, []int{0, 2, 1}) {
		t.Errorf("Labels %v", got)
	}
	if got := tab.Flat32(); !slices.Equal(got, []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}) {
		t.Errorf("Flat32 %v", got)
	}
	if got := tab.Targets32(); !slices.Equal(got, []float32{0, 2, 1}) {
		t.Errorf("Targets32 %v", got)
	}
	if got := (Table{}).Flat32(); len(got) != 0 {
		t.Errorf("empty Flat32 %v", got)
	}
}
