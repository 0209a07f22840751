package onnx

import (
	"fmt"
	"io"

	"google.golang.org/protobuf/proto"

	pb "github.com/gozoo/gozoo/internal/onnxpb"
	"github.com/gozoo/gozoo/nn"
)

// Opset is the ONNX operator set version Export writes.
const Opset = 13

// irVersion is the ONNX IR version of opset 13's release (ONNX 1.8) and
// later: 8 is what ONNX 1.12's checker and onnxruntime 1.19 both accept.
const irVersion = 8

// OutputName is the name of an exported model's output.
const OutputName = "output"

// Options change what Export writes.
type Options struct {
	// Standardize, when set, makes the graph compute (x - Mean) / Scale on
	// its first input before the model's layers, for a model whose inputs
	// were standardized outside the network (scikit-learn's StandardScaler),
	// so that the exported model takes the raw features.
	Standardize *Standardize
	// Step adds a Heaviside step to the output, 1 where it is >= 0 and 0
	// elsewhere, as a threshold logic unit's prediction.
	Step bool
}

// Standardize is a per-feature affine map (x - Mean) / Scale.
type Standardize struct {
	Mean, Scale []float32
}

// layout tells how a 4-D value's axes are ordered.
type layout int

const (
	plain layout = iota // (batch, features) or any non-image value
	nhwc                // gozoo's and Keras's image layout
	nchw                // ONNX's Conv and MaxPool layout
)

// value is a tensor of the graph under construction.
type value struct {
	name   string
	layout layout
	shape  []int // gozoo's shape, batch axis left out (H, W, C for images)
}

// exporter builds one ONNX graph.
type exporter struct {
	g     *pb.GraphProto
	used  map[string]bool
	count map[string]int
}

// Export writes m as an ONNX model to w. The model's layers must be among
// Dense, Conv2D, MaxPool2D, Flatten, Reshape, Dropout, Normalization and
// Concatenate, and its output must be the last layer applied.
func Export(w io.Writer, m *nn.Model, opt Options) error {
	b, err := Marshal(m, opt)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Marshal is Export into a byte slice.
func Marshal(m *nn.Model, opt Options) ([]byte, error) {
	mp, err := build(m, opt)
	if err != nil {
		return nil, err
	}
	// Deterministic: the same model gives the same bytes.
	return proto.MarshalOptions{Deterministic: true}.Marshal(mp)
}

func build(m *nn.Model, opt Options) (*pb.ModelProto, error) {
	calls, err := m.Calls()
	if err != nil {
		return nil, fmt.Errorf("onnx export: %w", err)
	}
	if len(calls) == 0 {
		return nil, fmt.Errorf("onnx export: model %s has no layers", m.Name)
	}
	e := &exporter{g: &pb.GraphProto{Name: proto.String(m.Name)}, used: map[string]bool{OutputName: true}, count: map[string]int{}}
	vals := map[string]value{}
	for i, in := range m.Inputs() {
		e.used[in.Name] = true
		e.g.Input = append(e.g.Input, valueInfo(in.Name, in.Shape))
		v := value{name: in.Name, shape: in.Shape}
		if len(in.Shape) == 3 {
			v.layout = nhwc
		}
		if i == 0 && opt.Standardize != nil {
			if v, err = e.standardize(v, opt.Standardize); err != nil {
				return nil, err
			}
		}
		vals[in.Name] = v
	}
	var last value
	for _, c := range calls {
		ins := make([]value, len(c.Inputs))
		for i, name := range c.Inputs {
			v, ok := vals[name]
			if !ok {
				return nil, fmt.Errorf("onnx export: layer %s reads %q, which is neither an input nor an earlier layer", c.Layer.Name(), name)
			}
			ins[i] = v
		}
		out, err := e.layer(c, ins)
		if err != nil {
			return nil, fmt.Errorf("onnx export: layer %s: %w", c.Layer.Name(), err)
		}
		vals[c.Layer.Name()] = out
		last = out
	}
	last = e.toNHWC(last)
	if opt.Step {
		ge := e.node("GreaterOrEqual", "step", []string{last.name, e.constant("step/zero", []int64{}, []float32{0})})
		last = value{name: e.node("Cast", "step/cast", []string{ge}, attrInt("to", int64(pb.TensorProto_FLOAT))), shape: last.shape}
	}
	e.g.Node = append(e.g.Node, &pb.NodeProto{OpType: proto.String("Identity"), Name: proto.String(OutputName), Input: []string{last.name}, Output: []string{OutputName}})
	e.g.Output = append(e.g.Output, valueInfo(OutputName, last.shape))
	return &pb.ModelProto{
		IrVersion:    proto.Int64(irVersion),
		OpsetImport:  []*pb.OperatorSetIdProto{{Domain: proto.String(""), Version: proto.Int64(Opset)}},
		ProducerName: proto.String("gozoo"),
		Graph:        e.g,
	}, nil
}

// layer adds the nodes of one layer call.
func (e *exporter) layer(c nn.Call, ins []value) (value, error) {
	name := c.Layer.Name()
	switch l := c.Layer.(type) {
	case *nn.Dense:
		x := e.toNHWC(ins[0])
		if len(x.shape) != 1 {
			return value{}, fmt.Errorf("a Dense layer on shape %v: want (batch, features)", x.shape)
		}
		ks := l.Kernel.Shape()
		in := []string{x.name, e.constant(l.Kernel.Name, []int64{int64(ks[0]), int64(ks[1])}, l.Kernel.Data())}
		if l.Bias != nil {
			in = append(in, e.constant(l.Bias.Name, []int64{int64(ks[1])}, l.Bias.Data()))
		}
		z := e.node("Gemm", name+"/gemm", in)
		return e.activation(name, l.Activation, value{name: z, shape: c.Shape})
	case *nn.Conv2D:
		x := e.toNCHW(ins[0])
		ks := l.Kernel.Shape() // (kh, kw, in, filters) -> ONNX's (filters, in, kh, kw)
		kh, kw, ci, f := ks[0], ks[1], ks[2], ks[3]
		src, w := l.Kernel.Data(), make([]float32, len(l.Kernel.Data()))
		for u := 0; u < kh; u++ {
			for v := 0; v < kw; v++ {
				for k := 0; k < ci; k++ {
					for o := 0; o < f; o++ {
						w[((o*ci+k)*kh+u)*kw+v] = src[((u*kw+v)*ci+k)*f+o]
					}
				}
			}
		}
		wn := e.constant(l.Kernel.Name, []int64{int64(f), int64(ci), int64(kh), int64(kw)}, w)
		bn := e.constant(l.Bias.Name, []int64{int64(f)}, l.Bias.Data())
		z := e.node("Conv", name+"/conv", []string{x.name, wn, bn},
			attrInts("kernel_shape", kh, kw), attrInts("strides", l.Strides[0], l.Strides[1]),
			attrInts("pads", pads(x.shape, [2]int{kh, kw}, l.Strides, l.Padding)...))
		return e.activation(name, l.Activation, value{name: z, layout: nchw, shape: c.Shape})
	case *nn.MaxPool2D:
		x := e.toNCHW(ins[0])
		z := e.node("MaxPool", name, []string{x.name},
			attrInts("kernel_shape", l.Size[0], l.Size[1]), attrInts("strides", l.Strides[0], l.Strides[1]),
			attrInts("pads", pads(x.shape, l.Size, l.Strides, l.Padding)...))
		return value{name: z, layout: nchw, shape: c.Shape}, nil
	case *nn.Flatten:
		x := e.toNHWC(ins[0])
		return value{name: e.node("Flatten", name, []string{x.name}, attrInt("axis", 1)), shape: c.Shape}, nil
	case *nn.Reshape:
		x := e.toNHWC(ins[0])
		target := []int64{0} // 0 copies the batch dimension
		for _, d := range c.Shape {
			target = append(target, int64(d))
		}
		sh := e.int64Constant(name+"/shape", target)
		out := value{name: e.node("Reshape", name, []string{x.name, sh}), shape: c.Shape}
		if len(c.Shape) == 3 {
			out.layout = nhwc
		}
		return out, nil
	case *nn.Dropout:
		x := ins[0]
		ratio := e.constant(name+"/ratio", []int64{}, []float32{float32(l.Rate)})
		x.name = e.node("Dropout", name, []string{x.name, ratio})
		return x, nil
	case *nn.Normalization:
		x := e.toNHWC(ins[0])
		k := int64(l.Features())
		centred := e.node("Sub", name+"/sub", []string{x.name, e.constant(l.Mean.Name, []int64{k}, l.Mean.Data())})
		inv := e.constant(name+"/inv_std", []int64{k}, l.InvStd())
		return value{name: e.node("Mul", name, []string{centred, inv}), shape: c.Shape}, nil
	case *nn.Concatenate:
		names := make([]string, len(ins))
		for i, v := range ins {
			v = e.toNHWC(v)
			names[i] = v.name
		}
		axis := len(c.Shape) // the last axis, counting the batch one
		return value{name: e.node("Concat", name, names, attrInt("axis", int64(axis))), shape: c.Shape}, nil
	}
	return value{}, fmt.Errorf("ONNX export of a %s layer is not supported", c.Layer.Type())
}

// standardize adds (x - mean) / scale in front of the model's first input.
func (e *exporter) standardize(v value, s *Standardize) (value, error) {
	if len(v.shape) != 1 || len(s.Mean) != v.shape[0] || len(s.Scale) != v.shape[0] {
		return value{}, fmt.Errorf("onnx export: standardizing input %s of shape %v with %d means and %d scales", v.name, v.shape, len(s.Mean), len(s.Scale))
	}
	k := []int64{int64(v.shape[0])}
	c := e.node("Sub", "scaler/sub", []string{v.name, e.constant("scaler/mean", k, s.Mean)})
	v.name = e.node("Div", "scaler", []string{c, e.constant("scaler/scale", k, s.Scale)})
	return v, nil
}

func (e *exporter) activation(name string, a nn.Activation, z value) (value, error) {
	var op string
	var attrs []*pb.AttributeProto
	switch a {
	case nn.Linear:
		return z, nil
	case nn.ReLU:
		op = "Relu"
	case nn.Sigmoid:
		op = "Sigmoid"
	case nn.Tanh:
		op = "Tanh"
	case nn.Softmax:
		op, attrs = "Softmax", []*pb.AttributeProto{attrInt("axis", -1)}
	default:
		return value{}, fmt.Errorf("activation %v has no ONNX export", a)
	}
	z.name = e.node(op, name, []string{z.name}, attrs...)
	return z, nil
}

// toNCHW transposes an NHWC image for ONNX's Conv and MaxPool.
func (e *exporter) toNCHW(v value) value {
	if v.layout != nhwc {
		return v
	}
	v.name = e.node("Transpose", v.name+"/nchw", []string{v.name}, attrInts("perm", 0, 3, 1, 2))
	v.layout = nchw
	return v
}

// toNHWC transposes an NCHW image back to gozoo's layout.
func (e *exporter) toNHWC(v value) value {
	if v.layout != nchw {
		return v
	}
	v.name = e.node("Transpose", v.name+"/nhwc", []string{v.name}, attrInts("perm", 0, 2, 3, 1))
	v.layout = nhwc
	return v
}

// pads are ONNX's (top, left, bottom, right) for an (H, W, C) input: none
// for Valid, TensorFlow's "same" (the odd one at the bottom or right) for
// Same.
func pads(in []int, window, strides [2]int, p nn.Padding) []int {
	out := make([]int, 4)
	if p != nn.Same {
		return out
	}
	for a := 0; a < 2; a++ {
		n, k, s := in[a], window[a], strides[a]
		total := max(((n+s-1)/s-1)*s+k-n, 0)
		out[a], out[a+2] = total/2, total-total/2
	}
	return out
}

// unique makes a tensor or node name not used yet in the graph.
func (e *exporter) unique(name string) string {
	n := name
	for e.used[n] {
		e.count[name]++
		n = fmt.Sprintf("%s_%d", name, e.count[name])
	}
	e.used[n] = true
	return n
}

// node adds a node with one output, named like the node, and returns it.
func (e *exporter) node(op, name string, in []string, attrs ...*pb.AttributeProto) string {
	name = e.unique(name)
	e.g.Node = append(e.g.Node, &pb.NodeProto{OpType: proto.String(op), Name: proto.String(name), Input: in, Output: []string{name}, Attribute: attrs})
	return name
}

// constant adds a float32 initializer and returns its name.
func (e *exporter) constant(name string, dims []int64, v []float32) string {
	name = e.unique(name)
	e.g.Initializer = append(e.g.Initializer, &pb.TensorProto{
		Name: proto.String(name), Dims: dims, DataType: proto.Int32(int32(pb.TensorProto_FLOAT)),
		FloatData: append([]float32(nil), v...),
	})
	return name
}

// int64Constant adds a 1-D int64 initializer, such as a Reshape's shape.
func (e *exporter) int64Constant(name string, v []int64) string {
	name = e.unique(name)
	e.g.Initializer = append(e.g.Initializer, &pb.TensorProto{
		Name: proto.String(name), Dims: []int64{int64(len(v))}, DataType: proto.Int32(int32(pb.TensorProto_INT64)),
		Int64Data: v,
	})
	return name
}

// valueInfo declares a float32 tensor of shape (batch, shape...), its batch
// dimension symbolic.
func valueInfo(name string, shape []int) *pb.ValueInfoProto {
	dims := []*pb.TensorShapeProto_Dimension{{Value: &pb.TensorShapeProto_Dimension_DimParam{DimParam: "batch"}}}
	for _, d := range shape {
		dims = append(dims, &pb.TensorShapeProto_Dimension{Value: &pb.TensorShapeProto_Dimension_DimValue{DimValue: int64(d)}})
	}
	return &pb.ValueInfoProto{
		Name: proto.String(name),
		Type: &pb.TypeProto{Value: &pb.TypeProto_TensorType{TensorType: &pb.TypeProto_Tensor{
			ElemType: proto.Int32(int32(pb.TensorProto_FLOAT)),
			Shape:    &pb.TensorShapeProto{Dim: dims},
		}}},
	}
}

func attrInt(name string, v int64) *pb.AttributeProto {
	return &pb.AttributeProto{Name: proto.String(name), Type: pb.AttributeProto_INT.Enum(), I: proto.Int64(v)}
}

func attrInts(name string, v ...int) *pb.AttributeProto {
	a := &pb.AttributeProto{Name: proto.String(name), Type: pb.AttributeProto_INTS.Enum()}
	for _, x := range v {
		a.Ints = append(a.Ints, int64(x))
	}
	return a
}
