// Package zootest holds the data the zoo's model tests share.
package zootest

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/nn"
)

// California is the notebook's California housing training split cut into a
// slice of n rows to train on and the next 1,000 rows to validate on. The
// notebook's validation set is not used: three of its districts have an
// average occupancy over 500 (the training slice's spread is under 1), and
// a model trained briefly on few rows predicts hundreds for them, which
// swamps its MSE.
func California(t testing.TB, n int) (train, valid data.Table) {
	t.Helper()
	full, _ := californiaSplits(t)
	return full.Subset(rows(0, n)), full.Subset(rows(n, n+1000))
}

// LoadRefusesConfig rewrites the config of the model file at path with the
// fields of edit, keeping its weights and giving it a valid checksum, as a
// hostile user could, and checks that load refuses it with an error while
// allocating less than 16 MiB: the config's size must be checked against
// the weights before a model is built.
func LoadRefusesConfig(t testing.TB, path string, load func(string) error, edit map[string]any) {
	t.Helper()
	f, err := nn.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := json.Unmarshal(f.Config, &cfg); err != nil {
		t.Fatal(err)
	}
	maps.Copy(cfg, edit)
	if f.Config, err = json.Marshal(cfg); err != nil {
		t.Fatal(err)
	}
	crafted := filepath.Join(t.TempDir(), "crafted.gozoo")
	if err := f.WriteFile(crafted); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err = load(crafted)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Errorf("config %v: loaded", edit)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
		t.Errorf("config %v: %d MiB allocated before refusing it (%v)", edit, got>>20, err)
	}
}

// SameParamCount checks that a config's ParamCount is the parameter count
// of the model built from it.
func SameParamCount(t testing.TB, cfg nn.ParamCounter, m *nn.Model) {
	t.Helper()
	n, err := cfg.ParamCount()
	tr, nt := m.CountParams()
	if err != nil || n != tr+nt {
		t.Errorf("%+v: ParamCount %d (%v), the model has %d", cfg, n, err, tr+nt)
	}
}

// MeanBaselineMSE is the mean squared error on eval of the model that
// predicts the mean target of train, whatever its input: the bar a
// regressor that learned anything must clear by far (on California
// housing, an RMSE of about 1.15).
func MeanBaselineMSE(train, eval data.Table) float64 {
	var mean float64
	for _, y := range train.Y {
		mean += y
	}
	mean /= float64(len(train.Y))
	var mse float64
	for _, y := range eval.Y {
		mse += (y - mean) * (y - mean)
	}
	return mse / float64(len(eval.Y))
}

// CaliforniaTestBaseline is MeanBaselineMSE's RMSE on the notebook's test
// split, for the training mean of its first n training rows: what a
// command run with -limit n must beat.
func CaliforniaTestBaseline(t testing.TB, n int) float64 {
	t.Helper()
	train, test := californiaSplits(t)
	return math.Sqrt(MeanBaselineMSE(train.Subset(rows(0, n)), test))
}

// californiaSplits is the notebook's training (with validation) and test
// splits of California housing.
func californiaSplits(t testing.TB) (train, test data.Table) {
	t.Helper()
	tab, err := data.CaliforniaHousing("")
	if err != nil {
		t.Fatal(err)
	}
	train, _, test, err = data.CaliforniaSplits(tab)
	if err != nil {
		t.Fatal(err)
	}
	return train, test
}

// rows is lo, lo+1, ..., hi-1.
func rows(lo, hi int) []int {
	idx := make([]int, hi-lo)
	for i := range idx {
		idx[i] = lo + i
	}
	return idx
}

// Concurrently runs f(g) for g from 0 to n-1 on n goroutines at once, f
// calling itself rep times in a row (rep from 0 to reps-1) until it fails,
// and reports each goroutine's failure: the harness of the tests that
// call a model from many goroutines.
func Concurrently(t testing.TB, n, reps int, f func(g, rep int) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for g := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rep := range reps {
				if err := f(g, rep); err != nil {
					errs[g] = fmt.Errorf("goroutine %d, call %d: %w", g, rep+1, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
