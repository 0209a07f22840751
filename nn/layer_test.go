package nn

import (
	"math"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
)

// regData is n examples of width inputs with targets of width outs, all
// drawn from a standard normal law.
func suiteRegData(seed int64, n, width, outs int) Data {
	rng := NewRand(seed)
	x := make([]float32, n*width)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	y := make([]float32, n*outs)
	for i := range y {
		y[i] = float32(rng.NormFloat64())
	}
	return Data{X: [][]float32{x}, Y: y}
}

// TestDenseActivationGradients checks every activation as the output of a
// Dense layer, and every one but Softmax as a hidden layer too: Softmax ends
// a classifier, the others a regressor.
func TestDenseActivationGradients(t *testing.T) {
	for _, act := range []Activation{Linear, ReLU, Sigmoid, Tanh, Softmax} {
		t.Run(act.String(), func(t *testing.T) {
			// A seed for which no ReLU unit is within the finite
			// differences' step of its kink.
			rng := NewRand(16)
			if act == Softmax {
				m := Sequential(Input{"x", []int{4}}, []Applier{
					NewDense(rng, "dense", 4, 6, Tanh),
					NewDense(rng, "dense_1", 6, 3, Softmax),
				}, WithName("g"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
				checkGradients(t, m, randData(12, 7, 4, 3), 2e-2)
				return
			}
			m := Sequential(Input{"x", []int{4}}, []Applier{
				NewDense(rng, "dense", 4, 6, act),
				NewDense(rng, "dense_1", 6, 3, act),
			}, WithName("g"), WithLoss(MeanSquaredError{}), WithSeed(1))
			// Move the biases off zero so that ReLU's kink and the
			// symmetric points of the others are not where every unit sits.
			for _, l := range m.Layers() {
				b := l.(*Dense).Bias.Data()
				for i := range b {
					b[i] = 0.1 * float32(i%3+1)
				}
			}
			checkGradients(t, m, suiteRegData(13, 7, 4, 3), 2e-2)
		})
	}
}

// TestDenseWithoutBiasGradients checks WithoutBias and WithKernelInit.
func TestDenseWithoutBiasGradients(t *testing.T) {
	rng := NewRand(5)
	d := NewDense(rng, "dense", 3, 2, Linear, WithoutBias(), WithKernelInit(HeNormal))
	if d.Bias != nil || len(d.Params()) != 1 {
		t.Fatalf("WithoutBias: params %v", d.Params())
	}
	m := Sequential(Input{"x", []int{3}}, []Applier{d}, WithName("g"), WithLoss(MeanSquaredError{}), WithSeed(1))
	checkGradients(t, m, suiteRegData(6, 5, 3, 2), 1e-2)
}

func TestFusedSoftmaxCrossentropyGradients(t *testing.T) {
	rng := NewRand(21)
	m := Sequential(Input{"x", []int{5}}, []Applier{
		NewDense(rng, "dense", 5, 4, Softmax),
	}, WithName("g"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
	d := randData(22, 9, 5, 4)
	// Scale the inputs so that the logits are large and the softmax far
	// from uniform.
	for i := range d.X[0] {
		d.X[0][i] *= 3
	}
	checkGradients(t, m, d, 2e-2)
}

// TestFallbackCrossentropyGradients checks the loss on an output that is not
// a softmax: -log(p + 1e-7) of the target class.
func TestFallbackCrossentropyGradients(t *testing.T) {
	rng := NewRand(23)
	m := Sequential(Input{"x", []int{4}}, []Applier{
		NewDense(rng, "dense", 4, 5, Tanh),
		NewDense(rng, "dense_1", 5, 3, Sigmoid),
	}, WithName("g"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
	d := randData(24, 8, 4, 3)
	checkGradients(t, m, d, 2e-2)

	// Its value is the mean of -log(p + 1e-7) over the examples.
	loss, _, _ := lossAndGrads(t, m, d)
	out, w, err := m.Predict(d, 8)
	if err != nil {
		t.Fatal(err)
	}
	var want float64
	for i := 0; i < 8; i++ {
		want -= math.Log(float64(out[i*w+int(d.Y[i])]) + 1e-7)
	}
	want /= 8
	if math.Abs(loss-want) > 1e-5*math.Abs(want) {
		t.Errorf("fallback cross-entropy %v, want %v", loss, want)
	}
}

func TestMeanSquaredErrorGradients(t *testing.T) {
	for _, width := range []int{1, 3} {
		t.Run(strings.Repeat("w", width), func(t *testing.T) {
			rng := NewRand(31)
			m := Sequential(Input{"x", []int{4}}, []Applier{
				NewDense(rng, "dense", 4, 5, Tanh),
				NewDense(rng, "dense_1", 5, width, Linear),
			}, WithName("g"), WithLoss(MeanSquaredError{}), WithSeed(1))
			d := suiteRegData(32, 6, 4, width)
			checkGradients(t, m, d, 1e-2)

			// The value is the mean over the examples and the outputs.
			loss, _, _ := lossAndGrads(t, m, d)
			out, _, err := m.Predict(d, 6)
			if err != nil {
				t.Fatal(err)
			}
			var want float64
			for i := range out {
				e := float64(out[i]) - float64(d.Y[i])
				want += e * e
			}
			want /= float64(len(out))
			if math.Abs(loss-want) > 1e-5*want {
				t.Errorf("mse %v, want %v", loss, want)
			}
		})
	}
}

// TestFlattenGradients flattens a (batch, 3, 4) tensor that a Dense layer
// computed, so the gradient goes back through Flatten's reshape.
func TestFlattenGradients(t *testing.T) {
	rng := NewRand(41)
	inner := NewDense(rng, "inner", 4, 4, Tanh)
	flat := NewFlatten("flatten")
	out := NewDense(rng, "dense", 12, 3, Softmax)
	forward := func(s *Scope, in []*G.Node) (*G.Node, error) {
		x := in[0] // (batch, 3, 4)
		rows, err := G.Reshape(x, []int{s.Batch() * 3, 4})
		if err != nil {
			return nil, err
		}
		h, err := inner.Apply(s, rows)
		if err != nil {
			return nil, err
		}
		h3, err := G.Reshape(h, []int{s.Batch(), 3, 4})
		if err != nil {
			return nil, err
		}
		f, err := flat.Apply(s, h3)
		if err != nil {
			return nil, err
		}
		if got := f.Shape(); len(got) != 2 || got[0] != s.Batch() || got[1] != 12 {
			t.Errorf("flatten of (%d, 3, 4) has shape %v", s.Batch(), got)
		}
		return out.Apply(s, f)
	}
	m := NewModel([]Input{{"x", []int{3, 4}}}, []Layer{inner, flat, out}, forward, WithName("g"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
	checkGradients(t, m, randData(42, 5, 12, 3), 2e-2)

	// Flatten straight on a (batch, 3, 4) input, in a Sequential model.
	seq := Sequential(Input{"x", []int{3, 4}}, []Applier{
		NewFlatten("flatten"),
		NewDense(rng, "dense", 12, 3, Softmax),
	}, WithName("s"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
	checkGradients(t, seq, randData(43, 5, 12, 3), 2e-2)

	// It keeps the row-major order of each example.
	only := Sequential(Input{"x", []int{3, 4}}, []Applier{NewFlatten("flatten")}, WithName("f"), WithSeed(1))
	x := make([]float32, 2*12)
	for i := range x {
		x[i] = float32(i)
	}
	got, w, err := only.Predict(Data{X: [][]float32{x}}, 2)
	if err != nil || w != 12 || !suiteEqual32(got, x) {
		t.Errorf("Flatten of 0..23 as (2, 3, 4): %v (width %d, %v)", got, w, err)
	}
}

// twoInputModel is a small functional model: a (batch, 3) and b (batch, 2)
// each go through a Dense layer, are concatenated, and a last Dense layer
// makes width outputs.
func suiteTwoInputModel(seed int64, width int) *Model {
	rng := NewRand(seed)
	da := NewDense(rng, "dense_a", 3, 4, Tanh)
	db := NewDense(rng, "dense_b", 2, 3, Sigmoid)
	cat := NewConcatenate("concatenate")
	out := NewDense(rng, "output", 7, width, Linear)
	forward := func(s *Scope, in []*G.Node) (*G.Node, error) {
		ha, err := da.Apply(s, in[0])
		if err != nil {
			return nil, err
		}
		hb, err := db.Apply(s, in[1])
		if err != nil {
			return nil, err
		}
		c, err := cat.Apply(s, ha, hb)
		if err != nil {
			return nil, err
		}
		return out.Apply(s, c)
	}
	m := NewModel([]Input{{"input_a", []int{3}}, {"input_b", []int{2}}}, []Layer{da, db, cat, out}, forward, WithLoss(MeanSquaredError{}), WithSeed(seed))
	return m
}

func suiteTwoInputData(seed int64, n, width int) Data {
	a := suiteRegData(seed, n, 3, width)
	b := suiteRegData(seed+1, n, 2, 0)
	return Data{X: [][]float32{a.X[0], b.X[0]}, Y: a.Y}
}

func TestConcatenateGradients(t *testing.T) {
	m := suiteTwoInputModel(51, 2)
	checkGradients(t, m, suiteTwoInputData(52, 6, 2), 1e-2)
}

// TestConcatenateOrder checks that Concatenate puts its first input's
// features first, row by row.
func TestConcatenateOrder(t *testing.T) {
	cat := NewConcatenate("concatenate")
	forward := func(s *Scope, in []*G.Node) (*G.Node, error) { return cat.Apply(s, in[0], in[1]) }
	m := NewModel([]Input{{"a", []int{2}}, {"b", []int{1}}}, []Layer{cat}, forward, WithName("cat"), WithSeed(1))
	out, w, err := m.Predict(Data{X: [][]float32{{1, 2, 3, 4}, {5, 6}}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{1, 2, 5, 3, 4, 6}
	if w != 3 || !suiteEqual32(out, want) {
		t.Errorf("concatenate gives %v (width %d), want %v", out, w, want)
	}
}

// TestDenseShapeError checks that a Dense layer given the wrong width makes
// an error naming the layer, not a panic.
func TestDenseShapeError(t *testing.T) {
	rng := NewRand(1)
	m := Sequential(Input{"x", []int{5}}, []Applier{
		NewDense(rng, "dense", 5, 4, ReLU),
		NewDense(rng, "dense_1", 3, 1, Linear),
	}, WithName("bad"), WithLoss(MeanSquaredError{}), WithSeed(1))
	_, _, err := m.Predict(suiteRegData(1, 2, 5, 1), 2)
	if err == nil || !strings.Contains(err.Error(), "dense_1") {
		t.Errorf("Predict with mismatched Dense layers: error %v, want one naming dense_1", err)
	}
	if _, err := m.Summary(); err == nil {
		t.Error("Summary with mismatched Dense layers: no error")
	}
}

func TestActivationString(t *testing.T) {
	for a, want := range map[Activation]string{Linear: "linear", ReLU: "relu", Sigmoid: "sigmoid", Tanh: "tanh", Softmax: "softmax", Activation(9): "Activation(9)"} {
		if got := a.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(a), got, want)
		}
	}
}

// TestInitializers checks the laws' ranges and spreads.
func TestInitializers(t *testing.T) {
	const fanIn, fanOut, n = 300, 100, 30000
	dst := make([]float32, n)
	GlorotUniform(NewRand(1), fanIn, fanOut, dst)
	limit := math.Sqrt(6.0 / (fanIn + fanOut))
	var sum, sq float64
	for _, v := range dst {
		if math.Abs(float64(v)) > limit {
			t.Fatalf("glorot uniform value %v outside ±%v", v, limit)
		}
		sum += float64(v)
		sq += float64(v) * float64(v)
	}
	if sd := math.Sqrt(sq / n); math.Abs(sd-limit/math.Sqrt(3)) > 0.02*limit {
		t.Errorf("glorot uniform std %v, want %v", sd, limit/math.Sqrt(3))
	}
	for name, c := range map[string]struct {
		init Initializer
		std  float64
	}{
		"he_normal":     {HeNormal, math.Sqrt(2.0 / fanIn)},
		"glorot_normal": {GlorotNormal, math.Sqrt(2.0 / (fanIn + fanOut))},
	} {
		c.init(NewRand(2), fanIn, fanOut, dst)
		sq = 0
		for _, v := range dst {
			if math.Abs(float64(v)) > 2*c.std/.87962566103423978+1e-6 {
				t.Fatalf("%s value %v beyond two (pre-truncation) standard deviations", name, v)
			}
			sq += float64(v) * float64(v)
		}
		if sd := math.Sqrt(sq / n); math.Abs(sd-c.std) > 0.03*c.std {
			t.Errorf("%s std %v, want %v", name, sd, c.std)
		}
	}
	Zeros(nil, 1, 1, dst)
	for _, v := range dst {
		if v != 0 {
			t.Fatal("Zeros left a value")
		}
	}
}

func suiteEqual32(a, b []float32) bool {
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
