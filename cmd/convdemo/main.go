// Command convdemo runs the convolution and pooling cells of the notebook's
// chapter 2 (sections 2.1 and 2.2) on the two sample photos of
// scikit-learn's load_sample_images, or on photos of your own.
//
//	go run ./cmd/convdemo                              # china.jpg and flower.jpg
//	go run ./cmd/convdemo -image a.jpg,b.png -image c.jpg
//	go run ./cmd/convdemo -images ~/Pictures -height 200 -width 300
//
// It center-crops the photos to 70 x 120 (values in [0, 1]), stacks them
// into one batch and prints the shapes the notebook prints: the batch, the
// feature maps of a Conv2D of 32 random 7x7 filters with "same" padding, its
// kernels and biases, then the same with ReLU. It applies the notebook's two
// hand-made 7x7 filters (a vertical line and a horizontal line of ones) and
// draws their feature maps beside the photos, on the crops, on the whole
// photos and on a synthetic pattern of lines, so that a reader sees which
// lines each filter brings out. It then max-pools, average-pools,
// depth-pools and global-average-pools the same batch, prints the shapes and
// the global averages and draws the pooled maps. Everything goes to -out
// (default out/convdemo), with the shapes in summary.json.
//
// The cells themselves are package zoo/convdemo, for a program to import;
// this command reads the flags and the photos and writes the output.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/internal/atomicfile"
	"github.com/gozoo/gozoo/internal/cli"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/zoo/convdemo"
)

func main() { cli.Main("convdemo", run) }

// options are the command's flags.
type options struct {
	imagesDir     string
	images        []string
	height, width int
	seed          int64
	out           string
	full          bool
}

// fileList is a flag that may be repeated and takes comma-separated lists.
type fileList []string

func (l *fileList) String() string { return strings.Join(*l, ",") }

func (l *fileList) Set(s string) error {
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			*l = append(*l, f)
		}
	}
	return nil
}

// parseFlags reads the command line. The flags are the command's own rather
// than cli.Flags, whose training flags (-epochs, -lr, -batch...) mean nothing
// here; errors are one line, as cli.Flags makes them.
func parseFlags(args []string) (options, error) {
	o := options{}
	fs := flag.NewFlagSet("convdemo", flag.ContinueOnError)
	fs.StringVar(&o.imagesDir, "images", "", "folder whose .jpg, .jpeg and .png files to use (default: china.jpg and flower.jpg from $GOZOO_DATA/images or ../shared/datasets/images)")
	fs.Var((*fileList)(&o.images), "image", "a JPEG or PNG file to use; repeat the flag or give a comma-separated list")
	fs.IntVar(&o.height, "height", convdemo.CropHeight, "center-crop height, as the notebook's CenterCrop")
	fs.IntVar(&o.width, "width", convdemo.CropWidth, "center-crop width")
	fs.Int64Var(&o.seed, "seed", convdemo.Seed, "random seed of the 32 random filters")
	fs.StringVar(&o.out, "out", filepath.Join("out", "convdemo"), "output folder for the PNGs and summary.json")
	fs.BoolVar(&o.full, "full", true, "also draw the hand-made filters' feature maps of each whole photo (reduced to at most 400,000 pixels)")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(os.Stdout)
			fmt.Fprintf(os.Stdout, "Usage of convdemo:\n")
			fs.PrintDefaults()
			return o, err
		}
		return o, fmt.Errorf("%w (run with -h for the flags)", err)
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q (run with -h for the flags; pass images with -image)", fs.Arg(0))
	}
	// The pooling layers' 2x2 windows need at least 2 rows and columns.
	switch {
	case o.height < 2:
		return o, fmt.Errorf("-height %d: must be at least 2", o.height)
	case o.width < 2:
		return o, fmt.Errorf("-width %d: must be at least 2", o.width)
	case o.height*o.width > convdemo.MaxPixels:
		return o, fmt.Errorf("-height %d -width %d: %d pixels, more than the %d this demo allows (the 7x7x3 patches take 147 floats per pixel)",
			o.height, o.width, o.height*o.width, convdemo.MaxPixels)
	case o.out == "":
		return o, errors.New("-out: empty folder name")
	}
	return o, nil
}

// run is the command; cli.Main prints its error in one line and exits 1.
func run(ctx context.Context, args []string) error {
	return demo(ctx, args, os.Stdout)
}

// demo runs the command, printing to w.
func demo(ctx context.Context, args []string, w io.Writer) error {
	start := time.Now()
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	// The folder is checked before the photos are read, so that a bad -out
	// is reported first and costs nothing.
	if err := cli.PrepareOut(o.out); err != nil {
		return err
	}
	photos, paths, err := loadPhotos(o)
	if err != nil {
		return err
	}
	crops := make([]data.Photo, len(photos))
	for i, p := range photos {
		if crops[i], err = p.CenterCrop(o.height, o.width); err != nil {
			return fmt.Errorf("%s: %w (choose a smaller -height and -width)", paths[i], err)
		}
	}
	batch, err := data.PhotoImages(crops)
	if err != nil {
		return err
	}
	images := convdemo.Maps{N: batch.N, Height: batch.Height, Width: batch.Width, Channels: batch.Channels, Values: batch.Pixels}
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = displayName(p)
	}

	fmt.Fprintf(w, "Images: %s\n", strings.Join(paths, ", "))
	fmt.Fprintf(w, "images %s: center crop %dx%d, values scaled to [0, 1]\n", convdemo.PyShape(images.Shape()), o.height, o.width)

	res, err := convdemo.Analyse(ctx, images, o.seed)
	if err != nil {
		return err
	}
	res.Print(w, o.seed)

	files, err := res.Draw(ctx, o.out, names)
	if err != nil {
		return err
	}
	if o.full {
		fmt.Fprintf(w, "\nA %dx%d crop shows little of a photo: the hand-made filters' maps of the whole photos are drawn too (-full=false to skip):\n", o.height, o.width)
		for i, p := range photos {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("%w: %w", nn.ErrInterrupted, err)
			}
			f, note, err := convdemo.DrawFull(o.out, i, names[i], p, res.LineConv)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "  %s: %s\n", names[i], note)
			files = append(files, f)
		}
	}

	sum := summary{
		Images: paths, Crop: [2]int{o.height, o.width}, Seed: o.seed,
		Shapes: map[string][]int{}, GlobalAverage: res.GlobalAverages(),
	}
	for _, s := range res.Shapes() {
		sum.Shapes[s.Key] = s.Shape
	}
	sp := filepath.Join(o.out, "summary.json")
	files = append(files, sp)
	sum.Files = files
	sum.WallSeconds = cli.Since(start)
	b, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return fmt.Errorf("%s: %w", sp, err)
	}
	if err := atomicfile.WriteFile(sp, append(b, '\n')); err != nil {
		return err
	}
	cli.PrintWrote(w, files)
	return nil
}

// summary is what summary.json holds.
type summary struct {
	Images        []string         `json:"images"`
	Crop          [2]int           `json:"crop"` // height, width
	Seed          int64            `json:"seed"`
	Shapes        map[string][]int `json:"shapes"`
	GlobalAverage [][]float32      `json:"global_average_pooling"`
	WallSeconds   float64          `json:"wall_seconds"`
	Files         []string         `json:"files"`
}

// loadPhotos reads the photos the flags name, or the two sample photos.
func loadPhotos(o options) (photos []data.Photo, paths []string, err error) {
	if o.imagesDir == "" && len(o.images) == 0 {
		photos, paths, err := data.SamplePhotos("")
		var nf *data.NotFoundError
		if errors.As(err, &nf) {
			// data's hint speaks of a folder argument: here it is a flag.
			nf.Hint = "pass their folder with -images, photos of your own with -image, or set " + data.EnvData + " to a folder with an images/ folder"
		}
		return photos, paths, err
	}
	if o.imagesDir != "" {
		entries, err := os.ReadDir(o.imagesDir)
		if err != nil {
			return nil, nil, fmt.Errorf("-images: %w", err)
		}
		n := 0
		for _, e := range entries {
			switch strings.ToLower(filepath.Ext(e.Name())) {
			case ".jpg", ".jpeg", ".png":
				if !e.IsDir() {
					paths = append(paths, filepath.Join(o.imagesDir, e.Name()))
					n++
				}
			}
		}
		if n == 0 {
			return nil, nil, fmt.Errorf("-images %s: no .jpg, .jpeg or .png file there", o.imagesDir)
		}
	}
	for _, p := range paths {
		ph, err := data.LoadPhoto(p)
		if err != nil {
			return nil, nil, fmt.Errorf("-images: %w", err)
		}
		photos = append(photos, ph)
	}
	for _, p := range o.images {
		ph, err := data.LoadPhoto(p)
		if err != nil {
			return nil, nil, fmt.Errorf("-image: %w", err)
		}
		photos = append(photos, ph)
		paths = append(paths, p)
	}
	return photos, paths, nil
}

// displayName is how titles name a photo: its file name, without the
// "embedded:" that data.SamplePhotos puts before the built-in photos' names.
func displayName(path string) string {
	return filepath.Base(strings.TrimPrefix(path, "embedded:"))
}
