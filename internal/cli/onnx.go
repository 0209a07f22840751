package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gozoo/gozoo/internal/atomicfile"
)

// IsONNX tells whether a -load path names an ONNX model (by its .onnx
// extension) rather than a gozoo model file.
func IsONNX(path string) bool { return strings.EqualFold(filepath.Ext(path), ".onnx") }

// checkONNX checks, before any training time is spent, that the -onnx
// file can be written: its folder exists, or is the -out folder, which the
// command makes before it trains.
func (f *Flags) checkONNX() error {
	if f.ONNX == "" {
		return nil
	}
	if !IsONNX(f.ONNX) {
		return fmt.Errorf("-onnx %s: the file name should end in .onnx", f.ONNX)
	}
	if filepath.Clean(filepath.Dir(f.ONNX)) == filepath.Clean(f.Out) {
		return nil
	}
	if st, err := os.Stat(filepath.Dir(f.ONNX)); err != nil || !st.IsDir() {
		return fmt.Errorf("-onnx %s: no folder %s to write it in", f.ONNX, filepath.Dir(f.ONNX))
	}
	return nil
}

// WriteONNX writes the model to the -onnx file, if one was asked for,
// atomically, and says so.
func (f *Flags) WriteONNX(export func(io.Writer) error) error {
	if f.ONNX == "" {
		return nil
	}
	if err := atomicfile.Write(f.ONNX, export); err != nil {
		return fmt.Errorf("-onnx %s: %w", f.ONNX, err)
	}
	fmt.Printf("Wrote the model as ONNX: %s\n", f.ONNX)
	return nil
}
