package nn

import (
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
)

func suiteFashionMLP() *Model {
	rng := NewRand(1)
	return Sequential(Input{"input", []int{28, 28}}, []Applier{
		NewFlatten("flatten"),
		NewDense(rng, "dense", 784, 300, ReLU),
		NewDense(rng, "dense_1", 300, 100, ReLU),
		NewDense(rng, "dense_2", 100, 10, Softmax),
	}, WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
}

func suiteGolden(t *testing.T, m *Model, want string) {
	t.Helper()
	got, err := m.Summary()
	if err != nil {
		t.Fatal(err)
	}
	want = strings.TrimPrefix(want, "\n")
	if got != want {
		t.Errorf("Summary:\n%s\nwant:\n%s", got, want)
	}
}

// TestSummaryFashionMLP is the notebook's 784-300-100-10 classifier, whose
// Keras summary counts 266,610 parameters (1.02 MB).
func TestSummaryFashionMLP(t *testing.T) {
	suiteGolden(t, suiteFashionMLP(), `
Model: "sequential"
┌───────────────────┬──────────────┬─────────┐
│ Layer (type)      │ Output Shape │ Param # │
├───────────────────┼──────────────┼─────────┤
│ flatten (Flatten) │ (None, 784)  │       0 │
│ dense (Dense)     │ (None, 300)  │ 235,500 │
│ dense_1 (Dense)   │ (None, 100)  │  30,100 │
│ dense_2 (Dense)   │ (None, 10)   │   1,010 │
└───────────────────┴──────────────┴─────────┘
 Total params: 266,610 (1.02 MB)
 Trainable params: 266,610 (1.02 MB)
 Non-trainable params: 0 (0.00 B)
`)
	if tr, nt := suiteFashionMLP().CountParams(); tr != 266610 || nt != 0 {
		t.Errorf("CountParams = %d, %d; want 266610, 0", tr, nt)
	}
}

// TestSummaryFunctional shows the inputs and what each layer is connected
// to, as Keras does for a functional model.
func TestSummaryFunctional(t *testing.T) {
	suiteGolden(t, suiteTwoInputModel(1, 1), `
Model: "functional"
┌───────────────────────────┬──────────────┬─────────┬──────────────────────────────┐
│ Layer (type)              │ Output Shape │ Param # │ Connected to                 │
├───────────────────────────┼──────────────┼─────────┼──────────────────────────────┤
│ input_a (InputLayer)      │ (None, 3)    │       0 │ -                            │
│ input_b (InputLayer)      │ (None, 2)    │       0 │ -                            │
│ dense_a (Dense)           │ (None, 4)    │      16 │ input_a[0][0]                │
│ dense_b (Dense)           │ (None, 3)    │       9 │ input_b[0][0]                │
│ concatenate (Concatenate) │ (None, 7)    │       0 │ dense_a[0][0], dense_b[0][0] │
│ output (Dense)            │ (None, 1)    │       8 │ concatenate[0][0]            │
└───────────────────────────┴──────────────┴─────────┴──────────────────────────────┘
 Total params: 33 (132.00 B)
 Trainable params: 33 (132.00 B)
 Non-trainable params: 0 (0.00 B)
`)
}

// suiteCounter is a layer with a non-trainable int64 parameter, like
// Normalization's count, that passes its input through.
type suiteCounter struct{ count *Param }

func (c *suiteCounter) Name() string     { return "counter" }
func (c *suiteCounter) Type() string     { return "Counter" }
func (c *suiteCounter) Params() []*Param { return []*Param{c.count} }
func (c *suiteCounter) Apply(s *Scope, x *G.Node) (*G.Node, error) {
	s.Record(c, x, x)
	return x, nil
}

// TestSummaryNonTrainable counts non-trainable values and their bytes
// apart, and shows a Dropout layer and a 3-D input.
func TestSummaryNonTrainable(t *testing.T) {
	rng := NewRand(1)
	count := NewParam("counter/count", false, 9)
	count.ElemBytes = 8
	drop, err := NewDropout("dropout", 0.5)
	if err != nil {
		t.Fatal(err)
	}
	m := Sequential(Input{"x", []int{2, 5}}, []Applier{
		NewFlatten("flatten"),
		&suiteCounter{count},
		drop,
		NewDense(rng, "dense", 10, 300, Linear),
	}, WithName("seq"), WithLoss(MeanSquaredError{}), WithSeed(1))
	suiteGolden(t, m, `
Model: "seq"
┌───────────────────┬──────────────┬─────────┐
│ Layer (type)      │ Output Shape │ Param # │
├───────────────────┼──────────────┼─────────┤
│ flatten (Flatten) │ (None, 10)   │       0 │
│ counter (Counter) │ (None, 10)   │       9 │
│ dropout (Dropout) │ (None, 10)   │       0 │
│ dense (Dense)     │ (None, 300)  │   3,300 │
└───────────────────┴──────────────┴─────────┘
 Total params: 3,309 (12.96 KB)
 Trainable params: 3,300 (12.89 KB)
 Non-trainable params: 9 (72.00 B)
`)
}

// The thousands separators are internal/human's Commas, tested there.
func TestBytesAndShapes(t *testing.T) {
	for n, want := range map[int]string{0: "0.00 B", 72: "72.00 B", 1023: "1023.00 B", 1024: "1.00 KB", 5025: "4.91 KB", 1066440: "1.02 MB", 5655336: "5.39 MB", 3 << 30: "3.00 GB"} {
		if got := bytesString(n); got != want {
			t.Errorf("bytesString(%d) = %q, want %q", n, got, want)
		}
	}
	if got := shapeString([]int{3}); got != "(3,)" {
		t.Errorf("shapeString([3]) = %q", got)
	}
	if got := shapeString([]int{2, 5}); got != "(2, 5)" {
		t.Errorf("shapeString([2 5]) = %q", got)
	}
}

// TestSummaryConnectedThroughOps: when the forward function applies plain
// Gorgonia ops between layers (here slices of one input), "Connected to"
// names the layers and inputs beneath them.
func TestSummaryConnectedThroughOps(t *testing.T) {
	rng := NewRand(1)
	hidden := NewDense(rng, "dense", 6, 30, ReLU)
	concat := NewConcatenate("concatenate")
	out := NewDense(rng, "dense_1", 35, 1, Linear)
	forward := func(s *Scope, in []*G.Node) (*G.Node, error) {
		wide, err := G.Slice(in[0], nil, G.S(0, 5))
		if err != nil {
			return nil, err
		}
		deep, err := G.Slice(in[0], nil, G.S(2, 8))
		if err != nil {
			return nil, err
		}
		h, err := hidden.Apply(s, deep)
		if err != nil {
			return nil, err
		}
		c, err := concat.Apply(s, wide, h)
		if err != nil {
			return nil, err
		}
		return out.Apply(s, c)
	}
	m := NewModel([]Input{{"input", []int{8}}}, []Layer{hidden, concat, out}, forward, WithLoss(MeanSquaredError{}), WithSeed(1))
	suiteGolden(t, m, `
Model: "functional"
┌───────────────────────────┬──────────────┬─────────┬──────────────────────────┐
│ Layer (type)              │ Output Shape │ Param # │ Connected to             │
├───────────────────────────┼──────────────┼─────────┼──────────────────────────┤
│ input (InputLayer)        │ (None, 8)    │       0 │ -                        │
│ dense (Dense)             │ (None, 30)   │     210 │ input[0][0]              │
│ concatenate (Concatenate) │ (None, 35)   │       0 │ input[0][0], dense[0][0] │
│ dense_1 (Dense)           │ (None, 1)    │      36 │ concatenate[0][0]        │
└───────────────────────────┴──────────────┴─────────┴──────────────────────────┘
 Total params: 246 (984.00 B)
 Trainable params: 246 (984.00 B)
 Non-trainable params: 0 (0.00 B)
`)
}
