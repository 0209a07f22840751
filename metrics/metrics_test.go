package metrics

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestAccuracy(t *testing.T) {
	tests := []struct {
		name         string
		yTrue, yPred []int
		want         float64
	}{
		{"all right", []int{0, 1, 2}, []int{0, 1, 2}, 1},
		{"all wrong", []int{0, 1}, []int{1, 0}, 0},
		{"three of four", []int{0, 1, 1, 0}, []int{0, 1, 0, 0}, 0.75},
		{"one sample", []int{7}, []int{7}, 1},
	}
	for _, tt := range tests {
		got, err := Accuracy(tt.yTrue, tt.yPred)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got != tt.want {
			t.Errorf("%s: Accuracy = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestRegressionErrors(t *testing.T) {
	tests := []struct {
		name         string
		yTrue, yPred []float64
		mse, rmse    float64
	}{
		{"exact", []float64{1, 2, 3}, []float64{1, 2, 3}, 0, 0},
		// errors 3 and 4: MSE (9+16)/2, RMSE sqrt(12.5).
		{"3-4", []float64{0, 0}, []float64{3, -4}, 12.5, math.Sqrt(12.5)},
		// errors 1,1,1,1 in either direction.
		{"unit", []float64{1, 2, 3, 4}, []float64{2, 1, 4, 3}, 1, 1},
		{"one", []float64{2.5}, []float64{0.5}, 4, 2},
	}
	for _, tt := range tests {
		mse, err := MSE(tt.yTrue, tt.yPred)
		if err != nil {
			t.Fatalf("%s: MSE: %v", tt.name, err)
		}
		rmse, err := RMSE(tt.yTrue, tt.yPred)
		if err != nil {
			t.Fatalf("%s: RMSE: %v", tt.name, err)
		}
		if math.Abs(mse-tt.mse) > 1e-12 || math.Abs(rmse-tt.rmse) > 1e-12 {
			t.Errorf("%s: MSE, RMSE = %v, %v, want %v, %v", tt.name, mse, rmse, tt.mse, tt.rmse)
		}
	}
}

func TestLengthErrors(t *testing.T) {
	checks := map[string]func(n, m int) error{
		"Accuracy": func(n, m int) error { _, err := Accuracy(make([]int, n), make([]int, m)); return err },
		"MSE":      func(n, m int) error { _, err := MSE(make([]float64, n), make([]float64, m)); return err },
		"RMSE":     func(n, m int) error { _, err := RMSE(make([]float64, n), make([]float64, m)); return err },
		"ConfusionMatrix": func(n, m int) error {
			_, err := ConfusionMatrix(make([]int, n), make([]int, m), 2)
			return err
		},
		"Classification": func(n, m int) error {
			_, err := Classification(make([]int, n), make([]int, m), nil)
			return err
		},
	}
	for name, f := range checks {
		if err := f(3, 2); err == nil || !strings.Contains(err.Error(), "3 true values but 2 predictions") {
			t.Errorf("%s with lengths 3 and 2: error %v", name, err)
		}
		if err := f(0, 0); !errors.Is(err, ErrEmpty) {
			t.Errorf("%s with no samples: error %v, want ErrEmpty", name, err)
		}
	}
}

func TestConfusionMatrix(t *testing.T) {
	// Class 0 is predicted as 1 twice and as 0 once; class 2 once as 0.
	// Rows are true classes, columns predictions, as in scikit-learn:
	// confusion_matrix([0,0,0,1,2,2], [1,1,0,1,2,0]) is [[1,2,0],[0,1,0],[1,0,1]].
	m, err := ConfusionMatrix([]int{0, 0, 0, 1, 2, 2}, []int{1, 1, 0, 1, 2, 0}, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{{1, 2, 0}, {0, 1, 0}, {1, 0, 1}}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("ConfusionMatrix = %v, want %v", m, want)
	}
	// A class with no sample still has its row and column.
	m, err = ConfusionMatrix([]int{0}, []int{0}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]int{{1, 0, 0}, {0, 0, 0}, {0, 0, 0}}; !reflect.DeepEqual(m, want) {
		t.Errorf("ConfusionMatrix = %v, want %v", m, want)
	}
}

func TestConfusionMatrixErrors(t *testing.T) {
	tests := []struct {
		name         string
		yTrue, yPred []int
		k            int
		want         string
	}{
		{"true too big", []int{0, 3}, []int{0, 1}, 3, "true label 3 at index 1"},
		{"pred negative", []int{0, 1}, []int{-1, 1}, 3, "predicted label -1 at index 0"},
		{"no classes", []int{0}, []int{0}, 0, "0 classes"},
	}
	for _, tt := range tests {
		_, err := ConfusionMatrix(tt.yTrue, tt.yPred, tt.k)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestClassificationScores(t *testing.T) {
	// Class 0: 2 true, predicted 3 times, 2 right: P 2/3, R 1, F1 0.8.
	// Class 1: 2 true, predicted once, right once: P 1, R 1/2, F1 2/3.
	// Class 2: never true, never predicted: all 0.
	r, err := Classification([]int{0, 0, 1, 1}, []int{0, 0, 0, 1}, []string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	want := []ClassScores{
		{Precision: 2.0 / 3, Recall: 1, F1: 0.8, Support: 2},
		{Precision: 1, Recall: 0.5, F1: 2.0 / 3, Support: 2},
		{},
	}
	for i, w := range want {
		g := r.PerClass[i]
		if g.Support != w.Support || !near(g.Precision, w.Precision) || !near(g.Recall, w.Recall) || !near(g.F1, w.F1) {
			t.Errorf("class %d: %+v, want %+v", i, g, w)
		}
	}
	if r.Accuracy != 0.75 || r.Total != 4 {
		t.Errorf("accuracy %v total %d, want 0.75 and 4", r.Accuracy, r.Total)
	}
	macro := ClassScores{Precision: (2.0/3 + 1) / 3, Recall: 1.5 / 3, F1: (0.8 + 2.0/3) / 3, Support: 4}
	weighted := ClassScores{Precision: (2.0/3 + 1) / 2, Recall: 0.75, F1: (0.8 + 2.0/3) / 2, Support: 4}
	for _, c := range []struct {
		name      string
		got, want ClassScores
	}{{"macro", r.MacroAvg, macro}, {"weighted", r.WeightedAvg, weighted}} {
		if c.got.Support != c.want.Support || !near(c.got.Precision, c.want.Precision) ||
			!near(c.got.Recall, c.want.Recall) || !near(c.got.F1, c.want.F1) {
			t.Errorf("%s avg %+v, want %+v", c.name, c.got, c.want)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func TestClassificationErrors(t *testing.T) {
	if _, err := Classification([]int{0, 2}, []int{0, 1}, []string{"a", "b"}); err == nil ||
		!strings.Contains(err.Error(), "true label 2 at index 1") {
		t.Errorf("label beyond the names: error %v", err)
	}
	if _, err := Classification([]int{0, 1}, []int{0, 5}, []string{"a", "b"}); err == nil ||
		!strings.Contains(err.Error(), "predicted label 5 at index 1") {
		t.Errorf("prediction beyond the names: error %v", err)
	}
	if _, err := Classification([]int{0}, []int{0}, []string{}); err == nil {
		t.Error("empty (non-nil) class names: no error")
	}
}

// The wanted strings are scikit-learn 1.2.1's classification_report for the
// same vectors (with labels=range(len(names)) when there are names).
var sklearnReports = []struct {
	name         string
	yTrue, yPred []int
	names        []string
	want         string
}{
	{
		name:  "fashion names, 60 random labels",
		yTrue: []int{4, 9, 6, 3, 3, 7, 7, 9, 7, 8, 9, 8, 7, 6, 4, 0, 7, 0, 7, 6, 3, 5, 8, 8, 7, 5, 0, 0, 2, 8, 9, 6, 4, 9, 7, 3, 3, 8, 3, 0, 1, 0, 0, 6, 7, 7, 9, 3, 0, 7, 7, 7, 0, 5, 4, 3, 1, 3, 1, 3},
		yPred: []int{8, 9, 6, 7, 9, 7, 7, 9, 7, 8, 9, 8, 7, 6, 0, 0, 7, 0, 8, 6, 3, 5, 2, 8, 7, 5, 0, 9, 2, 8, 9, 0, 4, 9, 7, 3, 5, 3, 3, 0, 4, 0, 0, 1, 7, 7, 3, 3, 0, 7, 7, 7, 0, 5, 0, 9, 1, 3, 1, 3},
		names: []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"},
		want: `              precision    recall  f1-score   support

 T-shirt/top       0.73      0.89      0.80         9
     Trouser       0.67      0.67      0.67         3
    Pullover       0.50      1.00      0.67         1
       Dress       0.75      0.60      0.67        10
        Coat       0.50      0.25      0.33         4
      Sandal       0.75      1.00      0.86         3
       Shirt       1.00      0.60      0.75         5
     Sneaker       0.92      0.92      0.92        13
         Bag       0.67      0.67      0.67         6
  Ankle boot       0.62      0.83      0.71         6

    accuracy                           0.75        60
   macro avg       0.71      0.74      0.70        60
weighted avg       0.76      0.75      0.74        60
`,
	},
	{
		name:  "no names, labels 0..3",
		yTrue: []int{1, 0, 1, 3, 2, 0, 0, 0, 1, 0, 3, 1, 1, 1, 2, 2, 0, 0, 3, 3, 0, 3, 2, 2, 0},
		yPred: []int{0, 3, 1, 2, 2, 1, 0, 0, 2, 0, 1, 3, 1, 1, 1, 2, 3, 1, 3, 2, 2, 3, 2, 2, 0},
		names: nil,
		want: `              precision    recall  f1-score   support

           0       0.80      0.44      0.57         9
           1       0.43      0.50      0.46         6
           2       0.50      0.80      0.62         5
           3       0.40      0.40      0.40         5

    accuracy                           0.52        25
   macro avg       0.53      0.54      0.51        25
weighted avg       0.57      0.52      0.52        25
`,
	},
	{
		name:  "sparse labels without names",
		yTrue: []int{0, 2, 5, 5, 2},
		yPred: []int{0, 0, 5, 2, 2},
		names: nil,
		want: `              precision    recall  f1-score   support

           0       0.50      1.00      0.67         1
           2       0.50      0.50      0.50         2
           5       1.00      0.50      0.67         2

    accuracy                           0.60         5
   macro avg       0.67      0.67      0.61         5
weighted avg       0.70      0.60      0.60         5
`,
	},
	{
		name:  "a named class that never occurs",
		yTrue: []int{0, 0, 1},
		yPred: []int{0, 0, 0},
		names: []string{"a", "b", "never"},
		want: `              precision    recall  f1-score   support

           a       0.67      1.00      0.80         2
           b       0.00      0.00      0.00         1
       never       0.00      0.00      0.00         0

   micro avg       0.67      0.67      0.67         3
   macro avg       0.22      0.33      0.27         3
weighted avg       0.44      0.67      0.53         3
`,
	},
	{
		name:  "nothing right",
		yTrue: []int{0, 1, 1, 0},
		yPred: []int{1, 0, 0, 1},
		names: []string{"no", "yes"},
		want: `              precision    recall  f1-score   support

          no       0.00      0.00      0.00       2.0
         yes       0.00      0.00      0.00       2.0

    accuracy                           0.00       4.0
   macro avg       0.00      0.00      0.00       4.0
weighted avg       0.00      0.00      0.00       4.0
`,
	},
}

func TestReportStringMatchesSklearn(t *testing.T) {
	for _, tt := range sklearnReports {
		r, err := Classification(tt.yTrue, tt.yPred, tt.names)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := r.String(); got != tt.want {
			t.Errorf("%s:\ngot\n%s\nwant (scikit-learn)\n%s", tt.name, got, tt.want)
		}
	}
}

// scikit-learn prints the micro F1 score, 2pr/(p+r), in the accuracy row;
// for 19 right out of 40 it rounds to 0.48 where 19/40 itself rounds to 0.47.
func TestReportAccuracyRowRoundsLikeSklearn(t *testing.T) {
	yTrue := make([]int, 40)
	yPred := make([]int, 40)
	for i := 20; i < 40; i++ {
		yTrue[i] = 1
	}
	yPred[19] = 1
	r, err := Classification(yTrue, yPred, nil)
	if err != nil {
		t.Fatal(err)
	}
	// classification_report([0]*20+[1]*20, [0]*19+[1]+[0]*20)
	want := `              precision    recall  f1-score   support

           0       0.49      0.95      0.64        20
           1       0.00      0.00      0.00        20

    accuracy                           0.48        40
   macro avg       0.24      0.47      0.32        40
weighted avg       0.24      0.47      0.32        40
`
	if got := r.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if r.Accuracy != 19.0/40 {
		t.Errorf("Accuracy = %v, want exactly 19/40", r.Accuracy)
	}
}

func TestReportJSON(t *testing.T) {
	r, err := Classification([]int{0, 1, 1}, []int{0, 1, 0}, []string{"neg", "pos"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"classes":["neg","pos"]`, `"per_class":[`, `"f1-score":`, `"macro_avg":`, `"weighted_avg":`, `"accuracy":`, `"total":3`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON %s lacks %s", b, key)
		}
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.String() != r.String() {
		t.Errorf("report after a JSON round trip:\n%s\nwant\n%s", back, r)
	}
}
