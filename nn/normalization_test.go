package nn

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
)

func TestNormalizationAdapt(t *testing.T) {
	// Three rows of two features: column 0 is 1, 2, 6 (mean 3, population
	// variance (4+1+9)/3 = 14/3); column 1 is constant 5 (variance 0).
	x := []float32{1, 5, 2, 5, 6, 5}
	n := NewNormalization("normalization", 2)
	if err := n.Adapt(x, 3); err != nil {
		t.Fatal(err)
	}
	if got := n.Mean.Data(); got[0] != 3 || got[1] != 5 {
		t.Errorf("mean %v, want [3 5]", got)
	}
	if got := n.Variance.Data(); math.Abs(float64(got[0])-14.0/3) > 1e-6 || got[1] != 0 {
		t.Errorf("variance %v, want [4.6667 0]", got)
	}
	if got := n.Count.Data()[0]; got != 3 {
		t.Errorf("count %v, want 3", got)
	}
	m := Sequential(Input{"x", []int{2}}, []Applier{n}, WithName("norm"), WithLoss(MeanSquaredError{}), WithSeed(1))
	out, _, err := m.Predict(Data{X: [][]float32{x}}, 3)
	if err != nil {
		t.Fatal(err)
	}
	sd := math.Sqrt(14.0 / 3)
	want := []float64{-2 / sd, 0, -1 / sd, 0, 3 / sd, 0}
	for i := range want {
		// A constant feature maps to 0 (Keras divides by max(sd, 1e-7)).
		if math.Abs(float64(out[i])-want[i]) > 1e-6 {
			t.Errorf("output %v, want %v", out, want)
			break
		}
	}
}

func TestNormalizationAdaptErrors(t *testing.T) {
	n := NewNormalization("normalization", 2)
	for _, tc := range []struct {
		x    []float32
		rows int
		want string
	}{
		{nil, 0, "no rows"},
		{[]float32{1, 2, 3}, 2, "is not 2 rows"},
		{[]float32{1, float32(math.NaN())}, 1, "row 0 feature 1"},
	} {
		err := n.Adapt(tc.x, tc.rows)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Adapt(%v, %d) = %v, want an error containing %q", tc.x, tc.rows, err, tc.want)
		}
	}
	// A failed Adapt leaves the identity in place.
	if n.Mean.Data()[0] != 0 || n.Variance.Data()[0] != 1 {
		t.Errorf("failed Adapt changed the layer: mean %v variance %v", n.Mean.Data(), n.Variance.Data())
	}
}

func TestNormalizationSummary(t *testing.T) {
	rng := NewRand(1)
	n := NewNormalization("normalization", 8)
	m := Sequential(Input{"x", []int{8}}, []Applier{
		n,
		NewDense(rng, "dense", 8, 1, Linear),
	}, WithLoss(MeanSquaredError{}), WithSeed(1))
	s, err := m.Summary()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"normalization (Normalization)", "(None, 8)", "│      17 │", "Non-trainable params: 17 (72.00 B)"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

// regData is n rows of width features, far from standardized (feature j has
// mean 10j and spread j+1), with a target that depends on them smoothly.
func regData(seed int64, n, width int) Data {
	rng := NewRand(seed)
	x := make([]float32, n*width)
	y := make([]float32, n)
	for i := 0; i < n; i++ {
		var s float64
		for j := 0; j < width; j++ {
			v := rng.NormFloat64()
			x[i*width+j] = float32(10*float64(j) + float64(j+1)*v)
			s += math.Sin(v) * float64(j%3-1)
		}
		y[i] = float32(s)
	}
	return Data{X: [][]float32{x}, Y: y}
}

func TestNormalizationGradients(t *testing.T) {
	d := regData(5, 12, 4)
	t.Run("input", func(t *testing.T) {
		// Normalization -> Dense -> Dense: the Dense gradients see the
		// normalized values.
		rng := NewRand(3)
		n := NewNormalization("normalization", 4)
		if err := n.Adapt(d.X[0], 12); err != nil {
			t.Fatal(err)
		}
		m := Sequential(Input{"x", []int{4}}, []Applier{
			n,
			NewDense(rng, "dense", 4, 6, Tanh),
			NewDense(rng, "dense_1", 6, 1, Linear),
		}, WithName("g"), WithLoss(MeanSquaredError{}), WithSeed(1))
		checkGradients(t, m, d, 2e-2)
	})
	t.Run("between", func(t *testing.T) {
		// Dense -> Normalization -> Dense: the first Dense trains only if the
		// gradient flows through the normalization to the layer below.
		rng := NewRand(4)
		n := NewNormalization("normalization", 5)
		n.Mean.Data()[0], n.Mean.Data()[3] = 0.5, -1
		n.Variance.Data()[1], n.Variance.Data()[2] = 4, 0.25
		n.Refresh()
		m := Sequential(Input{"x", []int{4}}, []Applier{
			NewDense(rng, "dense", 4, 5, Tanh),
			n,
			NewDense(rng, "dense_1", 5, 1, Linear),
		}, WithName("g"), WithLoss(MeanSquaredError{}), WithSeed(1))
		// Small inputs keep the first layer's tanh off its curved region, where
		// the finite differences of step 1e-2 would be inexact.
		d := regData(6, 12, 4)
		for i := range d.X[0] {
			d.X[0][i] *= 0.05
		}
		checkGradients(t, m, d, 2e-2)
	})
}

// TestConcatenateTwoInputsGradients checks a small two-input Wide & Deep
// model: each input normalized, a hidden layer on the deep one, and the
// concatenation of the wide input and the hidden layer into the output.
func TestConcatenateTwoInputsGradients(t *testing.T) {
	rng := NewRand(7)
	wide := regData(8, 10, 3)
	deep := regData(9, 10, 4)
	normW, normD := NewNormalization("normalization", 3), NewNormalization("normalization_1", 4)
	if err := normW.Adapt(wide.X[0], 10); err != nil {
		t.Fatal(err)
	}
	if err := normD.Adapt(deep.X[0], 10); err != nil {
		t.Fatal(err)
	}
	hid := NewDense(rng, "dense", 4, 5, Tanh)
	cat := NewConcatenate("concatenate")
	out := NewDense(rng, "dense_1", 8, 1, Linear)
	forward := func(s *Scope, in []*G.Node) (*G.Node, error) {
		w, err := normW.Apply(s, in[0])
		if err != nil {
			return nil, err
		}
		d, err := normD.Apply(s, in[1])
		if err != nil {
			return nil, err
		}
		h, err := hid.Apply(s, d)
		if err != nil {
			return nil, err
		}
		c, err := cat.Apply(s, w, h)
		if err != nil {
			return nil, err
		}
		return out.Apply(s, c)
	}
	m := NewModel([]Input{{"inputWide", []int{3}}, {"inputDeep", []int{4}}}, []Layer{normW, normD, hid, cat, out}, forward, WithName("wide_deep"), WithLoss(MeanSquaredError{}), WithSeed(1))
	checkGradients(t, m, Data{X: [][]float32{wide.X[0], deep.X[0]}, Y: wide.Y}, 2e-2)
	s, err := m.Summary()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s, "normalization[0][0], dense[0][0]") {
		t.Errorf("summary does not show what the concatenation is connected to:\n%s", s)
	}
}

func TestNormalizationSaveLoad(t *testing.T) {
	d := regData(10, 50, 3)
	build := func() (*Model, *Normalization) {
		rng := NewRand(11)
		n := NewNormalization("normalization", 3)
		return Sequential(Input{"x", []int{3}}, []Applier{
			n,
			NewDense(rng, "dense", 3, 4, ReLU),
			NewDense(rng, "dense_1", 4, 1, Linear),
		}, WithName("reg"), WithLoss(MeanSquaredError{}), WithSeed(1)), n
	}
	m, n := build()
	if err := n.Adapt(d.X[0], 50); err != nil {
		t.Fatal(err)
	}
	want, _, err := m.Predict(d, 16)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "reg.gozoo")
	if err := m.SaveFile(path, "test", nil, 0); err != nil {
		t.Fatal(err)
	}
	f, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m2, n2 := build()
	// Build the fresh model's graphs before restoring: Restore must reach the
	// values those graphs already bound, the derived inverse std included.
	if _, _, err := m2.Predict(d, 16); err != nil {
		t.Fatal(err)
	}
	if err := f.Restore(m2); err != nil {
		t.Fatal(err)
	}
	for i, p := range n.Params() {
		for j, v := range p.Data() {
			if n2.Params()[i].Data()[j] != v {
				t.Fatalf("%s[%d] = %v after loading, want %v", p.Name, j, n2.Params()[i].Data()[j], v)
			}
		}
	}
	got, _, err := m2.Predict(d, 16)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("prediction %d is %v after loading, %v before", i, got[i], want[i])
		}
	}
}
