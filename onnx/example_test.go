package onnx_test

import (
	"bytes"
	"fmt"

	"github.com/gozoo/gozoo/onnx"
	"github.com/gozoo/gozoo/zoo/mlpcls"
)

// Export writes a model as ONNX; Read reads it back as gozoo layers, which
// Restore copies into a model of the same architecture.
func ExampleExport() {
	m, err := mlpcls.New(mlpcls.IrisConfig())
	if err != nil {
		panic(err)
	}
	var file bytes.Buffer
	if err := onnx.Export(&file, m.Model, onnx.Options{}); err != nil {
		panic(err)
	}
	g, err := onnx.Read(&file)
	if err != nil {
		panic(err)
	}
	for _, l := range g.Layers {
		fmt.Println(l.Type, l.Shape, l.Activation)
	}
	again, err := mlpcls.New(mlpcls.Config{Input: g.Inputs[0].Shape, Hidden: g.Widths()[:1], Classes: 3})
	if err != nil {
		panic(err)
	}
	fmt.Println(onnx.Restore(g, again.Model))
	// Output:
	// Flatten [4] linear
	// Dense [10] relu
	// Dense [3] softmax
	// <nil>
}
