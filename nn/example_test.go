package nn_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/gozoo/gozoo/nn"
	G "gorgonia.org/gorgonia"
)

// A Dense layer of 784 inputs and 300 ReLU units: Glorot-uniform kernel and
// zero bias, as Keras makes them.
func ExampleNewDense() {
	rng := nn.NewRand(42)
	d := nn.NewDense(rng, "dense", 784, 300, nn.ReLU)
	for _, p := range d.Params() {
		fmt.Println(p.Name, p.Shape(), p.Size())
	}
	// Output:
	// dense/kernel [784 300] 235200
	// dense/bias [300] 300
}

// The notebook's Fashion-MNIST classifier: 28x28 images flattened, two
// hidden ReLU layers and a softmax over the 10 classes. Its layers, made
// with the name "", are named as Keras names them.
func ExampleSequential() {
	rng := nn.NewRand(42)
	m := nn.Sequential(nn.Input{Name: "input", Shape: []int{28, 28}}, []nn.Applier{
		nn.NewFlatten(""),
		nn.NewDense(rng, "", 784, 300, nn.ReLU),
		nn.NewDense(rng, "", 300, 100, nn.ReLU),
		nn.NewDense(rng, "", 100, 10, nn.Softmax),
	},
		nn.WithLoss(nn.SparseCategoricalCrossentropy{}),
		nn.WithMetric(func() nn.Metric { return &nn.Accuracy{} }),
		nn.WithSeed(42))
	summary, err := m.Summary()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(summary)
	// Output:
	// Model: "sequential"
	// ┌───────────────────┬──────────────┬─────────┐
	// │ Layer (type)      │ Output Shape │ Param # │
	// ├───────────────────┼──────────────┼─────────┤
	// │ flatten (Flatten) │ (None, 784)  │       0 │
	// │ dense (Dense)     │ (None, 300)  │ 235,500 │
	// │ dense_1 (Dense)   │ (None, 100)  │  30,100 │
	// │ dense_2 (Dense)   │ (None, 10)   │   1,010 │
	// └───────────────────┴──────────────┴─────────┘
	//  Total params: 266,610 (1.02 MB)
	//  Trainable params: 266,610 (1.02 MB)
	//  Non-trainable params: 0 (0.00 B)
}

// points is n points of the plane, labelled 1 above the line y = x and 0
// below it, at least 0.1 away from the line.
func points(seed int64, n int) nn.Data {
	rng := nn.NewRand(seed)
	d := nn.Data{X: [][]float32{make([]float32, 0, 2*n)}, Y: make([]float32, 0, n)}
	for len(d.Y) < n {
		x, y := rng.Float32()*2-1, rng.Float32()*2-1
		switch {
		case y > x+0.1:
			d.Y = append(d.Y, 1)
		case y < x-0.1:
			d.Y = append(d.Y, 0)
		default:
			continue
		}
		d.X[0] = append(d.X[0], x, y)
	}
	return d
}

// Train a classifier on points above or below a line, with validation data.
func ExampleModel_Fit() {
	train, valid := points(1, 200), points(2, 100)
	rng := nn.NewRand(1)
	m := nn.Sequential(nn.Input{Name: "point", Shape: []int{2}}, []nn.Applier{
		nn.NewDense(rng, "", 2, 8, nn.Tanh),
		nn.NewDense(rng, "", 8, 2, nn.Softmax),
	},
		nn.WithName("line"),
		nn.WithLoss(nn.SparseCategoricalCrossentropy{}),
		nn.WithMetric(func() nn.Metric { return &nn.Accuracy{} }),
		nn.WithSeed(1))
	h, err := m.Fit(context.Background(), train, nn.FitOptions{
		Epochs: 20, BatchSize: 16, Optimizer: nn.NewAdam(0.02), Valid: &valid, Seed: 1,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	trainable, _ := m.CountParams()
	fmt.Println("parameters:", trainable)
	fmt.Println("epochs:", len(h.Epoch), h.Keys())
	fmt.Printf("validation accuracy: %.2f\n", h.Last("val_accuracy"))
	classes, err := m.PredictClasses(nn.Data{X: [][]float32{{-0.5, 0.5, 0.5, -0.5}}}, 32)
	fmt.Println("(-0.5, 0.5) and (0.5, -0.5):", classes, err)
	// Output:
	// parameters: 42
	// epochs: 20 [loss accuracy val_loss val_accuracy]
	// validation accuracy: 1.00
	// (-0.5, 0.5) and (0.5, -0.5): [1 0] <nil>
}

// A functional model with two inputs, each through its own Dense layer,
// then concatenated: its Summary shows what each layer is connected to.
// NewModel names the layers made with "" in the order of its list.
func ExampleNewModel() {
	rng := nn.NewRand(1)
	wide := nn.NewDense(rng, "", 5, 30, nn.ReLU)
	deep := nn.NewDense(rng, "", 6, 30, nn.ReLU)
	concat := nn.NewConcatenate("")
	out := nn.NewDense(rng, "", 60, 1, nn.Linear)
	forward := func(s *nn.Scope, in []*G.Node) (*G.Node, error) {
		w, err := wide.Apply(s, in[0])
		if err != nil {
			return nil, err
		}
		d, err := deep.Apply(s, in[1])
		if err != nil {
			return nil, err
		}
		c, err := concat.Apply(s, w, d)
		if err != nil {
			return nil, err
		}
		return out.Apply(s, c)
	}
	inputs := []nn.Input{{Name: "inputWide", Shape: []int{5}}, {Name: "inputDeep", Shape: []int{6}}}
	m := nn.NewModel(inputs, []nn.Layer{wide, deep, concat, out}, forward, nn.WithLoss(nn.MeanSquaredError{}))
	summary, err := m.Summary()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(summary)
	// Output:
	// Model: "functional"
	// ┌───────────────────────────┬──────────────┬─────────┬────────────────────────────┐
	// │ Layer (type)              │ Output Shape │ Param # │ Connected to               │
	// ├───────────────────────────┼──────────────┼─────────┼────────────────────────────┤
	// │ inputWide (InputLayer)    │ (None, 5)    │       0 │ -                          │
	// │ inputDeep (InputLayer)    │ (None, 6)    │       0 │ -                          │
	// │ dense (Dense)             │ (None, 30)   │     180 │ inputWide[0][0]            │
	// │ dense_1 (Dense)           │ (None, 30)   │     210 │ inputDeep[0][0]            │
	// │ concatenate (Concatenate) │ (None, 60)   │       0 │ dense[0][0], dense_1[0][0] │
	// │ dense_2 (Dense)           │ (None, 1)    │      61 │ concatenate[0][0]          │
	// └───────────────────────────┴──────────────┴─────────┴────────────────────────────┘
	//  Total params: 451 (1.76 KB)
	//  Trainable params: 451 (1.76 KB)
	//  Non-trainable params: 0 (0.00 B)
}

// mlpConfig is a model's configuration as a zoo package has one: with Kind
// and Build it is an nn.Config, from which nn.Load rebuilds a saved model.
type mlpConfig struct {
	Hidden int
	Seed   int64
}

func (mlpConfig) Kind() string { return "mlp" }

func (c mlpConfig) Build() (*nn.Model, error) {
	rng := nn.NewRand(c.Seed)
	layers := []nn.Applier{nn.NewDense(rng, "", 3, c.Hidden, nn.ReLU), nn.NewDense(rng, "", c.Hidden, 1, nn.Linear)}
	return nn.Sequential(nn.Input{Name: "x", Shape: []int{3}}, layers, nn.WithName("mlp"), nn.WithLoss(nn.MeanSquaredError{})), nil
}

// Save a model with its configuration to a stream, and read it back with
// Load, which rebuilds it from the configuration (its type says which
// kind of model) and restores the weights.
func ExampleLoad() {
	cfg := mlpConfig{Hidden: 4, Seed: 1}
	m, err := cfg.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	var file bytes.Buffer
	if err := m.Save(&file, cfg.Kind(), cfg, 10); err != nil {
		fmt.Println(err)
		return
	}
	loaded, epochs, err := nn.Load[mlpConfig](&file)
	if err != nil {
		fmt.Println(err)
		return
	}
	x := nn.Data{X: [][]float32{{1, 2, 3, -1, 0, 1}}}
	a, _, _ := m.Predict(x, 2)
	b, _, _ := loaded.Predict(x, 2)
	fmt.Println("epochs:", epochs, "same predictions:", fmt.Sprint(a) == fmt.Sprint(b))
	// Output:
	// epochs: 10 same predictions: true
}

// Read a saved model file without rebuilding its model: its kind, its
// configuration, the epochs trained and the weights' names and shapes.
func ExampleRead() {
	cfg := mlpConfig{Hidden: 4, Seed: 1}
	m, err := cfg.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	var file bytes.Buffer
	if err := m.Save(&file, cfg.Kind(), cfg, 10); err != nil {
		fmt.Println(err)
		return
	}
	f, err := nn.Read(&file)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Kind, string(f.Config), f.Epochs)
	for _, p := range f.Params {
		fmt.Println(p.Name, p.Shape)
	}
	// Output:
	// mlp {"Hidden":4,"Seed":1} 10
	// dense/kernel [3 4]
	// dense/bias [4]
	// dense_1/kernel [4 1]
	// dense_1/bias [1]
}

// Every layer of nn says the shape of its output, batch axis left out,
// without building a graph: a model's constructor can follow its input
// through the layers it makes.
func ExampleShaper() {
	rng := nn.NewRand(1)
	conv, err := nn.NewConv2D(rng, "conv", 1, 8, 3, nn.ReLU, nn.WithPadding(nn.Same))
	if err != nil {
		fmt.Println(err)
		return
	}
	layers := []nn.Layer{conv, nn.NewMaxPool2D("pool", 2), nn.NewFlatten("flatten"), nn.NewDense(rng, "dense", 392, 10, nn.Softmax)}
	shape := []int{28, 28, 1}
	for _, l := range layers {
		if shape, err = l.(nn.Shaper).OutputShape(shape); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(l.Name(), shape)
	}
	// Output:
	// conv [28 28 8]
	// pool [14 14 8]
	// flatten [1568]
	// dense: input shape [1568], want (392)
}
