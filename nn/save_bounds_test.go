package nn

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// feedFIFO makes a named pipe in a fresh folder and writes head then zeros
// to it until the reader closes it or limit bytes went through; it returns
// the pipe's path and a function returning how many bytes were written.
func feedFIFO(t *testing.T, head []byte, limit int) (string, func() int) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan int, 1)
	go func() {
		w, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			done <- 0
			return
		}
		defer w.Close()
		n, _ := w.Write(head)
		zeros := make([]byte, 1<<16)
		for n < limit {
			k, err := w.Write(zeros)
			n += k
			if err != nil {
				break
			}
		}
		done <- n
	}()
	return p, func() int { return <-done }
}

// TestReadFileStopsAtTheMagic: a stream that is not a model file (like
// /dev/zero) is rejected after its first bytes, not read whole first.
func TestReadFileStopsAtTheMagic(t *testing.T) {
	p, written := feedFIFO(t, nil, 64<<20)
	if _, err := ReadFile(p); !errors.Is(err, ErrNotModel) {
		t.Errorf("zeros: %v, want ErrNotModel", err)
	}
	if n := written(); n > 1<<20 {
		t.Errorf("read %d bytes of a stream of zeros before rejecting it", n)
	}
}

// TestReadFileBoundedByHeader: a piped file whose header claims far more
// values than it delivers costs no more memory than what arrived.
func TestReadFileBoundedByHeader(t *testing.T) {
	head, err := json.Marshal(ModelFile{Kind: "x", Config: json.RawMessage("{}"), Params: []SavedParam{{Name: "w", Shape: []int{MaxParams}}}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString(fileMagic)
	binary.Write(&b, binary.LittleEndian, uint32(len(head)))
	b.Write(head)
	b.Write(make([]byte, 1<<20)) // 1 MiB of the 128 MiB claimed
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = readModel(io.MultiReader(&b), -1)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("cut-short stream: %v", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
		t.Errorf("allocated %d MiB for a 1 MiB stream", got>>20)
	}
}

// craft writes a model file of the given header fields and values with a
// valid checksum, as a hostile user could.
func craft(t *testing.T, f ModelFile) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "crafted.gozoo")
	if err := f.WriteFile(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadFileRejectsBadSizes(t *testing.T) {
	for name, c := range map[string]struct {
		f    ModelFile
		want string
	}{
		"epochs huge":     {ModelFile{Kind: "x", Epochs: 4611686018427387904}, "epochs"},
		"epochs negative": {ModelFile{Kind: "x", Epochs: -4}, "epochs"},
		"over MaxParams": {ModelFile{Kind: "x", Params: []SavedParam{
			{Name: "a", Shape: []int{MaxParams / 2}}, {Name: "b", Shape: []int{MaxParams/2 + 1}}}}, "parameters"},
		"shape overflow": {ModelFile{Kind: "x", Params: []SavedParam{{Name: "a", Shape: []int{1 << 40, 1 << 40}}}}, "shape"},
		"values missing": {ModelFile{Kind: "x", Params: []SavedParam{{Name: "a", Shape: []int{1000}}}}, "values"},
	} {
		c.f.Config = json.RawMessage("{}")
		if _, err := ReadFile(craft(t, c.f)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error about %s", name, err, c.want)
		}
	}
	dir := t.TempDir()
	if _, err := ReadFile(dir); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Errorf("a folder: %v", err)
	}
}

// countedConfig is a config that counts its parameters like a zoo model's.
type countedConfig struct{ Units int }

// countedBuilt is set by countedConfig's Build.
var countedBuilt bool

func (countedConfig) Kind() string { return "k" }

func (countedConfig) Build() (*Model, error) {
	countedBuilt = true
	return nil, errors.New("built")
}

func (c countedConfig) ParamCount() (int, error) {
	var s Sizes
	s.Add(4, c.Units)
	s.Add(c.Units)
	return s.Total()
}

// TestLoadChecksTheConfigFirst: a file whose config would build a model
// far larger than the weights it holds is refused before the model is
// built.
func TestLoadChecksTheConfigFirst(t *testing.T) {
	for _, units := range []int{1 << 20, MaxParams} {
		f := ModelFile{Kind: "k", Config: json.RawMessage(fmt.Sprintf(`{"Units": %d}`, units)),
			Params: []SavedParam{{Name: "w", Shape: []int{4, 2}, Values: make([]float32, 8)}, {Name: "b", Shape: []int{2}, Values: make([]float32, 2)}}}
		countedBuilt = false
		_, _, err := LoadFile[countedConfig](craft(t, f))
		if err == nil || countedBuilt {
			t.Errorf("%d units: built %v, error %v", units, countedBuilt, err)
		}
	}
}

// FuzzReadModel: the reader never panics nor allocates past the limits on
// any input, reads a file the same whether it can seek it (a regular file)
// or not (a pipe), and what it accepts encodes back to a file it reads the
// same.
func FuzzReadModel(f *testing.F) {
	good := ModelFile{Kind: "k", Config: json.RawMessage(`{"a":1}`), Epochs: 3,
		Params: []SavedParam{{Name: "w", Shape: []int{2, 3}, Trainable: true, Values: []float32{1, 2, 3, 4, 5, 6}}}}
	var b bytes.Buffer
	if err := good.encode(&b); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add(b.Bytes()[:b.Len()-3])
	f.Add([]byte(fileMagic))
	f.Add([]byte("gozoo model v1\n\xff\xff\xff\xff{}"))
	f.Fuzz(func(t *testing.T, in []byte) {
		seek, err1 := readModel(bytes.NewReader(in), int64(len(in)))
		pipe, err2 := readModel(io.MultiReader(bytes.NewReader(in)), -1)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("seekable: %v; pipe: %v", err1, err2)
		}
		if err1 != nil {
			return
		}
		var out bytes.Buffer
		if err := seek.encode(&out); err != nil {
			t.Fatal(err)
		}
		again, err := readModel(bytes.NewReader(out.Bytes()), int64(out.Len()))
		if err != nil {
			t.Fatalf("re-encoded file: %v", err)
		}
		if seek.NumValues() != pipe.NumValues() || again.NumValues() != seek.NumValues() || again.Epochs != seek.Epochs {
			t.Fatalf("values %d, %d, %d", seek.NumValues(), pipe.NumValues(), again.NumValues())
		}
	})
}
