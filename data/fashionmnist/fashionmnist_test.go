package fashionmnist

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"testing"
)

// The SHA-256 of the canonical files' decompressed IDX data, as published
// beside the canonical .gz checksums (see SOURCE.md): the shipped copy was
// recompressed by Debian, so its .gz bytes differ but its data must not.
var canonicalData = map[string]string{
	"train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
	"train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
	"t10k-images-idx3-ubyte.gz":  "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
	"t10k-labels-idx1-ubyte.gz":  "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}

// gunzipSum is the SHA-256 of the decompressed contents of name in fsys.
func gunzipSum(t *testing.T, fsys fs.FS, name string) string {
	t.Helper()
	f, err := fsys.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	h := sha256.New()
	if _, err := io.Copy(h, zr); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestShippedData checks that the embedded files hold the canonical data,
// and nothing else.
func TestShippedData(t *testing.T) {
	for name, want := range canonicalData {
		if got := gunzipSum(t, FS(), name); got != want {
			t.Errorf("%s: decompressed SHA-256 %s, want the canonical %s", name, got, want)
		}
	}
	names, err := fs.Glob(FS(), "*")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(canonicalData) {
		t.Errorf("embedded files %q, want the four of Fashion-MNIST", names)
	}
}
