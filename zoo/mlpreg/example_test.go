package mlpreg_test

import (
	"fmt"

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
