package mlpreg_test

import (
	"fmt"
	"strings"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/zoo/mlpreg"
)

// The notebook's Keras regressor, as its summary counts it: 5,601 trainable
// weights and the Normalization layer's 17 values (8 means, 8 variances and
// a count).
func ExampleNew() {
	m, err := mlpreg.New(mlpreg.KerasConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	trainable, frozen := m.CountParams()
	fmt.Println(trainable+frozen, trainable, frozen)
	// Output: 5618 5601 17
}

// The notebook's scikit-learn cell: the scaler fitted on the training
// split, and MLPRegressor(hidden_layer_sizes=[50, 50, 50], random_state=42)
// with scikit-learn's initial weights; s.Model.Fit(ctx, s.TrainX,
// s.TrainY, nil) then trains it to scikit-learn's numbers (169 epochs,
// validation RMSE 0.5053, about half a minute of CPU).
func ExampleNewSklearn() {
	tab, err := data.CaliforniaHousing("")
	if err != nil {
		fmt.Println(err)
		return
	}
	train, _, _, err := data.CaliforniaSplits(tab)
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := mlpreg.NewSklearn(train, 42)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(s.TrainX), s.Model.Units, s.Model.CountParams())
	// Output: 11610 [8 50 50 50 1] 5601
}

// A model trained on a CSV file saves its columns: new rows are read by
// them, in any column order, then predicted. (This model is untrained.)
func ExampleModel_PredictTable() {
	cfg := mlpreg.KerasConfig()
	cfg.Features = 2
	cfg.Schema = &data.Schema{Columns: []string{"rooms", "age"}, Target: "price"}
	m, err := mlpreg.New(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	rows, err := data.ReadCSVRows(strings.NewReader("age,rooms\n30,4\n12,6\n"), "new.csv", m.Config.Schema)
	if err != nil {
		fmt.Println(err)
		return
	}
	values, err := m.PredictTable(rows)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(values), "predictions")
	// Output: 2 predictions
}
