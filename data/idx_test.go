package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// idxTestImages builds an IDX image file of n rows x cols images whose pixel
// k (counting through the whole file) is byte(k*7+i0).
func idxTestImages(n, rows, cols int, i0 int) []byte {
	var b bytes.Buffer
	for _, v := range []uint32{idxMagicImages, uint32(n), uint32(rows), uint32(cols)} {
		binary.Write(&b, binary.BigEndian, v)
	}
	for k := range n * rows * cols {
		b.WriteByte(byte(k*7 + i0))
	}
	return b.Bytes()
}

func idxTestLabels(labels []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(idxMagicLabels))
	binary.Write(&b, binary.BigEndian, uint32(len(labels)))
	b.Write(labels)
	return b.Bytes()
}

func idxTestHeader(magic uint32, dims ...uint32) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, magic)
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, d)
	}
	return b.Bytes()
}

func idxTestGzip(b []byte) []byte {
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write(b)
	w.Close()
	return z.Bytes()
}

func TestReadIDXImages(t *testing.T) {
	raw := idxTestImages(3, 2, 4, 1)
	for name, b := range map[string][]byte{"plain": raw, "gzip": idxTestGzip(raw)} {
		t.Run(name, func(t *testing.T) {
			n, rows, cols, pix, err := ReadIDXImages(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if n != 3 || rows != 2 || cols != 4 || len(pix) != 24 {
				t.Fatalf("got n=%d rows=%d cols=%d len=%d, want 3 2 4 24", n, rows, cols, len(pix))
			}
			for k, v := range pix {
				if want := float32(byte(k*7+1)) / 255; v != want {
					t.Fatalf("pixel %d = %v, want %v", k, v, want)
				}
			}
		})
	}
}

func TestReadIDXImagesScale(t *testing.T) {
	b := append(idxTestHeader(idxMagicImages, 1, 1, 3), 0, 128, 255)
	_, _, _, pix, err := ReadIDXImages(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if pix[0] != 0 || pix[2] != 1 || pix[1] != float32(128)/255 {
		t.Errorf("got %v, want [0 128/255 1]", pix)
	}
}

func TestReadIDXLabels(t *testing.T) {
	raw := idxTestLabels([]byte{9, 0, 3, 255})
	for name, b := range map[string][]byte{"plain": raw, "gzip": idxTestGzip(raw)} {
		t.Run(name, func(t *testing.T) {
			got, err := ReadIDXLabels(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != "[9 0 3 255]" {
				t.Errorf("got %v", got)
			}
		})
	}
}

func TestReadIDXEmpty(t *testing.T) {
	n, _, _, pix, err := ReadIDXImages(bytes.NewReader(idxTestHeader(idxMagicImages, 0, 28, 28)))
	if err != nil || n != 0 || len(pix) != 0 {
		t.Errorf("empty image file: n=%d len=%d err=%v", n, len(pix), err)
	}
	labels, err := ReadIDXLabels(bytes.NewReader(idxTestLabels(nil)))
	if err != nil || len(labels) != 0 {
		t.Errorf("empty label file: %v, %v", labels, err)
	}
}

// idxBrokenImages are damaged image files, with a piece of the message each
// must give.
func idxBrokenImages() []struct {
	name string
	b    []byte
	want string
} {
	good := idxTestImages(2, 3, 3, 0)
	gz := idxTestGzip(good)
	return []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "truncated: want 16 bytes of header, got 0"},
		{"wrong magic", append(idxTestHeader(0x12345678, 1, 1, 1), 0), "wrong magic number 0x12345678 (want 0x00000803, an IDX image file)"},
		{"label file", idxTestLabels([]byte{1}), "this is an IDX label file"},
		{"truncated header", good[:7], "truncated: want 16 bytes of header, got 7"},
		{"truncated body", good[:len(good)-5], "truncated: want 18 bytes of pixels, got 13"},
		{"trailing data", append(bytes.Clone(good), 1), "more data after the 2 images"},
		{"bad gzip header", []byte{0x1f, 0x8b, 0, 0, 0}, "bad gzip header"},
		{"bad gzip data", append(bytes.Clone(gz[:10]), bytes.Repeat([]byte{0xff}, 40)...), "bad gzip data"},
		{"truncated gzip", gz[:len(gz)/2], "truncated gzip stream"},
		{"gzip without trailer", gz[:len(gz)-8], "truncated gzip stream"},
		{"gzip bad checksum", func() []byte { b := bytes.Clone(gz); b[len(b)-6] ^= 1; return b }(), "checksum"},
		{"gzip truncated body", idxTestGzip(good[:len(good)-1]), "truncated: want 18 bytes of pixels, got 17"},
		{"huge count", idxTestHeader(idxMagicImages, 0xffffffff, 28, 28), "header claims 4294967295 images"},
		{"huge images", idxTestHeader(idxMagicImages, 1, 0xffffffff, 0xffffffff), "header claims 4294967295x4294967295 images"},
		{"too many pixels", idxTestHeader(idxMagicImages, 10_000_000, 1024, 1024), "pixels in all"},
		{"zero rows", idxTestHeader(idxMagicImages, 1, 0, 28), "header claims 0x28 images"},
		{"count beyond body", append(idxTestHeader(idxMagicImages, 1_000_000, 28, 28), 1, 2, 3), "truncated: want 784000000 bytes of pixels, got 3"},
	}
}

func TestReadIDXImagesErrors(t *testing.T) {
	for _, c := range idxBrokenImages() {
		t.Run(c.name, func(t *testing.T) {
			_, _, _, pix, err := ReadIDXImages(bytes.NewReader(c.b))
			if err == nil {
				t.Fatalf("no error; got %d pixels", len(pix))
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
		})
	}
}

func TestReadIDXLabelsErrors(t *testing.T) {
	good := idxTestLabels([]byte{1, 2, 3, 4, 5})
	gz := idxTestGzip(good)
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"wrong magic", idxTestImages(1, 1, 1, 0), "wrong magic number 0x00000803 (want 0x00000801, an IDX label file); this is an IDX image file"},
		{"truncated header", good[:5], "truncated: want 8 bytes of header, got 5"},
		{"truncated body", good[:len(good)-2], "truncated: want 5 bytes of labels, got 3"},
		{"trailing data", append(bytes.Clone(good), 0), "more data after the 5 labels"},
		{"bad gzip", []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff}, "gzip"},
		{"truncated gzip", gz[:len(gz)-12], "truncated gzip stream"},
		{"huge count", idxTestHeader(idxMagicLabels, 0x7fffffff), "header claims 2147483647 labels"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadIDXLabels(bytes.NewReader(c.b))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v does not say %q", err, c.want)
			}
		})
	}
}

func TestIDXFileErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	name := "x-images-idx3-ubyte.gz"
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte("not idx at all, longer than a header"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	if _, _, _, _, err := idxImagesFile(fsys, name, path, nil); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v does not name %s", err, path)
	}
	if _, err := idxLabelsFile(fsys, name, path, nil); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v does not name %s", err, path)
	}
	// A missing file is named by its full path, once.
	missing := filepath.Join(dir, "gone.gz")
	_, _, _, _, err := idxImagesFile(fsys, "gone.gz", missing, nil)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) || strings.Count(err.Error(), "gone.gz") != 1 {
		t.Errorf("missing file: %v", err)
	}
}

// ReadIDXImageBytes keeps the file's bytes; ReadIDXImages widens exactly
// those through ByteValues.
func TestReadIDXImageBytes(t *testing.T) {
	b := idxTestGzip(append(idxTestHeader(idxMagicImages, 2, 1, 3), 0, 1, 128, 200, 254, 255))
	n, rows, cols, pix, err := ReadIDXImageBytes(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || rows != 1 || cols != 3 || fmt.Sprint(pix) != "[0 1 128 200 254 255]" {
		t.Fatalf("got %d %dx%d %v", n, rows, cols, pix)
	}
	_, _, _, f, err := ReadIDXImages(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	values := ByteValues()
	for i, v := range pix {
		if f[i] != values[v] || f[i] != float32(v)/255 {
			t.Errorf("value %d: %v from ReadIDXImages, %v from ByteValues, want %v", i, f[i], values[v], float32(v)/255)
		}
	}
}

// A header that claims much more than the file holds must not make the reader
// allocate what the header claims.
func TestReadIDXHugeClaimSmallAlloc(t *testing.T) {
	b := append(idxTestHeader(idxMagicImages, 1_000_000, 32, 32), make([]byte, 1000)...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, _, _, err := ReadIDXImages(bytes.NewReader(b))
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("no error")
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
		t.Errorf("allocated %d bytes for a 1 kB file", got)
	}
}

// A reader that hands out one byte at a time must give the same result.
type idxOneByteReader struct{ b []byte }

func (r *idxOneByteReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = r.b[0]
	r.b = r.b[1:]
	return 1, nil
}

func TestReadIDXSlowReader(t *testing.T) {
	raw := idxTestImages(4, 5, 6, 3)
	_, _, _, want, err := ReadIDXImages(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range [][]byte{raw, idxTestGzip(raw)} {
		_, _, _, got, err := ReadIDXImages(&idxOneByteReader{b})
		if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("one byte at a time: err %v, equal %v", err, fmt.Sprint(got) == fmt.Sprint(want))
		}
	}
}

func FuzzReadIDXImages(f *testing.F) {
	good := idxTestImages(2, 3, 3, 0)
	f.Add(good)
	f.Add(idxTestGzip(good))
	for _, c := range idxBrokenImages() {
		f.Add(c.b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		n, rows, cols, pix, err := ReadIDXImages(bytes.NewReader(b))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if n < 0 || n > idxMaxCount || rows < 1 || cols < 1 || len(pix) != n*rows*cols {
			t.Fatalf("n=%d rows=%d cols=%d but %d pixels", n, rows, cols, len(pix))
		}
		for _, v := range pix {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("pixel %v outside [0,1]", v)
			}
		}
	})
}

func FuzzReadIDXLabels(f *testing.F) {
	good := idxTestLabels([]byte{9, 0, 0, 3})
	gz := idxTestGzip(good)
	f.Add(good)
	f.Add(gz)
	f.Add(idxTestImages(1, 2, 2, 0))                        // wrong magic
	f.Add(good[:6])                                         // truncated header
	f.Add(good[:10])                                        // truncated body
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1}) // bad gzip
	f.Add(gz[:len(gz)/2])                                   // truncated gzip stream
	f.Add(idxTestHeader(idxMagicLabels, 0xffffffff))        // huge count
	f.Add(append(idxTestHeader(idxMagicLabels, 9_999_999), 1, 2))
	f.Fuzz(func(t *testing.T, b []byte) {
		labels, err := ReadIDXLabels(bytes.NewReader(b))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if len(labels) > idxMaxCount {
			t.Fatalf("%d labels", len(labels))
		}
		for _, l := range labels {
			if l < 0 || l > 255 {
				t.Fatalf("label %d is not a byte", l)
			}
		}
	})
}

func ExampleReadIDXLabels() {
	// An IDX label file: magic 0x00000801, count 3, then one byte per label.
	file := []byte{0, 0, 8, 1, 0, 0, 0, 3, 9, 0, 7}
	labels, err := ReadIDXLabels(bytes.NewReader(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range labels {
		fmt.Println(l, FashionClassNames[l])
	}
	// Output:
	// 9 Ankle boot
	// 0 T-shirt/top
	// 7 Sneaker
}

func ExampleReadIDXImages() {
	// An IDX image file: magic 0x00000803, 1 image of 2 rows x 3 columns.
	file := []byte{0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,
		0, 51, 102,
		153, 204, 255}
	n, rows, cols, pixels, err := ReadIDXImages(bytes.NewReader(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n, rows, cols, pixels)
	// Output: 1 2 3 [0 0.2 0.4 0.6 0.8 1]
}

func ExampleReadIDXImages_wrongFile() {
	labelFile := []byte{0, 0, 8, 1, 0, 0, 0, 1, 5}
	_, _, _, _, err := ReadIDXImages(bytes.NewReader(labelFile))
	fmt.Println(err)
	// Output: wrong magic number 0x00000801 (want 0x00000803, an IDX image file); this is an IDX label file
}
