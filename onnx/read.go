package onnx

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"google.golang.org/protobuf/proto"

	pb "github.com/gozoo/gozoo/internal/onnxpb"
	"github.com/gozoo/gozoo/nn"
)

// Limits on what Read accepts, checked before anything sized by the file is
// allocated.
const (
	// MaxFileSize bounds an ONNX file: 512 MiB, a hundred times the zoo's
	// largest model.
	MaxFileSize = 512 << 20
	// MaxNodes bounds the nodes of a graph.
	MaxNodes = 100_000
	// MaxInputSize bounds the values of one example of an input (a
	// 2048x1024 RGB image), since a model allocates its input buffers and
	// its first layer by it.
	MaxInputSize = 1 << 22
)

// ErrUnsupported is wrapped by Read's error for a model that uses an
// operator, or an operator's option, that gozoo has no layer for.
var ErrUnsupported = errors.New("unsupported")

// Graph is an ONNX model read as gozoo layers.
type Graph struct {
	// Inputs are the graph's inputs, in order, with their gozoo shapes (an
	// image as (height, width, channels)), batch axis left out.
	Inputs []Input
	// Layers are in the order the graph computes them.
	Layers []Layer
	// Output is the name of the layer (or input) whose value is the
	// model's output.
	Output string
}

// Input is one input of a Graph.
type Input struct {
	Name  string
	Shape []int
}

// Layer is one gozoo layer read from an ONNX graph, its weights in gozoo's
// layouts.
type Layer struct {
	Name string
	// Type is the gozoo layer's Type: Dense, Conv2D, MaxPooling2D, Flatten,
	// Reshape, Dropout, Normalization or Concatenate.
	Type string
	// Inputs name the layers or graph inputs the layer reads, in order.
	Inputs []string
	// Shape is the layer's output shape, batch axis left out.
	Shape      []int
	Activation nn.Activation
	// Kernel is a Dense kernel (in, units) or a Conv2D kernel (kh, kw, in,
	// filters); Bias is nil for a Dense layer without one.
	Kernel      []float32
	KernelShape []int
	Bias        []float32
	// Window, Strides and Padding describe a Conv2D or MaxPooling2D.
	Window, Strides [2]int
	Padding         nn.Padding
	// Rate is a Dropout's.
	Rate float64
	// Mean and InvStd are a Normalization's (x - Mean) * InvStd.
	Mean, InvStd []float32
}

// Read decodes an ONNX model from r, at most MaxFileSize bytes.
func Read(r io.Reader) (*Graph, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("ONNX model larger than %d MiB", MaxFileSize>>20)
	}
	return Decode(b)
}

// Decode reads an ONNX model from its bytes.
func Decode(b []byte) (*Graph, error) {
	var mp pb.ModelProto
	if err := (proto.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(b, &mp); err != nil {
		return nil, fmt.Errorf("not an ONNX model: %w", err)
	}
	if mp.Graph == nil {
		return nil, errors.New("not an ONNX model: no graph")
	}
	opset := int64(0)
	for _, o := range mp.OpsetImport {
		if o.GetDomain() == "" || o.GetDomain() == "ai.onnx" {
			opset = o.GetVersion()
		}
	}
	if opset < 7 {
		return nil, fmt.Errorf("ONNX opset %d: %w (gozoo reads opset 7 and later)", opset, ErrUnsupported)
	}
	if len(mp.Graph.Node) > MaxNodes {
		return nil, fmt.Errorf("ONNX graph of %d nodes: more than %d", len(mp.Graph.Node), MaxNodes)
	}
	rd := &reader{
		g: &Graph{}, opset: opset, consts: map[string]*tensor{}, vals: map[string]value{},
		uses: map[string]int{}, consumers: map[string][]*pb.NodeProto{}, lastOut: map[string]string{},
		layer: map[string]int{}, names: map[string]bool{},
	}
	if err := rd.graph(mp.Graph); err != nil {
		return nil, err
	}
	return rd.g, nil
}

// tensor is a constant: an initializer or a Constant node's value.
type tensor struct {
	dims []int
	f    []float32
	i    []int64
}

type reader struct {
	g         *Graph
	opset     int64
	consts    map[string]*tensor
	vals      map[string]value // gozoo values: name is the layer or input that makes them
	chw       map[string][]int // flat values whose features are in (C, H, W) order: the (H, W, C) shape
	uses      map[string]int
	consumers map[string][]*pb.NodeProto
	lastOut   map[string]string // a layer's current output tensor, to fuse what follows
	layer     map[string]int    // index in g.Layers
	names     map[string]bool
}

func (rd *reader) graph(g *pb.GraphProto) error {
	rd.chw = map[string][]int{}
	for _, t := range g.Initializer {
		c, err := readTensor(t)
		if err != nil {
			return fmt.Errorf("initializer %q: %w", t.GetName(), err)
		}
		rd.consts[t.GetName()] = c
	}
	for _, n := range g.Node {
		for _, in := range n.Input {
			rd.uses[in]++
			rd.consumers[in] = append(rd.consumers[in], n)
		}
	}
	for _, o := range g.Output {
		rd.uses[o.GetName()]++
	}
	for _, in := range g.Input {
		if _, ok := rd.consts[in.GetName()]; ok {
			continue // an initializer listed as an input, as older exporters do
		}
		if err := rd.input(in); err != nil {
			return err
		}
	}
	if len(rd.g.Inputs) == 0 {
		return errors.New("ONNX graph has no input")
	}
	for _, n := range g.Node {
		if err := rd.node(n); err != nil {
			name := n.GetName()
			if name == "" && len(n.Output) > 0 {
				name = n.Output[0]
			}
			return fmt.Errorf("node %q (%s): %w", name, n.GetOpType(), err)
		}
	}
	if len(g.Output) != 1 {
		return fmt.Errorf("ONNX graph has %d outputs: %w (gozoo models have one)", len(g.Output), ErrUnsupported)
	}
	v, ok := rd.vals[g.Output[0].GetName()]
	if !ok {
		return fmt.Errorf("output %q is not computed from the inputs", g.Output[0].GetName())
	}
	if v.layout == nchw || len(v.shape) != 1 {
		return fmt.Errorf("output %q has shape %v: %w (gozoo models output (batch, width))", g.Output[0].GetName(), v.shape, ErrUnsupported)
	}
	rd.g.Output = v.name
	return nil
}

// input declares a graph input; a 4-D one is NCHW if it goes straight
// into a Conv or MaxPool, which gozoo takes only with one channel (the same
// bytes as NHWC), otherwise NHWC.
func (rd *reader) input(in *pb.ValueInfoProto) error {
	name := in.GetName()
	tt := in.GetType().GetTensorType()
	if tt == nil || tt.GetElemType() != int32(pb.TensorProto_FLOAT) {
		return fmt.Errorf("input %q: %w type (gozoo takes float32 tensors)", name, ErrUnsupported)
	}
	dims := tt.GetShape().GetDim()
	if len(dims) < 2 || len(dims) > 4 {
		return fmt.Errorf("input %q has %d dimensions: %w (want batch and 1 to 3 more)", name, len(dims), ErrUnsupported)
	}
	shape := make([]int, len(dims)-1)
	for i, d := range dims[1:] {
		v := d.GetDimValue()
		if v <= 0 || v > 1<<24 {
			return fmt.Errorf("input %q: dimension %d is %q: gozoo wants fixed sizes but for the batch", name, i+1, d.String())
		}
		shape[i] = int(v)
	}
	if size(shape) > MaxInputSize {
		return fmt.Errorf("input %q of shape %v: more than %d values an example", name, shape, MaxInputSize)
	}
	v := value{name: name, shape: shape}
	if len(shape) == 3 {
		if !rd.feedsNCHW(name) {
			v.layout = nhwc
		} else {
			if shape[0] != 1 {
				return fmt.Errorf("input %q is NCHW with %d channels: %w: gozoo feeds NHWC images; start the model with a transpose (x.permute(0, 3, 1, 2))", name, shape[0], ErrUnsupported)
			}
			v.layout, v.shape = nchw, []int{shape[1], shape[2], 1}
		}
	}
	rd.vals[name] = v
	rd.names[name] = true
	rd.g.Inputs = append(rd.g.Inputs, Input{Name: name, Shape: v.shape})
	return nil
}

// feedsNCHW tells whether a 4-D tensor goes straight into a Conv or a
// MaxPool, which read it as NCHW; gozoo's own exports transpose an NHWC
// image first.
func (rd *reader) feedsNCHW(name string) bool {
	for _, n := range rd.consumers[name] {
		if op := n.GetOpType(); op == "Conv" || op == "MaxPool" {
			return true
		}
	}
	return false
}

// add appends a layer made by node n and binds its output.
func (rd *reader) add(n *pb.NodeProto, l Layer, out value) {
	name := n.GetName()
	if name == "" {
		name = n.Output[0]
	}
	for base, i := name, 1; rd.names[name]; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	rd.names[name] = true
	l.Name = name
	l.Shape = out.shape
	rd.layer[name] = len(rd.g.Layers)
	rd.g.Layers = append(rd.g.Layers, l)
	out.name = name
	rd.vals[n.Output[0]] = out
	rd.lastOut[name] = n.Output[0]
}

// fusable returns the layer that made tensor x if x is its output, read
// by nothing but the node at hand, so an activation or a bias can join it.
func (rd *reader) fusable(x string) *Layer {
	v, ok := rd.vals[x]
	if !ok || rd.lastOut[v.name] != x || rd.uses[x] != 1 {
		return nil
	}
	i, ok := rd.layer[v.name]
	if !ok {
		return nil
	}
	return &rd.g.Layers[i]
}

func (rd *reader) node(n *pb.NodeProto) error {
	if d := n.GetDomain(); d != "" && d != "ai.onnx" {
		return fmt.Errorf("operator domain %q: %w", d, ErrUnsupported)
	}
	if len(n.Output) == 0 {
		return errors.New("node without output")
	}
	for _, o := range n.Output[1:] {
		if o != "" && rd.uses[o] > 0 {
			return fmt.Errorf("its output %q is used: %w (gozoo reads only the first output)", o, ErrUnsupported)
		}
	}
	op := n.GetOpType()
	if op == "Constant" {
		for _, a := range n.Attribute {
			if a.GetName() == "value" && a.T != nil {
				t, err := readTensor(a.T)
				if err != nil {
					return err
				}
				rd.consts[n.Output[0]] = t
				return nil
			}
		}
		return fmt.Errorf("a Constant without a tensor value: %w", ErrUnsupported)
	}
	// A node of constants only folds into a constant for the few ops
	// exporters use on shapes; others are not supported.
	if len(n.Input) == 0 {
		return fmt.Errorf("operator %s without inputs: %w", op, ErrUnsupported)
	}
	x, ok := rd.vals[n.Input[0]]
	if !ok {
		if op == "Identity" {
			if c, ok := rd.consts[n.Input[0]]; ok {
				rd.consts[n.Output[0]] = c
				return nil
			}
		}
		return fmt.Errorf("operator %s on constants or on %q, computed by no node gozoo reads: %w", op, n.Input[0], ErrUnsupported)
	}
	out := n.Output[0]
	switch op {
	case "Identity":
		rd.alias(n.Input[0], out)
		return nil
	case "Dropout":
		return rd.dropout(n, x)
	case "Transpose":
		perm := intsAttr(n, "perm")
		switch {
		case x.layout == nhwc && slices.Equal(perm, []int64{0, 3, 1, 2}):
			x.layout = nchw
		case x.layout == nchw && slices.Equal(perm, []int64{0, 2, 3, 1}):
			x.layout = nhwc
		default:
			return fmt.Errorf("perm %v: %w (gozoo transposes only NHWC images to NCHW and back)", perm, ErrUnsupported)
		}
		rd.vals[out] = x
		return nil
	case "Relu", "Sigmoid", "Tanh", "Softmax":
		return rd.activation(n, op)
	case "Gemm":
		return rd.gemm(n, x)
	case "MatMul":
		w, err := rd.constant(n, 1)
		if err != nil {
			return err
		}
		if len(w.dims) != 2 {
			return fmt.Errorf("MatMul by a %v matrix: %w", w.dims, ErrUnsupported)
		}
		return rd.dense(n, x, w.f, w.dims[0], w.dims[1], false, nil)
	case "Add":
		return rd.bias(n)
	case "Sub", "Div", "Mul":
		return rd.normalization(n, op, x)
	case "Flatten":
		if a := intAttr(n, "axis", 1); a != 1 {
			return fmt.Errorf("axis %d: %w (gozoo flattens all but the batch axis)", a, ErrUnsupported)
		}
		return rd.flatten(n, x)
	case "Reshape":
		return rd.reshape(n, x)
	case "Unsqueeze":
		return rd.unsqueeze(n, x)
	case "Concat":
		return rd.concat(n)
	case "Conv":
		return rd.conv(n, x)
	case "MaxPool":
		return rd.maxPool(n, x)
	}
	return fmt.Errorf("operator %s: %w", op, ErrUnsupported)
}

func (rd *reader) alias(from, to string) {
	rd.vals[to] = rd.vals[from]
	if c, ok := rd.chw[from]; ok {
		rd.chw[to] = c
	}
}

// constant returns the node's i-th input, which must be a constant.
func (rd *reader) constant(n *pb.NodeProto, i int) (*tensor, error) {
	if len(n.Input) <= i || n.Input[i] == "" {
		return nil, fmt.Errorf("input %d missing", i+1)
	}
	c, ok := rd.consts[n.Input[i]]
	if !ok {
		return nil, fmt.Errorf("input %q is computed, not a constant: %w", n.Input[i], ErrUnsupported)
	}
	return c, nil
}

func (rd *reader) dropout(n *pb.NodeProto, x value) error {
	rate := 0.5
	if a := findAttr(n, "ratio"); a != nil {
		rate = float64(a.GetF())
	}
	if len(n.Input) > 1 && n.Input[1] != "" {
		c, err := rd.constant(n, 1)
		if err != nil {
			return err
		}
		if len(c.f) != 1 {
			return errors.New("ratio is not a float scalar")
		}
		rate = float64(c.f[0])
	}
	if len(n.Input) > 2 && n.Input[2] != "" {
		c, err := rd.constant(n, 2)
		if err != nil || len(c.i)+len(c.f) != 1 || (len(c.i) == 1 && c.i[0] != 0) {
			return fmt.Errorf("training mode: %w (gozoo reads models for inference)", ErrUnsupported)
		}
	}
	if rate < 0 || rate >= 1 {
		return fmt.Errorf("dropout rate %v is not in [0, 1)", rate)
	}
	if x.layout == nchw {
		return fmt.Errorf("Dropout on an NCHW image: %w", ErrUnsupported)
	}
	rd.add(n, Layer{Type: "Dropout", Inputs: []string{x.name}, Rate: rate}, x)
	if c, ok := rd.chw[n.Input[0]]; ok {
		rd.chw[n.Output[0]] = c
	}
	return nil
}

func (rd *reader) activation(n *pb.NodeProto, op string) error {
	l := rd.fusable(n.Input[0])
	if l == nil || (l.Type != "Dense" && l.Type != "Conv2D") || l.Activation != nn.Linear {
		return fmt.Errorf("%s: %w (gozoo applies an activation right after a Dense or Conv layer, read by nothing else)", op, ErrUnsupported)
	}
	switch op {
	case "Relu":
		l.Activation = nn.ReLU
	case "Sigmoid":
		l.Activation = nn.Sigmoid
	case "Tanh":
		l.Activation = nn.Tanh
	case "Softmax":
		axis := intAttr(n, "axis", -1)
		if rd.opset < 13 {
			axis = intAttr(n, "axis", 1)
		}
		if l.Type != "Dense" || (axis != 1 && axis != -1) {
			return fmt.Errorf("axis %d: %w (gozoo's works on the features of a Dense output)", axis, ErrUnsupported)
		}
		l.Activation = nn.Softmax
	}
	v := rd.vals[n.Input[0]]
	rd.vals[n.Output[0]] = v
	rd.lastOut[l.Name] = n.Output[0]
	return nil
}

func (rd *reader) gemm(n *pb.NodeProto, x value) error {
	if intAttr(n, "transA", 0) != 0 {
		return fmt.Errorf("transA: %w", ErrUnsupported)
	}
	for _, a := range []string{"alpha", "beta"} {
		if f := findAttr(n, a); f != nil && f.GetF() != 1 {
			return fmt.Errorf("%s %v: %w (gozoo's Dense has 1)", a, f.GetF(), ErrUnsupported)
		}
	}
	w, err := rd.constant(n, 1)
	if err != nil {
		return err
	}
	if len(w.dims) != 2 {
		return fmt.Errorf("a product by a %v matrix: %w", w.dims, ErrUnsupported)
	}
	kernel, in, units := w.f, w.dims[0], w.dims[1]
	if intAttr(n, "transB", 0) != 0 {
		in, units = units, in
		kernel = make([]float32, len(w.f))
		for i := 0; i < in; i++ {
			for j := 0; j < units; j++ {
				kernel[i*units+j] = w.f[j*in+i]
			}
		}
	}
	var bias []float32
	if len(n.Input) > 2 && n.Input[2] != "" {
		c, err := rd.constant(n, 2)
		if err != nil {
			return err
		}
		if len(c.f) != units {
			return fmt.Errorf("the C input has %d values for %d units: %w (gozoo's bias has one a unit)", len(c.f), units, ErrUnsupported)
		}
		bias = c.f
	}
	return rd.dense(n, x, kernel, in, units, true, bias)
}

// dense adds a Dense layer of kernel (in, units), permuting its rows from
// (C, H, W) to gozoo's (H, W, C) order after the Flatten of an NCHW image.
func (rd *reader) dense(n *pb.NodeProto, x value, kernel []float32, in, units int, withBias bool, bias []float32) error {
	if x.layout != plain || len(x.shape) != 1 || x.shape[0] != in {
		return fmt.Errorf("a (%d, %d) matrix on shape %v: %w (want (batch, %d))", in, units, x.shape, ErrUnsupported, in)
	}
	if hwc, ok := rd.chw[n.Input[0]]; ok {
		h, w, c := hwc[0], hwc[1], hwc[2]
		perm := make([]float32, len(kernel))
		for i := 0; i < h; i++ {
			for j := 0; j < w; j++ {
				for k := 0; k < c; k++ {
					copy(perm[((i*w+j)*c+k)*units:][:units], kernel[((k*h+i)*w+j)*units:][:units])
				}
			}
		}
		kernel = perm
	}
	l := Layer{Type: "Dense", Inputs: []string{x.name}, Kernel: kernel, KernelShape: []int{in, units}}
	if withBias {
		l.Bias = bias
		if l.Bias == nil {
			l.Bias = make([]float32, units)
		}
	}
	rd.add(n, l, value{shape: []int{units}})
	return nil
}

// bias joins an Add of a constant to the MatMul before it.
func (rd *reader) bias(n *pb.NodeProto) error {
	if len(n.Input) != 2 {
		return fmt.Errorf("%d inputs: %w", len(n.Input), ErrUnsupported)
	}
	for i := 0; i < 2; i++ {
		l := rd.fusable(n.Input[i])
		c, ok := rd.consts[n.Input[1-i]]
		if l == nil || !ok || l.Type != "Dense" || l.Bias != nil || l.Activation != nn.Linear {
			continue
		}
		if len(c.f) != l.KernelShape[1] {
			return fmt.Errorf("a bias of %d values for %d units: %w", len(c.f), l.KernelShape[1], ErrUnsupported)
		}
		l.Bias = c.f
		rd.vals[n.Output[0]] = rd.vals[n.Input[i]]
		rd.lastOut[l.Name] = n.Output[0]
		return nil
	}
	return fmt.Errorf("%w (gozoo reads an Add only as the bias of the MatMul before it)", ErrUnsupported)
}

// normalization reads x - mean, then / std or * (1/std), into one
// Normalization layer.
func (rd *reader) normalization(n *pb.NodeProto, op string, x value) error {
	c, err := rd.constant(n, 1)
	if err != nil {
		return fmt.Errorf("%s: %w (gozoo reads it only as a normalization by constants)", op, err)
	}
	if x.layout != plain || len(x.shape) != 1 {
		return fmt.Errorf("%s on shape %v: %w (a normalization works on (batch, features))", op, x.shape, ErrUnsupported)
	}
	k := x.shape[0]
	vals := make([]float32, k)
	switch len(c.f) {
	case 1:
		for i := range vals {
			vals[i] = c.f[0]
		}
	case k:
		copy(vals, c.f)
	default:
		return fmt.Errorf("%s by %d values on %d features: %w", op, len(c.f), k, ErrUnsupported)
	}
	if op != "Sub" {
		if l := rd.fusable(n.Input[0]); l != nil && l.Type == "Normalization" && l.InvStd == nil {
			l.InvStd = scaleOf(op, vals)
			rd.vals[n.Output[0]] = x
			rd.lastOut[l.Name] = n.Output[0]
			return nil
		}
	}
	l := Layer{Type: "Normalization", Inputs: []string{x.name}, Mean: make([]float32, k)}
	if op == "Sub" {
		l.Mean = vals
	} else {
		l.InvStd = scaleOf(op, vals)
	}
	rd.add(n, l, x)
	return nil
}

// scaleOf is the factor a Div or Mul by vals multiplies by.
func scaleOf(op string, vals []float32) []float32 {
	if op == "Mul" {
		return vals
	}
	inv := make([]float32, len(vals))
	for i, v := range vals {
		inv[i] = float32(1 / float64(v))
	}
	return inv
}

func (rd *reader) flatten(n *pb.NodeProto, x value) error {
	size := 1
	for _, d := range x.shape {
		size *= d
	}
	if x.layout == nchw && x.shape[2] > 1 && x.shape[0]*x.shape[1] > 1 {
		rd.chw[n.Output[0]] = x.shape
	}
	rd.add(n, Layer{Type: "Flatten", Inputs: []string{x.name}}, value{shape: []int{size}})
	if rd.chw[n.Output[0]] != nil {
		return nil
	}
	if c, ok := rd.chw[n.Input[0]]; ok {
		rd.chw[n.Output[0]] = c
	}
	return nil
}

func (rd *reader) reshape(n *pb.NodeProto, x value) error {
	c, err := rd.constant(n, 1)
	if err != nil {
		return fmt.Errorf("a computed shape: %w (export with a constant shape, or use Flatten)", err)
	}
	if len(c.i) < 2 || (c.i[0] != 0 && c.i[0] != -1) {
		return fmt.Errorf("target shape %v: %w (gozoo keeps the batch axis first)", c.i, ErrUnsupported)
	}
	size := 1
	for _, d := range x.shape {
		size *= d
	}
	target := make([]int, len(c.i)-1)
	free, known := -1, 1
	for i, d := range c.i[1:] {
		switch {
		case d == -1 && free < 0:
			free = i
		case d <= 0 || d > int64(size):
			return fmt.Errorf("target shape %v: %w", c.i, ErrUnsupported)
		default:
			target[i] = int(d)
			known *= int(d)
		}
	}
	if free >= 0 && known > 0 && size%known == 0 {
		target[free] = size / known
		known = size
	}
	if known != size {
		return fmt.Errorf("%d values to %v", size, c.i)
	}
	switch len(target) {
	case 1:
		return rd.flatten(n, x)
	case 3:
		if x.layout == nchw {
			return fmt.Errorf("an NCHW image to %v: %w", c.i, ErrUnsupported)
		}
		out := value{shape: target, layout: nhwc}
		if rd.feedsNCHW(n.Output[0]) {
			if target[0] != 1 {
				return fmt.Errorf("NCHW target %v with %d channels: %w (gozoo's images are NHWC)", c.i, target[0], ErrUnsupported)
			}
			out = value{shape: []int{target[1], target[2], 1}, layout: nchw}
		}
		rd.add(n, Layer{Type: "Reshape", Inputs: []string{x.name}}, out)
		return nil
	}
	return fmt.Errorf("target shape %v: %w", c.i, ErrUnsupported)
}

// unsqueeze reads the channel axis PyTorch adds to a grey (H, W) image.
func (rd *reader) unsqueeze(n *pb.NodeProto, x value) error {
	axes := intsAttr(n, "axes")
	if len(n.Input) > 1 {
		c, err := rd.constant(n, 1)
		if err != nil {
			return err
		}
		axes = c.i
	}
	if len(x.shape) != 2 || x.layout != plain || !slices.Equal(axes, []int64{1}) {
		return fmt.Errorf("axes %v of shape %v: %w (gozoo reads only the channel axis of a grey image)", axes, x.shape, ErrUnsupported)
	}
	rd.add(n, Layer{Type: "Reshape", Inputs: []string{x.name}}, value{shape: []int{x.shape[0], x.shape[1], 1}, layout: nchw})
	return nil
}

func (rd *reader) concat(n *pb.NodeProto) error {
	axis := intAttr(n, "axis", 1)
	var names []string
	width := 0
	for _, in := range n.Input {
		v, ok := rd.vals[in]
		if !ok || v.layout != plain || len(v.shape) != 1 || rd.chw[in] != nil {
			return fmt.Errorf("input %q: %w (gozoo concatenates (batch, features) values)", in, ErrUnsupported)
		}
		names = append(names, v.name)
		width += v.shape[0]
	}
	if axis != 1 && axis != -1 {
		return fmt.Errorf("axis %d: %w", axis, ErrUnsupported)
	}
	rd.add(n, Layer{Type: "Concatenate", Inputs: names}, value{shape: []int{width}})
	return nil
}

// window reads the kernel, strides and padding of a Conv or MaxPool on an
// NCHW input of (H, W, C) shape.
func (rd *reader) window(n *pb.NodeProto, x value, kernel []int) (Layer, []int, error) {
	if x.layout != nchw {
		return Layer{}, nil, fmt.Errorf("%s on a tensor of shape %v that is not an NCHW image: %w", n.GetOpType(), x.shape, ErrUnsupported)
	}
	if k := intsAttr(n, "kernel_shape"); k != nil && (len(k) != 2 || int(k[0]) != kernel[0] || int(k[1]) != kernel[1]) {
		return Layer{}, nil, fmt.Errorf("kernel_shape %v: %w", k, ErrUnsupported)
	}
	l := Layer{Window: [2]int{kernel[0], kernel[1]}, Strides: [2]int{1, 1}, Inputs: []string{x.name}}
	if s := intsAttr(n, "strides"); s != nil {
		if len(s) != 2 || s[0] <= 0 || s[1] <= 0 || s[0] > 1<<20 || s[1] > 1<<20 {
			return Layer{}, nil, fmt.Errorf("strides %v: %w", s, ErrUnsupported)
		}
		l.Strides = [2]int{int(s[0]), int(s[1])}
	}
	if d := intsAttr(n, "dilations"); d != nil && !slices.Equal(d, []int64{1, 1}) {
		return Layer{}, nil, fmt.Errorf("dilations %v: %w", d, ErrUnsupported)
	}
	if intAttr(n, "ceil_mode", 0) != 0 || intAttr(n, "storage_order", 0) != 0 {
		return Layer{}, nil, fmt.Errorf("ceil_mode or storage_order: %w", ErrUnsupported)
	}
	p := intsAttr(n, "pads")
	switch auto := string(findAttr(n, "auto_pad").GetS()); auto {
	case "", "NOTSET":
		same := pads(x.shape, l.Window, l.Strides, nn.Same)
		switch {
		case p == nil || slices.Equal(p, []int64{0, 0, 0, 0}):
			l.Padding = nn.Valid
		case slices.Equal(p, toInt64(same)):
			l.Padding = nn.Same
		default:
			return Layer{}, nil, fmt.Errorf("pads %v: %w (gozoo pads none, or as TensorFlow's \"same\": %v)", p, ErrUnsupported, same)
		}
	case "VALID":
		l.Padding = nn.Valid
	case "SAME_UPPER":
		l.Padding = nn.Same
	default:
		return Layer{}, nil, fmt.Errorf("auto_pad %s: %w", auto, ErrUnsupported)
	}
	out := make([]int, 2)
	for a := 0; a < 2; a++ {
		in, k, s := x.shape[a], l.Window[a], l.Strides[a]
		if l.Padding == nn.Same {
			out[a] = (in + s - 1) / s
		} else if in >= k {
			out[a] = (in-k)/s + 1
		}
		if out[a] <= 0 {
			return Layer{}, nil, fmt.Errorf("a %dx%d window on a %dx%d image", l.Window[0], l.Window[1], x.shape[0], x.shape[1])
		}
	}
	return l, out, nil
}

func (rd *reader) conv(n *pb.NodeProto, x value) error {
	w, err := rd.constant(n, 1)
	if err != nil {
		return err
	}
	if len(w.dims) != 4 {
		return fmt.Errorf("weights of shape %v: %w", w.dims, ErrUnsupported)
	}
	if intAttr(n, "group", 1) != 1 {
		return fmt.Errorf("grouped Conv: %w", ErrUnsupported)
	}
	f, ci, kh, kw := w.dims[0], w.dims[1], w.dims[2], w.dims[3]
	if x.layout == nchw && ci != x.shape[2] {
		return fmt.Errorf("%d input channels on an image of %d", ci, x.shape[2])
	}
	l, out, err := rd.window(n, x, []int{kh, kw})
	if err != nil {
		return err
	}
	l.Type = "Conv2D"
	l.KernelShape = []int{kh, kw, ci, f}
	l.Kernel = make([]float32, len(w.f))
	for o := 0; o < f; o++ {
		for k := 0; k < ci; k++ {
			for u := 0; u < kh; u++ {
				for v := 0; v < kw; v++ {
					l.Kernel[((u*kw+v)*ci+k)*f+o] = w.f[((o*ci+k)*kh+u)*kw+v]
				}
			}
		}
	}
	l.Bias = make([]float32, f)
	if len(n.Input) > 2 && n.Input[2] != "" {
		b, err := rd.constant(n, 2)
		if err != nil {
			return err
		}
		if len(b.f) != f {
			return fmt.Errorf("a bias of %d values for %d filters", len(b.f), f)
		}
		copy(l.Bias, b.f)
	}
	rd.add(n, l, value{layout: nchw, shape: []int{out[0], out[1], f}})
	return nil
}

func (rd *reader) maxPool(n *pb.NodeProto, x value) error {
	k := intsAttr(n, "kernel_shape")
	if len(k) != 2 || k[0] <= 0 || k[1] <= 0 || k[0] > 1<<20 || k[1] > 1<<20 {
		return fmt.Errorf("MaxPool kernel_shape %v: %w", k, ErrUnsupported)
	}
	l, out, err := rd.window(n, x, []int{int(k[0]), int(k[1])})
	if err != nil {
		return err
	}
	l.Type = "MaxPooling2D"
	rd.add(n, l, value{layout: nchw, shape: []int{out[0], out[1], x.shape[2]}})
	return nil
}

// readTensor decodes a float32 or int64 constant, checking its size
// against the data the file holds before allocating anything.
func readTensor(t *pb.TensorProto) (*tensor, error) {
	if t.GetDataLocation() == pb.TensorProto_EXTERNAL {
		return nil, fmt.Errorf("weights in an external file: %w", ErrUnsupported)
	}
	n := 1
	dims := make([]int, len(t.Dims))
	for i, d := range t.Dims {
		if d < 0 || d > MaxFileSize || (d > 0 && n > MaxFileSize/int(d)) {
			return nil, fmt.Errorf("dimensions %v: too large or negative", t.Dims)
		}
		dims[i] = int(d)
		n *= int(d)
	}
	raw := t.GetRawData()
	c := &tensor{dims: dims}
	switch pb.TensorProto_DataType(t.GetDataType()) {
	case pb.TensorProto_FLOAT:
		if len(raw) > 0 {
			if len(raw) != 4*n {
				return nil, fmt.Errorf("%d bytes of data for %d float32 values", len(raw), n)
			}
			c.f = make([]float32, n)
			for i := range c.f {
				c.f[i] = math.Float32frombits(uint32(raw[4*i]) | uint32(raw[4*i+1])<<8 | uint32(raw[4*i+2])<<16 | uint32(raw[4*i+3])<<24)
			}
		} else {
			if len(t.FloatData) != n {
				return nil, fmt.Errorf("%d values for dimensions %v", len(t.FloatData), t.Dims)
			}
			c.f = t.FloatData
		}
	case pb.TensorProto_INT64:
		if len(raw) > 0 {
			if len(raw) != 8*n {
				return nil, fmt.Errorf("%d bytes of data for %d int64 values", len(raw), n)
			}
			c.i = make([]int64, n)
			for i := range c.i {
				var v uint64
				for b := 7; b >= 0; b-- {
					v = v<<8 | uint64(raw[8*i+b])
				}
				c.i[i] = int64(v)
			}
		} else {
			if len(t.Int64Data) != n {
				return nil, fmt.Errorf("%d values for dimensions %v", len(t.Int64Data), t.Dims)
			}
			c.i = t.Int64Data
		}
	case pb.TensorProto_BOOL:
		if len(raw) > 0 {
			if len(raw) != n {
				return nil, fmt.Errorf("%d bytes of data for %d bool values", len(raw), n)
			}
			c.i = make([]int64, n)
			for i := range c.i {
				c.i[i] = int64(raw[i])
			}
		} else {
			if len(t.Int32Data) != n {
				return nil, fmt.Errorf("%d values for dimensions %v", len(t.Int32Data), t.Dims)
			}
			for _, v := range t.Int32Data {
				c.i = append(c.i, int64(v))
			}
		}
	default:
		return nil, fmt.Errorf("data type %v: %w (gozoo reads float32 weights)", pb.TensorProto_DataType(t.GetDataType()), ErrUnsupported)
	}
	return c, nil
}

func findAttr(n *pb.NodeProto, name string) *pb.AttributeProto {
	for _, a := range n.Attribute {
		if a.GetName() == name {
			return a
		}
	}
	return nil
}

func intAttr(n *pb.NodeProto, name string, def int64) int64 {
	if a := findAttr(n, name); a != nil {
		return a.GetI()
	}
	return def
}

func intsAttr(n *pb.NodeProto, name string) []int64 {
	if a := findAttr(n, name); a != nil {
		return a.Ints
	}
	return nil
}

func toInt64(v []int) []int64 {
	out := make([]int64, len(v))
	for i, x := range v {
		out[i] = int64(x)
	}
	return out
}
