package data_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/data"
)

// splitFixture is one file of scikit-learn's own train_test_split output.
type splitFixture struct {
	N           int     `json:"n"`
	RandomState uint32  `json:"random_state"`
	TestSize    float64 `json:"test_size_default"`
	NTrain      int     `json:"n_train"`
	NTest       int     `json:"n_test"`
	Train       []int   `json:"train"`
	Test        []int   `json:"test"`
}

const splitFixtureDir = "testdata/splits"

// sharedSplitDir is where the project keeps the fixtures; the copies in testdata let the tests run
// without it.
var sharedSplitDir = filepath.Join("..", "..", "shared", "fixtures", "splits")

func loadSplitFixture(t testing.TB, path string) splitFixture {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f splitFixture
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(f.Train) != f.NTrain || len(f.Test) != f.NTest || f.NTrain+f.NTest != f.N {
		t.Fatalf("%s: inconsistent fixture: n %d, n_train %d (%d listed), n_test %d (%d listed)",
			path, f.N, f.NTrain, len(f.Train), f.NTest, len(f.Test))
	}
	return f
}

func TestTrainTestSplitMatchesSklearn(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(splitFixtureDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 4 {
		t.Fatalf("found %d fixtures in %s, want at least 4", len(paths), splitFixtureDir)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f := loadSplitFixture(t, path)
			train, test, err := data.TrainTestSplit(f.N, f.TestSize, f.RandomState)
			if err != nil {
				t.Fatal(err)
			}
			if i := firstDiff(train, f.Train); i >= 0 {
				t.Errorf("train differs from sklearn at position %d (len %d vs %d)", i, len(train), len(f.Train))
			}
			if i := firstDiff(test, f.Test); i >= 0 {
				t.Errorf("test differs from sklearn at position %d (len %d vs %d)", i, len(test), len(f.Test))
			}
		})
	}
}

// TestSplitFixturesMatchShared guards the testdata copies against drifting from the project's
// shared fixtures, when those are present.
func TestSplitFixturesMatchShared(t *testing.T) {
	shared, err := filepath.Glob(filepath.Join(sharedSplitDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(shared) == 0 {
		t.Skipf("no shared fixtures in %s", sharedSplitDir)
	}
	for _, path := range shared {
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		local := filepath.Join(splitFixtureDir, filepath.Base(path))
		got, err := os.ReadFile(local)
		if err != nil {
			t.Errorf("shared fixture %s has no copy: %v", path, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s: copy it again", local, path)
		}
	}
}

func firstDiff(a, b []int) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

func TestTrainTestSplitSizes(t *testing.T) {
	tests := []struct {
		n             int
		testSize      float64
		nTrain, nTest int
	}{
		{150, 0.25, 112, 38}, // ceil(37.5): sklearn rounds the test set up
		{112, 0.25, 84, 28},
		{20640, 0.25, 15480, 5160},
		{15480, 0.25, 11610, 3870},
		{10, 0.1, 9, 1},
		{2, 0.5, 1, 1},
		{3, 0.01, 2, 1},
	}
	for _, tt := range tests {
		train, test, err := data.TrainTestSplit(tt.n, tt.testSize, 0)
		if err != nil {
			t.Errorf("n %d test %v: %v", tt.n, tt.testSize, err)
			continue
		}
		if len(train) != tt.nTrain || len(test) != tt.nTest {
			t.Errorf("n %d test %v: %d train, %d test; want %d, %d", tt.n, tt.testSize, len(train), len(test), tt.nTrain, tt.nTest)
		}
		all := slices.Sorted(slices.Values(append(slices.Clone(train), test...)))
		for i, v := range all {
			if v != i {
				t.Fatalf("n %d: train and test are not a partition of 0..n-1", tt.n)
			}
		}
	}
}

func TestTrainTestSplitErrors(t *testing.T) {
	tests := []struct {
		n        int
		testSize float64
		want     string
	}{
		{10, 0, "not in (0, 1)"},
		{10, 1, "not in (0, 1)"},
		{10, -0.5, "not in (0, 1)"},
		{10, math.NaN(), "not in (0, 1)"},
		{10, 0.99, "leave 0 for training"},
		{1, 0.25, "leave 0 for training"},
		{0, 0.25, "leave 0 for training and 0 for testing"},
		{-1, 0.25, "-1 rows"},
	}
	for _, tt := range tests {
		_, _, err := data.TrainTestSplit(tt.n, tt.testSize, 42)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("TrainTestSplit(%d, %v): error %v, want one containing %q", tt.n, tt.testSize, err, tt.want)
		}
	}
}

func TestSplitTable(t *testing.T) {
	iris, err := data.Iris()
	if err != nil {
		t.Fatal(err)
	}
	f := loadSplitFixture(t, filepath.Join(splitFixtureDir, "sklearn_split_n150_s42.json"))
	train, test, err := data.SplitTable(iris, 0.25, 42)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		got data.Table
		idx []int
	}{"train": {train, f.Train}, "test": {test, f.Test}} {
		if c.got.Len() != len(c.idx) {
			t.Fatalf("%s: %d rows, want %d", name, c.got.Len(), len(c.idx))
		}
		for i, r := range c.idx {
			if !slices.Equal(c.got.X[i], iris.X[r]) || c.got.Y[i] != iris.Y[r] {
				t.Fatalf("%s row %d is not iris row %d", name, i, r)
			}
		}
	}
	train.X[0][0] = -1
	if iris.X[f.Train[0]][0] == -1 {
		t.Error("SplitTable's rows alias the original table")
	}
	if _, _, err := data.SplitTable(data.Table{Name: "tiny", X: [][]float64{{1}}, Y: []float64{0}}, 0.25, 0); err == nil || !strings.HasPrefix(err.Error(), "tiny: ") {
		t.Errorf("one-row table: error %v, want one naming the table", err)
	}
}

func ExampleTrainTestSplit() {
	// The rows scikit-learn's train_test_split(X, y, random_state=42) picks for a 150-row table.
	train, test, err := data.TrainTestSplit(150, 0.25, 42)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(train), len(test))
	fmt.Println("first test rows:", test[:5])
	// Output:
	// 112 38
	// first test rows: [73 18 118 78 76]
}

func ExampleCaliforniaSplits() {
	// The notebook's regression data: scikit-learn's California housing, split twice with
	// random_state=42 and standardized with statistics of the training rows only.
	cal, err := data.CaliforniaHousing("")
	if err != nil {
		fmt.Println(err)
		return
	}
	train, valid, test, err := data.CaliforniaSplits(cal)
	if err != nil {
		fmt.Println(err)
		return
	}
	scaler, err := data.FitStandardScaler(train.X)
	if err != nil {
		fmt.Println(err)
		return
	}
	xValid, err := scaler.Transform(valid.X)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(train.Len(), valid.Len(), test.Len())
	fmt.Printf("%s mean %.4f, scale %.4f\n", train.Features[0], scaler.Mean[0], scaler.Scale[0])
	fmt.Printf("first validation row: %.4f\n", xValid[0][:3])
	// Output:
	// 11610 3870 5160
	// MedInc mean 3.8918, scale 1.9093
	// first validation row: [-0.7289 0.4252 -0.7252]
}
