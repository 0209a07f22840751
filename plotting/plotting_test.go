package plotting

import (
	"errors"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readPNG decodes the PNG at path and checks that it is a real picture: not
// empty, not one flat colour, and alone in its folder (no temporary file
// left behind by the atomic write).
func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	b := img.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 {
		t.Fatalf("%s is %dx%d", path, b.Dx(), b.Dy())
	}
	first := img.At(b.Min.X, b.Min.Y)
	flat := true
	for y := b.Min.Y; y < b.Max.Y && flat; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if !sameColor(img.At(x, y), first) {
				flat = false
				break
			}
		}
	}
	if flat {
		t.Fatalf("%s is a single flat colour", path)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left next to %s", e.Name(), path)
		}
	}
	return img
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// unwritablePaths returns PNG paths that cannot be created: in a missing
// folder, under a regular file, and (unless the test runs as root, whom
// permissions do not stop) in a read-only folder.
func unwritablePaths(t *testing.T) []string {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	paths := []string{
		filepath.Join(dir, "missing", "out.png"),
		filepath.Join(file, "out.png"),
	}
	ro := filepath.Join(dir, "readonly")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	probe := filepath.Join(ro, "probe")
	if err := os.WriteFile(probe, nil, 0o644); err == nil {
		os.Remove(probe) // root: the folder is writable after all
	} else {
		paths = append(paths, filepath.Join(ro, "out.png"))
	}
	return paths
}

// plotters calls each plotting function with valid inputs.
var plotters = map[string]func(path string) error{
	"LearningCurves": func(path string) error {
		return LearningCurves(path, "t", []Series{{"loss", []float64{1, 0.5, 0.3}}}, [2]float64{})
	},
	"ConfusionMatrix": func(path string) error {
		return ConfusionMatrix(path, "t", [][]int{{3, 1}, {0, 4}}, nil)
	},
	"DecisionBoundary": func(path string) error {
		return DecisionBoundary(path, "t", "x", "y", [][2]float64{{0, 0}, {1, 1}}, []int{0, 1},
			func(a, b float64) int { return int(math.Min(1, math.Max(0, math.Round(a)))) }, nil)
	},
	"PredictedVsActual": func(path string) error {
		return PredictedVsActual(path, "t", []float64{1, 2, 3}, []float64{1.1, 1.9, 3.2})
	},
	"ImageGrid": func(path string) error {
		return ImageGrid(path, "t", [][]float32{{0, 1, 2, 3}}, 2, 2, 1, nil, 0)
	},
}

func TestUnwritablePath(t *testing.T) {
	for name, f := range plotters {
		for _, path := range unwritablePaths(t) {
			err := f(path)
			if err == nil {
				t.Errorf("%s(%s): no error", name, path)
				continue
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("%s(%s): error %q does not name the file", name, path, err)
			}
			var pe *fs.PathError
			if !errors.As(err, &pe) {
				t.Errorf("%s(%s): error %q does not wrap the *fs.PathError", name, path, err)
			}
		}
	}
	err := plotters["LearningCurves"](filepath.Join(t.TempDir(), "missing", "out.png"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: error %v is not fs.ErrNotExist", err)
	}
}

func TestOverwritesExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.png")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, f := range plotters {
		if err := f(path); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		readPNG(t, path)
	}
}

// wantError checks that err is an error naming path and containing want.
func wantError(t *testing.T, what string, err error, path, want string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", what)
		return
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), want) {
		t.Errorf("%s: error %q, want one naming %s and containing %q", what, err, path, want)
	}
	if _, statErr := os.Stat(path); statErr == nil {
		t.Errorf("%s: %s written despite the error", what, path)
	}
}

func TestLearningCurves(t *testing.T) {
	dir := t.TempDir()
	loss := []float64{0.8, 0.55, 0.45, 0.4, 0.37}
	series := []Series{
		{"loss", loss},
		{"val_loss", []float64{0.6, 0.5, math.NaN(), 0.42, 0.41}}, // a gap
		{"accuracy", []float64{0.7, 0.8, 0.84, 0.86, 0.87}},
		{"val_accuracy", []float64{0.78, 0.82, 0.83}}, // shorter
		{"lr", []float64{1, 1, 1, 1, 1}},              // fifth style
	}
	path := filepath.Join(dir, "curves.png")
	if err := LearningCurves(path, "Learning curves", series, [2]float64{0, 1}); err != nil {
		t.Fatal(err)
	}
	img := readPNG(t, path)
	if b := img.Bounds(); b.Dx() != 1000 || b.Dy() != 600 {
		t.Errorf("size %v, want 1000x600 (10x6 inches at 100 dpi)", b.Size())
	}
	// The loss is drawn pure red, the accuracy pure blue.
	if countColor(img, color.RGBA{R: 255, A: 255}) == 0 || countColor(img, color.RGBA{B: 255, A: 255}) == 0 {
		t.Error("no pure red or pure blue pixels: the notebook's r-- and b- styles are missing")
	}
	// Automatic limits, a single epoch, a series of NaN only.
	for i, s := range [][]Series{
		{{"loss", loss}},
		{{"loss", []float64{0.5}}},
		{{"loss", []float64{math.NaN()}}, {"acc", []float64{0.3, 0.4}}},
	} {
		p := filepath.Join(dir, "auto"+string(rune('a'+i))+".png")
		if err := LearningCurves(p, "", s, [2]float64{}); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		readPNG(t, p)
	}

	bad := filepath.Join(dir, "bad.png")
	wantError(t, "no series", LearningCurves(bad, "", nil, [2]float64{}), bad, "no series")
	wantError(t, "empty series", LearningCurves(bad, "", []Series{{"loss", loss}, {"val_loss", nil}}, [2]float64{}), bad, "val_loss")
	wantError(t, "reversed ylim", LearningCurves(bad, "", series, [2]float64{1, 0}), bad, "y limits")
	wantError(t, "NaN ylim", LearningCurves(bad, "", series, [2]float64{0, math.NaN()}), bad, "y limits")
}

func countColor(img image.Image, c color.Color) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if sameColor(img.At(x, y), c) {
				n++
			}
		}
	}
	return n
}

// medianOf returns the median x and y of the pixels of colour c.
func medianOf(t *testing.T, img image.Image, c color.Color) (int, int) {
	t.Helper()
	var xs, ys []int
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if sameColor(img.At(x, y), c) {
				xs = append(xs, x)
				ys = append(ys, y)
			}
		}
	}
	if len(xs) == 0 {
		t.Fatalf("no pixel of colour %v", c)
	}
	slices.Sort(xs)
	slices.Sort(ys)
	return xs[len(xs)/2], ys[len(ys)/2]
}

func TestConfusionMatrixOrientation(t *testing.T) {
	dir := t.TempDir()
	high, low := viridis(1), viridis(0)
	// The one non-zero count is true class `row`, predicted class `col`:
	// its bright cell must be right of the dark ones when col is 1 and
	// below them when row is 1 (true labels run top to bottom).
	for _, tc := range []struct{ row, col int }{{0, 0}, {0, 1}, {1, 0}, {1, 1}} {
		m := [][]int{{0, 0}, {0, 0}}
		m[tc.row][tc.col] = 7
		path := filepath.Join(dir, "cm.png")
		if err := ConfusionMatrix(path, "", m, []string{"a", "b"}); err != nil {
			t.Fatal(err)
		}
		img := readPNG(t, path)
		hx, hy := medianOf(t, img, high)
		lx, ly := medianOf(t, img, low)
		if right := hx > lx; right != (tc.col == 1) {
			t.Errorf("count at row %d, column %d: bright cell at x=%d, dark cells at x=%d", tc.row, tc.col, hx, lx)
		}
		if below := hy > ly; below != (tc.row == 1) {
			t.Errorf("count at row %d, column %d: bright cell at y=%d, dark cells at y=%d", tc.row, tc.col, hy, ly)
		}
	}
}

func TestConfusionMatrix(t *testing.T) {
	dir := t.TempDir()
	fashion := []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}
	m := make([][]int, len(fashion))
	for i := range m {
		m[i] = make([]int, len(fashion))
		for j := range m[i] {
			m[i][j] = (i + 2*j) % 7
		}
		m[i][i] = 850 + i
	}
	path := filepath.Join(dir, "cm.png")
	if err := ConfusionMatrix(path, "Fashion-MNIST", m, fashion); err != nil {
		t.Fatal(err)
	}
	img := readPNG(t, path)
	if b := img.Bounds(); b.Dx() != 1000 || b.Dy() != 600 {
		t.Errorf("size %v, want 1000x600", b.Size())
	}
	// White counts on the dark cells, black ones on the bright diagonal.
	if countColor(img, color.White) == 0 {
		t.Error("no white pixels")
	}
	// All-zero and 1x1 matrices have no colour range.
	for _, m := range [][][]int{{{0, 0}, {0, 0}}, {{5}}} {
		if err := ConfusionMatrix(path, "", m, nil); err != nil {
			t.Fatalf("%v: %v", m, err)
		}
		readPNG(t, path)
	}

	bad := filepath.Join(dir, "bad.png")
	wantError(t, "empty", ConfusionMatrix(bad, "", nil, nil), bad, "empty")
	wantError(t, "ragged", ConfusionMatrix(bad, "", [][]int{{1, 2}, {3}}, nil), bad, "row 1 has 1 columns")
	wantError(t, "not square", ConfusionMatrix(bad, "", [][]int{{1, 2, 3}, {3, 4, 5}}, nil), bad, "row 0 has 3 columns")
	wantError(t, "names", ConfusionMatrix(bad, "", [][]int{{1, 2}, {3, 4}}, []string{"a"}), bad, "1 class names")
	wantError(t, "negative", ConfusionMatrix(bad, "", [][]int{{1, -2}, {3, 4}}, nil), bad, "negative count")
}

func TestDecisionBoundary(t *testing.T) {
	dir := t.TempDir()
	X := [][2]float64{{1.4, 0.2}, {1.3, 0.3}, {4.5, 1.5}, {5.1, 2.0}, {4.0, 1.2}}
	y := []int{1, 1, 0, 0, 0}
	// The notebook's perceptron: setosa below a line of petal length/width.
	predict := func(length, width float64) int {
		if length+width < 3 {
			return 1
		}
		return 0
	}
	path := filepath.Join(dir, "boundary.png")
	if err := DecisionBoundary(path, "Perceptron", "Petal length", "Petal width", X, y, predict, []string{"Not Iris setosa", "Iris setosa"}); err != nil {
		t.Fatal(err)
	}
	img := readPNG(t, path)
	// Both regions are painted, class 1 (setosa) at the lower left.
	r0, r1 := lighten(cycleColor(0), 0.3), lighten(cycleColor(1), 0.3)
	if countColor(img, r0) < 1000 || countColor(img, r1) < 1000 {
		t.Fatalf("region colours: %d and %d pixels", countColor(img, r0), countColor(img, r1))
	}
	x0, y0 := medianOf(t, img, r0)
	x1, y1 := medianOf(t, img, r1)
	if !(x1 < x0 && y1 > y0) {
		t.Errorf("setosa region at (%d,%d), the other at (%d,%d): want setosa lower left", x1, y1, x0, y0)
	}
	// Class names by number, three classes, all points on one spot.
	three := func(a, b float64) int { return int(math.Mod(math.Abs(math.Floor(a*3)), 3)) }
	if err := DecisionBoundary(path, "", "", "", [][2]float64{{1, 1}, {1, 1}}, []int{0, 2}, three, nil); err != nil {
		t.Fatal(err)
	}
	readPNG(t, path)

	bad := filepath.Join(dir, "bad.png")
	names := []string{"a", "b"}
	wantError(t, "lengths", DecisionBoundary(bad, "", "", "", X, y[:3], predict, names), bad, "5 samples but 3 labels")
	wantError(t, "empty", DecisionBoundary(bad, "", "", "", nil, nil, predict, names), bad, "no samples")
	wantError(t, "nil predict", DecisionBoundary(bad, "", "", "", X, y, nil, names), bad, "predict")
	wantError(t, "label", DecisionBoundary(bad, "", "", "", X, []int{0, 1, 2, 0, 0}, predict, names), bad, "sample 2 has class 2")
	wantError(t, "negative label", DecisionBoundary(bad, "", "", "", X, []int{0, -1, 0, 0, 0}, predict, nil), bad, "class -1")
	wantError(t, "prediction", DecisionBoundary(bad, "", "", "", X, y, func(float64, float64) int { return 5 }, names), bad, "returned class 5")
	wantError(t, "NaN", DecisionBoundary(bad, "", "", "", [][2]float64{{math.NaN(), 0}}, []int{0}, predict, names), bad, "finite")
}

func TestPredictedVsActual(t *testing.T) {
	dir := t.TempDir()
	var actual, predicted []float64
	for i := range 500 {
		a := float64(i%50) / 10
		actual = append(actual, a)
		predicted = append(predicted, a+0.3*math.Sin(float64(i)))
	}
	path := filepath.Join(dir, "pva.png")
	if err := PredictedVsActual(path, "Housing", actual, predicted); err != nil {
		t.Fatal(err)
	}
	readPNG(t, path)
	if err := PredictedVsActual(path, "", []float64{2}, []float64{2}); err != nil {
		t.Fatalf("one sample: %v", err)
	}
	readPNG(t, path)

	bad := filepath.Join(dir, "bad.png")
	wantError(t, "lengths", PredictedVsActual(bad, "", actual, predicted[1:]), bad, "500 targets but 499 predictions")
	wantError(t, "empty", PredictedVsActual(bad, "", nil, nil), bad, "no samples")
	wantError(t, "Inf", PredictedVsActual(bad, "", []float64{1, 2}, []float64{1, math.Inf(1)}), bad, "sample 1")
}

func TestImageGrid(t *testing.T) {
	dir := t.TempDir()
	// Two 2x3 RGB images: the first pure red after normalisation, the
	// second a green-blue ramp with values far outside [0, 1].
	red := []float32{5, 0, 0, 5, 0, 0, 5, 0, 0, 5, 0, 0, 5, 0, 0, 5, 0, 0}
	ramp := make([]float32, 18)
	for i := range ramp {
		ramp[i] = float32(i*100 - 700)
	}
	path := filepath.Join(dir, "rgb.png")
	if err := ImageGrid(path, "Photos", [][]float32{red, ramp}, 2, 3, 3, []string{"red", "ramp"}, 0); err != nil {
		t.Fatal(err)
	}
	img := readPNG(t, path)
	if countColor(img, color.RGBA{R: 255, A: 255}) == 0 {
		t.Error("the red image has no pure red pixel")
	}

	// Grayscale feature maps, min-max normalised: each shows black and white.
	var maps [][]float32
	for k := range 10 {
		m := make([]float32, 28*28)
		for i := range m {
			m[i] = float32(math.Sin(float64(i*(k+1))/50) * float64(k+1))
		}
		maps = append(maps, m)
	}
	maps = append(maps, make([]float32, 28*28)) // a dead filter: all zeros
	path = filepath.Join(dir, "maps.png")
	if err := ImageGrid(path, "", maps, 28, 28, 1, nil, 4); err != nil {
		t.Fatal(err)
	}
	img = readPNG(t, path)
	if countColor(img, color.RGBA{A: 255}) == 0 || countColor(img, color.RGBA{R: 255, G: 255, B: 255, A: 255}) == 0 {
		t.Error("normalised maps lack black or white")
	}
	if b := img.Bounds(); b.Dx() < 4*28 || b.Dy() < 3*28 {
		t.Errorf("11 maps in 4 columns make a %v grid", b.Size())
	}
	// A large image is reduced.
	big := make([]float32, 900*1200)
	for i := range big {
		big[i] = float32(i % 1200)
	}
	if err := ImageGrid(path, "big", [][]float32{big}, 900, 1200, 1, []string{"a very long title that will not fit its cell at all, and so is cut short"}, 1); err != nil {
		t.Fatal(err)
	}
	if b := readPNG(t, path).Bounds(); b.Dx() > 600 {
		t.Errorf("a 1200-pixel-wide image gave a %d-pixel-wide grid", b.Dx())
	}

	bad := filepath.Join(dir, "bad.png")
	wantError(t, "none", ImageGrid(bad, "", nil, 2, 2, 1, nil, 0), bad, "no images")
	wantError(t, "length", ImageGrid(bad, "", [][]float32{{1, 2, 3, 4}, {1, 2, 3}}, 2, 2, 1, nil, 0), bad, "image 1 has 3 values")
	wantError(t, "channels", ImageGrid(bad, "", [][]float32{{1, 2, 3, 4}}, 2, 1, 2, nil, 0), bad, "2 channels")
	wantError(t, "size", ImageGrid(bad, "", [][]float32{{}}, 0, 2, 1, nil, 0), bad, "image size")
	wantError(t, "titles", ImageGrid(bad, "", [][]float32{{1, 2, 3, 4}}, 2, 2, 1, []string{"a", "b"}, 0), bad, "2 titles for 1 images")
	wantError(t, "NaN", ImageGrid(bad, "", [][]float32{{1, float32(math.NaN()), 3, 4}}, 2, 2, 1, nil, 0), bad, "index 1")
}

func TestNiceTicks(t *testing.T) {
	labels := func(ts niceTicks, lo, hi float64) string {
		var out []string
		for _, tk := range ts.Ticks(lo, hi) {
			out = append(out, tk.Label)
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		ticks  niceTicks
		lo, hi float64
		want   string
	}{
		{niceTicks{nbins: 6}, 0, 1, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{niceTicks{nbins: 9, integer: true}, 0, 29, "0 5 10 15 20 25"},
		{niceTicks{nbins: 9, integer: true}, 0, 4, "0 1 2 3 4"},
		{niceTicks{nbins: 9, integer: true}, -0.5, 0.5, "0"},
		{niceTicks{nbins: 6}, -1.2, 1.2, "-1.0 -0.5 0.0 0.5 1.0"},
		{niceTicks{nbins: 6}, 0, 0.9, "0.0 0.2 0.4 0.6 0.8"},
		{niceTicks{nbins: 4}, 0, 1, "0.00 0.25 0.50 0.75 1.00"},
		{niceTicks{nbins: 6}, 0, 953, "0 200 400 600 800"},
	} {
		if got := labels(tc.ticks, tc.lo, tc.hi); got != tc.want {
			t.Errorf("%+v on [%v, %v]: %q, want %q", tc.ticks, tc.lo, tc.hi, got, tc.want)
		}
	}
}
