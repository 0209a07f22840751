// Package cnn is the notebook's convolutional classifier for Fashion-MNIST
// (section 2.3, the cnnCls cell): a 7x7 convolution of 64 filters, then
// blocks of 3x3 convolutions each followed by a max pooling that halves the
// image, then a Dense head with dropout and a softmax output.
//
// DefaultConfig is the notebook's model, 1,413,834 parameters:
//
//	Reshape (28, 28, 1)
//	Conv2D 64 7x7 "same" ReLU, MaxPool2D 2
//	Conv2D 128 3x3 x2,         MaxPool2D 2
//	Conv2D 256 3x3 x2,         MaxPool2D 2
//	Flatten, Dense 128 ReLU, Dropout 0.5, Dense 64 ReLU, Dropout 0.5
//	Dense 10 softmax
//
// Convolutions and hidden Dense layers have He-normal kernels (Keras's
// "he_normal"), the output layer Keras's default Glorot-uniform one, all
// biases start at zero. The notebook trains it with SGD 0.05, batch 32, for
// 7 epochs. Config.Blocks holds the filter counts of each block, so a deeper
// or wider variant is one Config away (see Doubling).
package cnn

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/nn"
)

// Kind names this model in saved files.
const Kind = "cnn"

// Config describes a CNN classifier.
type Config struct {
	// Input is the shape of one image, (height, width, channels); a
	// (height, width) grey image gets its channel axis from the model's
	// Reshape layer.
	Input []int `json:"input"`
	// FirstFilters and FirstKernel are the first convolution's filter count
	// and kernel side (64 and 7 in the notebook): large kernels on the
	// image itself, before any pooling.
	FirstFilters int `json:"first_filters"`
	FirstKernel  int `json:"first_kernel"`
	// Blocks lists, for each block after the first convolution, the filter
	// counts of its convolutions; each block ends with a 2x2 max pooling.
	// The notebook's is {{128, 128}, {256, 256}}: two repetitions of two
	// convolutions, the filters doubling as the pooling halves the image.
	Blocks [][]int `json:"blocks"`
	// Kernel is the kernel side of the blocks' convolutions (3).
	Kernel int `json:"kernel"`
	// Dense lists the widths of the hidden ReLU Dense layers, each followed
	// by a Dropout layer.
	Dense []int `json:"dense"`
	// Dropout is the rate of the Dropout layers; 0 leaves them out.
	Dropout float64 `json:"dropout"`
	// Classes is the width of the softmax output.
	Classes int `json:"classes"`
	// ClassNames names the classes, when known (the folders of an image
	// folder), so that a loaded model can say what it predicts.
	ClassNames []string `json:"class_names,omitempty"`
	// Seed draws the initial weights and the dropout masks.
	Seed int64 `json:"seed"`
}

// DefaultConfig is the notebook's CNN on 28x28x1 images with ten classes.
func DefaultConfig() Config {
	return Config{
		Input:        []int{28, 28, 1},
		FirstFilters: 64, FirstKernel: 7,
		Blocks: Doubling(128, 2, 2),
		Kernel: 3,
		Dense:  []int{128, 64}, Dropout: 0.5,
		Classes: 10, Seed: 42,
	}
}

// Doubling is the notebook's rule for the blocks: blocks blocks of
// repetitions convolutions each, the first with filters filters and each
// next one with twice as many. Doubling(128, 2, 2) is {{128, 128}, {256,
// 256}}; Doubling(128, 2, 3) a deeper variant for larger images.
func Doubling(filters, blocks, repetitions int) [][]int {
	out := make([][]int, blocks)
	for b := range out {
		out[b] = make([]int, repetitions)
		for r := range out[b] {
			out[b][r] = filters << b
		}
	}
	return out
}

// Model is a trained or trainable CNN classifier.
type Model struct {
	*nn.Model
	Config Config // what New built the model from, and what Save writes
}

// imageShape is the (height, width, channels) the Reshape layer makes of
// the configured input.
func (cfg Config) imageShape() ([]int, error) {
	in := cfg.Input
	if len(in) == 2 {
		in = []int{in[0], in[1], 1}
	}
	if len(in) != 3 || in[0] <= 0 || in[1] <= 0 || in[2] <= 0 {
		return nil, fmt.Errorf("cnn: input shape %v: want (height, width, channels) or (height, width)", cfg.Input)
	}
	return in, nil
}

// MaxLayerValues is the most values one image may have at any layer's
// output (16 MiB of float32; the notebook's largest is 28x28x64 = 50,176):
// training keeps every layer's output for a batch, so this bounds the memory
// a config can ask for beside its weights (nn.MaxParams).
const MaxLayerValues = 1 << 22

// MaxConvolutions is the most convolutions a model may have (the notebook's
// has 5), and MaxDense the most hidden Dense layers: each is nodes of a
// Gorgonia graph built for every batch size, so a config with thousands
// would take minutes to build before failing on memory.
const (
	MaxConvolutions = 100
	MaxDense        = 100
)

// ParamCount is the number of parameters New builds from c, counted without
// building anything. It follows the image through the layers and returns
// an error for a size of zero or less, an image pooled down to nothing, a
// layer output of more than MaxLayerValues values per image, or a model of
// more than nn.MaxParams parameters.
func (c Config) ParamCount() (int, error) {
	shape, err := c.imageShape()
	if err != nil {
		return 0, err
	}
	switch {
	case c.FirstFilters <= 0 || c.FirstKernel <= 0:
		return 0, fmt.Errorf("cnn: first convolution of %d filters of side %d: both must be positive", c.FirstFilters, c.FirstKernel)
	case len(c.Blocks) > 0 && c.Kernel <= 0:
		return 0, fmt.Errorf("cnn: kernel side %d must be positive", c.Kernel)
	case c.Classes < 2:
		return 0, errors.New("cnn: need at least two classes")
	case c.Dropout < 0 || c.Dropout >= 1:
		return 0, fmt.Errorf("cnn: dropout rate %v is not in [0, 1)", c.Dropout)
	case c.ClassNames != nil && len(c.ClassNames) != c.Classes:
		return 0, fmt.Errorf("cnn: %d class names for %d classes", len(c.ClassNames), c.Classes)
	case len(c.Dense) > MaxDense:
		return 0, fmt.Errorf("cnn: %d hidden Dense layers, more than %d", len(c.Dense), MaxDense)
	}
	convs := 1
	for _, b := range c.Blocks {
		if convs += len(b); convs > MaxConvolutions {
			return 0, fmt.Errorf("cnn: more than %d convolutions", MaxConvolutions)
		}
	}
	var s nn.Sizes
	h, w, ch := shape[0], shape[1], shape[2]
	values := func(what string, f int) error {
		if h > MaxLayerValues/w || h*w > MaxLayerValues/f {
			return fmt.Errorf("cnn: %s: %dx%dx%d values per image, more than %d", what, h, w, f, MaxLayerValues)
		}
		return nil
	}
	if err := values("input", ch); err != nil {
		return 0, err
	}
	conv := func(what string, filters, kernel int) error {
		if filters <= 0 {
			return fmt.Errorf("cnn: a convolution of %d filters", filters)
		}
		s.Add(kernel, kernel, ch, filters)
		s.Add(filters)
		ch = filters
		return values(what, filters)
	}
	if err := conv("first convolution", c.FirstFilters, c.FirstKernel); err != nil {
		return 0, err
	}
	pool := func(what string) error {
		if h, w = h/2, w/2; h == 0 || w == 0 {
			return fmt.Errorf("cnn: the image is pooled down to nothing %s", what)
		}
		return nil
	}
	if err := pool("after the first convolution"); err != nil {
		return 0, err
	}
	for b, block := range c.Blocks {
		if len(block) == 0 {
			return 0, fmt.Errorf("cnn: block %d has no convolution", b+1)
		}
		for _, filters := range block {
			if err := conv(fmt.Sprintf("block %d", b+1), filters, c.Kernel); err != nil {
				return 0, err
			}
		}
		if err := pool(fmt.Sprintf("by block %d", b+1)); err != nil {
			return 0, err
		}
	}
	widths := append(slices.Clone(c.Dense), c.Classes)
	if i := s.AddDense(h*w*ch, widths...); i >= 0 {
		return 0, fmt.Errorf("cnn: dense layer %d has %d units", i+1, widths[i])
	}
	n, err := s.Total()
	if err != nil {
		return 0, fmt.Errorf("cnn: %w", err)
	}
	return n, nil
}

// New builds the CNN's layers, named as a fresh Keras session names them
// (reshape, conv2d, max_pooling2d, conv2d_1, ..., flatten, dense, dropout,
// dense_1, dropout_1, dense_2), with weights drawn from cfg.Seed. A config
// whose image is pooled down to nothing is refused by ParamCount first.
func New(cfg Config) (*Model, error) {
	if _, err := cfg.ParamCount(); err != nil {
		return nil, err
	}
	shape, err := cfg.imageShape()
	if err != nil {
		return nil, err
	}
	rng := nn.NewRand(cfg.Seed)
	// Layers are made with the name "": Sequential names them.
	layers := []nn.Applier{nn.NewReshape("", shape...)}
	channels := shape[2]
	conv := func(filters, kernel int) error {
		if filters <= 0 {
			return fmt.Errorf("cnn: a convolution of %d filters", filters)
		}
		c, err := nn.NewConv2D(rng, "", channels, filters, kernel, nn.ReLU,
			nn.WithPadding(nn.Same), nn.WithConvKernelInit(nn.HeNormal))
		if err != nil {
			return fmt.Errorf("cnn: %w", err)
		}
		layers = append(layers, c)
		channels = filters
		return nil
	}
	pool := func() { layers = append(layers, nn.NewMaxPool2D("", 2)) }

	if err := conv(cfg.FirstFilters, cfg.FirstKernel); err != nil {
		return nil, err
	}
	pool()
	for b, block := range cfg.Blocks {
		if len(block) == 0 {
			return nil, fmt.Errorf("cnn: block %d has no convolution", b+1)
		}
		for _, filters := range block {
			if err := conv(filters, cfg.Kernel); err != nil {
				return nil, err
			}
		}
		pool()
	}
	// The Dense layers' inputs are the flattened image's: follow it through
	// the convolutions and poolings (ParamCount has checked it survives).
	for _, l := range layers {
		if shape, err = l.(nn.Shaper).OutputShape(shape); err != nil {
			return nil, fmt.Errorf("cnn: %w", err)
		}
	}
	layers = append(layers, nn.NewFlatten(""))
	width := shape[0] * shape[1] * shape[2]
	for i, units := range cfg.Dense {
		if units <= 0 {
			return nil, fmt.Errorf("cnn: dense layer %d has %d units", i+1, units)
		}
		layers = append(layers, nn.NewDense(rng, "", width, units, nn.ReLU, nn.WithKernelInit(nn.HeNormal)))
		if cfg.Dropout > 0 {
			d, err := nn.NewDropout("", cfg.Dropout)
			if err != nil {
				return nil, fmt.Errorf("cnn: %w", err)
			}
			layers = append(layers, d)
		}
		width = units
	}
	layers = append(layers, nn.NewDense(rng, "", width, cfg.Classes, nn.Softmax))
	m := nn.Sequential(nn.Input{Name: "input", Shape: cfg.Input}, layers,
		nn.WithLoss(nn.SparseCategoricalCrossentropy{}),
		nn.WithMetric(func() nn.Metric { return &nn.Accuracy{} }),
		nn.WithSeed(cfg.Seed))
	return &Model{Model: m, Config: cfg}, nil
}

// PredictImages returns the model's prediction for each image, which must
// have the model's input shape.
func (m *Model) PredictImages(im data.Images) ([]nn.ClassPrediction, error) {
	if err := im.CheckShape(m.Config.Input); err != nil {
		return nil, fmt.Errorf("cnn: %w", err)
	}
	return m.PredictProbabilities(nn.Data{X: [][]float32{im.Float32()[:im.N*im.Size()]}}, 64)
}

// Save writes the model, its config and the epochs it was trained to w, in
// nn's model file format; nn.Load[Config] reads it back.
func (m *Model) Save(w io.Writer, epochs int) error {
	return m.Model.Save(w, Kind, m.Config, epochs)
}

// SaveFile is Save to the file path, written atomically: a crash leaves
// the previous file whole; nn.LoadFile[Config] reads it back.
func (m *Model) SaveFile(path string, epochs int) error {
	return m.Model.SaveFile(path, Kind, m.Config, epochs)
}

// Kind is the name the model's files are saved under.
func (Config) Kind() string { return Kind }

// Build is New(c): with Kind, it makes Config an nn.Config, which
// nn.Load and nn.LoadFile rebuild a saved model from.
func (c Config) Build() (*Model, error) { return New(c) }

// build makes a model from a config for the loaders.
var build = nn.Builder(New, func(m *Model) *nn.Model { return m.Model })
