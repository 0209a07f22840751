package nn_test

import (
	"fmt"

	"github.com/gozoo/gozoo/nn"
)

// Train step by step, choosing each minibatch: here the first 16 points,
// over and over, printing the loss now and then.
func ExampleModel_TrainStep() {
	train := points(1, 200)
	rng := nn.NewRand(1)
	m := nn.Sequential(nn.Input{Name: "point", Shape: []int{2}}, []nn.Applier{
		nn.NewDense(rng, "dense", 2, 8, nn.Tanh),
		nn.NewDense(rng, "dense_1", 8, 2, nn.Softmax),
	}, nn.WithName("line"), nn.WithLoss(nn.SparseCategoricalCrossentropy{}), nn.WithSeed(1))
	opt := nn.NewAdam(0.02) // one optimizer for every step: it keeps Adam's moments
	batch := make([]int, 16)
	for i := range batch {
		batch[i] = i
	}
	for step := 1; step <= 150; step++ {
		loss, err := m.TrainStep(train, batch, opt)
		if err != nil {
			fmt.Println(err)
			return
		}
		if step == 1 || step%50 == 0 {
			fmt.Printf("step %d: loss %.3f\n", step, loss)
		}
	}
	// Output:
	// step 1: loss 0.531
	// step 50: loss 0.036
	// step 100: loss 0.009
	// step 150: loss 0.004
}
