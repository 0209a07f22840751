package cli

import "fmt"

// LoadModel reads the model -load names: an ONNX file (IsONNX) through
// loadONNX, any other through loadFile, which also says how many epochs the
// model was trained (nn.LoadFile of the model's config). A loaded model is
// evaluated only unless -epochs is given: -epochs becomes 0. Errors name
// -load.
func LoadModel[M any](f *Flags, loadFile func(path string) (M, int, error), loadONNX func(path string) (M, error)) (m M, epochs int, err error) {
	if IsONNX(f.Load) {
		m, err = loadONNX(f.Load)
	} else {
		m, epochs, err = loadFile(f.Load)
	}
	if err != nil {
		return m, 0, fmt.Errorf("-load %w", err)
	}
	if !f.IsSet("epochs") {
		f.Epochs = 0
	}
	return m, epochs, nil
}
