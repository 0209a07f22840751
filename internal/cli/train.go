package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/gozoo/gozoo/nn"
)

// Train fits m on train as opt says (unless opt.Epochs is 0) and returns the
// history and the epochs the model has now been trained in all, counting
// opt.InitialEpoch. It sets opt.OnEpochEnd to save(modelPath, epoch):
// saving after every epoch is what lets Ctrl-C or a divergence keep the last
// one, and the error is then a *StoppedError naming it. Without training the
// model is saved once, so that modelPath holds the model the report is
// about. With training, the last epoch's save is the model as Fit leaves it,
// unless early stopping restores the best weights (RestoreBestWeights): no
// command asks for that, and Train does not save again for it.
func Train(ctx context.Context, m *nn.Model, train nn.Data, opt nn.FitOptions, modelPath string, save func(path string, epochs int) error) (nn.History, int, error) {
	// The model's history is that of its earlier runs (from the -load
	// file), up to the epoch this run starts after; each epoch of the run
	// is added to it before the model is saved, and the whole is returned,
	// so that metrics.json and the curves of a resumed run cover every
	// epoch.
	prior := m.History.Upto(opt.InitialEpoch)
	m.History = prior
	opt.OnEpochEnd = func(epoch int, h nn.History) error {
		m.History = prior.Join(h)
		return save(modelPath, epoch)
	}
	var hist nn.History
	if opt.Epochs > 0 {
		var err error
		training.Store(true)
		hist, err = m.Fit(ctx, train, opt)
		training.Store(false)
		var div *nn.DivergedError
		switch {
		case errors.Is(err, nn.ErrInterrupted), errors.As(err, &div):
			if len(hist.Epoch) > 0 {
				return hist, 0, &StoppedError{Err: err, Path: modelPath, Epoch: opt.InitialEpoch + len(hist.Epoch)}
			}
			return hist, 0, err
		case err != nil:
			return hist, 0, err
		}
	}
	epochs := opt.InitialEpoch + len(hist.Epoch)
	m.History = prior.Join(hist)
	if opt.Epochs == 0 {
		if err := save(modelPath, epochs); err != nil {
			return hist, 0, err
		}
	}
	return m.History, epochs, nil
}

// StoppedError is Train's error when training stopped early, on Ctrl-C or a
// divergence, after saving one epoch or more: it names the file and the
// epoch it holds, from which -load can resume.
type StoppedError struct {
	// Err is nn.ErrInterrupted or an *nn.DivergedError.
	Err error
	// Path is the model file; Epoch the epoch it holds, counting the
	// epochs it had been trained before the run.
	Path  string
	Epoch int
}

// Error says why training stopped and which epoch the model file holds.
func (e *StoppedError) Error() string {
	return fmt.Sprintf("%v; %s holds epoch %d", e.Err, e.Path, e.Epoch)
}

// Unwrap returns Err, so that cli.Main still sees an interruption.
func (e *StoppedError) Unwrap() error { return e.Err }
