package cli

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/skmlp"
)

// TrainSklearn trains m on X, Y as scikit-learn does (package skmlp), for
// up to -epochs epochs (max_iter), with -batch and -lr when given
// (scikit-learn's own defaults otherwise), after done epochs trained
// before. It prints the set-up, the loss of the first epoch, of every
// logEvery-th and of the last in scikit-learn's verbose format, and
// scikit-learn's closing message: the stopping rule's, or its
// ConvergenceWarning. After every epoch (and once, for -epochs 0) keep
// copies m's weights into the nn model that save then writes to path: a
// Ctrl-C then returns a *StoppedError naming path and the epoch it holds.
// It returns the history ("loss" per epoch) and the epochs trained in all.
func (f *Flags) TrainSklearn(ctx context.Context, m *skmlp.Model, X, Y [][]float64, done, logEvery int, path string, keep func() error, save func(path string, epochs int) error) (nn.History, int, error) {
	f.applySklearn(&m.Config)
	return trainSklearn(ctx, m, X, Y, done, logEvery, path, func(epoch int) error {
		if err := keep(); err != nil {
			return err
		}
		return save(path, epoch)
	})
}

// trainSklearn is TrainSklearn once the flags are applied, save(epoch)
// saving the model.
func trainSklearn(ctx context.Context, m *skmlp.Model, X, Y [][]float64, done, logEvery int, path string, save func(epoch int) error) (nn.History, int, error) {
	hist := nn.History{Metrics: map[string][]float64{}}
	cfg := m.Config
	if cfg.MaxIter == 0 {
		return hist, done, save(done)
	}
	fmt.Printf("Training as scikit-learn 1.2 does: float64, Adam %g, batch %d, alpha %g, up to %d epochs, tol %g\n",
		cfg.LearningRate, cfg.Batch(len(X)), cfg.Alpha, cfg.MaxIter, cfg.Tol)
	res, err := m.Fit(ctx, X, Y, func(epoch int, loss float64) error {
		hist.Epoch = append(hist.Epoch, done+epoch)
		hist.Metrics["loss"] = append(hist.Metrics["loss"], loss)
		if epoch == 1 || epoch%logEvery == 0 {
			fmt.Printf("Iteration %d, loss = %.8f\n", done+epoch, loss)
		}
		return save(done + epoch)
	})
	epochs := done + len(hist.Epoch)
	if errors.Is(err, skmlp.ErrInterrupted) {
		if len(hist.Epoch) == 0 {
			return hist, 0, nn.ErrInterrupted
		}
		return hist, 0, &StoppedError{Err: nn.ErrInterrupted, Path: path, Epoch: epochs}
	}
	if err != nil {
		return hist, 0, err
	}
	if (epochs-done)%logEvery != 0 {
		fmt.Printf("Iteration %d, loss = %.8f\n", epochs, hist.Last("loss"))
	}
	if res.Converged {
		fmt.Println(res.Message)
	} else if res.Message != "" {
		fmt.Println("ConvergenceWarning: " + res.Message)
	}
	return hist, epochs, nil
}

// RandomState is -seed as scikit-learn's random_state, which numpy needs
// in [0, 2^32).
func (f *Flags) RandomState() (uint32, error) {
	if f.Seed < 0 || f.Seed > math.MaxUint32 {
		return 0, fmt.Errorf("-seed %d: scikit-learn's random_state must lie in [0, 2^32)", f.Seed)
	}
	return uint32(f.Seed), nil
}

// applySklearn sets a scikit-learn MLP's max_iter from -epochs, and its
// batch_size and learning_rate_init from -batch and -lr when they are given
// (scikit-learn's own defaults otherwise).
func (f *Flags) applySklearn(cfg *skmlp.Config) {
	cfg.MaxIter = f.Epochs
	if f.IsSet("batch") {
		cfg.BatchSize = f.Batch
	}
	if f.IsSet("lr") {
		cfg.LearningRate = f.LR
	}
}
