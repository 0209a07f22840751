package data

import (
	"bytes"
	_ "embed"
)

// irisCSV is scikit-learn's sklearn/datasets/data/iris.csv, the corrected version of Fisher's data
// that load_iris returns (rows 35 and 38 differ from the UCI file).
//
//go:embed embed/iris.csv
var irisCSV []byte

// irisFeatures are load_iris's feature_names, so reports and plots label axes as the notebook does.
var irisFeatures = []string{"sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"}

// Iris returns Fisher's Iris dataset as scikit-learn's load_iris does: 150 rows, the four features
// named like sklearn's feature_names, Y the class index into ClassNames (setosa, versicolor,
// virginica). The data is embedded in the binary, so Iris needs no file or network; each call
// returns a fresh table that the caller may modify.
func Iris() (Table, error) {
	t, err := ReadSklearnCSV(bytes.NewReader(irisCSV), "iris.csv")
	if err != nil {
		return Table{}, err
	}
	t.Name = "iris"
	t.Features = append([]string(nil), irisFeatures...)
	return t, nil
}
