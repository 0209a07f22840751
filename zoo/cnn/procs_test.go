package cnn

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/gozoo/gozoo/nn"
)

// TestSameBytesOnAnyCoreCount trains the notebook's CNN (dropout included)
// for two steps at GOMAXPROCS 1, 2 and 3 and compares the saved files byte
// for byte. Its layers are wide enough that every parallel split in nn is
// taken: products split by rows, Winograd's tile rows, pooling and im2col
// by image, and the convolutions' bias sums, whose partial sums must be cut
// by the data's shape and never by the core count.
func TestSameBytesOnAnyCoreCount(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the full-width CNN three times")
	}
	d := mnist(t, 64)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var files [][]byte
	var first []*nn.Param
	for _, procs := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(procs)
		m, err := New(DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.Fit(context.Background(), d, nn.FitOptions{Epochs: 1, BatchSize: 32, Optimizer: nn.NewSGD(0.05), Seed: 1}); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "model.gozoo")
		if err := m.SaveFile(path, 1); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, b)
		if first == nil {
			first = m.Params()
			continue
		}
		if !bytes.Equal(files[0], b) {
			var differ []string
			for i, p := range m.Params() {
				if !slices.Equal(p.Data(), first[i].Data()) {
					differ = append(differ, p.Name)
				}
			}
			t.Errorf("GOMAXPROCS %d: model bytes differ from GOMAXPROCS 1's (weights %v)", procs, differ)
		}
	}
}
