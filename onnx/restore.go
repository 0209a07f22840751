package onnx

import (
	"errors"
	"fmt"

	"os"
	"slices"

	"github.com/gozoo/gozoo/nn"
)

// ReadFile reads an ONNX model file; errors name the file.
func ReadFile(path string) (*Graph, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// A file's size is known before reading: refuse a large one at once
	// rather than after reading MaxFileSize bytes of it.
	if st, err := f.Stat(); err == nil && st.Size() > MaxFileSize {
		return nil, fmt.Errorf("%s: ONNX model of %d bytes: larger than %d MiB", path, st.Size(), MaxFileSize>>20)
	}
	g, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// structural tells whether a layer type is one Restore matches one to one;
// Flatten, Reshape and Dropout change no value and exporters add or leave
// them out (PyTorch drops Dropout from an inference graph).
func structural(typ string) bool {
	switch typ {
	case "Dense", "Conv2D", "MaxPooling2D", "Normalization", "Concatenate":
		return true
	}
	return false
}

// LayersOf returns the graph's layers of the given type, in order.
func (g *Graph) LayersOf(typ string) []Layer {
	var out []Layer
	for _, l := range g.Layers {
		if l.Type == typ {
			out = append(out, l)
		}
	}
	return out
}

// Dropout is the rate of the graph's Dropout layers, and whether it has
// any; an error if their rates differ.
func (g *Graph) Dropout() (float64, bool, error) {
	ds := g.LayersOf("Dropout")
	for _, d := range ds {
		if d.Rate != ds[0].Rate {
			return 0, false, fmt.Errorf("dropout rates %v and %v: gozoo's models use one", ds[0].Rate, d.Rate)
		}
	}
	if len(ds) == 0 {
		return 0, false, nil
	}
	return ds[0].Rate, true, nil
}

// Restore checks that m has the structure of g (the same inputs, and the
// same Dense, Conv2D, MaxPooling2D, Normalization and Concatenate layers
// with the same shapes, activations and wiring, in the same order) and
// copies g's weights into m.
func Restore(g *Graph, m *nn.Model) error {
	calls, err := m.Calls()
	if err != nil {
		return err
	}
	if len(g.Inputs) != len(m.Inputs()) {
		return fmt.Errorf("the ONNX model has %d inputs, model %s takes %d", len(g.Inputs), m.Name, len(m.Inputs()))
	}
	for i, in := range g.Inputs {
		if size(in.Shape) != m.Inputs()[i].Size() {
			return fmt.Errorf("ONNX input %s has shape %v, model input %s %v", in.Name, in.Shape, m.Inputs()[i].Name, m.Inputs()[i].Shape)
		}
	}
	var theirs []Layer
	for _, l := range g.Layers {
		if structural(l.Type) {
			theirs = append(theirs, l)
		}
	}
	var ours []nn.Call
	for _, c := range calls {
		if structural(c.Layer.Type()) {
			ours = append(ours, c)
		}
	}
	if len(theirs) != len(ours) {
		return fmt.Errorf("the ONNX model has %d layers with weights, pooling or concatenation (%s), model %s %d (%s)",
			len(theirs), typesOf(theirs), m.Name, len(ours), callTypes(ours))
	}
	// Match each of gozoo's layers, in its order, with the first unmatched
	// ONNX layer of the same type that reads the counterparts of what it
	// reads (looking through the layers that change no value): the order
	// of independent branches may differ between the two graphs.
	theirRoots := roots(g.Layers)
	ourRoots := roots(callsAsLayers(calls))
	match := map[string]string{} // gozoo name -> ONNX name
	for i, in := range m.Inputs() {
		match[in.Name] = g.Inputs[i].Name
	}
	taken := make([]bool, len(theirs))
	for _, o := range ours {
		name := o.Layer.Name()
		want := make([]string, len(ourRoots[name]))
		for i, r := range ourRoots[name] {
			want[i] = match[r]
		}
		found := -1
		for j, t := range theirs {
			if !taken[j] && t.Type == o.Layer.Type() && slices.Equal(theirRoots[t.Name], want) {
				found = j
				break
			}
		}
		if found < 0 {
			return fmt.Errorf("gozoo's %s layer %s, reading %v, has no counterpart in the ONNX model (its layers: %s)", o.Layer.Type(), name, ourRoots[name], typesOf(theirs))
		}
		taken[found] = true
		t := theirs[found]
		match[name] = t.Name
		if err := restoreLayer(t, o.Layer); err != nil {
			return fmt.Errorf("ONNX layer %s into %s: %w", t.Name, name, err)
		}
	}
	for _, l := range m.Layers() {
		if r, ok := l.(nn.Refresher); ok {
			if _, norm := l.(*nn.Normalization); !norm {
				r.Refresh()
			}
		}
	}
	m.WeightsChanged() // a plan's Winograd kernels, if it has predicted before
	return nil
}

func restoreLayer(t Layer, l nn.Layer) error {
	switch o := l.(type) {
	case *nn.Dense:
		if !slices.Equal(t.KernelShape, o.Kernel.Shape()) {
			return fmt.Errorf("kernel %v, gozoo's %v", t.KernelShape, o.Kernel.Shape())
		}
		if t.Activation != o.Activation {
			return fmt.Errorf("activation %v, gozoo's %v", t.Activation, o.Activation)
		}
		if (t.Bias == nil) != (o.Bias == nil) {
			return fmt.Errorf("bias: %v in the ONNX model, %v in gozoo's", t.Bias != nil, o.Bias != nil)
		}
		copy(o.Kernel.Data(), t.Kernel)
		if o.Bias != nil {
			copy(o.Bias.Data(), t.Bias)
		}
	case *nn.Conv2D:
		if !slices.Equal(t.KernelShape, o.Kernel.Shape()) {
			return fmt.Errorf("kernel %v, gozoo's %v", t.KernelShape, o.Kernel.Shape())
		}
		if t.Activation != o.Activation || t.Strides != o.Strides || t.Padding != o.Padding {
			return fmt.Errorf("activation %v, strides %v, padding %v; gozoo's %v, %v, %v", t.Activation, t.Strides, t.Padding, o.Activation, o.Strides, o.Padding)
		}
		copy(o.Kernel.Data(), t.Kernel)
		copy(o.Bias.Data(), t.Bias)
	case *nn.MaxPool2D:
		if t.Window != o.Size || t.Strides != o.Strides || t.Padding != o.Padding {
			return fmt.Errorf("window %v, strides %v, padding %v; gozoo's %v, %v, %v", t.Window, t.Strides, t.Padding, o.Size, o.Strides, o.Padding)
		}
	case *nn.Normalization:
		inv := t.InvStd
		if inv == nil {
			inv = make([]float32, len(t.Mean))
			for i := range inv {
				inv[i] = 1
			}
		}
		return o.SetMeanInvStd(t.Mean, inv)
	case *nn.Concatenate:
	default:
		return fmt.Errorf("gozoo's %s layers cannot be restored from ONNX", l.Type())
	}
	return nil
}

func callsAsLayers(calls []nn.Call) []Layer {
	out := make([]Layer, len(calls))
	for i, c := range calls {
		out[i] = Layer{Name: c.Layer.Name(), Type: c.Layer.Type(), Inputs: c.Inputs}
	}
	return out
}

// roots maps each layer to the names of the inputs and the weight, pooling
// or concatenation layers it reads, looking through Flatten, Reshape and
// Dropout, so that two graphs that differ only by those compare equal.
func roots(layers []Layer) map[string][]string {
	through := map[string]string{}
	out := map[string][]string{}
	for _, l := range layers {
		var rs []string
		for _, in := range l.Inputs {
			if r, ok := through[in]; ok {
				in = r
			}
			rs = append(rs, in)
		}
		out[l.Name] = rs
		if !structural(l.Type) && len(rs) == 1 {
			through[l.Name] = rs[0]
		}
	}
	return out
}

func typesOf(ls []Layer) string {
	var s []string
	for _, l := range ls {
		s = append(s, l.Type)
	}
	return fmt.Sprint(s)
}

func callTypes(cs []nn.Call) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.Layer.Type())
	}
	return fmt.Sprint(s)
}

func size(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// Widths are the output widths of the graph's Dense layers, in order: a
// zoo MLP's hidden layers and, last, its output.
func (g *Graph) Widths() []int {
	var w []int
	for _, l := range g.LayersOf("Dense") {
		w = append(w, l.KernelShape[1])
	}
	return w
}

// Chain checks that the graph's Dense layers form a chain from an input of
// width in, each reading the previous one's width (the last one reading
// last instead, if last > 0, as after a concatenation), and returns their
// widths. A zoo model built from those widths then has the file's shapes,
// so a hostile file cannot make it allocate more than the file holds.
func (g *Graph) Chain(in, last int) ([]int, error) {
	dense := g.LayersOf("Dense")
	if len(dense) == 0 {
		return nil, errors.New("no Dense (Gemm or MatMul) layer")
	}
	var w []int
	for i, l := range dense {
		want := in
		if i == len(dense)-1 && last > 0 {
			want = last
		}
		if l.KernelShape[0] != want {
			return nil, fmt.Errorf("the Dense layer %s takes %d values, not the %d before it", l.Name, l.KernelShape[0], want)
		}
		in = l.KernelShape[1]
		w = append(w, in)
	}
	return w, nil
}

// Load reads an ONNX file into a zoo model: config reads the zoo model's
// configuration from the graph, build makes the model from it (returning
// the zoo model and its nn.Model), and Restore checks the structure and
// copies the weights. Errors name the file.
func Load[C, M any](path string, config func(*Graph) (C, error), build func(C) (M, *nn.Model, error)) (M, error) {
	var zero M
	g, err := ReadFile(path)
	if err != nil {
		return zero, err
	}
	cfg, err := config(g)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	m, net, err := build(cfg)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	if err := Restore(g, net); err != nil {
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}
