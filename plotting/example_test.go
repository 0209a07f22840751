package plotting_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/gozoo/gozoo/plotting"
)

// The learning curves of a Keras-style history, as the notebook plots them
// with pd.DataFrame(history.history).plot(...) and set_ylim(0, 1).
func ExampleLearningCurves() {
	dir, err := os.MkdirTemp("", "gozoo-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	history := []plotting.Series{
		{Name: "loss", Values: []float64{0.72, 0.49, 0.45, 0.42}},
		{Name: "val_loss", Values: []float64{0.51, 0.46, 0.43, 0.41}},
		{Name: "accuracy", Values: []float64{0.76, 0.83, 0.84, 0.85}},
		{Name: "val_accuracy", Values: []float64{0.82, 0.84, 0.85, 0.86}},
	}
	path := filepath.Join(dir, "learning_curves.png")
	if err := plotting.LearningCurves(path, "Fashion-MNIST MLP", history, [2]float64{0, 1}); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", filepath.Base(path))
	// Output: wrote learning_curves.png
}

// A confusion matrix from metrics.ConfusionMatrix: rows are true classes.
func ExampleConfusionMatrix() {
	dir, err := os.MkdirTemp("", "gozoo-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	m := [][]int{{10, 0, 0}, {0, 8, 1}, {0, 1, 10}}
	names := []string{"setosa", "versicolor", "virginica"}
	if err := plotting.ConfusionMatrix(filepath.Join(dir, "confusion.png"), "Iris", m, names); err != nil {
		log.Fatal(err)
	}
	// Output:
}

// A perceptron's decision on iris petal length and width.
func ExampleDecisionBoundary() {
	dir, err := os.MkdirTemp("", "gozoo-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	X := [][2]float64{{1.4, 0.2}, {1.5, 0.2}, {4.7, 1.4}, {6.0, 2.5}}
	y := []int{1, 1, 0, 0} // 1: Iris setosa
	predict := func(length, width float64) int {
		if length+width < 3 {
			return 1
		}
		return 0
	}
	err = plotting.DecisionBoundary(filepath.Join(dir, "perceptron.png"), "Perceptron",
		"Petal length", "Petal width", X, y, predict, []string{"Not Iris setosa", "Iris setosa"})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
}

// Feature maps of a convolution: grayscale images, each stretched to its
// own value range.
func ExampleImageGrid() {
	dir, err := os.MkdirTemp("", "gozoo-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	const h, w = 4, 4
	maps := [][]float32{
		{0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3},
		{-5, -5, -5, -5, 0, 0, 0, 0, 5, 5, 5, 5, 9, 9, 9, 9},
	}
	err = plotting.ImageGrid(filepath.Join(dir, "maps.png"), "Feature maps", maps, h, w, 1,
		[]string{"filter 0", "filter 1"}, 2)
	if err != nil {
		log.Fatal(err)
	}
	// Output:
}
