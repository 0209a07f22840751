package mlpcls_test

import (
	"fmt"

	"github.com/gozoo/gozoo/zoo/mlpcls"
)

// The notebook's Fashion-MNIST classifier, as Keras's summary counts it.
func ExampleNew() {
	m, err := mlpcls.New(mlpcls.FashionConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	trainable, frozen := m.CountParams()
	fmt.Println(trainable, frozen)
	// Output: 266610 0
}
