package data

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestReadCSV(t *testing.T) {
	src := "\ufeffa, b ,price\n1,2,3.5\n4,5,6\n7,8,-1e3\n"
	tab, err := ReadCSV(strings.NewReader(src), "x.csv", CSVOptions{Target: "b"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tab.Features, []string{"a", "price"}) || tab.Name != "x" || tab.Len() != 3 ||
		!slices.Equal(tab.X[2], []float64{7, -1000}) || !slices.Equal(tab.Y, []float64{2, 5, 8}) || tab.ClassNames != nil {
		t.Errorf("got %+v", tab)
	}
}

func TestReadCSVClasses(t *testing.T) {
	for _, c := range []struct {
		labels, names string
		y             []float64
	}{
		{"10,2,2,-1", "-1 2 10", []float64{2, 1, 1, 0}}, // integers: numeric order
		{"b,a,c,a", "a b c", []float64{1, 0, 2, 0}},
		{"1,x,1,x", "1 x", []float64{0, 1, 0, 1}},
	} {
		src := "f,label\n"
		for i, l := range strings.Split(c.labels, ",") {
			src += strings.Repeat("1", i+1) + "," + l + "\n"
		}
		tab, err := ReadCSV(strings.NewReader(src), "c.csv", CSVOptions{Target: "label", Classify: true})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(tab.ClassNames, " ") != c.names || !slices.Equal(tab.Y, c.y) {
			t.Errorf("labels %s: classes %q, y %v, want %s, %v", c.labels, tab.ClassNames, tab.Y, c.names, c.y)
		}
	}
}

func TestReadCSVMissing(t *testing.T) {
	src := "a,b,y\n1,,3\n3,NA,4\n5,6,5\n"
	_, err := ReadCSV(strings.NewReader(src), "m.csv", CSVOptions{Target: "y"})
	if err == nil || err.Error() != `m.csv line 2, column "b": missing value (-impute mean fills missing cells with the training rows' mean)` {
		t.Errorf("missing refused: %v", err)
	}
	tab, err := ReadCSV(strings.NewReader(src), "m.csv", CSVOptions{Target: "y", AllowMissing: true})
	if err != nil {
		t.Fatal(err)
	}
	means, err := ImputeMeans(tab.X)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(means, []float64{3, 6}) {
		t.Errorf("means %v, want [3 6]", means)
	}
	s := &Schema{Columns: tab.Features, Target: "y", Impute: means}
	if err := s.Fill(tab); err != nil {
		t.Fatal(err)
	}
	if tab.X[0][1] != 6 || tab.X[1][1] != 6 {
		t.Errorf("filled %v", tab.X)
	}
	if err := (&Schema{Columns: []string{"a"}}).Fill(Table{Features: []string{"a"}, X: [][]float64{{math.NaN()}}}); err == nil ||
		err.Error() != `row 1, column "a": missing value` {
		t.Errorf("fill without impute values: %v", err)
	}
	if _, err := ImputeMeans([][]float64{{1, math.NaN()}}); err == nil || !strings.Contains(err.Error(), "column 2 has no value") {
		t.Errorf("all-missing column: %v", err)
	}
}

func TestReadCSVRows(t *testing.T) {
	s := &Schema{Columns: []string{"b", "a"}, Target: "y", Impute: []float64{10, 20}}
	tab, err := ReadCSVRows(strings.NewReader("a,zz,b\n1,x,2\n,y,4\n"), "p.csv", s)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tab.X[0], []float64{2, 1}) || !slices.Equal(tab.X[1], []float64{4, 20}) || tab.Y != nil {
		t.Errorf("rows %v", tab.X)
	}
	if _, err := ReadCSVRows(strings.NewReader("a,c\n1,2\n"), "p.csv", s); err == nil || err.Error() != `p.csv: no column "b" in the header: the model takes b, a` {
		t.Errorf("missing column: %v", err)
	}
}

// TestReadCSVErrors: every bad file gets one line naming the file, and the
// line and column of a bad cell.
func TestReadCSVErrors(t *testing.T) {
	for _, c := range []struct {
		src, target string
		classify    bool
		want        string
	}{
		{"", "y", false, "x.csv: empty file, want a header row of column names"},
		{"a,y\n", "y", false, "x.csv: no data rows after the header"},
		{"a,y\n1,2\n", "", false, "x.csv: no target column given"},
		{"a,y\n1,2\n", "z", false, `x.csv: no column "z" in the header (columns: a, y)`},
		{"y\n1\n", "y", false, `x.csv: no feature column besides the target "y"`},
		{"1.5,2\n1,2\n", "2", false, `x.csv line 1: "1.5" is a number, want a header row of column names`},
		{"a,,y\n1,2,3\n", "y", false, "x.csv line 1: column 2 has no name"},
		{"a,a,y\n1,2,3\n", "y", false, `x.csv line 1: columns 1 and 2 are both named "a"`},
		{"a,b,y\n1,2,3\n4,abc,6\n", "y", false, `x.csv line 3, column "b": "abc" is not a number`},
		{"a,b,y\n1,2,3\n4,inf,6\n", "y", false, `x.csv line 3, column "b": "inf" is not a finite number`},
		{"a,y\n1,2\n3,\n", "y", false, `x.csv line 3, column "y": missing target`},
		{"a,y\n1,2\n3,z\n", "y", false, `x.csv line 3, column "y": "z" is not a number`},
		{"a,y\n1,2\n3,4,5\n", "y", false, "x.csv line 3: column 1: wrong number of fields"},
		{"a,y\n1,2\n3,\"4\n", "y", false, "x.csv line 3: column"},
		{"a,y\n1,c\n3,c\n", "y", true, `x.csv, column "y": one class label only ("c"): a classifier needs two or more`},
	} {
		_, err := ReadCSV(strings.NewReader(c.src), "x.csv", CSVOptions{Target: c.target, Classify: c.classify})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error %v, want %q", c.src, err, c.want)
		}
	}
}

// TestReadCSVLimits: a file with too many classes or cells fails before it
// takes all memory.
func TestReadCSVLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,y\n")
	for i := range MaxClasses + 1 {
		b.WriteString("1,c" + strconv.Itoa(i) + "\n")
	}
	_, err := ReadCSV(strings.NewReader(b.String()), "x.csv", CSVOptions{Target: "y", Classify: true})
	if err == nil || !strings.Contains(err.Error(), "more than 1000 distinct class labels") {
		t.Errorf("too many classes: %v", err)
	}
	head := strings.Repeat("c,", MaxCSVColumns) + "y\n"
	if _, err := ReadCSV(strings.NewReader(head), "x.csv", CSVOptions{Target: "y"}); err == nil || !strings.Contains(err.Error(), "more than the 10000 allowed") {
		t.Errorf("too many columns: %v", err)
	}
}
