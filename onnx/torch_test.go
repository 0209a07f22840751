package onnx_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/gozoo/gozoo/internal/onnxpeer"

	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/cnn"
	"github.com/gozoo/gozoo/zoo/mlpcls"
	"github.com/gozoo/gozoo/zoo/mlpreg"
	"github.com/gozoo/gozoo/zoo/widedeep"
)

// torchImports are the zoo's importers for the models testdata/torch_models.py
// exports, by file name.
var torchImports = map[string]func(path string) (*nn.Model, error){
	"mlpcls-iris":    loadMLPCls,
	"mlpcls-fashion": loadMLPCls,
	"mlpreg": func(path string) (*nn.Model, error) {
		m, err := mlpreg.LoadONNX(path, 1)
		if err != nil {
			return nil, err
		}
		return m.Model, nil
	},
	"widedeep-one":   func(path string) (*nn.Model, error) { return loadWideDeep(path, widedeep.OneInputConfig()) },
	"widedeep-two":   func(path string) (*nn.Model, error) { return loadWideDeep(path, widedeep.TwoInputConfig()) },
	"cnn":            loadCNN,
	"cnn-nchw":       loadCNN,
	"cnn-small-grey": loadCNN,
}

func loadMLPCls(path string) (*nn.Model, error) {
	m, err := mlpcls.LoadONNX(path, 1)
	if err != nil {
		return nil, err
	}
	return m.Model, nil
}

func loadWideDeep(path string, cfg widedeep.Config) (*nn.Model, error) {
	m, err := widedeep.LoadONNX(path, cfg)
	if err != nil {
		return nil, err
	}
	return m.Model, nil
}

func loadCNN(path string) (*nn.Model, error) {
	m, err := cnn.LoadONNX(path, cnn.DefaultConfig())
	if err != nil {
		return nil, err
	}
	return m.Model, nil
}

// TestPyTorch has PyTorch build each notebook architecture and export it;
// gozoo imports it, predicts as PyTorch within 1e-5, and one epoch of
// training lowers its loss.
func TestPyTorch(t *testing.T) {
	dir := t.TempDir()
	onnxpeer.Torch(t, dir, "")
	for _, name := range []string{"mlpcls-iris", "mlpcls-fashion", "mlpreg", "widedeep-one", "widedeep-two", "cnn", "cnn-nchw", "cnn-small-grey"} {
		t.Run(name, func(t *testing.T) {
			ref := onnxpeer.ReadTorch(t, dir, name)
			m, err := torchImports[name](filepath.Join(dir, name+".onnx"))
			if err != nil {
				t.Fatal(err)
			}
			d := nn.Data{X: ref.Inputs}
			got, w, err := m.Predict(d, 32)
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, got, ref.Output, 1e-5)

			// Train on targets near PyTorch's outputs: the classes it
			// predicts, or its values shifted by 0.5.
			n := len(got) / w
			for i := 0; i < n; i++ {
				if w == 1 {
					d.Y = append(d.Y, ref.Output[i]+0.5)
				} else {
					d.Y = append(d.Y, float32(nn.Argmax(ref.Output[i*w:(i+1)*w])))
				}
			}
			before, _, err := m.Evaluate(d, 32)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := m.Fit(context.Background(), d, nn.FitOptions{Epochs: 1, BatchSize: 8, Optimizer: nn.NewSGD(0.01), Seed: 1}); err != nil {
				t.Fatal(err)
			}
			after, _, err := m.Evaluate(d, 32)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("loss %.6g before one epoch, %.6g after", before, after)
			if !(after < before) {
				t.Errorf("one epoch took the loss from %g to %g", before, after)
			}
		})
	}
}
