package data

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // JPEG files in image folders
	_ "image/png"  // PNG files in image folders
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Limits on a user's images, checked from the files' headers
// (image.DecodeConfig) before any pixel is decoded.
const (
	// MaxImageSide is the largest width or height of one image.
	MaxImageSide = 4096
	// MaxImageValues is the most pixel values (images x height x width x
	// channels) an image folder may hold: 64 M float32, 256 MB.
	MaxImageValues = 1 << 26
	// MaxImageFiles is the most image files a folder may hold.
	MaxImageFiles = 1 << 20
)

// imageExts are the file extensions ReadImageFolder reads; other files are
// skipped, as Keras's image_dataset_from_directory skips them.
var imageExts = []string{".png", ".jpg", ".jpeg"}

// imageHead is what a file's header says of its image.
type imageHead struct {
	path          string
	width, height int
	grey          bool
}

// readImageHead reads the header of an image file and checks its size
// against MaxImageSide.
func readImageHead(path string) (imageHead, error) {
	f, err := os.Open(path)
	if err != nil {
		return imageHead{}, err
	}
	defer f.Close()
	cfg, format, err := image.DecodeConfig(f)
	if err != nil {
		if errors.Is(err, image.ErrFormat) {
			return imageHead{}, fmt.Errorf("%s: not a PNG or JPEG image", path)
		}
		return imageHead{}, fmt.Errorf("%s: corrupt %s image: %w", path, format, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide {
		return imageHead{}, fmt.Errorf("%s: %dx%d pixels, want 1 to %d a side", path, cfg.Width, cfg.Height, MaxImageSide)
	}
	grey := cfg.ColorModel == color.GrayModel || cfg.ColorModel == color.Gray16Model
	return imageHead{path: path, width: cfg.Width, height: cfg.Height, grey: grey}, nil
}

// ReadImageFolder reads a folder of labelled images laid out as Keras's
// image_dataset_from_directory wants them: one sub-folder per class, named
// after it, holding PNG or JPEG files (other files are skipped). Classes are
// numbered in the sorted order of the folder names, and files in sorted
// order within each class.
//
// Every image must have the same width and height: the images are not
// resized, and a file of another size is an error naming it and the
// expected size. The images have one channel when every file is grey,
// three (RGB) otherwise, grey images then repeating their value. Pixel
// values are scaled to [0, 1]. Sizes are checked against MaxImageSide and
// MaxImageValues from the files' headers before any pixel is decoded.
func ReadImageFolder(dir string) (Images, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return Images{}, err
	}
	var classes []string
	var heads []imageHead
	var labels []int
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		sub := filepath.Join(dir, e.Name())
		files, err := os.ReadDir(sub)
		if err != nil {
			return Images{}, err
		}
		n := len(heads)
		for _, f := range files {
			if f.IsDir() || !slices.Contains(imageExts, strings.ToLower(filepath.Ext(f.Name()))) {
				continue
			}
			if len(heads) == MaxImageFiles {
				return Images{}, fmt.Errorf("%s: more than %d images", dir, MaxImageFiles)
			}
			h, err := readImageHead(filepath.Join(sub, f.Name()))
			if err != nil {
				return Images{}, err
			}
			heads = append(heads, h)
			labels = append(labels, len(classes))
		}
		if len(heads) == n {
			return Images{}, fmt.Errorf("%s: no PNG or JPEG image in the class folder", sub)
		}
		classes = append(classes, e.Name())
	}
	if len(classes) < 2 {
		return Images{}, fmt.Errorf("%s: %d class folder(s), want one sub-folder of images per class and at least two", dir, len(classes))
	}
	im, err := decodeImages(heads, 0)
	if err != nil {
		return Images{}, err
	}
	im.Labels, im.ClassNames = labels, classes
	return im, nil
}

// ReadImageFiles reads PNG or JPEG files of one size, unlabelled, with the
// given number of channels (1 or 3): colour images are made grey by their
// luminance for one channel, grey ones repeated for three. Sizes are checked
// as in ReadImageFolder.
func ReadImageFiles(paths []string, channels int) (Images, error) {
	if channels != 1 && channels != 3 {
		return Images{}, fmt.Errorf("images with %d channels: want 1 or 3", channels)
	}
	if len(paths) > MaxImageFiles {
		return Images{}, fmt.Errorf("%d images, more than the %d gozoo reads at once", len(paths), MaxImageFiles)
	}
	heads := make([]imageHead, len(paths))
	for i, p := range paths {
		var err error
		if heads[i], err = readImageHead(p); err != nil {
			return Images{}, err
		}
	}
	return decodeImages(heads, channels)
}

// decodeImages decodes the images of heads, which must all have the first
// one's size, with channels channels (0: 1 if all are grey, else 3).
func decodeImages(heads []imageHead, channels int) (Images, error) {
	if len(heads) == 0 {
		return Images{}, errors.New("no images")
	}
	first := heads[0]
	if channels == 0 {
		channels = 1
		for _, h := range heads {
			if !h.grey {
				channels = 3
				break
			}
		}
	}
	for _, h := range heads[1:] {
		if h.width != first.width || h.height != first.height {
			return Images{}, fmt.Errorf("%s is %dx%d, %s %dx%d: every image must have the same size (gozoo does not resize them)",
				h.path, h.width, h.height, first.path, first.width, first.height)
		}
	}
	size := first.width * first.height * channels
	if len(heads) > MaxImageValues/size {
		return Images{}, fmt.Errorf("%d images of %dx%dx%d values are more than the %d values gozoo holds in memory",
			len(heads), first.height, first.width, channels, MaxImageValues)
	}
	im := Images{N: len(heads), Height: first.height, Width: first.width, Channels: channels, Pixels: make([]float32, len(heads)*size)}
	for i, h := range heads {
		if err := decodeInto(h, im.Image(i), channels); err != nil {
			return Images{}, err
		}
	}
	return im, nil
}

// decodeInto decodes the image of h into dst, height x width x channels.
func decodeInto(h imageHead, dst []float32, channels int) error {
	f, err := os.Open(h.path)
	if err != nil {
		return err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: corrupt image: %w", h.path, err)
	}
	b := img.Bounds()
	if b.Dx() != h.width || b.Dy() != h.height {
		return fmt.Errorf("%s: the header says %dx%d, the pixels are %dx%d", h.path, h.width, h.height, b.Dx(), b.Dy())
	}
	k := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.At(x, y)
			if channels == 1 {
				dst[k] = float32(color.Gray16Model.Convert(c).(color.Gray16).Y) / 0xffff
				k++
				continue
			}
			r, g, bl, _ := c.RGBA()
			dst[k], dst[k+1], dst[k+2] = float32(r)/0xffff, float32(g)/0xffff, float32(bl)/0xffff
			k += 3
		}
	}
	return nil
}
