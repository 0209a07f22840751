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
	"github.com/gozoo/gozoo/plotting"
)

func main() { cli.Main("convdemo", run) }

const (
	// kernelSize is the side of every filter of sections 2.1.1 and 2.1.2.
	kernelSize = 7
	// maxPixels bounds the size of one image the convolutions run on: the
	// 7x7x3 patches of one image take 147 float32s per pixel (160 MB for a
	// 427 x 640 photo), so a larger crop is refused and a larger photo is
	// reduced before its full-size feature maps are drawn.
	maxPixels = 400_000
)

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
	fs.IntVar(&o.height, "height", 70, "center-crop height, as the notebook's CenterCrop")
	fs.IntVar(&o.width, "width", 120, "center-crop width")
	fs.Int64Var(&o.seed, "seed", 42, "random seed of the 32 random filters")
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
	case o.height*o.width > maxPixels:
		return o, fmt.Errorf("-height %d -width %d: %d pixels, more than the %d this demo allows (the 7x7x3 patches take 147 floats per pixel)",
			o.height, o.width, o.height*o.width, maxPixels)
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
	images := tensor4{n: batch.N, h: batch.Height, w: batch.Width, c: batch.Channels, x: batch.Pixels}
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = displayName(p)
	}

	fmt.Fprintf(w, "Images: %s\n", strings.Join(paths, ", "))
	fmt.Fprintf(w, "images %s: center crop %dx%d, values scaled to [0, 1]\n", pyShape(images.shape()), o.height, o.width)

	res, err := analyse(ctx, images, o.seed)
	if err != nil {
		return err
	}
	res.print(w, o.seed)

	files, err := res.draw(ctx, o.out, names)
	if err != nil {
		return err
	}
	if o.full {
		fmt.Fprintf(w, "\nA %dx%d crop shows little of a photo: the hand-made filters' maps of the whole photos are drawn too (-full=false to skip):\n", o.height, o.width)
		for i, p := range photos {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("%w: %w", nn.ErrInterrupted, err)
			}
			f, note, err := drawFull(o.out, i, names[i], p, res.lineConv)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "  %s: %s\n", names[i], note)
			files = append(files, f)
		}
	}

	sum := summary{
		Images: paths, Crop: [2]int{o.height, o.width}, Seed: o.seed,
		Shapes: map[string][]int{}, GlobalAverage: res.globalAverages(),
	}
	for _, s := range res.shapes() {
		sum.Shapes[s.key] = s.shape
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

// tensor4 is a batch of n images or feature maps of h x w x c values,
// row-major NHWC, as nn's convolution and pooling layers take them.
type tensor4 struct {
	n, h, w, c int
	x          []float32
}

func (t tensor4) shape() []int { return []int{t.n, t.h, t.w, t.c} }

// image is image i's h x w x c values.
func (t tensor4) image(i int) []float32 {
	s := t.h * t.w * t.c
	return t.x[i*s : (i+1)*s]
}

// channel copies out channel k of image i as an h x w x 1 map.
func (t tensor4) channel(i, k int) []float32 {
	img := t.image(i)
	out := make([]float32, t.h*t.w)
	for p := range out {
		out[p] = img[p*t.c+k]
	}
	return out
}

// grey repeats a one-channel map over three channels, so that it can share
// an RGB figure with the photos.
func grey(m []float32) []float32 {
	out := make([]float32, 3*len(m))
	for i, v := range m {
		out[3*i], out[3*i+1], out[3*i+2] = v, v, v
	}
	return out
}

// shapedLayer is a layer that can say its output shape, as all of nn's
// convolution and pooling layers can.
type shapedLayer interface {
	nn.Applier
	OutputShape(in []int) ([]int, error)
}

// forward runs layers, one after the other, on in in inference mode and
// returns the output values and shape, batch axis first. The layers go into
// an nn.Model without a loss, which can still Predict; a Flatten at the end
// gives Predict the (batch, width) output it wants, and since Flatten keeps
// the row-major order the values are those of the NHWC output.
func forward(name string, in tensor4, layers ...shapedLayer) ([]float32, []int, error) {
	shape := []int{in.h, in.w, in.c}
	apps := make([]nn.Applier, 0, len(layers)+1)
	for _, l := range layers {
		var err error
		if shape, err = l.OutputShape(shape); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		apps = append(apps, l)
	}
	apps = append(apps, nn.NewFlatten("flatten"))
	m := nn.Sequential(name, nn.Input{Name: "images", Shape: []int{in.h, in.w, in.c}}, nil, nil, 0, apps...)
	out, width, err := m.Predict(nn.Data{X: [][]float32{in.x}}, in.n)
	if err != nil {
		return nil, nil, err
	}
	size := 1
	for _, d := range shape {
		size *= d
	}
	if width != size {
		return nil, nil, fmt.Errorf("%s: %d values per image, want %v", name, width, shape)
	}
	return out, append([]int{in.n}, shape...), nil
}

// forward4 is forward for layers whose output is a batch of images.
func forward4(name string, in tensor4, layers ...shapedLayer) (tensor4, error) {
	x, sh, err := forward(name, in, layers...)
	if err != nil {
		return tensor4{}, err
	}
	if len(sh) != 4 {
		return tensor4{}, fmt.Errorf("%s: output shape %v, want (batch, height, width, channels)", name, sh)
	}
	return tensor4{n: sh[0], h: sh[1], w: sh[2], c: sh[3], x: x}, nil
}

// lineFilters is the Conv2D of section 2.1.1, "same" padding and bias 0,
// whose two 7x7 filters are set by hand rather than learnt: filter 0 is zero
// but for its middle column of ones (a vertical line), filter 1 zero but for
// its middle row (a horizontal line), on every input channel. A pixel of
// filter 0's map is the sum of the 7 pixels above and below it in all
// channels: a vertical line adds up to 7 times its brightness there and
// stays sharp, while a horizontal line gives only its own brightness, spread
// over 7 rows.
func lineFilters(inChannels int) (*nn.Conv2D, error) {
	conv, err := nn.NewConv2D(nn.NewRand(0), "line_filters", inChannels, 2, kernelSize, nn.Linear, nn.WithPadding(nn.Same))
	if err != nil {
		return nil, err
	}
	k := conv.Kernel.Data() // (kh, kw, inChannels, filters), row-major
	clear(k)
	mid := kernelSize / 2
	at := func(u, v, c, f int) int { return ((u*kernelSize+v)*inChannels+c)*2 + f }
	for i := range kernelSize {
		for c := range inChannels {
			k[at(i, mid, c, 0)] = 1 // column mid: vertical
			k[at(mid, i, c, 1)] = 1 // row mid: horizontal
		}
	}
	clear(conv.Bias.Data())
	return conv, nil
}

// results holds what each cell of sections 2.1 and 2.2 computes on the
// batch of photos.
type results struct {
	images        tensor4
	conv, relu    *nn.Conv2D
	fmaps         tensor4    // 32 random filters, linear
	reluMaps      tensor4    // 32 other random filters, ReLU
	lineConv      *nn.Conv2D // the hand-made filters
	lines         tensor4    // and their feature maps
	maxPool       tensor4
	avgPool       tensor4
	depthRGB      tensor4 // max over each pixel's R, G, B
	depthMaps     tensor4 // max over pairs of the ReLU maps
	globalAverage []float32
	gapShape      []int
}

// analyse applies the notebook's layers to images, a batch of RGB photos,
// with random filters drawn from seed.
func analyse(ctx context.Context, images tensor4, seed int64) (*results, error) {
	r := &results{images: images}
	rng := nn.NewRand(seed)
	var err error
	// Cells [36] and [39] build two layers, so the ReLU one has other
	// random filters: drawn here from the same stream, after the first.
	if r.conv, err = nn.NewConv2D(rng, "conv2d", images.c, 32, kernelSize, nn.Linear, nn.WithPadding(nn.Same)); err != nil {
		return nil, err
	}
	if r.relu, err = nn.NewConv2D(rng, "conv2d_1", images.c, 32, kernelSize, nn.ReLU, nn.WithPadding(nn.Same)); err != nil {
		return nil, err
	}
	if r.lineConv, err = lineFilters(images.c); err != nil {
		return nil, err
	}
	steps := []struct {
		into   *tensor4
		in     *tensor4
		layers []shapedLayer
	}{
		{&r.fmaps, &r.images, []shapedLayer{r.conv}},
		{&r.reluMaps, &r.images, []shapedLayer{r.relu}},
		{&r.lines, &r.images, []shapedLayer{r.lineConv}},
		{&r.maxPool, &r.images, []shapedLayer{nn.NewMaxPool2D("max_pooling2d", 2)}},
		{&r.avgPool, &r.images, []shapedLayer{nn.NewAvgPool2D("average_pooling2d", 2)}},
		{&r.depthRGB, &r.images, []shapedLayer{nn.NewDepthMaxPool("depth_pool", images.c)}},
		// After the ReLU step above has filled r.reluMaps.
		{&r.depthMaps, &r.reluMaps, []shapedLayer{nn.NewDepthMaxPool("depth_pool_1", 2)}},
	}
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%w: %w", nn.ErrInterrupted, err)
		}
		if *s.into, err = forward4(s.layers[0].Name(), *s.in, s.layers...); err != nil {
			return nil, err
		}
	}
	gap := nn.NewGlobalAveragePooling2D("global_average_pooling2d")
	if r.globalAverage, r.gapShape, err = forward(gap.Name(), images, gap); err != nil {
		return nil, err
	}
	return r, nil
}

// namedShape is one printed shape and its key in summary.json.
type namedShape struct {
	key, label string
	shape      []int
}

func (r *results) shapes() []namedShape {
	return []namedShape{
		{"images", "images", r.images.shape()},
		{"fmaps", "fmaps", r.fmaps.shape()},
		{"kernels", "kernels", r.conv.Kernel.Shape()},
		{"biases", "biases", r.conv.Bias.Shape()},
		{"relu_fmaps", "fmaps", r.reluMaps.shape()},
		{"relu_kernels", "kernels", r.relu.Kernel.Shape()},
		{"line_fmaps", "fmaps", r.lines.shape()},
		{"max_pool", "max pool, 2x2", r.maxPool.shape()},
		{"average_pool", "average pool, 2x2", r.avgPool.shape()},
		{"depth_pool_rgb", "depth pool, 3 (R, G, B)", r.depthRGB.shape()},
		{"depth_pool_fmaps", "depth pool, 2 (32 ReLU maps)", r.depthMaps.shape()},
		{"global_average_pooling", "global average pooling", r.gapShape},
	}
}

// globalAverages is the global average pooling's output, one row per image.
func (r *results) globalAverages() [][]float32 {
	c := r.gapShape[1]
	rows := make([][]float32, r.gapShape[0])
	for i := range rows {
		rows[i] = r.globalAverage[i*c : (i+1)*c]
	}
	return rows
}

// print writes the shapes in the notebook's order, cell by cell.
func (r *results) print(w io.Writer, seed int64) {
	sh := map[string]namedShape{}
	for _, s := range r.shapes() {
		sh[s.key] = s
	}
	line := func(key string) { fmt.Fprintf(w, "%-30s %s\n", sh[key].label, pyShape(sh[key].shape)) }

	fmt.Fprintf(w, "\nConv2D, 32 filters 7x7, \"same\" padding, Glorot-uniform kernels (seed %d), cells [36]-[38]:\n", seed)
	line("fmaps")
	line("kernels")
	line("biases")
	zero := 0
	for _, v := range r.reluMaps.x {
		if v == 0 {
			zero++
		}
	}
	fmt.Fprintf(w, "\nThe same with activation=\"relu\" (other random filters), cells [39]-[40]:\n")
	line("relu_fmaps")
	line("relu_kernels")
	fmt.Fprintf(w, "%-30s %.0f%% of the values\n", "zeroed by the ReLU", 100*float64(zero)/float64(len(r.reluMaps.x)))

	fmt.Fprintf(w, "\nHand-made 7x7x3 filters of section 2.1.1, bias 0, \"same\" padding:\n")
	fmt.Fprintf(w, "  filter 0: vertical line (column %d of ones), filter 1: horizontal line (row %d of ones)\n", kernelSize/2, kernelSize/2)
	line("line_fmaps")

	fmt.Fprintf(w, "\nPooling, section 2.2 (cells [41]-[43]):\n")
	for _, k := range []string{"max_pool", "average_pool", "depth_pool_rgb", "depth_pool_fmaps", "global_average_pooling"} {
		line(k)
	}
	fmt.Fprint(w, pyMatrix(r.globalAverages()))
}

// displayName is how titles name a photo: its file name, without the
// "embedded:" that data.SamplePhotos puts before the built-in photos' names.
func displayName(path string) string {
	return filepath.Base(strings.TrimPrefix(path, "embedded:"))
}

// draw writes the figures of the crops to dir and returns their paths.
func (r *results) draw(ctx context.Context, dir string, names []string) ([]string, error) {
	var files []string
	add := func(name, title string, images [][]float32, t tensor4, channels int, titles []string, cols int) error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%w: %w", nn.ErrInterrupted, err)
		}
		p := filepath.Join(dir, name)
		if err := plotting.ImageGrid(p, title, images, t.h, t.w, channels, titles, cols); err != nil {
			return err
		}
		files = append(files, p)
		return nil
	}
	n := r.images.n
	each := func(t tensor4) [][]float32 {
		out := make([][]float32, t.n)
		for i := range out {
			out[i] = t.image(i)
		}
		return out
	}
	crop := fmt.Sprintf("%dx%d", r.images.h, r.images.w)

	if err := add("images.png", "The input images, center crop "+crop, each(r.images), r.images, 3, names, 0); err != nil {
		return nil, err
	}
	// The filters themselves, as 7x7 pictures (channel 0; the other two
	// channels are the same).
	lines, err := lineFilters(1)
	if err != nil {
		return nil, err
	}
	kern := tensor4{n: 1, h: kernelSize, w: kernelSize, c: 2, x: lines.Kernel.Data()}
	if err := add("line_filters.png", "Hand-made 7x7 filters (white = 1, black = 0)",
		[][]float32{kern.channel(0, 0), kern.channel(0, 1)}, kern, 1,
		[]string{"vertical line", "horizontal line"}, 2); err != nil {
		return nil, err
	}
	// One row per photo: the photo, then its two feature maps.
	var cells [][]float32
	var titles []string
	for i := range n {
		cells = append(cells, r.images.image(i), grey(r.lines.channel(i, 0)), grey(r.lines.channel(i, 1)))
		titles = append(titles, names[i], "vertical-line filter", "horizontal-line filter")
	}
	if err := add("line_fmaps.png", "Feature maps of the hand-made filters, "+crop, cells, r.lines, 3, titles, 3); err != nil {
		return nil, err
	}
	// A synthetic pattern, where the effect cannot be missed.
	pat := linePattern(r.images.h, r.images.w)
	pm, err := forward4("line_filters", pat, r.lineConv)
	if err != nil {
		return nil, err
	}
	if err := add("line_fmaps_pattern.png", "The hand-made filters on lines drawn in each direction",
		[][]float32{pat.x, grey(pm.channel(0, 0)), grey(pm.channel(0, 1))}, pat, 3,
		[]string{"pattern", "vertical-line filter", "horizontal-line filter"}, 3); err != nil {
		return nil, err
	}

	// The first photo's 32 ReLU maps of random filters, then their depth
	// pool: the maximum of each pair.
	maps := func(t tensor4) [][]float32 {
		out := make([][]float32, t.c)
		for k := range out {
			out[k] = t.channel(0, k)
		}
		return out
	}
	numbered := func(prefix string, k int) []string {
		out := make([]string, k)
		for i := range out {
			out[i] = fmt.Sprintf("%s %d", prefix, i)
		}
		return out
	}
	if err := add("relu_fmaps.png", names[0]+": 32 random 7x7 filters with ReLU", maps(r.reluMaps), r.reluMaps, 1,
		numbered("filter", r.reluMaps.c), 8); err != nil {
		return nil, err
	}
	if err := add("depth_pool_fmaps.png", names[0]+": depth pool 2 of the 32 ReLU maps (max of maps 2k, 2k+1)",
		maps(r.depthMaps), r.depthMaps, 1, numbered("map", r.depthMaps.c), 4); err != nil {
		return nil, err
	}
	pooled := fmt.Sprintf("%dx%d", r.maxPool.h, r.maxPool.w)
	if err := add("max_pool.png", "Max pooling 2x2: "+crop+" -> "+pooled, each(r.maxPool), r.maxPool, 3, names, 0); err != nil {
		return nil, err
	}
	if err := add("average_pool.png", "Average pooling 2x2: "+crop+" -> "+pooled, each(r.avgPool), r.avgPool, 3, names, 0); err != nil {
		return nil, err
	}
	if err := add("depth_pool_rgb.png", "Depth pooling 3: the max of R, G and B at each pixel", each(r.depthRGB), r.depthRGB, 1, names, 0); err != nil {
		return nil, err
	}
	return files, nil
}

// linePattern is a black h x w RGB image with white lines one pixel wide:
// two vertical, two horizontal and a diagonal, for the filters' figure.
func linePattern(h, w int) tensor4 {
	t := tensor4{n: 1, h: h, w: w, c: 3, x: make([]float32, h*w*3)}
	set := func(y, x int) {
		if y >= 0 && y < h && x >= 0 && x < w {
			i := (y*w + x) * 3
			t.x[i], t.x[i+1], t.x[i+2] = 1, 1, 1
		}
	}
	for y := h / 8; y < h-h/8; y++ {
		set(y, w/6)
		set(y, w/3)
	}
	for x := w / 2; x < w-w/12; x++ {
		set(h/4, x)
		set(3*h/4, x)
	}
	for d := 0; d < min(h, w)/2; d++ {
		set(h/4+d, w/2+d)
	}
	return t
}

// drawFull draws photo i whole, reduced to at most maxPixels, beside the
// feature maps of the hand-made filters, and returns the file and a note
// on its size.
func drawFull(dir string, i int, name string, p data.Photo, lines *nn.Conv2D) (string, string, error) {
	k := 1
	for (p.Height/k)*(p.Width/k) > maxPixels {
		k++
	}
	note := fmt.Sprintf("%dx%d", p.Height, p.Width)
	if k > 1 {
		p = reduce(p, k)
		note += fmt.Sprintf(", reduced %dx to %dx%d", k, p.Height, p.Width)
	}
	t := tensor4{n: 1, h: p.Height, w: p.Width, c: 3, x: p.Pixels}
	m, err := forward4("line_filters", t, lines)
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", name, err)
	}
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	out := filepath.Join(dir, fmt.Sprintf("line_fmaps_full_%d_%s.png", i+1, stem))
	title := fmt.Sprintf("%s, %dx%d: the hand-made filters' feature maps", name, p.Height, p.Width)
	if err := plotting.ImageGrid(out, title, [][]float32{t.x, grey(m.channel(0, 0)), grey(m.channel(0, 1))},
		t.h, t.w, 3, []string{name, "vertical-line filter", "horizontal-line filter"}, 1); err != nil {
		return "", "", err
	}
	return out, note, nil
}

// reduce shrinks p k times by averaging k x k blocks (the last rows and
// columns that do not fill a block are dropped).
func reduce(p data.Photo, k int) data.Photo {
	out := data.Photo{Height: p.Height / k, Width: p.Width / k}
	out.Pixels = make([]float32, out.Height*out.Width*3)
	inv := 1 / float32(k*k)
	for y := range out.Height {
		for x := range out.Width {
			var s [3]float32
			for dy := range k {
				row := ((y*k+dy)*p.Width + x*k) * 3
				for j := range 3 * k {
					s[j%3] += p.Pixels[row+j]
				}
			}
			o := (y*out.Width + x) * 3
			for c := range 3 {
				out.Pixels[o+c] = s[c] * inv
			}
		}
	}
	return out
}

// pyShape formats a shape as a Python tuple: (2, 70, 120, 3), (32,).
func pyShape(s []int) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	if len(s) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// pyMatrix formats rows as NumPy prints a small matrix.
func pyMatrix(rows [][]float32) string {
	var b strings.Builder
	for i, r := range rows {
		if i == 0 {
			b.WriteString("[[")
		} else {
			b.WriteString(" [")
		}
		vals := make([]string, len(r))
		for j, v := range r {
			vals[j] = fmt.Sprintf("%.4f", v)
		}
		b.WriteString(strings.Join(vals, " "))
		if i == len(rows)-1 {
			b.WriteString("]]\n")
		} else {
			b.WriteString("]\n")
		}
	}
	return b.String()
}
