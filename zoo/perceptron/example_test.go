package perceptron_test

import (
	"fmt"

	"github.com/gozoo/gozoo/data"
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
	epochs, err := m.Fit(petals.X, setosa)
	if err != nil {
		panic(err)
	}
	w, b := m.Weights()
	fmt.Printf("%d epochs: w = %v, b = %v\n", epochs, w, b)

	pred, err := m.Predict([][]float64{{2, 0.5}, {3, 1}})
	if err != nil {
		panic(err)
	}
	fmt.Println(pred)
	// Output:
	// 7 epochs: w = [-1.4 -2.2], b = 4
	// [true false]
}
