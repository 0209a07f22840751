// The example files of gozoo's README, and the test that they are what this
// file generates: `go test ./examples -update` writes them again.
package examples

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/data"
)

var update = flag.Bool("update", false, "write the example files again")

// housingRows is how many California districts housing.csv keeps.
const housingRows = 300

// housingCSV is a sample of California housing (StatLib, through
// scikit-learn's fetch_california_housing and its preprocessing): the test
// rows of train_test_split(n=20640, test_size=300, random_state=42) in that
// order, the eight features and the target MedHouseVal (in $100,000), each
// value printed exactly.
func housingCSV() ([]byte, error) {
	t, err := data.CaliforniaHousing("")
	if err != nil {
		return nil, err
	}
	_, rows, err := data.TrainTestSplit(t.Len(), float64(housingRows)/float64(t.Len()), 42)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(strings.Join(append(append([]string(nil), t.Features...), "MedHouseVal"), ",") + "\n")
	for _, r := range rows[:housingRows] {
		for _, v := range t.X[r] {
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64) + ",")
		}
		b.WriteString(strconv.FormatFloat(t.Y[r], 'g', -1, 64) + "\n")
	}
	return b.Bytes(), nil
}

// irisCSV is Fisher's Iris (public domain) with column names and the
// species by name, as most Iris CSV files have it.
func irisCSV() ([]byte, error) {
	t, err := data.Iris()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("sepal_length,sepal_width,petal_length,petal_width,species\n")
	for i, row := range t.X {
		for _, v := range row {
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64) + ",")
		}
		b.WriteString(t.ClassNames[int(t.Y[i])] + "\n")
	}
	return b.Bytes(), nil
}

// fashionClasses are the Fashion-MNIST labels fashion/ keeps, and the
// folder each goes to.
var fashionClasses = map[int]string{0: "tshirt", 1: "trouser", 7: "sneaker", 8: "bag"}

// fashionPerClass is how many images of each class fashion/ keeps.
const fashionPerClass = 15

// fashionPNGs returns the files of fashion/: the first 15 images of four
// classes of Fashion-MNIST's test set (MIT licence, Zalando Research) as
// 28x28 grey PNG files, read from the original IDX files in dir.
func fashionPNGs(dir string) (map[string][]byte, error) {
	images, err := readIDX(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), 16)
	if err != nil {
		return nil, err
	}
	labels, err := readIDX(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), 8)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	count := map[int]int{}
	for i, l := range labels {
		class, ok := fashionClasses[int(l)]
		if !ok || count[int(l)] == fashionPerClass {
			continue
		}
		count[int(l)]++
		img := image.NewGray(image.Rect(0, 0, 28, 28))
		copy(img.Pix, images[i*784:(i+1)*784])
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			return nil, err
		}
		files[filepath.Join("fashion", class, fmt.Sprintf("%05d.png", i))] = b.Bytes()
	}
	return files, nil
}

// readIDX returns the bytes of a gzipped IDX file after its header.
func readIDX(path string, header int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(z, 64<<20))
	if err != nil || len(b) < header || binary.BigEndian.Uint32(b[4:]) == 0 {
		return nil, fmt.Errorf("%s: not an IDX file (%v)", path, err)
	}
	return b[header:], nil
}

// check compares (or with -update writes) one example file.
func check(t *testing.T, path string, want []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what this test generates: run go test ./examples -update", path)
	}
}

func TestTables(t *testing.T) {
	for path, gen := range map[string]func() ([]byte, error){"housing.csv": housingCSV, "iris.csv": irisCSV} {
		b, err := gen()
		if err != nil {
			t.Fatal(err)
		}
		check(t, path, b)
	}
}

// TestFashion reads Fashion-MNIST's files from the copy that ships with
// gozoo (data/fashionmnist), or from $GOZOO_DATA.
func TestFashion(t *testing.T) {
	dir := os.Getenv("GOZOO_DATA")
	if dir == "" {
		dir = filepath.Join("..", "data", "fashionmnist")
	}
	files, err := fashionPNGs(dir)
	if err != nil {
		t.Fatalf("Fashion-MNIST's files: %v", err)
	}
	if len(files) != len(fashionClasses)*fashionPerClass {
		t.Fatalf("%d images, want %d", len(files), len(fashionClasses)*fashionPerClass)
	}
	for path, b := range files {
		check(t, path, b)
	}
	// No stray file in the folder.
	n := 0
	filepath.Walk("fashion", func(_ string, info os.FileInfo, _ error) error {
		if info != nil && !info.IsDir() {
			n++
		}
		return nil
	})
	if n != len(files) {
		t.Errorf("fashion/ holds %d files, the generator %d", n, len(files))
	}
}
