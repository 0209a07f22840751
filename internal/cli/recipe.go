package cli

import (
	"os"
	"time"

	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo"
)

// ProgressEvery is how often the image commands, whose epochs take
// minutes, print a progress line within an epoch.
const ProgressEvery = 30 * time.Second

// RecipeFlags is NewFlags with the defaults of -epochs, -batch, -lr and
// -seed taken from the recipe r, the notebook cell the command runs, and
// -dataset's default dataset.
func RecipeFlags(name, dataset string, r zoo.Recipe) *Flags {
	return NewFlags(name, Flags{Epochs: r.Epochs, Batch: r.Batch, LR: r.LearningRate, Seed: r.Seed, Dataset: dataset})
}

// Follow switches the run to another recipe than the one the flags' defaults
// came from (Iris instead of Fashion-MNIST, scikit-learn's preset): the
// flags the user did not give take r's values, but for -epochs after -load,
// which stays 0 (evaluate only) unless given.
func (f *Flags) Follow(r zoo.Recipe) {
	if !f.IsSet("epochs") && f.Load == "" {
		f.Epochs = r.Epochs
	}
	if !f.IsSet("batch") {
		f.Batch = r.Batch
	}
	if !f.IsSet("lr") {
		f.LR = r.LearningRate
	}
}

// Fit is how a run trains as the recipe r says, at -epochs, -batch, -lr
// and -seed: r's optimizer and stopping rule, on train rows, validating on
// valid after each epoch (nil for none), resuming after done epochs, with
// Keras's progress lines on stdout.
func (f *Flags) Fit(r zoo.Recipe, rows int, valid *nn.Data, done int) nn.FitOptions {
	opt := r.FitOptions(rows)
	opt.Epochs, opt.BatchSize, opt.Seed = f.Epochs, f.Batch, f.Seed
	opt.Optimizer = r.NewOptimizer(f.LR, f.Batch, rows)
	opt.Valid, opt.InitialEpoch, opt.Progress = valid, done, os.Stdout
	return opt
}
