// Package nn is the small kit every gozoo model shares, on top of Gorgonia:
// parameters and layers (Dense, activations, and more as models need them),
// losses, optimizers with Keras's defaults, the training loop Fit with its
// History and progress lines, a Keras-like Summary, and saving and loading of
// weights.
//
// A model's parameters live outside any one expression graph: Gorgonia fixes a
// graph's batch size, so Fit builds one graph per batch size (the full
// minibatch, the last partial one, inference without dropout) and binds the
// same weight tensors into each. An optimizer step updates those tensors in
// place, and every graph sees the new values.
//
// Prediction does not run the graphs: each layer also says how to compute
// its output from its inputs' values with the same kernels, and Predict
// runs those steps, bit for bit the graph's results, with none of the
// tape machine's work, from as many goroutines at once as the caller
// likes (see Model).
//
// nn knows no dataset: it trains on Data, flat float32 arrays that the data
// package or the caller fills.
package nn
