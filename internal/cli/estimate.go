package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gozoo/gozoo/internal/gemm"
	"github.com/gozoo/gozoo/internal/human"
	"github.com/gozoo/gozoo/nn"
)

// EstimateEpoch times steps training steps of batch images, and a few
// validation batches, on the first images of ds, prints what an epoch (and
// the run's epochs) should take on this machine, and puts the model back
// as it was (weights and dropout stream), so the run that follows is the
// one it would have been without the estimate. The steps run on an
// optimizer of newOptimizer's, which the run does not share: one without
// state of its own (SGD) leaves nothing to put back.
func EstimateEpoch(ctx context.Context, m *nn.Model, ds *ClassData, batch, epochs, steps int, newOptimizer func() nn.Optimizer) error {
	n := len(ds.TrainY)
	steps = max(1, min(steps, n/batch))
	params := m.Params()
	saved := make([][]float32, len(params))
	for i, p := range params {
		saved[i] = slices.Clone(p.Data())
	}
	// A resumed run's mask stream is where the file left it, not at the
	// seed: put back what the timed steps drew.
	masks := m.MaskState()
	defer func() {
		for i, p := range params {
			copy(p.Data(), saved[i])
		}
		m.SetMaskState(masks)
	}()
	fmt.Printf("Timing %d training steps to estimate the epoch time...\n", steps)
	fit := func(k int) (time.Duration, error) {
		d := ds.Train.Head(k, n)
		t := time.Now()
		_, err := m.Fit(ctx, d, nn.FitOptions{BatchSize: batch, Optimizer: newOptimizer(), NoShuffle: true})
		return time.Since(t), err
	}
	// The first step builds the training graph, which the real run reuses:
	// leave it out of the timing.
	if _, err := fit(min(batch, n)); err != nil {
		return err
	}
	el, err := fit(min(steps*batch, n))
	if err != nil {
		return err
	}
	perStep := el / time.Duration(steps)

	// Validation runs the inference graph, about a third of a step per batch.
	nValid := len(ds.ValidY)
	var perValid time.Duration
	if k := min(batch, nValid); k > 0 {
		vd := ds.Valid.Head(k, nValid)
		for i := range 2 { // the first call builds the graph
			t := time.Now()
			if _, _, err := m.Evaluate(vd, batch); err != nil {
				return err
			}
			if i == 1 {
				perValid = time.Since(t)
			}
		}
	}
	epochSteps := (n + batch - 1) / batch
	validBatches := (nValid + batch - 1) / batch
	epoch := time.Duration(epochSteps)*perStep + time.Duration(validBatches)*perValid
	fmt.Printf("%.3f s per training step at batch %d (BLAS: %s): about %s per epoch on this machine "+
		"(%s steps and %s validation batches); %s: about %s\n",
		perStep.Seconds(), batch, nn.BLAS(), roughly(epoch), human.Commas(epochSteps), human.Commas(validBatches), human.Plural(epochs, "epoch"), roughly(time.Duration(epochs)*epoch))
	return nil
}

// roughly writes a duration as a person would estimate it: "40 s", "12 min",
// "2 h 10 min".
func roughly(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", max(1, int(d.Round(time.Second)/time.Second)))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Round(time.Minute)/time.Minute))
	}
	d = d.Round(10 * time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	if m == 0 {
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

// openBLASLibs are where Debian, Fedora and a source install put OpenBLAS.
var openBLASLibs = []string{
	"/usr/lib/*-linux-gnu/libopenblas.so*", "/usr/lib64/libopenblas.so*",
	"/usr/lib/libopenblas.so*", "/usr/local/lib/libopenblas.so*",
}

// OpenBLASHint tells the user of a pure-Go build on a CPU without AVX2
// and FMA, where gozoo's GEMM runs in plain Go, that OpenBLAS is on the
// system and how to use it; "" when the build already does, when gozoo's
// GEMM has its assembly (then faster than OpenBLAS on the zoo's products),
// or when OpenBLAS is not there. Linking needs the unversioned
// libopenblas.so of the -dev package.
func OpenBLASHint(blas string) string {
	if strings.Contains(blas, "OpenBLAS") || gemm.Assembly() {
		return ""
	}
	dev, runtime := false, false
	for _, pattern := range openBLASLibs {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			runtime = true
			if strings.HasSuffix(m, ".so") {
				dev = true
			}
		}
	}
	switch {
	case dev:
		return "gozoo's GEMM runs in plain Go on this CPU (no AVX2 and FMA), and OpenBLAS is installed: `go run -tags openblas ./cmd/cnn` runs the multiplies on it (compare the two builds with `go run ./cmd/bench -models cnn`)"
	case runtime:
		return "gozoo's GEMM runs in plain Go on this CPU (no AVX2 and FMA), and OpenBLAS is installed without its link library: `apt-get install libopenblas-dev`, then `go run -tags openblas ./cmd/cnn` runs the multiplies on it"
	}
	return ""
}
