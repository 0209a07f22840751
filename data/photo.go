package data

import (
	"bufio"
	"bytes"
	"embed"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Photo is a colour image, pixel values in [0,1], stored row-major
// Height x Width x 3 (RGB).
type Photo struct {
	Height, Width int
	Pixels        []float32
}

// The two photos of scikit-learn's load_sample_images, which the notebook's
// CNN chapter runs its first convolutions on.
var samplePhotoNames = []string{"china.jpg", "flower.jpg"}

// LoadPhoto decodes a JPEG or PNG file into RGB values in [0,1]. Grey and
// paletted images become three equal channels; transparency is dropped.
// Go's JPEG decoder rounds slightly differently from libjpeg (which PIL and
// so Keras use), so values may differ from Python's by a level or two.
func LoadPhoto(path string) (Photo, error) {
	f, err := os.Open(path)
	if err != nil {
		return Photo{}, err
	}
	defer f.Close()
	return decodePhoto(f, path)
}

// samplePhotoFS holds copies of the two sample photos (CC BY 2.0; authors in
// embed/images/SOURCES.md), so the convolution demos work from any clone.
//
//go:embed embed/images/china.jpg embed/images/flower.jpg
var samplePhotoFS embed.FS

// MaxPhotoPixels is the most pixels LoadPhoto decodes (32 Mi, about
// 7000 x 4700): the size in a JPEG or PNG header is checked against it
// before the image is decoded, as a small PNG of zeros can claim 15000 x
// 15000 pixels (5.7 GB decoded).
const MaxPhotoPixels = 1 << 25

func decodePhoto(r io.Reader, path string) (Photo, error) {
	br := bufio.NewReader(r)
	// The format is chosen from the file's first bytes rather than with
	// image.Decode, which would also accept any format some other package
	// of the program happens to register.
	head, _ := br.Peek(8)
	var decode func(io.Reader) (image.Image, error)
	var config func(io.Reader) (image.Config, error)
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xd8, 0xff}):
		decode, config = jpeg.Decode, jpeg.DecodeConfig
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		decode, config = png.Decode, png.DecodeConfig
	default:
		return Photo{}, fmt.Errorf("%s: not a JPEG or PNG image", path)
	}
	// The header is read through a copy, which the decoder then reads
	// again before the rest of the file.
	var seen bytes.Buffer
	cfg, err := config(io.TeeReader(br, &seen))
	if err != nil {
		return Photo{}, fmt.Errorf("decode %s: %w", path, err)
	}
	if w, h := int64(cfg.Width), int64(cfg.Height); w*h > MaxPhotoPixels {
		return Photo{}, fmt.Errorf("%s: %d x %d pixels, more than %d", path, w, h, MaxPhotoPixels)
	}
	img, err := decode(io.MultiReader(&seen, br))
	if err != nil {
		return Photo{}, fmt.Errorf("decode %s: %w", path, err)
	}
	return photoFromImage(img), nil
}

func photoFromImage(img image.Image) Photo {
	r := img.Bounds()
	p := Photo{Height: r.Dy(), Width: r.Dx()}
	p.Pixels = make([]float32, p.Height*p.Width*3)
	k := 0
	put := func(r, g, b uint8) {
		p.Pixels[k], p.Pixels[k+1], p.Pixels[k+2] = idxScale[r], idxScale[g], idxScale[b]
		k += 3
	}
	// A JPEG photo decodes to YCbCr; converting it directly avoids an
	// interface call and an allocation per pixel.
	if yc, ok := img.(*image.YCbCr); ok {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				yi, ci := yc.YOffset(x, y), yc.COffset(x, y)
				put(color.YCbCrToRGB(yc.Y[yi], yc.Cb[ci], yc.Cr[ci]))
			}
		}
		return p
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			put(c.R, c.G, c.B)
		}
	}
	return p
}

// CenterCrop cuts the middle h x w out of p, as Keras's CenterCrop layer does
// for an image at least that large: the top-left corner is at
// ((Height-h)/2, (Width-w)/2), rounded down. The result is a copy. Unlike
// Keras, which would resize a smaller image, it refuses to crop to a size
// larger than the photo.
func (p Photo) CenterCrop(h, w int) (Photo, error) {
	if h <= 0 || w <= 0 {
		return Photo{}, fmt.Errorf("center crop to %dx%d: sizes must be positive", h, w)
	}
	if h > p.Height || w > p.Width {
		return Photo{}, fmt.Errorf("center crop to %dx%d: the photo is only %dx%d", h, w, p.Height, p.Width)
	}
	top, left := (p.Height-h)/2, (p.Width-w)/2
	out := Photo{Height: h, Width: w, Pixels: make([]float32, h*w*3)}
	for y := range h {
		from := ((top+y)*p.Width + left) * 3
		copy(out.Pixels[y*w*3:(y+1)*w*3], p.Pixels[from:from+w*3])
	}
	return out, nil
}

// PhotoImages stacks photos of one size into an unlabelled Images batch of
// N x Height x Width x 3, the layout a CNN takes.
func PhotoImages(photos []Photo) (Images, error) {
	if len(photos) == 0 {
		return Images{}, errors.New("no photos to stack")
	}
	h, w := photos[0].Height, photos[0].Width
	im := Images{N: len(photos), Height: h, Width: w, Channels: 3}
	im.Pixels = make([]float32, 0, len(photos)*h*w*3)
	for i, p := range photos {
		if p.Height != h || p.Width != w {
			return Images{}, fmt.Errorf("photo %d is %dx%d, photo 0 is %dx%d: crop them to one size first", i, p.Height, p.Width, h, w)
		}
		im.Pixels = append(im.Pixels, p.Pixels...)
	}
	return im, nil
}

// SamplePhotos loads china.jpg and flower.jpg, the photos of scikit-learn's
// load_sample_images, and returns them with their paths. If dir is "", it
// looks in $GOZOO_DATA/images and then in ../shared/datasets/images relative
// to the working folder and to each of its three nearest parents, so that
// the photos are found from the module root, a package folder or a cmd
// folder. When no folder has them it uses the copies embedded in the
// binary, named "embedded:china.jpg" and "embedded:flower.jpg". Given a dir
// that lacks them, the error is a *NotFoundError.
func SamplePhotos(dir string) ([]Photo, []string, error) {
	dirs := []string{dir}
	if dir == "" {
		dirs = SamplePhotosSearchPath()
	}
	for _, d := range dirs {
		var paths, missing []string
		for _, name := range samplePhotoNames {
			p := filepath.Join(d, name)
			if _, err := os.Stat(p); err == nil {
				paths = append(paths, p)
			} else {
				missing = append(missing, name)
			}
		}
		switch {
		case len(paths) == 0:
			continue
		case len(missing) > 0:
			return nil, nil, fmt.Errorf("sample photos: %s has %s but not %s", d, filepath.Base(paths[0]), strings.Join(missing, ", "))
		}
		photos := make([]Photo, len(paths))
		for i, p := range paths {
			ph, err := LoadPhoto(p)
			if err != nil {
				return nil, nil, fmt.Errorf("sample photos: %w", err)
			}
			photos[i] = ph
		}
		return photos, paths, nil
	}
	if dir == "" {
		return embeddedSamplePhotos()
	}
	return nil, nil, &NotFoundError{
		Dataset:  "sample photos (china.jpg, flower.jpg)",
		Searched: dirs,
		Hint:     "pass their folder or set " + EnvData + " to a folder with an images/ folder",
	}
}

// SamplePhotosSearchPath lists the folders SamplePhotos("") looks in, in
// order.
func SamplePhotosSearchPath() []string {
	var dirs []string
	if d := os.Getenv(EnvData); d != "" {
		dirs = append(dirs, filepath.Join(d, "images"))
	}
	if wd, err := os.Getwd(); err == nil {
		for range 4 {
			dirs = append(dirs, filepath.Join(wd, "..", "shared", "datasets", "images"))
			wd = filepath.Dir(wd)
		}
	}
	return idxUniqueDirs(dirs)
}

func embeddedSamplePhotos() ([]Photo, []string, error) {
	var photos []Photo
	var names []string
	for _, name := range samplePhotoNames {
		f, err := samplePhotoFS.Open("embed/images/" + name)
		if err != nil {
			return nil, nil, fmt.Errorf("sample photos: %w", err)
		}
		ph, err := decodePhoto(f, "embedded:"+name)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("sample photos: %w", err)
		}
		photos = append(photos, ph)
		names = append(names, "embedded:"+name)
	}
	return photos, names, nil
}
