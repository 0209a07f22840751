// Package nn is the small kit every gozoo model shares, on top of Gorgonia:
// parameters and layers, losses and metrics, optimizers with Keras's
// defaults, the training loop Fit with its History and progress lines, a
// Keras-like Summary, prediction without the graph, and saving and loading.
// The layers' arithmetic lives in internal/kernels, on plain slices; nn makes
// it Gorgonia ops and wires them into graphs.
//
// # The life of a Model
//
// Build. Sequential stacks layers on one input, as keras.Sequential does;
// NewModel takes several inputs and a ForwardFunc that wires the layers, as
// Keras's functional API does. What else a model needs comes as options:
//
//	rng := nn.NewRand(42) // the layers draw their initial weights from it
//	m := nn.Sequential(nn.Input{Name: "input", Shape: []int{28, 28}}, []nn.Applier{
//		nn.NewFlatten(""),
//		nn.NewDense(rng, "", 784, 300, nn.ReLU),
//		nn.NewDense(rng, "", 300, 10, nn.Softmax),
//	}, nn.WithLoss(nn.SparseCategoricalCrossentropy{}),
//		nn.WithMetric(func() nn.Metric { return &nn.Accuracy{} }),
//		nn.WithSeed(42)) // the dropout masks' stream
//
// A layer made with the name "" is named by the model as Keras names it in
// a fresh session: flatten, dense, dense_1, ... (per kind, in the order of
// the model's layers; explicit names are kept). Its parameters are named
// after it (dense/kernel, dense/bias), and those names are what model files
// hold. A model's inputs, layers, loss and metric are fixed once it is
// built; Inputs, Layers, Loss and NewMetric read them.
//
// Fit. Fit(ctx, train, FitOptions) trains as Keras's fit does: shuffled
// minibatches, the optimizer of the options, a validation pass and the
// History of each epoch, early stopping, progress lines. Cancelling ctx
// stops it between steps with an error wrapping ErrInterrupted; a loss that
// stops being finite stops it with a *DivergedError. Either way the model
// keeps the weights of its last completed epoch. TrainStep is one step, for
// loops of the caller's own.
//
// Predict. Predict, PredictInto, PredictClasses, PredictProbabilities and
// PredictValues run the model in inference mode (no dropout); Evaluate and
// EvaluatePredict also give the loss and the metric.
//
// Save and Load. Save writes a model to an io.Writer in gozoo's model file
// format (SaveFile to a path, atomically: a crash leaves the previous file
// whole): its weights, its kind and configuration, the epochs trained and
// what a resumed run needs. Read (ReadFile) reads such a file back, checking
// its checksum before any weight is used. Load (LoadFile) rebuilds the model
// a file holds: it is given the type of the model's configuration, a Config,
// which names the kind and builds the model, and returns the model itself:
//
//	m, epochs, err := nn.LoadFile[mlpcls.Config]("fashion.gozoo") // m is a *mlpcls.Model
//
// Resume. A loaded model carries the optimizer's state (Adam's moments,
// SGD's velocities), the dropout masks' stream and its History
// (Model.History). Fit with a fresh optimizer of the same kind, the same
// FitOptions.Seed and FitOptions.InitialEpoch set to the epochs already
// done replays the shuffles of those epochs and goes on with the batches,
// the masks and the optimizer state an uninterrupted run would have had.
//
// # How a layer plugs in
//
// A Layer has a Name, a Type (its kind, as Summary prints it) and Params,
// its weights; that is what Summary, Save and the optimizers need. The
// rest are small interfaces that nn finds by type assertion, in the manner
// of gonum/plot:
//
//   - Applier: Apply(s, x) adds the layer's operations on one input to the
//     graph under construction (the Scope) and returns its output node. A
//     layer of several inputs (Concatenate) has an Apply of its own, which a
//     ForwardFunc calls.
//   - Shaper: OutputShape(in...) tells the shape of the output from the
//     inputs', batch axis left out, without a graph: a model's constructor
//     follows its input through the layers with it. Every layer of nn is one.
//   - Refresher: Refresh recomputes what the layer derives from its
//     parameters, after Restore overwrote them.
//
// Apply records the layer's call (Scope.Record) for Summary and Calls, and
// may bind its weights into the graph with Scope.Param, draw a per-step
// mask with Scope.BeforeStep and Scope.Rand, and ask Scope.Training whether
// the graph trains. Losses (Loss), metrics (Metric) and optimizers
// (Optimizer, and StatefulOptimizer for one whose state Save keeps) plug in
// the same way. The layers of nn also record how inference computes their
// outputs without the graph; a model with a layer of another package
// predicts through Gorgonia's tape machine instead, one call at a time.
//
// # Graphs and weights
//
// A model's parameters live outside any one expression graph: Gorgonia fixes
// a graph's batch size, so the model builds one graph per kind of run and
// batch size (the full minibatch, the last partial one, evaluation without
// dropout) and binds the same weight tensors into each. An optimizer step
// updates those tensors in place, and every graph sees the new values.
// ReleaseGraphs drops the compiled graphs when a program is done with them.
//
// Prediction does not run the graphs: each layer also says how to compute
// its output from its inputs' values with the same kernels, and Predict
// runs those steps, bit for bit the graph's results, with none of the tape
// machine's work.
//
// # Concurrency
//
// Predict, PredictInto, PredictClasses, PredictProbabilities and
// PredictValues may be called from many goroutines at once on one Model:
// they share its weights (nothing is copied) and each call runs in buffers
// of its own, which the model keeps for later calls. Everything else is for
// one goroutine at a time, with no prediction running: Fit, TrainStep,
// Evaluate, EvaluatePredict, Restore, SeedMasks, a layer's Adapt, and
// writing to a Param. Two models share no state (the kernels' buffer pools
// are safe for concurrent use), and may train at once.
//
// # Who owns which buffer
//
//   - Data's arrays (X, Bytes, Y) stay the caller's: Fit, Evaluate and
//     Predict read them, copy what they need into buffers of their own, and
//     keep no reference once they return. Data.Bytes holds 8-bit inputs at a
//     quarter of the memory of X; each batch is widened through ByteValues
//     as it is copied in, to the same numbers as X would give.
//   - Predict returns a new slice, the caller's. PredictInto writes into
//     the caller's out, sized N times the output's width, and allocates
//     nothing that grows with the batch once the model has run one of that
//     size: the way to predict in a loop.
//   - Param.Data is the model's own weights, not a copy: writing to it
//     changes the model, after which Model.WeightsChanged tells inference to
//     recompute what it derives from them (Restore, Fit and TrainStep do so
//     themselves).
//   - An Optimizer's Step gets the gradients the training graph computed,
//     which the next step overwrites: it reads them, and keeps nothing.
//   - A ModelFile from Read owns its values; Save reads the weights while it
//     writes and keeps nothing.
//
// # Randomness
//
// Every random draw of nn comes from a seed, so the same seeds give the
// same model on any machine and any number of cores: NewRand(seed) for the
// weights (a layer's constructor takes the rng), FitOptions.Seed for the
// shuffles, WithSeed for the dropout masks. These are math/rand/v2's PCG,
// the generator the zoo's saved models were trained with. The scikit-learn
// reproductions draw instead from numpy's generator, the Mersenne Twister
// (data.RandomState, on gonum's prng.MT19937), as scikit-learn does.
//
// # BLAS
//
// The Dense and convolution kernels multiply on nn's own BLAS: gozoo's GEMM
// (and gonum's for the rest) by default, OpenBLAS in a program built with
// -tags openblas (BLAS names it). nn leaves Gorgonia's global BLAS (G.Use)
// as the program set it; the openblas build sets OpenBLAS to one thread,
// process-wide, since nn splits its products over goroutines itself.
//
// nn knows no dataset: it trains on Data, flat float32 arrays that the data
// package or the caller fills.
package nn
