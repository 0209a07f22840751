package mlpcls_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/gozoo/gozoo/nn"
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

// The notebook's scikit-learn cell on iris, trained as scikit-learn trains
// it: it stops where MLPClassifier(random_state=42) stops.
func ExampleNewIris() {
	c, err := mlpcls.NewIris(42, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := c.Model.Fit(context.Background(), c.TrainX, c.TrainY, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	acc, err := c.TestAccuracy()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d epochs, test accuracy %.2f\n%s\n", c.Model.Epochs(), acc, res.Message)
	// Output:
	// 954 epochs, test accuracy 1.00
	// Training loss did not improve more than tol=0.000100 for 10 consecutive epochs.
}

// Save a classifier to a stream and read it back with nn.Load, which the
// type of its configuration, mlpcls.Config, tells what to rebuild.
func ExampleModel_Save() {
	m, err := mlpcls.New(mlpcls.IrisConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	var file bytes.Buffer
	if err := m.Save(&file, 12); err != nil {
		fmt.Println(err)
		return
	}
	loaded, epochs, err := nn.Load[mlpcls.Config](&file)
	if err != nil {
		fmt.Println(err)
		return
	}
	var names []string
	for _, l := range loaded.Layers() {
		names = append(names, l.Name())
	}
	fmt.Println(epochs, "epochs;", names, loaded.Config.Hidden)
	// Output:
	// 12 epochs; [flatten dense dense_1] [10]
}
