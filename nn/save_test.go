package nn

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

type suiteConfig struct {
	Hidden []int
	Rate   float64
	Note   string
}

// suiteSaved trains a small classifier for two epochs, saves it in a fresh
// folder and returns the model, its file and the data it was trained on.
func suiteSaved(t *testing.T) (*Model, string, Data) {
	t.Helper()
	m := suiteClassifier(100, 0.25)
	d := suiteLearnable(101, 40)
	if _, err := m.Fit(context.Background(), d, FitOptions{Epochs: 2, BatchSize: 16, Optimizer: NewAdam(0.01)}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "model.gozoo")
	if err := m.SaveFile(path, "classifier", suiteConfig{Hidden: []int{8}, Rate: 0.25, Note: "ü\n\"quoted\""}, 2); err != nil {
		t.Fatal(err)
	}
	return m, path, d
}

func TestSaveRoundTrip(t *testing.T) {
	m, path, d := suiteSaved(t)
	f, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cfg suiteConfig
	if err := f.DecodeConfig("classifier", &cfg); err != nil {
		t.Fatal(err)
	}
	if want := (suiteConfig{Hidden: []int{8}, Rate: 0.25, Note: "ü\n\"quoted\""}); !reflect.DeepEqual(cfg, want) {
		t.Errorf("config %+v, want %+v", cfg, want)
	}
	if f.Kind != "classifier" || f.Epochs != 2 || len(f.Params) != 4 {
		t.Errorf("kind %q epochs %d params %d", f.Kind, f.Epochs, len(f.Params))
	}
	// A model built with other weights gets the saved ones.
	other := suiteClassifier(999, 0.25)
	if err := f.Restore(other); err != nil {
		t.Fatal(err)
	}
	if !suiteSameWeights(suiteWeights(m), suiteWeights(other)) {
		t.Error("restored weights differ from the saved ones")
	}
	a, _, err := m.Predict(d, 16)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := other.Predict(d, 16)
	if err != nil {
		t.Fatal(err)
	}
	if !suiteEqual32(a, b) {
		t.Error("predictions of the restored model are not bit-identical")
	}
	// Restore into a model whose graphs are already built: they see it too.
	third := suiteClassifier(998, 0.25)
	if _, _, err := third.Predict(d, 16); err != nil {
		t.Fatal(err)
	}
	if err := f.Restore(third); err != nil {
		t.Fatal(err)
	}
	c, _, err := third.Predict(d, 16)
	if err != nil {
		t.Fatal(err)
	}
	if !suiteEqual32(a, c) {
		t.Error("a model that had predicted before Restore predicts with its old weights")
	}
	// The file is readable by others, and no temporary file is left.
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("file mode %v, %v; want 0644", st.Mode(), err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("the folder holds %d files, want the model alone", len(entries))
	}
}

// TestSaveNoParams saves and loads a model without weights.
func TestSaveNoParams(t *testing.T) {
	m := Sequential(Input{"x", []int{2, 2}}, []Applier{NewFlatten("flatten")}, WithName("flat"), WithSeed(1))
	path := filepath.Join(t.TempDir(), "flat.gozoo")
	if err := m.SaveFile(path, "flat", nil, 0); err != nil {
		t.Fatal(err)
	}
	f, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Restore(m); err != nil {
		t.Fatal(err)
	}
}

func TestReadFileCorrupt(t *testing.T) {
	_, path, _ := suiteSaved(t)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	flip := func(i int) []byte {
		b := append([]byte(nil), good...)
		b[i] ^= 0x10
		return b
	}
	for name, c := range map[string]struct {
		b    []byte
		want string
	}{
		"weight flipped":   {flip(len(good) - 10), "checksum"},
		"header flipped":   {flip(len(fileMagic) + 10), "checksum"},
		"checksum flipped": {flip(len(good) - 1), "checksum"},
		"last byte cut":    {good[:len(good)-1], "checksum"},
		"half":             {good[:len(good)/2], "checksum"},
		"magic and a bit":  {good[:len(fileMagic)+3], "truncated"},
		"magic only":       {good[:len(fileMagic)], "truncated"},
		"magic cut short":  {good[:8], "truncated"},
		"extra byte":       {append(append([]byte(nil), good...), 0), "checksum"},
	} {
		p := write(strings.ReplaceAll(name, " ", "_"), c.b)
		f, err := ReadFile(p)
		if err == nil || f != nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %q, want one naming the file and saying %q", name, err, c.want)
		}
		if errors.Is(err, ErrNotModel) {
			t.Errorf("%s: a damaged model file is reported as not a model", name)
		}
	}
	for name, b := range map[string][]byte{
		"png":   {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1},
		"text":  []byte("Epoch 1/30\n1719/1719 - 9s - loss: 0.7\n"),
		"empty": nil,
		"other": []byte("gozoo model v2\n...."),
	} {
		p := write(name, b)
		if _, err := ReadFile(p); !errors.Is(err, ErrNotModel) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %v, want ErrNotModel naming the file", name, err)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestDecodeConfigKind(t *testing.T) {
	_, path, _ := suiteSaved(t)
	f, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cfg suiteConfig
	err = f.DecodeConfig("regressor", &cfg)
	if err == nil || !strings.Contains(err.Error(), "classifier") || !strings.Contains(err.Error(), "regressor") {
		t.Errorf("DecodeConfig with the wrong kind: %v", err)
	}
	var wrong struct{ Hidden string }
	if err := f.DecodeConfig("classifier", &wrong); err == nil {
		t.Error("DecodeConfig into a struct of another shape: no error")
	}
}

func TestRestoreMismatch(t *testing.T) {
	_, path, _ := suiteSaved(t)
	f, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rng := NewRand(1)
	wider := Sequential(Input{"x", []int{4}}, []Applier{
		NewDense(rng, "dense", 4, 9, ReLU),
		NewDense(rng, "dense_1", 9, 3, Softmax),
	}, WithName("classifier"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
	before := suiteWeights(wider)
	err = f.Restore(wider)
	if err == nil || !strings.Contains(err.Error(), "dense/kernel") {
		t.Errorf("Restore into other shapes: error %v, want one naming dense/kernel", err)
	}
	if !suiteSameWeights(before, suiteWeights(wider)) {
		t.Error("a failed Restore changed weights")
	}
	deeper := Sequential(Input{"x", []int{4}}, []Applier{
		NewDense(rng, "dense", 4, 8, ReLU),
		NewDense(rng, "dense_1", 8, 3, ReLU),
		NewDense(rng, "dense_2", 3, 3, Softmax),
	}, WithName("classifier"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
	if err := f.Restore(deeper); err == nil {
		t.Error("Restore into a model with more parameters: no error")
	}
	renamed := Sequential(Input{"x", []int{4}}, []Applier{
		NewDense(rng, "hidden", 4, 8, ReLU),
		NewDense(rng, "dense_1", 8, 3, Softmax),
	}, WithName("classifier"), WithLoss(SparseCategoricalCrossentropy{}), WithSeed(1))
	if err := f.Restore(renamed); err == nil || !strings.Contains(err.Error(), "hidden/kernel") {
		t.Errorf("Restore into a model with other names: %v", err)
	}
}

func TestSaveErrors(t *testing.T) {
	m, path, _ := suiteSaved(t)
	good, _ := os.ReadFile(path)
	// A folder that is a file: not writable, whoever runs the test.
	bad := filepath.Join(path, "model.gozoo")
	if err := m.SaveFile(bad, "classifier", nil, 1); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("Save under a file: error %v, want one naming %s", err, bad)
	}
	// A config that cannot be encoded leaves the existing file as it was.
	if err := m.SaveFile(path, "classifier", map[string]any{"f": func() {}}, 3); err == nil {
		t.Error("Save with a config JSON cannot encode: no error")
	}
	if now, _ := os.ReadFile(path); string(now) != string(good) {
		t.Error("a failed Save changed the existing file")
	}
}

// TestSaveFailsMidway makes the write fail after some bytes (a file size
// limit, in a child process) and checks that the existing file is intact
// and no temporary file is left.
func TestSaveFailsMidway(t *testing.T) {
	if dir := os.Getenv("GOZOO_TEST_SAVE_MIDWAY"); dir != "" {
		// The child: a model of about 400 kB, with files limited to 64 kB.
		rng := NewRand(1)
		m := Sequential(Input{"x", []int{100}}, []Applier{NewDense(rng, "dense", 100, 1000, Linear)}, WithName("big"), WithLoss(MeanSquaredError{}), WithSeed(1))
		lim := syscall.Rlimit{Cur: 64 << 10, Max: 64 << 10}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			t.Skip("cannot limit file sizes:", err)
		}
		if err := m.SaveFile(filepath.Join(dir, "model.gozoo"), "big", nil, 1); err == nil {
			t.Fatal("Save of 400 kB under a 64 kB limit: no error")
		} else {
			t.Log("Save error:", err)
		}
		return
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "model.gozoo")
	old := []byte("the previous model, which must survive")
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSaveFailsMidway$", "-test.v")
	cmd.Env = append(os.Environ(), "GOZOO_TEST_SAVE_MIDWAY="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "SKIP") {
		t.Skipf("child skipped:\n%s", out)
	}
	if !strings.Contains(string(out), "Save error:") {
		t.Fatalf("child did not report the failed save:\n%s", out)
	}
	now, err := os.ReadFile(path)
	if err != nil || string(now) != string(old) {
		t.Errorf("after a failed Save the file holds %q (%v), want the previous contents", now, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the folder holds %v: a temporary file was left", names)
	}
}

// TestSaveStream: Save writes to a stream the bytes SaveFile writes to a
// file, WriteTo counts them, Read reads them back as ReadFile does, and a
// failing writer's error comes back.
func TestSaveStream(t *testing.T) {
	m, path, _ := suiteSaved(t)
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf, "classifier", suiteConfig{Hidden: []int{8}, Rate: 0.25, Note: "ü\n\"quoted\""}, 2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("Save wrote %d bytes, SaveFile %d: they differ", buf.Len(), len(want))
	}
	fromStream, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	fromFile, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromStream, fromFile) {
		t.Error("Read and ReadFile differ on the same bytes")
	}
	if n, err := fromStream.WriteTo(io.Discard); err != nil || n != int64(len(want)) {
		t.Errorf("WriteTo: %d bytes, %v; want %d", n, err, len(want))
	}
	broken := errors.New("disk full")
	if err := m.Save(failWriter{broken}, "classifier", nil, 2); !errors.Is(err, broken) {
		t.Errorf("Save to a failing writer: %v, want %v", err, broken)
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }
