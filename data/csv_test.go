package data

import (
	"errors"
	"math"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadSklearnCSV(t *testing.T) {
	in := "3,2,a,b\n1.5,2,0\n-3, 4e1 ,1\n0,0,1\n"
	tab, err := ReadSklearnCSV(strings.NewReader(in), "tiny.csv")
	if err != nil {
		t.Fatal(err)
	}
	if tab.Name != "tiny" || tab.Len() != 3 || tab.NumFeatures() != 2 {
		t.Fatalf("got %q with %d rows of %d features", tab.Name, tab.Len(), tab.NumFeatures())
	}
	if got := tab.X[1]; got[0] != -3 || got[1] != 40 {
		t.Errorf("row 1 = %v, want [-3 40]", got)
	}
	if got := tab.Labels(); got[0] != 0 || got[1] != 1 || got[2] != 1 {
		t.Errorf("labels %v", got)
	}
	if strings.Join(tab.Features, ",") != "x0,x1" || strings.Join(tab.ClassNames, ",") != "a,b" {
		t.Errorf("features %q classes %q", tab.Features, tab.ClassNames)
	}
}

func TestReadSklearnCSVErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "iris.csv: empty file"},
		{"header only", "2,1,a\n", "iris.csv: 0 rows, but the header declares 2"},
		{"short header", "2,1\n", "iris.csv line 1: header has 2 columns"},
		{"bad sample count", "x,1,a\n", `iris.csv line 1: column 1: n_samples "x" is not a count`},
		{"negative feature count", "1,-4,a\n", `iris.csv line 1: column 2: n_features "-4" is not a count`},
		{"zero features", "1,0,a\n0\n", "header declares 1 samples of 0 features"},
		{"empty class name", "1,1,a,,c\n1,0\n", "iris.csv line 1: column 4: empty class name"},
		{"bad number", "2,3,a\n1,2,3,0\n1,2,abc,0\n", `iris.csv line 3: column 3: "abc" is not a number`},
		{"missing value", "1,3,a\n1,,3,0\n", "iris.csv line 2: column 2: missing value"},
		{"NaN", "1,2,a\n1,NaN,0\n", `iris.csv line 2: column 2: "NaN" is not a finite number`},
		{"infinity", "1,2,a\n-Inf,1,0\n", `iris.csv line 2: column 1: "-Inf" is not a finite number`},
		{"out of range", "1,1,a\n1e999,0\n", `iris.csv line 2: column 1: "1e999" is out of float64 range`},
		{"too few columns", "1,4,a\n1,2,3,0\n", "iris.csv line 2: 4 columns, want 4 features and a class index"},
		{"too many columns", "1,1,a\n1,2,0\n", "iris.csv line 2: 3 columns, want 1 features"},
		{"class out of range", "1,1,a,b\n1,2\n", "iris.csv line 2: column 2: class index 2 out of range [0, 2)"},
		{"negative class", "1,1,a,b\n1,-1\n", "class index -1 out of range"},
		{"fractional class", "1,1,a,b\n1,0.5\n", `iris.csv line 2: column 2: "0.5" is not a class index`},
		{"missing class", "1,1,a,b\n1,\n", "iris.csv line 2: column 2: missing class index"},
		{"more rows than declared", "1,1,a\n1,0\n2,0\n", "iris.csv line 3: more rows than the 1"},
		{"fewer rows than declared", "3,1,a\n1,0\n2,0\n", "iris.csv: 2 rows, but the header declares 3"},
		{"huge counts", "99999999999999999,99999999999999999,a\n1,0\n", "iris.csv line 2: 2 columns, want 99999999999999999 features"},
		{"count overflows int", "999999999999999999999,1,a\n", `n_samples "999999999999999999999" is not a count`},
		{"bad quoting", "1,1,a\n\"1,0\n", "iris.csv line 2: column"},
		{"blank lines keep their numbers", "2,1,a\n1,0\n\n\nx,0\n", `iris.csv line 5: column 1: "x" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadSklearnCSV(strings.NewReader(tt.in), "iris.csv")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestReadSklearnCSVReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := ReadSklearnCSV(iotest.ErrReader(boom), "iris.csv")
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "iris.csv: ") {
		t.Errorf("error %v, want the read error wrapped with the file name", err)
	}
}

func FuzzReadSklearnCSV(f *testing.F) {
	for _, s := range []string{
		"",
		"150,4,setosa,versicolor,virginica\n",
		"2,2,a,b\n1,2,0\n3,4,1\n",
		"2,2,a,b\n1,x,0\n3,4,1\n",
		"1,2,a\n1,NaN,0\n",
		"1,2,a\nInf,1,0\n",
		"1,4,a\n1,2,0\n",
		"1,1,a\n1,2,0\n",
		"1,1,a,b\n1,7\n",
		"9223372036854775807,9223372036854775807,a\n1,0\n",
		"1,9223372036854775807,a\n1,0\n",
		"99999999999999999999,1,a\n",
		"1,1,a\n\"1\",\"0\"\n",
		"1,1,a\n\"1,0\n",
		"1,1,a\r\n1,0\r\n",
		",,,\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		tab, err := ReadSklearnCSV(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		k := tab.NumFeatures()
		if tab.Len() == 0 || k == 0 || len(tab.Y) != tab.Len() || len(tab.Features) != k || len(tab.ClassNames) == 0 {
			t.Fatalf("inconsistent table: %d rows, %d targets, %d features, %d names, %d classes",
				tab.Len(), len(tab.Y), k, len(tab.Features), len(tab.ClassNames))
		}
		for i, row := range tab.X {
			if len(row) != k {
				t.Fatalf("row %d has %d values, want %d", i, len(row), k)
			}
			for _, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("row %d holds %v", i, v)
				}
			}
		}
		for i, c := range tab.Labels() {
			if c < 0 || c >= len(tab.ClassNames) || float64(c) != tab.Y[i] {
				t.Fatalf("row %d has class %v with %d classes", i, tab.Y[i], len(tab.ClassNames))
			}
		}
	})
}
