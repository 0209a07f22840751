// Package convdemo is the notebook's sections 2.1 and 2.2 as a library:
// the convolution and pooling cells that run Keras's layers on two photos
// and show what they do, before section 2.3 trains a CNN (zoo/cnn).
//
// Analyse runs the cells on a batch of images: a Conv2D of 32 random 7x7
// filters with "same" padding (cells [36]-[38]), the same with ReLU (cells
// [39]-[40]), the two hand-made filters of section 2.1.1 (LineFilters: a
// vertical and a horizontal line of ones), and max, average, depth-wise and
// global average pooling (section 2.2, cells [41]-[43]). Results.Print
// writes the shapes as the notebook prints them, Results.Draw the feature
// maps and pooled images as PNG files. cmd/convdemo is the command that
// runs it on scikit-learn's sample photos or on one's own.
package convdemo

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/plotting"
)

// The notebook's settings of the cells: the center crop of the two
// photos (CenterCrop(height=70, width=120)) and the seed of the random
// filters.
const (
	CropHeight = 70
	CropWidth  = 120
	Seed       = 42
)

const (
	// KernelSize is the side of every filter of sections 2.1.1 and 2.1.2.
	KernelSize = 7
	// MaxPixels bounds the size of one image the convolutions run on: the
	// 7x7x3 patches of one image take 147 float32s per pixel (160 MB for a
	// 427 x 640 photo), so a larger crop should be refused, and DrawFull
	// reduces a larger photo before it draws its full-size feature maps.
	MaxPixels = 400_000
)

// Maps is a batch of N images or feature maps of Height x Width x
// Channels values, row-major NHWC, as nn's convolution and pooling layers
// take them.
type Maps struct {
	N, Height, Width, Channels int
	Values                     []float32
}

// Shape is the batch's shape, (N, Height, Width, Channels).
func (t Maps) Shape() []int { return []int{t.N, t.Height, t.Width, t.Channels} }

// Image is image i's Height x Width x Channels values, shared with t.
func (t Maps) Image(i int) []float32 {
	s := t.Height * t.Width * t.Channels
	return t.Values[i*s : (i+1)*s]
}

// Channel copies out channel k of image i as a Height x Width x 1 map.
func (t Maps) Channel(i, k int) []float32 {
	img := t.Image(i)
	out := make([]float32, t.Height*t.Width)
	for p := range out {
		out[p] = img[p*t.Channels+k]
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

// Layer is a layer of one input that can say its output shape, as all of
// nn's layers can: what Apply runs.
type Layer interface {
	nn.Applier
	nn.Shaper
}

// forward runs layers, one after the other, on in in inference mode and
// returns the output values and shape, batch axis first. The layers go into
// an nn.Model without a loss, which can still Predict; a Flatten at the end
// gives Predict the (batch, width) output it wants, and since Flatten keeps
// the row-major order the values are those of the NHWC output.
func forward(name string, in Maps, layers ...Layer) ([]float32, []int, error) {
	shape := []int{in.Height, in.Width, in.Channels}
	apps := make([]nn.Applier, 0, len(layers)+1)
	for _, l := range layers {
		var err error
		if shape, err = l.OutputShape(shape); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		apps = append(apps, l)
	}
	apps = append(apps, nn.NewFlatten("flatten"))
	m := nn.Sequential(nn.Input{Name: "images", Shape: []int{in.Height, in.Width, in.Channels}}, apps, nn.WithName(name))
	out, width, err := m.Predict(nn.Data{X: [][]float32{in.Values}}, in.N)
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
	return out, append([]int{in.N}, shape...), nil
}

// Apply runs layers, one after the other, on the batch in, in inference
// mode, and returns their output, a batch of images or feature maps; name
// names the model they run in, for errors.
func Apply(name string, in Maps, layers ...Layer) (Maps, error) {
	x, sh, err := forward(name, in, layers...)
	if err != nil {
		return Maps{}, err
	}
	if len(sh) != 4 {
		return Maps{}, fmt.Errorf("%s: output shape %v, want (batch, height, width, channels)", name, sh)
	}
	return Maps{N: sh[0], Height: sh[1], Width: sh[2], Channels: sh[3], Values: x}, nil
}

// LineFilters is the Conv2D of section 2.1.1, "same" padding and bias 0,
// whose two 7x7 filters are set by hand rather than learnt: filter 0 is zero
// but for its middle column of ones (a vertical line), filter 1 zero but for
// its middle row (a horizontal line), on every input channel. A pixel of
// filter 0's map is the sum of the 7 pixels above and below it in all
// channels: a vertical line adds up to 7 times its brightness there and
// stays sharp, while a horizontal line gives only its own brightness, spread
// over 7 rows.
func LineFilters(inChannels int) (*nn.Conv2D, error) {
	conv, err := nn.NewConv2D(nn.NewRand(0), "line_filters", inChannels, 2, KernelSize, nn.Linear, nn.WithPadding(nn.Same))
	if err != nil {
		return nil, err
	}
	k := conv.Kernel.Data() // (kh, kw, inChannels, filters), row-major
	clear(k)
	mid := KernelSize / 2
	at := func(u, v, c, f int) int { return ((u*KernelSize+v)*inChannels+c)*2 + f }
	for i := range KernelSize {
		for c := range inChannels {
			k[at(i, mid, c, 0)] = 1 // column mid: vertical
			k[at(mid, i, c, 1)] = 1 // row mid: horizontal
		}
	}
	clear(conv.Bias.Data())
	return conv, nil
}

// Results holds what each cell of sections 2.1 and 2.2 computes on a
// batch of photos.
type Results struct {
	// Images is the batch the layers ran on.
	Images Maps
	// Conv and ReLU are the two Conv2D layers of 32 random 7x7 filters,
	// "same" padding, of cells [36] and [39]; FeatureMaps and ReLUMaps
	// their outputs.
	Conv, ReLU            *nn.Conv2D
	FeatureMaps, ReLUMaps Maps
	// LineConv holds the hand-made filters of section 2.1.1 (LineFilters),
	// Lines their feature maps.
	LineConv *nn.Conv2D
	Lines    Maps
	// MaxPool and AvgPool are the images pooled 2x2.
	MaxPool, AvgPool Maps
	// DepthRGB is the maximum over each pixel's R, G and B; DepthMaps the
	// maximum over pairs of the ReLU maps.
	DepthRGB, DepthMaps Maps

	globalAverage []float32
	gapShape      []int
}

// Analyse applies the notebook's layers to images, a batch of RGB photos,
// with random filters drawn from seed.
func Analyse(ctx context.Context, images Maps, seed int64) (*Results, error) {
	r := &Results{Images: images}
	rng := nn.NewRand(seed)
	var err error
	// Cells [36] and [39] build two layers, so the ReLU one has other
	// random filters: drawn here from the same stream, after the first.
	if r.Conv, err = nn.NewConv2D(rng, "conv2d", images.Channels, 32, KernelSize, nn.Linear, nn.WithPadding(nn.Same)); err != nil {
		return nil, err
	}
	if r.ReLU, err = nn.NewConv2D(rng, "conv2d_1", images.Channels, 32, KernelSize, nn.ReLU, nn.WithPadding(nn.Same)); err != nil {
		return nil, err
	}
	if r.LineConv, err = LineFilters(images.Channels); err != nil {
		return nil, err
	}
	steps := []struct {
		into   *Maps
		in     *Maps
		layers []Layer
	}{
		{&r.FeatureMaps, &r.Images, []Layer{r.Conv}},
		{&r.ReLUMaps, &r.Images, []Layer{r.ReLU}},
		{&r.Lines, &r.Images, []Layer{r.LineConv}},
		{&r.MaxPool, &r.Images, []Layer{nn.NewMaxPool2D("max_pooling2d", 2)}},
		{&r.AvgPool, &r.Images, []Layer{nn.NewAvgPool2D("average_pooling2d", 2)}},
		{&r.DepthRGB, &r.Images, []Layer{nn.NewDepthMaxPool("depth_pool", images.Channels)}},
		// After the ReLU step above has filled r.ReLUMaps.
		{&r.DepthMaps, &r.ReLUMaps, []Layer{nn.NewDepthMaxPool("depth_pool_1", 2)}},
	}
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%w: %w", nn.ErrInterrupted, err)
		}
		if *s.into, err = Apply(s.layers[0].Name(), *s.in, s.layers...); err != nil {
			return nil, err
		}
	}
	gap := nn.NewGlobalAveragePooling2D("global_average_pooling2d")
	if r.globalAverage, r.gapShape, err = forward(gap.Name(), images, gap); err != nil {
		return nil, err
	}
	return r, nil
}

// Shape is the shape of one of the results, as the notebook prints it.
type Shape struct {
	// Key names it in a program's output (cmd/convdemo's summary.json);
	// Label is the notebook's name for it, as Print prints it.
	Key, Label string
	Shape      []int
}

// Shapes lists the shapes of the results in the notebook's order.
func (r *Results) Shapes() []Shape {
	return []Shape{
		{"images", "images", r.Images.Shape()},
		{"fmaps", "fmaps", r.FeatureMaps.Shape()},
		{"kernels", "kernels", r.Conv.Kernel.Shape()},
		{"biases", "biases", r.Conv.Bias.Shape()},
		{"relu_fmaps", "fmaps", r.ReLUMaps.Shape()},
		{"relu_kernels", "kernels", r.ReLU.Kernel.Shape()},
		{"line_fmaps", "fmaps", r.Lines.Shape()},
		{"max_pool", "max pool, 2x2", r.MaxPool.Shape()},
		{"average_pool", "average pool, 2x2", r.AvgPool.Shape()},
		{"depth_pool_rgb", "depth pool, 3 (R, G, B)", r.DepthRGB.Shape()},
		{"depth_pool_fmaps", "depth pool, 2 (32 ReLU maps)", r.DepthMaps.Shape()},
		{"global_average_pooling", "global average pooling", r.gapShape},
	}
}

// GlobalAverages is the global average pooling's output, one row per image.
func (r *Results) GlobalAverages() [][]float32 {
	c := r.gapShape[1]
	rows := make([][]float32, r.gapShape[0])
	for i := range rows {
		rows[i] = r.globalAverage[i*c : (i+1)*c]
	}
	return rows
}

// Print writes the shapes in the notebook's order, cell by cell.
func (r *Results) Print(w io.Writer, seed int64) {
	sh := map[string]Shape{}
	for _, s := range r.Shapes() {
		sh[s.Key] = s
	}
	line := func(key string) { fmt.Fprintf(w, "%-30s %s\n", sh[key].Label, PyShape(sh[key].Shape)) }

	fmt.Fprintf(w, "\nConv2D, 32 filters 7x7, \"same\" padding, Glorot-uniform kernels (seed %d), cells [36]-[38]:\n", seed)
	line("fmaps")
	line("kernels")
	line("biases")
	zero := 0
	for _, v := range r.ReLUMaps.Values {
		if v == 0 {
			zero++
		}
	}
	fmt.Fprintf(w, "\nThe same with activation=\"relu\" (other random filters), cells [39]-[40]:\n")
	line("relu_fmaps")
	line("relu_kernels")
	fmt.Fprintf(w, "%-30s %.0f%% of the values\n", "zeroed by the ReLU", 100*float64(zero)/float64(len(r.ReLUMaps.Values)))

	fmt.Fprintf(w, "\nHand-made 7x7x3 filters of section 2.1.1, bias 0, \"same\" padding:\n")
	fmt.Fprintf(w, "  filter 0: vertical line (column %d of ones), filter 1: horizontal line (row %d of ones)\n", KernelSize/2, KernelSize/2)
	line("line_fmaps")

	fmt.Fprintf(w, "\nPooling, section 2.2 (cells [41]-[43]):\n")
	for _, k := range []string{"max_pool", "average_pool", "depth_pool_rgb", "depth_pool_fmaps", "global_average_pooling"} {
		line(k)
	}
	fmt.Fprint(w, PyMatrix(r.GlobalAverages()))
}

// Draw writes the figures of the batch to dir as PNG files, names naming
// its images in the titles, and returns their paths: the images, the
// hand-made filters and their feature maps (also on LinePattern), the
// first image's 32 ReLU maps and their depth pool, and the pooled images.
func (r *Results) Draw(ctx context.Context, dir string, names []string) ([]string, error) {
	var files []string
	add := func(name, title string, images [][]float32, t Maps, channels int, titles []string, cols int) error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%w: %w", nn.ErrInterrupted, err)
		}
		p := filepath.Join(dir, name)
		if err := plotting.ImageGrid(p, title, images, t.Height, t.Width, channels, titles, cols); err != nil {
			return err
		}
		files = append(files, p)
		return nil
	}
	n := r.Images.N
	each := func(t Maps) [][]float32 {
		out := make([][]float32, t.N)
		for i := range out {
			out[i] = t.Image(i)
		}
		return out
	}
	crop := fmt.Sprintf("%dx%d", r.Images.Height, r.Images.Width)

	if err := add("images.png", "The input images, center crop "+crop, each(r.Images), r.Images, 3, names, 0); err != nil {
		return nil, err
	}
	// The filters themselves, as 7x7 pictures (channel 0; the other two
	// channels are the same).
	lines, err := LineFilters(1)
	if err != nil {
		return nil, err
	}
	kern := Maps{N: 1, Height: KernelSize, Width: KernelSize, Channels: 2, Values: lines.Kernel.Data()}
	if err := add("line_filters.png", "Hand-made 7x7 filters (white = 1, black = 0)",
		[][]float32{kern.Channel(0, 0), kern.Channel(0, 1)}, kern, 1,
		[]string{"vertical line", "horizontal line"}, 2); err != nil {
		return nil, err
	}
	// One row per photo: the photo, then its two feature maps.
	var cells [][]float32
	var titles []string
	for i := range n {
		cells = append(cells, r.Images.Image(i), grey(r.Lines.Channel(i, 0)), grey(r.Lines.Channel(i, 1)))
		titles = append(titles, names[i], "vertical-line filter", "horizontal-line filter")
	}
	if err := add("line_fmaps.png", "Feature maps of the hand-made filters, "+crop, cells, r.Lines, 3, titles, 3); err != nil {
		return nil, err
	}
	// A synthetic pattern, where the effect cannot be missed.
	pat := LinePattern(r.Images.Height, r.Images.Width)
	pm, err := Apply("line_filters", pat, r.LineConv)
	if err != nil {
		return nil, err
	}
	if err := add("line_fmaps_pattern.png", "The hand-made filters on lines drawn in each direction",
		[][]float32{pat.Values, grey(pm.Channel(0, 0)), grey(pm.Channel(0, 1))}, pat, 3,
		[]string{"pattern", "vertical-line filter", "horizontal-line filter"}, 3); err != nil {
		return nil, err
	}

	// The first photo's 32 ReLU maps of random filters, then their depth
	// pool: the maximum of each pair.
	maps := func(t Maps) [][]float32 {
		out := make([][]float32, t.Channels)
		for k := range out {
			out[k] = t.Channel(0, k)
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
	if err := add("relu_fmaps.png", names[0]+": 32 random 7x7 filters with ReLU", maps(r.ReLUMaps), r.ReLUMaps, 1,
		numbered("filter", r.ReLUMaps.Channels), 8); err != nil {
		return nil, err
	}
	if err := add("depth_pool_fmaps.png", names[0]+": depth pool 2 of the 32 ReLU maps (max of maps 2k, 2k+1)",
		maps(r.DepthMaps), r.DepthMaps, 1, numbered("map", r.DepthMaps.Channels), 4); err != nil {
		return nil, err
	}
	pooled := fmt.Sprintf("%dx%d", r.MaxPool.Height, r.MaxPool.Width)
	if err := add("max_pool.png", "Max pooling 2x2: "+crop+" -> "+pooled, each(r.MaxPool), r.MaxPool, 3, names, 0); err != nil {
		return nil, err
	}
	if err := add("average_pool.png", "Average pooling 2x2: "+crop+" -> "+pooled, each(r.AvgPool), r.AvgPool, 3, names, 0); err != nil {
		return nil, err
	}
	if err := add("depth_pool_rgb.png", "Depth pooling 3: the max of R, G and B at each pixel", each(r.DepthRGB), r.DepthRGB, 1, names, 0); err != nil {
		return nil, err
	}
	return files, nil
}

// LinePattern is a black h x w RGB image with white lines one pixel wide:
// two vertical, two horizontal and a diagonal, for the filters' figure.
func LinePattern(h, w int) Maps {
	t := Maps{N: 1, Height: h, Width: w, Channels: 3, Values: make([]float32, h*w*3)}
	set := func(y, x int) {
		if y >= 0 && y < h && x >= 0 && x < w {
			i := (y*w + x) * 3
			t.Values[i], t.Values[i+1], t.Values[i+2] = 1, 1, 1
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

// DrawFull draws the photo p whole, reduced to at most MaxPixels, beside the
// feature maps of the hand-made filters lines, into dir as
// line_fmaps_full_<i+1>_<name without extension>.png, and returns the file
// and a note on its size.
func DrawFull(dir string, i int, name string, p data.Photo, lines *nn.Conv2D) (string, string, error) {
	k := 1
	for (p.Height/k)*(p.Width/k) > MaxPixels {
		k++
	}
	note := fmt.Sprintf("%dx%d", p.Height, p.Width)
	if k > 1 {
		p = reduce(p, k)
		note += fmt.Sprintf(", reduced %dx to %dx%d", k, p.Height, p.Width)
	}
	t := Maps{N: 1, Height: p.Height, Width: p.Width, Channels: 3, Values: p.Pixels}
	m, err := Apply("line_filters", t, lines)
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", name, err)
	}
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	out := filepath.Join(dir, fmt.Sprintf("line_fmaps_full_%d_%s.png", i+1, stem))
	title := fmt.Sprintf("%s, %dx%d: the hand-made filters' feature maps", name, p.Height, p.Width)
	if err := plotting.ImageGrid(out, title, [][]float32{t.Values, grey(m.Channel(0, 0)), grey(m.Channel(0, 1))},
		t.Height, t.Width, 3, []string{name, "vertical-line filter", "horizontal-line filter"}, 1); err != nil {
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

// PyShape formats a shape as a Python tuple: (2, 70, 120, 3), (32,).
func PyShape(s []int) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	if len(s) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// PyMatrix formats rows as NumPy prints a small matrix.
func PyMatrix(rows [][]float32) string {
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
