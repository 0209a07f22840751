package nn

import (
	"slices"
	"testing"
)

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"Dense": "dense", "Conv2D": "conv2d", "MaxPooling2D": "max_pooling2d",
		"AveragePooling2D": "average_pooling2d", "GlobalAveragePooling2D": "global_average_pooling2d",
		"Normalization": "normalization", "DepthPool": "depth_pool",
	} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAutoNames: layers made with the name "" get Keras's names in the
// order of the model's layers, per kind, skipping names given explicitly;
// their parameters are named after them.
func TestAutoNames(t *testing.T) {
	rng := NewRand(1)
	conv, err := NewConv2D(rng, "", 1, 2, 3, ReLU, WithPadding(Same))
	if err != nil {
		t.Fatal(err)
	}
	conv1, err := NewConv2D(rng, "", 2, 2, 3, ReLU, WithPadding(Same))
	if err != nil {
		t.Fatal(err)
	}
	drop, err := NewDropout("", 0.5)
	if err != nil {
		t.Fatal(err)
	}
	m := Sequential(Input{"x", []int{4, 4}}, []Applier{
		NewReshape("", 4, 4, 1), conv, NewMaxPool2D("", 2), conv1, NewFlatten(""),
		NewDense(rng, "dense_1", 8, 4, ReLU), // explicit: kept, and skipped by the count
		NewDense(rng, "", 4, 4, ReLU), drop, NewDense(rng, "", 4, 2, Softmax),
	})
	var names []string
	for _, l := range m.Layers() {
		names = append(names, l.Name())
	}
	want := []string{"reshape", "conv2d", "max_pooling2d", "conv2d_1", "flatten", "dense_1", "dense", "dropout", "dense_2"}
	if !slices.Equal(names, want) {
		t.Errorf("names %v, want %v", names, want)
	}
	var params []string
	for _, p := range m.Params() {
		params = append(params, p.Name)
	}
	wantParams := []string{"conv2d/kernel", "conv2d/bias", "conv2d_1/kernel", "conv2d_1/bias",
		"dense_1/kernel", "dense_1/bias", "dense/kernel", "dense/bias", "dense_2/kernel", "dense_2/bias"}
	if !slices.Equal(params, wantParams) {
		t.Errorf("parameters %v, want %v", params, wantParams)
	}
	if _, _, err := m.Predict(Data{X: [][]float32{make([]float32, 32)}}, 2); err != nil {
		t.Errorf("the named model does not run: %v", err)
	}
	// A second model of the same layers keeps their names.
	again := Sequential(Input{"x", []int{4}}, []Applier{NewDense(rng, "", 4, 4, ReLU), m.Layers()[6].(Applier)})
	if got := again.Layers()[1].Name(); got != "dense" {
		t.Errorf("a named layer in a second model is %q, want dense", got)
	}
	if got := again.Layers()[0].Name(); got != "dense_1" {
		t.Errorf("a new layer beside dense is %q, want dense_1", got)
	}
}

// TestNormalizationNames: two Normalization layers named automatically
// have distinct derived weights (inv_std, bound into the graphs but not a
// parameter) as well as parameters.
func TestNormalizationNames(t *testing.T) {
	a, b := NewNormalization("", 2), NewNormalization("", 3)
	NewModel([]Input{{"a", []int{2}}, {"b", []int{3}}}, []Layer{a, b}, nil)
	if a.invStd.Name != "normalization/inv_std" || b.invStd.Name != "normalization_1/inv_std" || b.Mean.Name != "normalization_1/mean" {
		t.Errorf("names %s %s %s", a.invStd.Name, b.invStd.Name, b.Mean.Name)
	}
}

// TestOutputShapesMatchTheGraph: every layer's OutputShape gives the shape
// the graph gives its output.
func TestOutputShapesMatchTheGraph(t *testing.T) {
	rng := NewRand(1)
	conv, err := NewConv2D(rng, "", 2, 4, 3, ReLU, WithStrides(2, 2))
	if err != nil {
		t.Fatal(err)
	}
	drop, err := NewDropout("", 0.5)
	if err != nil {
		t.Fatal(err)
	}
	layers := []Applier{
		NewReshape("", 9, 10, 2), conv, NewAvgPool2D("", 2, WithPadding(Same)), NewDepthMaxPool("", 2),
		NewMaxPool2D("", 1), NewGlobalAveragePooling2D(""), NewNormalization("", 2), drop, NewDense(rng, "", 2, 3, Softmax),
	}
	m := Sequential(Input{"x", []int{180}}, layers, WithLoss(SparseCategoricalCrossentropy{}))
	calls, err := m.Calls()
	if err != nil {
		t.Fatal(err)
	}
	shape := []int{180}
	for i, c := range calls {
		if shape, err = c.Layer.(Shaper).OutputShape(shape); err != nil {
			t.Fatalf("%s: %v", c.Layer.Name(), err)
		}
		if !slices.Equal(shape, c.Shape) {
			t.Errorf("layer %d %s: OutputShape %v, the graph %v", i, c.Layer.Name(), shape, c.Shape)
		}
	}
	cat := NewConcatenate("")
	if got, err := cat.OutputShape([]int{3}, []int{5}); err != nil || !slices.Equal(got, []int{8}) {
		t.Errorf("Concatenate of (3) and (5): %v %v, want (8)", got, err)
	}
	if _, err := cat.OutputShape([]int{2, 3}, []int{4, 5}); err == nil {
		t.Error("Concatenate of (2, 3) and (4, 5) gave no error")
	}
	if _, err := NewFlatten("f").OutputShape([]int{2}, []int{3}); err == nil {
		t.Error("Flatten of two inputs gave no error")
	}
}
