// Package zootest holds the data the zoo's model tests share.
package zootest

import (
	"testing"

	"github.com/gozoo/gozoo/data"
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
