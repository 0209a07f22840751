//go:build !openblas

package golden

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/internal/gemm"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txt from this build")

// runs are the command lines: small enough for CI, and covering every
// model, both presets of the regressor, both Wide & Deep variants and the
// ONNX export. JSON files are left out: they hold wall times.
var runs = [][]string{
	{"perceptron", "-out", "perceptron", "-onnx", "perceptron/model.onnx"},
	{"mlpcls", "-limit", "2000", "-epochs", "2", "-out", "mlpcls", "-onnx", "mlpcls/model.onnx"},
	{"mlpcls", "-dataset", "iris", "-epochs", "5", "-out", "mlpcls-iris"},
	{"mlpreg", "-limit", "2000", "-epochs", "2", "-out", "mlpreg", "-onnx", "mlpreg/model.onnx"},
	{"mlpreg", "-preset", "sklearn", "-limit", "2000", "-epochs", "2", "-out", "mlpreg-sklearn"},
	{"widedeep", "-limit", "2000", "-epochs", "2", "-out", "widedeep", "-onnx", "widedeep/model.onnx"},
	{"widedeep", "-inputs", "2", "-limit", "2000", "-epochs", "2", "-out", "widedeep-2in"},
	{"cnn", "-limit", "256", "-eval-limit", "256", "-epochs", "1", "-out", "cnn", "-onnx", "cnn/model.onnx"},
	{"convdemo", "-out", "convdemo"},
}

func TestCommandsWriteTheRecordedBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every command")
	}
	if gemm.Kernel() != "AVX2+FMA 6x16" {
		// The recorded bytes come from the AVX2+FMA kernel; another
		// kernel rounds differently.
		t.Skipf("recorded with the AVX2+FMA kernel, this CPU runs %s", gemm.Kernel())
	}
	readSources(t)
	bin, work := t.TempDir(), t.TempDir()
	build := exec.Command("go", "build", "-o", bin+string(os.PathSeparator), "../../cmd/...")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, r := range runs {
		cmd := exec.Command(filepath.Join(bin, r[0]), r[1:]...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "GOZOO_DATA=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(r, " "), err, out)
		}
	}
	var got []string
	err := filepath.WalkDir(work, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".json") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(work, path)
		sum := sha256.Sum256(b)
		got = append(got, fmt.Sprintf("%s  %s", hex.EncodeToString(sum[:]), filepath.ToSlash(rel)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(got, func(a, b string) int { return strings.Compare(a[66:], b[66:]) })
	const file = "testdata/golden.txt"
	if *update {
		if err := os.WriteFile(file, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var want []string
	for s := bufio.NewScanner(f); s.Scan(); {
		want = append(want, s.Text())
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("recorded %s; this build wrote something else or nothing", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("new or changed file %s", g)
		}
	}
}

// readSources opens every source file of the module. The test builds the
// commands in a child process, whose reads go test does not see; the files
// this process opens are part of the cached result's key, so a change to
// any of them runs the test again instead of reporting a stale "ok".
func readSources(t *testing.T) {
	err := filepath.WalkDir("../..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n != "." && n != ".." && (strings.HasPrefix(n, ".") || n == "testdata" || n == "out") {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".go", ".s", ".mod", ".sum":
			_, err = os.ReadFile(path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
