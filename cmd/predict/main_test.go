package main

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/gozoo/gozoo/nn"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/internal/cli/clitest"
	"github.com/gozoo/gozoo/zoo/cnn"
	"github.com/gozoo/gozoo/zoo/mlpcls"
	"github.com/gozoo/gozoo/zoo/mlpreg"
	"github.com/gozoo/gozoo/zoo/widedeep"
)

// The example files that ship in the repository.
const (
	housing = "../../examples/housing.csv"
	iris    = "../../examples/iris.csv"
	fashion = "../../examples/fashion"
)

var fashionClasses = []string{"bag", "sneaker", "trouser", "tshirt"}

// models saves untrained models of each kind predict runs (the weights do
// not matter to it) and returns their paths.
func models(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	paths := map[string]string{}
	save := func(name string, err error, s func(string, int) error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		paths[name] = filepath.Join(dir, name+".gozoo")
		if err := s(paths[name], 1); err != nil {
			t.Fatal(err)
		}
	}
	cc := cnn.Config{Input: []int{28, 28, 1}, FirstFilters: 2, FirstKernel: 3, Dense: []int{4}, Classes: 4, ClassNames: fashionClasses, Seed: 1}
	c, err := cnn.New(cc)
	save("cnn", err, c.SaveFile)
	m, err := mlpcls.New(mlpcls.Config{Input: []int{28, 28}, Hidden: []int{5}, Classes: 4, ClassNames: fashionClasses, Seed: 1})
	save("mlpcls-images", err, m.SaveFile)

	irisTab := readCSV(t, iris, "species", true)
	sc, err := data.FitStandardScaler(irisTab.X)
	if err != nil {
		t.Fatal(err)
	}
	m, err = mlpcls.New(mlpcls.Config{Input: []int{4}, Hidden: []int{5}, Classes: 3, ClassNames: irisTab.ClassNames,
		Schema: &data.Schema{Columns: irisTab.Features, Target: "species"}, Scaler: sc, Seed: 1})
	save("mlpcls-csv", err, m.SaveFile)

	houses := readCSV(t, housing, "MedHouseVal", false)
	schema := &data.Schema{Columns: houses.Features, Target: "MedHouseVal"}
	cfg := mlpreg.KerasConfig()
	cfg.Schema = schema
	r, err := mlpreg.New(cfg)
	save("mlpreg", err, r.SaveFile)
	r, err = mlpreg.New(mlpreg.KerasConfig()) // as saved before schemas
	save("mlpreg-old", err, r.SaveFile)
	wcfg := widedeep.TwoInputConfig()
	wcfg.Schema = schema
	w, err := widedeep.New(wcfg)
	save("widedeep", err, w.SaveFile)
	return paths
}

func readCSV(t *testing.T, path, target string, classify bool) data.Table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := data.ReadCSV(f, path, data.CSVOptions{Target: target, Classify: classify})
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// line is one line of predict's output.
type line struct {
	Input         string             `json:"input"`
	Row           int                `json:"row"`
	Class         string             `json:"class"`
	Probabilities map[string]float64 `json:"probabilities"`
	Value         *float64           `json:"value"`
}

func predict(t *testing.T, stdin string, args ...string) []line {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), args, strings.NewReader(stdin), &out); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	var lines []line
	for _, s := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		var l line
		dec := json.NewDecoder(strings.NewReader(s))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("%v: line %q: %v", args, s, err)
		}
		lines = append(lines, l)
	}
	return lines
}

func TestImages(t *testing.T) {
	m := models(t)
	files, _ := filepath.Glob(filepath.Join(fashion, "*", "*.png"))
	if len(files) != 60 {
		t.Fatalf("%d example images, want 60", len(files))
	}
	for _, kind := range []string{"cnn", "mlpcls-images"} {
		lines := predict(t, "", append([]string{"-model", m[kind]}, files...)...)
		if len(lines) != len(files) {
			t.Fatalf("%s: %d lines for %d images", kind, len(lines), len(files))
		}
		for i, l := range lines {
			sum := 0.0
			for _, p := range l.Probabilities {
				sum += p
			}
			if l.Input != files[i] || len(l.Probabilities) != 4 || l.Probabilities[l.Class] == 0 || sum < 0.999 || sum > 1.001 || l.Value != nil {
				t.Errorf("%s: line %d: %+v", kind, i, l)
			}
		}
	}
	// The same through the library: Load, then PredictImages.
	c, _, err := nn.LoadFile[cnn.Config](m["cnn"])
	if err != nil {
		t.Fatal(err)
	}
	im, err := data.ReadImageFiles(files[:2], 1)
	if err != nil {
		t.Fatal(err)
	}
	preds, err := c.PredictImages(im)
	if err != nil {
		t.Fatal(err)
	}
	lines := predict(t, "", "-model", m["cnn"], files[0], files[1])
	for i, p := range preds {
		if lines[i].Class != fashionClasses[p.Class] || float32(lines[i].Probabilities["bag"]) != p.Probabilities[0] {
			t.Errorf("image %d: command says %+v, library %+v", i, lines[i], p)
		}
	}
}

func TestTables(t *testing.T) {
	m := models(t)
	lines := predict(t, "", "-model", m["mlpcls-csv"], iris)
	if len(lines) != 150 || lines[0].Row != 1 || lines[149].Row != 150 || len(lines[0].Probabilities) != 3 {
		t.Errorf("iris: %d lines, first %+v", len(lines), lines[0])
	}
	for _, kind := range []string{"mlpreg", "widedeep"} {
		lines := predict(t, "", "-model", m[kind], housing)
		if len(lines) != 300 || lines[299].Row != 300 || lines[0].Value == nil || lines[0].Class != "" {
			t.Errorf("%s: %d lines, first %+v", kind, len(lines), lines[0])
		}
	}
	// Standard input, columns in another order, no target: the same values.
	b, _ := os.ReadFile(housing)
	rows := strings.Split(string(b), "\n")
	var swapped strings.Builder
	for _, r := range rows[:4] {
		cells := strings.Split(r, ",")
		swapped.WriteString(cells[7] + "," + strings.Join(cells[:7], ",") + "\n")
	}
	fromStdin := predict(t, swapped.String(), "-model", m["mlpreg"], "-")
	fromFile := predict(t, "", "-model", m["mlpreg"], housing)
	for i, l := range fromStdin {
		if l.Input != "-" || *l.Value != *fromFile[i].Value {
			t.Errorf("row %d from stdin %+v, from the file %v", i+1, l, *fromFile[i].Value)
		}
	}
	// The same through the library: Load, then ReadCSVRows and PredictTable.
	r, _, err := nn.LoadFile[mlpreg.Config](m["mlpreg"])
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(housing)
	defer f.Close()
	tab, err := data.ReadCSVRows(f, housing, r.Config.Schema)
	if err != nil {
		t.Fatal(err)
	}
	values, err := r.PredictTable(tab)
	if err != nil {
		t.Fatal(err)
	}
	if float32(values[299]) != float32(*fromFile[299].Value) {
		t.Errorf("library %v, command %v", values[299], *fromFile[299].Value)
	}
}

// TestBadInput: one clear line for every bad command line or file.
func TestBadInput(t *testing.T) {
	m := models(t)
	dir := t.TempDir()
	big := filepath.Join(dir, "big.png")
	f, _ := os.Create(big)
	png.Encode(f, image.NewGray(image.Rect(0, 0, 32, 32)))
	f.Close()
	notModel := filepath.Join(dir, "notes.txt")
	os.WriteFile(notModel, []byte("hello"), 0o644)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("MedInc,HouseAge,AveRooms,AveBedrms,Population,AveOccup,Latitude,Longitude\n1,2,3,4,5,6,7,x\n"), 0o644)
	img := filepath.Join(fashion, "bag", "00018.png")
	clitest.OneLineErrors(t, func(ctx context.Context, a []string) error {
		return run(ctx, a, strings.NewReader(""), &bytes.Buffer{})
	}, []clitest.ErrorCase{
		{Args: []string{img}, Want: []string{"-model", "which model"}},
		{Args: []string{"-model", m["cnn"]}, Want: []string{"no input"}},
		{Args: []string{"-bogus"}, Want: []string{"bogus", "-h"}},
		{Args: []string{"-model", filepath.Join(dir, "none.gozoo"), img}, Want: []string{"-model", "none.gozoo", "no such file"}},
		{Args: []string{"-model", notModel, img}, Want: []string{"-model", "notes.txt", "not a gozoo model"}},
		{Args: []string{"-model", m["mlpreg-old"], housing}, Want: []string{"mlpreg-old.gozoo", "without its column names"}},
		{Args: []string{"-model", m["cnn"], big}, Want: []string{"big.png", "32x32", "[28 28 1]"}},
		{Args: []string{"-model", m["cnn"], housing}, Want: []string{"housing.csv", "takes images"}},
		{Args: []string{"-model", m["cnn"], notModel}, Want: []string{"notes.txt", "not a PNG or JPEG"}},
		{Args: []string{"-model", m["mlpreg"], iris}, Want: []string{"iris.csv", `no column "MedInc"`}},
		{Args: []string{"-model", m["mlpreg"], bad}, Want: []string{"bad.csv line 2", `"Longitude"`, `"x" is not a number`}},
		{Args: []string{"-model", m["mlpreg"], img}, Want: []string{"00018.png", "rows of a CSV file", "not images"}},
	})
	clitest.ExitStatus(t, "predict", "predict: ", []string{"-model", "nowhere.gozoo", "x.png"}, []string{"-model"})
}
