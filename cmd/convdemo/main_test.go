package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/internal/cli/clitest"
)

// writePNG makes an h x w PNG of a colour gradient.
func writePNG(t *testing.T, path string, h, w int) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{R: uint8(x), G: uint8(y), B: uint8(x + y), A: 255})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// spaces collapses the column padding of the printed table.
var spaces = regexp.MustCompile(` +`)

// checkFiles checks that every file of summary.json is there and that the
// PNGs decode.
func checkFiles(t *testing.T, out string) summary {
	t.Helper()
	var sum summary
	b, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.Files) == 0 {
		t.Fatal("summary.json lists no files")
	}
	for _, f := range sum.Files {
		if filepath.Dir(f) != out {
			t.Errorf("%s is not in -out %s", f, out)
		}
		if filepath.Ext(f) != ".png" {
			continue
		}
		r, err := os.Open(f)
		if err != nil {
			t.Error(err)
			continue
		}
		if _, err := png.DecodeConfig(r); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		r.Close()
	}
	return sum
}

func TestSamplePhotosShapes(t *testing.T) {
	photos, _, err := data.SamplePhotos("")
	var nf *data.NotFoundError
	if errors.As(err, &nf) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var buf bytes.Buffer
	if err := demo(context.Background(), []string{"-out", out}, &buf); err != nil {
		t.Fatal(err)
	}
	printed := spaces.ReplaceAllString(buf.String(), " ")
	// The notebook's cells [35] to [43].
	for _, want := range []string{
		"images (2, 70, 120, 3)",
		"fmaps (2, 70, 120, 32)\nkernels (7, 7, 3, 32)\nbiases (32,)",
		"fmaps (2, 70, 120, 2)",
		"max pool, 2x2 (2, 35, 60, 3)",
		"average pool, 2x2 (2, 35, 60, 3)",
		"depth pool, 3 (R, G, B) (2, 70, 120, 1)",
		"depth pool, 2 (32 ReLU maps) (2, 70, 120, 16)",
		"global average pooling (2, 3)\n[[0.",
		"line_fmaps_full_1_china.png",
		"Wrote:",
	} {
		if !strings.Contains(printed, want) {
			t.Errorf("output lacks %q:\n%s", want, buf.String())
		}
	}
	sum := checkFiles(t, out)
	if got := sum.Shapes["depth_pool_fmaps"]; len(got) != 4 || got[3] != 16 {
		t.Errorf("summary.json: depth_pool_fmaps %v", got)
	}
	// The global averages are the means of each channel of the crops.
	for i, p := range photos {
		crop, err := p.CenterCrop(70, 120)
		if err != nil {
			t.Fatal(err)
		}
		for c := range 3 {
			var s float64
			for j := c; j < len(crop.Pixels); j += 3 {
				s += float64(crop.Pixels[j])
			}
			want := s / (70 * 120)
			if got := float64(sum.GlobalAverage[i][c]); math.Abs(got-want) > 1e-5 {
				t.Errorf("global average of photo %d channel %d = %v, want %v", i, c, got, want)
			}
		}
	}
}

// Photos of one's own, of different sizes: a folder and single files; one
// is larger than convdemo.MaxPixels and is reduced for the full-size figure.
func TestOwnImages(t *testing.T) {
	dir := t.TempDir()
	imgs := filepath.Join(dir, "imgs")
	os.Mkdir(imgs, 0o755)
	writePNG(t, filepath.Join(imgs, "a.png"), 80, 130)
	os.WriteFile(filepath.Join(imgs, "notes.txt"), []byte("not an image, not picked"), 0o644)
	big := filepath.Join(dir, "big.png")
	writePNG(t, big, 700, 640)
	out := filepath.Join(dir, "out")
	var buf bytes.Buffer
	if err := demo(context.Background(), []string{"-images", imgs, "-image", big + "," + big, "-out", out}, &buf); err != nil {
		t.Fatal(err)
	}
	printed := spaces.ReplaceAllString(buf.String(), " ")
	for _, want := range []string{"images (3, 70, 120, 3)", "big.png: 700x640, reduced 2x to 350x320", "line_fmaps_full_3_big.png"} {
		if !strings.Contains(printed, want) {
			t.Errorf("output lacks %q:\n%s", want, buf.String())
		}
	}
	checkFiles(t, out)
}

func TestBadInputGetsOneClearError(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.jpg")
	os.WriteFile(text, []byte("hello, not a JPEG"), 0o644)
	truncated := filepath.Join(dir, "cut.jpg")
	os.WriteFile(truncated, []byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10}, 0o644)
	small := filepath.Join(dir, "small.png")
	writePNG(t, small, 50, 50)
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	badDir := filepath.Join(dir, "bad")
	os.Mkdir(badDir, 0o755)
	os.WriteFile(filepath.Join(badDir, "x.png"), []byte("GIF89a"), 0o644)
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)
	readOnly := filepath.Join(dir, "ro")
	os.Mkdir(readOnly, 0o555)
	out := filepath.Join(dir, "out")

	cases := []clitest.ErrorCase{
		{Args: []string{"-height", "x"}, Want: []string{"-height"}},
		{Args: []string{"-height", "0"}, Want: []string{"-height"}},
		{Args: []string{"-width", "1"}, Want: []string{"-width"}},
		{Args: []string{"-height", "1000", "-width", "1000"}, Want: []string{"more than"}},
		{Args: []string{"-nosuchflag"}, Want: []string{"nosuchflag"}},
		{Args: []string{"china.jpg"}, Want: []string{"unexpected argument"}},
		{Args: []string{"-image", text, "-out", out}, Want: []string{"not a JPEG or PNG"}},
		{Args: []string{"-image", truncated, "-out", out}, Want: []string{"cut.jpg"}},
		{Args: []string{"-image", filepath.Join(dir, "missing.png"), "-out", out}, Want: []string{"missing.png"}},
		{Args: []string{"-image", small, "-out", out}, Want: []string{"only 50x50"}},
		{Args: []string{"-images", filepath.Join(dir, "nothing"), "-out", out}, Want: []string{"-images"}},
		{Args: []string{"-images", empty, "-out", out}, Want: []string{"no .jpg"}},
		{Args: []string{"-images", badDir, "-out", out}, Want: []string{"not a JPEG or PNG"}},
		{Args: []string{"-image", small, "-out", filepath.Join(blocker, "sub")}, Want: []string{"-out"}},
	}
	if os.Getuid() != 0 { // root writes anywhere
		cases = append(cases, clitest.ErrorCase{Args: []string{"-image", small, "-out", readOnly}, Want: []string{"-out"}})
	}
	clitest.OneLineErrors(t, run, cases)
}

// The binary, not just run: exit status 1 and a single line on stderr.
func TestExitStatusAndOneLine(t *testing.T) {
	clitest.ExitStatus(t, "convdemo", "convdemo: ", []string{"-image", filepath.Join(t.TempDir(), "none.jpg")})
}

// TestDisplayName: titles said "embedded:china.jpg" where a reader expects
// the photo's name.
func TestDisplayName(t *testing.T) {
	for in, want := range map[string]string{
		"embedded:china.jpg":  "china.jpg",
		"embedded:flower.jpg": "flower.jpg",
		"/home/me/cat.png":    "cat.png",
	} {
		if got := displayName(in); got != want {
			t.Errorf("displayName(%q) = %q, want %q", in, got, want)
		}
	}
}
