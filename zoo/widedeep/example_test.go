package widedeep_test

import (
	"fmt"

	"github.com/gozoo/gozoo/zoo/widedeep"
)

// The notebook's two Wide & Deep models, as Keras's summaries count them.
func ExampleNew() {
	for _, cfg := range []widedeep.Config{widedeep.OneInputConfig(), widedeep.TwoInputConfig()} {
		m, err := widedeep.New(cfg)
		if err != nil {
			fmt.Println(err)
			return
		}
		trainable, frozen := m.CountParams()
		fmt.Println(len(m.Inputs()), "input(s):", trainable+frozen, "params,", trainable, "trainable,", frozen, "non-trainable")
	}
	// Output:
	// 1 input(s): 1256 params, 1239 trainable, 17 non-trainable
	// 2 input(s): 1200 params, 1176 trainable, 24 non-trainable
}

// Any split of a table's columns: here a wide input of the two coordinates
// (Latitude, Longitude) and a deep input of the six other features, with
// one hidden layer of 16.
func ExampleNew_custom() {
	m, err := widedeep.New(widedeep.Config{
		Features: 8, Wide: []int{6, 7}, Deep: []int{0, 1, 2, 3, 4, 5}, Hidden: []int{16}, Seed: 1,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	trainable, frozen := m.CountParams()
	fmt.Println(trainable, frozen)
	// Output: 131 18
}
