package cnn_test

import (
	"fmt"

	"github.com/gozoo/gozoo/zoo/cnn"
)

// The notebook's CNN, as Keras's summary counts it.
func ExampleNew() {
	m, err := cnn.New(cnn.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	trainable, frozen := m.CountParams()
	fmt.Println(trainable, frozen)
	// Output: 1413834 0
}

// A deeper and wider variant: three blocks of three convolutions, from 64
// filters, for larger images.
func ExampleDoubling() {
	cfg := cnn.DefaultConfig()
	cfg.Input = []int{96, 96, 3}
	cfg.Blocks = cnn.Doubling(64, 3, 3)
	fmt.Println(cfg.Blocks)
	m, err := cnn.New(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(m.Layers()), "layers")
	// Output:
	// [[64 64 64] [128 128 128] [256 256 256]]
	// 21 layers
}
