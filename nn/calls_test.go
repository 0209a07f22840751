package nn

import (
	"fmt"
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
)

// TestCalls: a functional model's calls name what each layer reads, in
// argument order, and their output shapes.
func TestCalls(t *testing.T) {
	rng := NewRand(1)
	norm := NewNormalization("norm", 3)
	hidden := NewDense(rng, "hidden", 2, 4, ReLU)
	concat := NewConcatenate("concat")
	out := NewDense(rng, "out", 7, 1, Linear)
	m := NewModel([]Input{{Name: "wide", Shape: []int{3}}, {Name: "deep", Shape: []int{2}}}, []Layer{norm, hidden, concat, out}, func(s *Scope, x []*G.Node) (*G.Node, error) {
		w, err := norm.Apply(s, x[0])
		if err != nil {
			return nil, err
		}
		h, err := hidden.Apply(s, x[1])
		if err != nil {
			return nil, err
		}
		c, err := concat.Apply(s, w, h)
		if err != nil {
			return nil, err
		}
		return out.Apply(s, c)
	}, WithName("f"), WithLoss(MeanSquaredError{}), WithSeed(1))
	calls, err := m.Calls()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range calls {
		got = append(got, fmt.Sprintf("%s%v%v", c.Layer.Name(), c.Inputs, c.Shape))
	}
	want := "[norm[wide][3] hidden[deep][4] concat[norm hidden][7] out[concat][1]]"
	if fmt.Sprint(got) != want {
		t.Errorf("calls %v, want %s", got, want)
	}
	if _, err := (&Model{Name: "none"}).Calls(); err == nil {
		t.Error("a model without Forward traced")
	}
}

// TestSetMeanInvStd: the factors are used exactly as given, the variance
// follows them, and bad factors are refused.
func TestSetMeanInvStd(t *testing.T) {
	n := NewNormalization("n", 2)
	inv := []float32{0.3, 7}
	if err := n.SetMeanInvStd([]float32{1, -2}, inv); err != nil {
		t.Fatal(err)
	}
	got := n.InvStd()
	for j := range inv {
		if math.Float32bits(got[j]) != math.Float32bits(inv[j]) {
			t.Errorf("factor %d: %v, want %v", j, got[j], inv[j])
		}
		if v := float64(n.Variance.Data()[j]); math.Abs(v*float64(inv[j])*float64(inv[j])-1) > 1e-6 {
			t.Errorf("variance %d: %v for a factor %v", j, v, inv[j])
		}
	}
	for _, bad := range [][]float32{{1}, {1, 0}, {1, float32(math.Inf(1))}, {float32(math.NaN()), 1}} {
		if err := n.SetMeanInvStd([]float32{0, 0}, bad); err == nil {
			t.Errorf("factors %v accepted", bad)
		}
	}
}
