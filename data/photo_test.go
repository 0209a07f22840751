package data

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func imgWritePNG(t *testing.T, img image.Image) string {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "x.png")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadPhotoPNG(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	for y := range 2 {
		for x := range 3 {
			img.Set(x, y, color.NRGBA{uint8(10*x + y), 255, 0, 255})
		}
	}
	p, err := LoadPhoto(imgWritePNG(t, img))
	if err != nil {
		t.Fatal(err)
	}
	if p.Height != 2 || p.Width != 3 || len(p.Pixels) != 18 {
		t.Fatalf("got %dx%d, %d values", p.Height, p.Width, len(p.Pixels))
	}
	// Pixel (y=1, x=2) is at ((1*3)+2)*3.
	if got := p.Pixels[15:18]; got[0] != float32(21)/255 || got[1] != 1 || got[2] != 0 {
		t.Errorf("pixel (1,2) = %v, want [21/255 1 0]", got)
	}
}

func TestLoadPhotoGrayPNG(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 1, 1))
	img.SetGray(0, 0, color.Gray{51})
	p, err := LoadPhoto(imgWritePNG(t, img))
	if err != nil {
		t.Fatal(err)
	}
	if p.Pixels[0] != 0.2 || p.Pixels[1] != 0.2 || p.Pixels[2] != 0.2 {
		t.Errorf("got %v, want three times 0.2", p.Pixels)
	}
}

func TestLoadPhotoJPEG(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range img.Pix {
		img.Pix[i] = []uint8{200, 100, 50, 255}[i%4]
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "x.jpg")
	os.WriteFile(path, b.Bytes(), 0o644)
	p, err := LoadPhoto(path)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range []float32{200, 100, 50} {
		if got := p.Pixels[k] * 255; got < want-3 || got > want+3 {
			t.Errorf("channel %d = %v/255, want about %v", k, got, want)
		}
	}
}

func TestLoadPhotoErrors(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("this is not an image\n"), 0o644)
	if _, err := LoadPhoto(text); err == nil || err.Error() != text+": not a JPEG or PNG image" {
		t.Errorf("text file: %v", err)
	}
	broken := filepath.Join(dir, "broken.jpg")
	os.WriteFile(broken, []byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10}, 0o644)
	if _, err := LoadPhoto(broken); err == nil || !strings.Contains(err.Error(), "decode "+broken) {
		t.Errorf("broken JPEG: %v", err)
	}
	missing := filepath.Join(dir, "missing.png")
	if _, err := LoadPhoto(missing); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: %v", err)
	}
}

// imgCounting is an h x w photo whose value at (y, x, c) is y*1000+x*10+c.
func imgCounting(h, w int) Photo {
	p := Photo{Height: h, Width: w}
	for y := range h {
		for x := range w {
			for c := range 3 {
				p.Pixels = append(p.Pixels, float32(y*1000+x*10+c))
			}
		}
	}
	return p
}

func TestPhotoCenterCrop(t *testing.T) {
	// Keras: top = (5-2)//2 = 1, left = (8-3)//2 = 2.
	got, err := imgCounting(5, 8).CenterCrop(2, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := imgCounting(2, 3)
	for i := range want.Pixels {
		want.Pixels[i] += 1000 + 20
	}
	if got.Height != 2 || got.Width != 3 || fmt.Sprint(got.Pixels) != fmt.Sprint(want.Pixels) {
		t.Errorf("got %dx%d %v\nwant %v", got.Height, got.Width, got.Pixels, want.Pixels)
	}
	same, err := imgCounting(4, 4).CenterCrop(4, 4)
	if err != nil || fmt.Sprint(same.Pixels) != fmt.Sprint(imgCounting(4, 4).Pixels) {
		t.Errorf("crop to the same size: %v", err)
	}
}

func TestPhotoCenterCropTooSmall(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	p, err := LoadPhoto(imgWritePNG(t, img))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.CenterCrop(70, 120); err == nil || !strings.Contains(err.Error(), "only 10x10") {
		t.Errorf("got %v", err)
	}
	if _, err := p.CenterCrop(0, 5); err == nil {
		t.Error("crop to 0x5: no error")
	}
}

func TestPhotoImages(t *testing.T) {
	im, err := PhotoImages([]Photo{imgCounting(2, 3), imgCounting(2, 3)})
	if err != nil {
		t.Fatal(err)
	}
	if im.N != 2 || im.Height != 2 || im.Width != 3 || im.Channels != 3 || len(im.Pixels) != 36 || im.Labels != nil {
		t.Errorf("got %+v", im)
	}
	if _, err := PhotoImages([]Photo{imgCounting(2, 3), imgCounting(3, 2)}); err == nil {
		t.Error("photos of two sizes: no error")
	}
	if _, err := PhotoImages(nil); err == nil {
		t.Error("no photos: no error")
	}
}

func TestSamplePhotos(t *testing.T) {
	t.Setenv(EnvData, "")
	photos, paths, err := SamplePhotos("")
	var nf *NotFoundError
	if errors.As(err, &nf) {
		t.Skipf("sample photos not found: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	base := func(p string) string { return strings.TrimPrefix(filepath.Base(p), "embedded:") }
	if len(photos) != 2 || base(paths[0]) != "china.jpg" || base(paths[1]) != "flower.jpg" {
		t.Fatalf("got %d photos from %q", len(photos), paths)
	}
	for i, p := range photos {
		if p.Height != 427 || p.Width != 640 || len(p.Pixels) != 427*640*3 {
			t.Errorf("%s is %dx%d, want 427x640", paths[i], p.Height, p.Width)
		}
		c, err := p.CenterCrop(70, 120)
		if err != nil {
			t.Fatal(err)
		}
		if c.Height != 70 || c.Width != 120 || len(c.Pixels) != 70*120*3 {
			t.Errorf("crop is %dx%d with %d values, want 70x120x3", c.Height, c.Width, len(c.Pixels))
		}
		lo, hi := float32(1), float32(0)
		for _, v := range c.Pixels {
			lo, hi = min(lo, v), max(hi, v)
		}
		if lo < 0 || hi > 1 || hi-lo < 0.1 {
			t.Errorf("%s: crop values in [%v, %v]", paths[i], lo, hi)
		}
	}
}

func TestSamplePhotosDir(t *testing.T) {
	dir := t.TempDir()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	var b bytes.Buffer
	jpeg.Encode(&b, img, nil)
	os.WriteFile(filepath.Join(dir, "china.jpg"), b.Bytes(), 0o644)
	if _, _, err := SamplePhotos(dir); err == nil || !strings.Contains(err.Error(), "but not flower.jpg") {
		t.Errorf("one photo missing: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "flower.jpg"), []byte("GIF89a"), 0o644)
	if _, _, err := SamplePhotos(dir); err == nil || !strings.Contains(err.Error(), "flower.jpg: not a JPEG or PNG image") {
		t.Errorf("a GIF named .jpg: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "flower.jpg"), b.Bytes(), 0o644)
	photos, _, err := SamplePhotos(dir)
	if err != nil || len(photos) != 2 || photos[1].Width != 4 {
		t.Errorf("got %d photos, %v", len(photos), err)
	}
	empty := t.TempDir()
	var nf *NotFoundError
	if _, _, err := SamplePhotos(empty); !errors.As(err, &nf) || !strings.Contains(err.Error(), empty) {
		t.Errorf("empty folder: %v", err)
	}
}

func TestSamplePhotosSearchPath(t *testing.T) {
	t.Setenv(EnvData, "/d")
	t.Chdir(t.TempDir())
	wd, _ := os.Getwd()
	got := SamplePhotosSearchPath()
	if len(got) < 2 || got[0] != filepath.Join("/d", "images") || got[1] != filepath.Join(wd, "..", "shared", "datasets", "images") {
		t.Errorf("search path %q", got)
	}
}

func ExamplePhoto_CenterCrop() {
	photos, _, err := SamplePhotos("")
	if err != nil {
		fmt.Println(err)
		return
	}
	// The notebook's CNN chapter crops both photos to 70x120 and stacks them.
	for i, p := range photos {
		if photos[i], err = p.CenterCrop(70, 120); err != nil {
			fmt.Println(err)
			return
		}
	}
	batch, err := PhotoImages(photos)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(batch.N, batch.Height, batch.Width, batch.Channels)
	// Output: 2 70 120 3
}

// From a folder with no copy anywhere near, the embedded photos are used,
// and they are the very files of shared/datasets/images.
func TestSamplePhotosEmbedded(t *testing.T) {
	shared, _ := filepath.Abs(filepath.Join("..", "..", "shared", "datasets", "images"))
	t.Setenv(EnvData, "")
	t.Chdir(t.TempDir())
	photos, names, err := SamplePhotos("")
	if err != nil {
		t.Fatal(err)
	}
	if len(photos) != 2 || names[0] != "embedded:china.jpg" || names[1] != "embedded:flower.jpg" {
		t.Fatalf("got %d photos named %q", len(photos), names)
	}
	for i, name := range samplePhotoNames {
		if photos[i].Height != 427 || photos[i].Width != 640 {
			t.Errorf("%s is %dx%d", name, photos[i].Height, photos[i].Width)
		}
		want, err := os.ReadFile(filepath.Join(shared, name))
		if err != nil {
			continue // no shared folder beside this clone
		}
		got, err := samplePhotoFS.ReadFile("embed/images/" + name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("embedded %s differs from %s", name, shared)
		}
	}
}

// TestLoadPhotoPixelLimit: a PNG whose header claims 15000 x 15000 pixels
// (a few hundred KB of compressed zeros) is refused on its header, before
// 5.7 GB are decoded.
func TestLoadPhotoPixelLimit(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(kind))
		crc.Write(data)
		b.WriteString(kind)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 15000)
	binary.BigEndian.PutUint32(ihdr[4:], 15000)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	row := make([]byte, 1+3*15000)
	for range 2000 { // enough rows for the decoder to allocate the whole image
		zw.Write(row)
	}
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	path := filepath.Join(t.TempDir(), "huge.png")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := LoadPhoto(path)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "15000 x 15000") {
		t.Errorf("error %v, want one naming the size", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
		t.Errorf("%d MiB allocated before refusing it", got>>20)
	}
}
