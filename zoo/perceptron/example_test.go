package perceptron_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/perceptron"
)

// The notebook's cell: a Perceptron on iris petal length and width that
// tells setosa from the other two species.
func Example() {
	iris, err := data.Iris()
	if err != nil {
		panic(err)
	}
	petals := iris.Columns(2, 3) // petal length, petal width (cm)
	setosa := make([]bool, petals.Len())
	for i, c := range petals.Labels() {
		setosa[i] = c == 0
	}

	m, err := perceptron.New(perceptron.DefaultConfig(), 2)
	if err != nil {
		panic(err)
	}
	h, err := m.Fit(context.Background(), petals.X, setosa)
	if err != nil {
		panic(err)
	}
	w, b := m.Weights()
	fmt.Printf("%d epochs: w = %v, b = %v\n", len(h.Epoch), w, b)

	pred, err := m.Predict([][]float64{{2, 0.5}, {3, 1}})
	if err != nil {
		panic(err)
	}
	fmt.Println(pred)
	// Output:
	// 7 epochs: w = [-1.4 -2.2], b = 4
	// [true false]
}

// A model saved to a stream and read back by nn.Load, told the kind of
// model by its saved config's type, Saved.
func ExampleModel_Save() {
	m, err := perceptron.New(perceptron.DefaultConfig(), 2)
	if err != nil {
		panic(err)
	}
	if err := m.SetWeights([]float64{-1.4, -2.2}, 4); err != nil {
		panic(err)
	}
	var file bytes.Buffer
	if err := m.Save(&file, 7); err != nil {
		panic(err)
	}
	again, epochs, err := nn.Load[perceptron.Saved](&file)
	if err != nil {
		panic(err)
	}
	w, b := again.Weights()
	fmt.Printf("trained %d epochs: w = %v, b = %v\n", epochs, w, b)
	// Output:
	// trained 7 epochs: w = [-1.4 -2.2], b = 4
}
