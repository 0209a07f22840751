package metrics_test

import (
	"fmt"
	"log"

	"github.com/gozoo/gozoo/metrics"
)

func ExampleAccuracy() {
	acc, err := metrics.Accuracy([]int{0, 1, 1, 2}, []int{0, 1, 2, 2})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.2f\n", acc)
	// Output: 0.75
}

func ExampleRMSE() {
	rmse, err := metrics.RMSE([]float64{1.5, 2.0, 3.0}, []float64{1.0, 2.0, 4.0})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.3f\n", rmse)
	// Output: 0.645
}

func ExampleConfusionMatrix() {
	// Rows are true classes, columns predicted ones.
	m, err := metrics.ConfusionMatrix([]int{0, 0, 1, 2, 2}, []int{0, 1, 1, 2, 0}, 3)
	if err != nil {
		log.Fatal(err)
	}
	for _, row := range m {
		fmt.Println(row)
	}
	// Output:
	// [1 1 0]
	// [0 1 0]
	// [1 0 1]
}

// Thirty held-out iris flowers: one versicolor taken for a virginica and one
// virginica for a versicolor. The report is the one scikit-learn prints.
func ExampleClassification() {
	yTrue := []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}
	yPred := []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1}
	r, err := metrics.Classification(yTrue, yPred, []string{"setosa", "versicolor", "virginica"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(r)
	// Output:
	//               precision    recall  f1-score   support
	//
	//       setosa       1.00      1.00      1.00        10
	//   versicolor       0.89      0.89      0.89         9
	//    virginica       0.91      0.91      0.91        11
	//
	//     accuracy                           0.93        30
	//    macro avg       0.93      0.93      0.93        30
	// weighted avg       0.93      0.93      0.93        30
}
