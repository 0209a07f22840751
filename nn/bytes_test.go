package nn

import (
	"context"
	"strings"
	"testing"
)

// byteScale is a table like data.ByteValues: b/255.
func byteScale() *[256]float32 {
	var t [256]float32
	for i := range t {
		t[i] = float32(i) / 255
	}
	return &t
}

// suiteByteData is n examples of 4 byte features with the labels of
// suiteLearnable, as Bytes and as the X they stand for.
func suiteByteData(n int) (asBytes, asX Data) {
	d := suiteLearnable(3, n)
	table := byteScale()
	b := make([]byte, len(d.X[0]))
	x := make([]float32, len(b))
	for i, v := range d.X[0] {
		b[i] = byte(int(v*97+300) % 256)
		x[i] = table[b[i]]
	}
	return Data{Bytes: [][]byte{b}, ByteValues: table, Y: d.Y}, Data{X: [][]float32{x}, Y: d.Y}
}

// Training, evaluating and predicting on Bytes gives the same numbers, bit
// for bit, as on the float32 values they stand for.
func TestBytesSameAsX(t *testing.T) {
	asBytes, asX := suiteByteData(100)
	var weights [2][][]float32
	var losses, metrics [2]float64
	var outs [2][]float32
	for i, d := range []Data{asBytes, asX} {
		m := suiteClassifier(7, 0.5)
		if _, err := m.Fit(context.Background(), d, FitOptions{Epochs: 3, BatchSize: 16, Optimizer: NewAdam(0.01), Valid: &d, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		weights[i] = suiteWeights(m)
		var err error
		if losses[i], metrics[i], err = m.Evaluate(d, 32); err != nil {
			t.Fatal(err)
		}
		if outs[i], _, err = m.Predict(d, 32); err != nil {
			t.Fatal(err)
		}
	}
	if !suiteSameWeights(weights[0], weights[1]) {
		t.Error("weights differ between Bytes and X")
	}
	if losses[0] != losses[1] || metrics[0] != metrics[1] {
		t.Errorf("evaluate: %v, %v on Bytes; %v, %v on X", losses[0], metrics[0], losses[1], metrics[1])
	}
	for i := range outs[0] {
		if outs[0][i] != outs[1][i] {
			t.Fatalf("output %d: %v on Bytes, %v on X", i, outs[0][i], outs[1][i])
		}
	}
}

func TestBytesBadData(t *testing.T) {
	asBytes, asX := suiteByteData(10)
	m := suiteClassifier(1, 0)
	for _, c := range []struct {
		d    Data
		want string
	}{
		{Data{X: asX.X, Bytes: asBytes.Bytes, ByteValues: asBytes.ByteValues, Y: asX.Y}, "both X and Bytes"},
		{Data{Bytes: asBytes.Bytes, Y: asX.Y}, "no ByteValues"},
		{Data{Bytes: [][]byte{asBytes.Bytes[0][:7]}, ByteValues: asBytes.ByteValues, Y: asX.Y}, "7 values is not a whole number"},
		{Data{Bytes: [][]byte{asBytes.Bytes[0], asBytes.Bytes[0]}, ByteValues: asBytes.ByteValues, Y: asX.Y}, "2 inputs"},
	} {
		if _, err := m.Len(c.d); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error saying %q", err, c.want)
		}
	}
}

func TestDataHead(t *testing.T) {
	asBytes, asX := suiteByteData(10)
	for _, d := range []Data{asBytes, asX} {
		h := d.Head(3, 10)
		m := suiteClassifier(1, 0)
		if n, err := m.Len(h); err != nil || n != 3 || len(h.Y) != 3 {
			t.Errorf("Head(3, 10): %d examples, %d targets, %v", n, len(h.Y), err)
		}
		if d.X != nil && &h.X[0][0] != &d.X[0][0] || d.Bytes != nil && &h.Bytes[0][0] != &d.Bytes[0][0] {
			t.Error("Head copied the examples")
		}
		if all := d.Head(20, 10); len(all.Y) != 10 {
			t.Errorf("Head(20, 10) kept %d examples", len(all.Y))
		}
	}
}
