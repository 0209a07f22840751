package data

import (
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeImage writes a w x h image of the grey level v (or, with rgb, the
// colour (v, 0, 255-v)) as PNG, or JPEG for a .jpg path.
func writeImage(t *testing.T, path string, w, h int, v uint8, rgb bool) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var img image.Image
	if rgb {
		m := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := 0; i < len(m.Pix); i += 4 {
			m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = v, 0, 255-v, 255
		}
		img = m
	} else {
		m := image.NewGray(image.Rect(0, 0, w, h))
		for i := range m.Pix {
			m.Pix[i] = v
		}
		img = m
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if strings.HasSuffix(path, ".jpg") {
		err = jpeg.Encode(f, img, &jpeg.Options{Quality: 100})
	} else {
		err = png.Encode(f, img)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func TestReadImageFolder(t *testing.T) {
	dir := t.TempDir()
	writeImage(t, filepath.Join(dir, "b_dog", "1.png"), 4, 3, 255, false)
	writeImage(t, filepath.Join(dir, "a_cat", "2.png"), 4, 3, 51, false)
	writeImage(t, filepath.Join(dir, "a_cat", "1.png"), 4, 3, 0, false)
	os.WriteFile(filepath.Join(dir, "a_cat", "notes.txt"), []byte("skipped"), 0o644)
	os.WriteFile(filepath.Join(dir, "README"), []byte("skipped"), 0o644)
	im, err := ReadImageFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if im.N != 3 || im.Height != 3 || im.Width != 4 || im.Channels != 1 ||
		strings.Join(im.ClassNames, ",") != "a_cat,b_dog" || im.Labels[0] != 0 || im.Labels[1] != 0 || im.Labels[2] != 1 {
		t.Fatalf("read %d images %dx%dx%d, classes %v, labels %v", im.N, im.Height, im.Width, im.Channels, im.ClassNames, im.Labels)
	}
	if im.Image(0)[0] != 0 || im.Image(1)[5] != float32(51)/255 || im.Image(2)[11] != 1 {
		t.Errorf("pixels %v %v %v, want 0, 51/255, 1", im.Image(0)[0], im.Image(1)[5], im.Image(2)[11])
	}

	// A colour image makes the whole folder RGB, grey images repeated.
	writeImage(t, filepath.Join(dir, "b_dog", "2.png"), 4, 3, 200, true)
	im, err = ReadImageFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if im.Channels != 3 || im.N != 4 {
		t.Fatalf("%d images, %d channels, want 4 and 3", im.N, im.Channels)
	}
	if p := im.Image(1); p[0] != float32(51)/255 || p[1] != p[0] || p[2] != p[0] {
		t.Errorf("grey pixel as RGB %v", p[:3])
	}
	if p := im.Image(3); p[0] != float32(200)/255 || p[1] != 0 || p[2] != float32(55)/255 {
		t.Errorf("RGB pixel %v", p[:3])
	}

	// ReadImageFiles converts to the channels asked for.
	grey, err := ReadImageFiles([]string{filepath.Join(dir, "b_dog", "2.png")}, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := float32(color.Gray16Model.Convert(color.RGBA{200, 0, 55, 255}).(color.Gray16).Y) / 0xffff
	if grey.Channels != 1 || grey.Pixels[0] != want {
		t.Errorf("colour to grey: %v, want %v", grey.Pixels[0], want)
	}
	// JPEG files are read too.
	writeImage(t, filepath.Join(dir, "c.jpg"), 4, 3, 128, false)
	if j, err := ReadImageFiles([]string{filepath.Join(dir, "c.jpg")}, 3); err != nil || j.Channels != 3 || j.Pixels[0] < 0.49 || j.Pixels[0] > 0.51 {
		t.Errorf("JPEG: %v, %v", err, j.Pixels[:1])
	}
}

// TestReadImageFolderErrors: every bad folder gets one line naming the
// file or folder at fault.
func TestReadImageFolderErrors(t *testing.T) {
	mk := func(setup func(dir string)) string {
		dir := t.TempDir()
		setup(dir)
		return dir
	}
	for _, c := range []struct {
		name string
		dir  string
		want string
	}{
		{"missing", filepath.Join(t.TempDir(), "nope"), "no such file or directory"},
		{"one class", mk(func(d string) { writeImage(t, filepath.Join(d, "a", "1.png"), 2, 2, 0, false) }),
			"1 class folder(s), want one sub-folder of images per class and at least two"},
		{"empty class", mk(func(d string) {
			writeImage(t, filepath.Join(d, "a", "1.png"), 2, 2, 0, false)
			os.MkdirAll(filepath.Join(d, "b"), 0o755)
		}), "b: no PNG or JPEG image in the class folder"},
		{"sizes differ", mk(func(d string) {
			writeImage(t, filepath.Join(d, "a", "1.png"), 2, 2, 0, false)
			writeImage(t, filepath.Join(d, "b", "1.png"), 3, 2, 0, false)
		}), "1.png is 3x2, " + "X"},
		{"not an image", mk(func(d string) {
			writeImage(t, filepath.Join(d, "a", "1.png"), 2, 2, 0, false)
			os.MkdirAll(filepath.Join(d, "b"), 0o755)
			os.WriteFile(filepath.Join(d, "b", "x.png"), []byte("hello"), 0o644)
		}), "x.png: not a PNG or JPEG image"},
		{"too large", mk(func(d string) {
			writeImage(t, filepath.Join(d, "a", "1.png"), 2, 2, 0, false)
			writeImage(t, filepath.Join(d, "b", "1.png"), MaxImageSide+1, 1, 0, false)
		}), "4097x1 pixels, want 1 to 4096 a side"},
	} {
		_, err := ReadImageFolder(c.dir)
		want := strings.TrimSuffix(c.want, "X")
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v, want %q", c.name, err, want)
		}
	}
	if _, err := ReadImageFiles(nil, 2); err == nil || err.Error() != "images with 2 channels: want 1 or 3" {
		t.Errorf("2 channels: %v", err)
	}
}

func TestCheckShape(t *testing.T) {
	im := Images{N: 1, Height: 28, Width: 28, Channels: 1}
	if im.CheckShape([]int{28, 28}) != nil || im.CheckShape([]int{28, 28, 1}) != nil {
		t.Error("28x28x1 refused")
	}
	if err := im.CheckShape([]int{32, 32, 3}); err == nil || err.Error() != "the images are 28x28 with 1 channel(s), the model takes input [32 32 3]" {
		t.Errorf("wrong shape: %v", err)
	}
}
