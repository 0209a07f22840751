// Package zootest holds the data the zoo's model tests share.
package zootest

import (
	"encoding/json"
	"maps"
	"path/filepath"
	"runtime"
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
	tab, err := data.CaliforniaHousing("")
	if err != nil {
		t.Fatal(err)
	}
	full, _, _, err := data.CaliforniaSplits(tab)
	if err != nil {
		t.Fatal(err)
	}
	rows := func(lo, hi int) []int {
		idx := make([]int, hi-lo)
		for i := range idx {
			idx[i] = lo + i
		}
		return idx
	}
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
	if err := f.Write(crafted); err != nil {
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
