package nn

import (
	"strings"
	"testing"
)

func TestReshapeOutputShape(t *testing.T) {
	cases := []struct {
		target, in, want []int
		err              string
	}{
		{[]int{28, 28, 1}, []int{28, 28}, []int{28, 28, 1}, ""},
		{[]int{28, 28, 1}, []int{28, 28, 1}, []int{28, 28, 1}, ""},
		{[]int{-1, 4}, []int{3, 4, 2}, []int{6, 4}, ""},
		{[]int{5, 5}, []int{28, 28}, nil, "holds 25"},
		{[]int{-1, 5}, []int{3, 3}, nil, "do not divide"},
		{[]int{-1, -1}, []int{4}, nil, "more than one -1"},
		{[]int{0, 4}, []int{4}, nil, "positive"},
		{nil, []int{4}, nil, "empty"},
	}
	for _, c := range cases {
		got, err := NewReshape("reshape", c.target...).OutputShape(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), "reshape") {
				t.Errorf("Reshape%v of %v: error %v, want one naming the layer and %q", c.target, c.in, err, c.err)
			}
			continue
		}
		if err != nil || !equalInts(got, c.want) {
			t.Errorf("Reshape%v of %v = %v, %v; want %v", c.target, c.in, got, err, c.want)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestReshapeGradients puts the notebook's Reshape((28, 28, 1)), here
// (6, 6, 2) from (6, 12), in front of a convolution: the gradient reaches
// the convolution's weights through it, and Summary shows its row.
func TestReshapeGradients(t *testing.T) {
	m := Sequential(Input{"x", []int{6, 12}}, []Applier{
		NewReshape("reshape", 6, 6, 2),
		mustConv(t, 7, "conv2d", 2, 3, 3, Tanh, WithPadding(Same)),
		NewMaxPool2D("max_pooling2d", 2),
		NewFlatten("flatten"),
		NewDense(NewRand(2), "dense", 27, 3, Softmax),
	}, WithName("s"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
	checkGradientsRel(t, m, randData(10, 3, 72, 3), 1e-2, nil)
	s, err := m.Summary()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s, "reshape (Reshape)") || !strings.Contains(s, "(None, 6, 6, 2)") {
		t.Errorf("Summary lacks the reshape row:\n%s", s)
	}
}

// TestReshapeKeepsOrder: a reshape moves no value, as numpy's.
func TestReshapeKeepsOrder(t *testing.T) {
	m := Sequential(Input{"x", []int{2, 6}}, []Applier{NewReshape("reshape", 3, -1), NewFlatten("flatten")}, WithName("r"), WithSeed(1))
	x := make([]float32, 2*12)
	for i := range x {
		x[i] = float32(i)
	}
	got, w, err := m.Predict(Data{X: [][]float32{x}}, 2)
	if err != nil || w != 12 || !suiteEqual32(got, x) {
		t.Errorf("Reshape(3, -1) then Flatten of 0..23: %v (width %d, %v)", got, w, err)
	}
	bad := Sequential(Input{"x", []int{2, 6}}, []Applier{NewReshape("reshape", 5, -1)}, WithName("r"), WithSeed(1))
	if _, _, err := bad.Predict(Data{X: [][]float32{x}}, 2); err == nil || !strings.Contains(err.Error(), "reshape") {
		t.Errorf("Reshape(5, -1) of 12 values: %v", err)
	}
}
