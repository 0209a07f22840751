package data_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/gozoo/gozoo/data"
)

func TestIris(t *testing.T) {
	iris, err := data.Iris()
	if err != nil {
		t.Fatal(err)
	}
	if iris.Len() != 150 || iris.NumFeatures() != 4 || len(iris.Y) != 150 {
		t.Fatalf("%d rows of %d features, %d targets; want 150 of 4", iris.Len(), iris.NumFeatures(), len(iris.Y))
	}
	wantFeatures := []string{"sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"}
	if !slices.Equal(iris.Features, wantFeatures) {
		t.Errorf("features %q, want %q", iris.Features, wantFeatures)
	}
	if want := []string{"setosa", "versicolor", "virginica"}; !slices.Equal(iris.ClassNames, want) {
		t.Errorf("classes %q, want %q", iris.ClassNames, want)
	}
	var counts [3]int
	for _, c := range iris.Labels() {
		counts[c]++
	}
	if counts != [3]int{50, 50, 50} {
		t.Errorf("class counts %v, want 50 each", counts)
	}
	rows := []struct {
		i    int
		x    []float64
		want float64
	}{
		{0, []float64{5.1, 3.5, 1.4, 0.2}, 0},
		// Rows 35 and 38 of Fisher's paper as scikit-learn corrected them; the UCI file differs.
		{34, []float64{4.9, 3.1, 1.5, 0.2}, 0},
		{37, []float64{4.9, 3.6, 1.4, 0.1}, 0},
		{149, []float64{5.9, 3.0, 5.1, 1.8}, 2},
	}
	for _, r := range rows {
		if !slices.Equal(iris.X[r.i], r.x) || iris.Y[r.i] != r.want {
			t.Errorf("row %d = %v, %v; want %v, %v", r.i, iris.X[r.i], iris.Y[r.i], r.x, r.want)
		}
	}

	// Each call must hand out its own rows.
	iris.X[0][0] = -1
	again, err := data.Iris()
	if err != nil {
		t.Fatal(err)
	}
	if again.X[0][0] != 5.1 {
		t.Error("Iris returns rows shared between calls")
	}
}

func ExampleIris() {
	iris, err := data.Iris()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(iris.Len(), "rows:", iris.Features)
	fmt.Println("first row:", iris.X[0], iris.ClassNames[iris.Labels()[0]])
	// The notebook's perceptron uses petal length and width only.
	petals := iris.Columns(2, 3)
	fmt.Println(petals.Features, petals.X[0])
	// Output:
	// 150 rows: [sepal length (cm) sepal width (cm) petal length (cm) petal width (cm)]
	// first row: [5.1 3.5 1.4 0.2] setosa
	// [petal length (cm) petal width (cm)] [1.4 0.2]
}
