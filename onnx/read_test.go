package onnx_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	pb "github.com/gozoo/gozoo/internal/onnxpb"
	"github.com/gozoo/gozoo/onnx"
	"github.com/gozoo/gozoo/zoo/mlpcls"
)

// irisProto is the Iris classifier's export, decoded for a test to alter.
func irisProto(t *testing.T) *pb.ModelProto {
	t.Helper()
	m, err := mlpcls.New(mlpcls.IrisConfig())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := m.ExportONNX(&b); err != nil {
		t.Fatal(err)
	}
	var mp pb.ModelProto
	if err := proto.Unmarshal(b.Bytes(), &mp); err != nil {
		t.Fatal(err)
	}
	return &mp
}

func decode(t *testing.T, mp *pb.ModelProto) error {
	t.Helper()
	b, err := proto.Marshal(mp)
	if err != nil {
		t.Fatal(err)
	}
	_, err = onnx.Decode(b)
	return err
}

func TestReadUnsupported(t *testing.T) {
	mp := irisProto(t)
	for _, n := range mp.Graph.Node {
		if n.GetOpType() == "Relu" {
			n.OpType = proto.String("Elu")
		}
	}
	err := decode(t, mp)
	if !errors.Is(err, onnx.ErrUnsupported) || !strings.Contains(err.Error(), `node "dense" (Elu): operator Elu`) {
		t.Errorf("got %v, want an unsupported Elu naming node dense", err)
	}
}

// TestReadHostile feeds files whose sizes lie: each must fail with an
// error before anything of the announced size is allocated.
func TestReadHostile(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*pb.TensorProto)
		want string
	}{
		{"huge dims, little data", func(tp *pb.TensorProto) { tp.Dims = []int64{1 << 12, 1 << 12} }, "values for dimensions"},
		{"overflowing dims", func(tp *pb.TensorProto) { tp.Dims = []int64{1 << 40, 1 << 40} }, "too large"},
		{"negative dims", func(tp *pb.TensorProto) { tp.Dims = []int64{-4, 10} }, "too large or negative"},
		{"short raw data", func(tp *pb.TensorProto) { tp.RawData, tp.FloatData = []byte{1, 2, 3}, nil }, "bytes of data"},
		{"external data", func(tp *pb.TensorProto) { tp.DataLocation = pb.TensorProto_EXTERNAL.Enum() }, "external file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			mp := irisProto(t)
			c.edit(mp.Graph.Initializer[0])
			if err := decode(t, mp); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error with %q", err, c.want)
			}
		})
	}
	if _, err := onnx.Decode([]byte("gozoo model v1\n\x00\x01garbage")); err == nil || !strings.Contains(err.Error(), "not an ONNX model") {
		t.Errorf("garbage: %v", err)
	}
	big := filepath.Join(t.TempDir(), "big.onnx")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(onnx.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := onnx.ReadFile(big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a file over the limit: %v", err)
	}
}

// TestRestoreMismatch imports the Iris classifier into the Fashion
// architecture's importer path: the shapes differ and Restore says so.
func TestRestoreMismatch(t *testing.T) {
	mp := irisProto(t)
	b, err := proto.Marshal(mp)
	if err != nil {
		t.Fatal(err)
	}
	g, err := onnx.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mlpcls.New(mlpcls.FashionConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := onnx.Restore(g, m.Model); err == nil || !strings.Contains(err.Error(), "shape") {
		t.Errorf("got %v, want a shape mismatch", err)
	}
}
