// Package plotting draws gozoo's figures as PNG files with gonum/plot:
// learning curves, confusion matrices, decision boundaries, predictions
// against targets, and image grids.
//
// Every function takes plain slices, checks them (a length mismatch is an
// error, never a panic), and writes its PNG atomically: the file appears
// whole or not at all. Errors name the file.
package plotting

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/gozoo/gozoo/internal/atomicfile"
)

// dpi and the default figure size copy matplotlib's figsize=(10, 6) at
// 100 dpi, the notebook's size: 1000x600 pixels.
const (
	dpi          = 100
	figureWidth  = 10 * vg.Inch
	figureHeight = 6 * vg.Inch
)

// sans is the face of every label: matplotlib's figures use a sans-serif
// face, gonum/plot's default is a serif one.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

func textStyle(size vg.Length) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(sans, size),
		XAlign:  draw.XCenter,
		YAlign:  draw.YCenter,
		Handler: textHandler,
	}
}

// newPlot returns a plot styled like matplotlib's defaults: sans-serif text,
// 12 pt title, 10 pt labels and ticks.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, 12)
	p.Title.TextStyle.Handler = textHandler
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, 10)
		a.Tick.Label.Font = font.From(sans, 10)
		a.Label.TextStyle.Handler, a.Tick.Label.Handler = textHandler, textHandler
		a.Label.Padding = vg.Points(4)
	}
	p.Legend.TextStyle.Font = font.From(sans, 10)
	p.Legend.TextStyle.Handler = textHandler
	p.X.Tick.Marker = niceTicks{nbins: 9}
	p.Y.Tick.Marker = niceTicks{nbins: 6}
	p.X.Padding, p.Y.Padding = 0, 0
	return p
}

// render draws onto a fresh white canvas of the given size at dpi and
// returns the pixels.
func render(w, h vg.Length, drawFn func(c draw.Canvas)) image.Image {
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))
	drawFn(draw.New(c))
	return c.Image()
}

// writePNG encodes img to path through a temporary file and a rename, so a
// crash never leaves half a PNG behind.
func writePNG(path string, img image.Image) error {
	err := atomicfile.Write(path, func(w io.Writer) error {
		return png.Encode(w, img)
	})
	if err != nil {
		// atomicfile's error already names path.
		return fmt.Errorf("plotting: %w", err)
	}
	return nil
}

// savePlot draws p on a figure of the given size, with a small white margin
// like matplotlib's, and writes it to path.
func savePlot(path string, p *plot.Plot, w, h vg.Length) error {
	return writePNG(path, render(w, h, func(c draw.Canvas) {
		p.Draw(withMargin(c))
	}))
}

// withMargin leaves the figure's edges white, wider at the top and right
// where gonum/plot's axes leave no room of their own.
func withMargin(c draw.Canvas) draw.Canvas {
	return draw.Crop(c, vg.Points(8), -vg.Points(18), vg.Points(6), -vg.Points(10))
}

// finite reports whether v is an ordinary number, neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// rgb builds an opaque colour from a 0xRRGGBB literal.
func rgb(hex uint32) color.RGBA {
	return color.RGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 255}
}

// tab10 is matplotlib's default colour cycle, used wherever a plot needs
// one colour per series or class.
var tab10 = []color.RGBA{
	rgb(0x1f77b4), rgb(0xff7f0e), rgb(0x2ca02c), rgb(0xd62728), rgb(0x9467bd),
	rgb(0x8c564b), rgb(0xe377c2), rgb(0x7f7f7f), rgb(0xbcbd22), rgb(0x17becf),
}

// cycleColor returns the i-th colour of tab10, darkening it on each pass
// through the cycle so that more than ten classes stay distinguishable.
func cycleColor(i int) color.RGBA {
	c := tab10[i%len(tab10)]
	f := math.Pow(0.7, float64(i/len(tab10)))
	return color.RGBA{R: uint8(float64(c.R) * f), G: uint8(float64(c.G) * f), B: uint8(float64(c.B) * f), A: 255}
}

// lighten mixes c with white, keeping the fraction keep of c.
func lighten(c color.RGBA, keep float64) color.RGBA {
	mix := func(v uint8) uint8 { return uint8(math.Round(float64(v)*keep + 255*(1-keep))) }
	return color.RGBA{R: mix(c.R), G: mix(c.G), B: mix(c.B), A: 255}
}

// luminance is the relative luminance of c in [0, 1] (sRGB weights, no
// gamma), enough to pick black or white text over it.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// niceTicks places major ticks like matplotlib's MaxNLocator: at most
// nbins intervals of 1, 2, 2.5 or 5 times a power of ten, labelled with just
// the decimals the step needs. gonum/plot's default aims at three ticks and
// prints them all with the same, often needless, precision.
type niceTicks struct {
	nbins int
	// integer keeps steps whole, for counts such as epochs.
	integer bool
}

// Ticks implements plot.Ticker.
func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || !finite(lo) || !finite(hi) {
		return nil
	}
	nbins := max(t.nbins, 1)
	span := hi - lo
	mag := math.Pow(10, math.Floor(math.Log10(span/float64(nbins))))
	var step, mult float64
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if t.integer && m == 2.5 && mag < 10 {
			continue
		}
		step, mult = m*mag, m
		if span/step <= float64(nbins)+1e-9 {
			break
		}
	}
	if t.integer && step < 1 {
		step, mult = 1, 1
	}
	decimals := 0
	if step < 1 || mult == 2.5 {
		decimals = max(0, int(-math.Floor(math.Log10(step)+1e-9)))
		if mult == 2.5 {
			decimals++
		}
	}
	var ticks []plot.Tick
	eps := step * 1e-9
	for i := math.Ceil(lo/step - 1e-9); i*step <= hi+eps; i++ {
		v := i * step
		if v == 0 {
			v = 0 // no "-0"
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', decimals, 64)})
	}
	return ticks
}

// frame draws the box around the data area that matplotlib's axes have;
// gonum/plot only draws the left and bottom axis lines.
type frame struct{}

// Plot implements plot.Plotter.
func (frame) Plot(c draw.Canvas, _ *plot.Plot) {
	c.SetLineStyle(draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)})
	c.Stroke(c.Rectangle.Path())
}

// gridLines returns matplotlib-like light grey grid lines, major ticks only.
func gridLines() *plotter.Grid {
	g := plotter.NewGrid()
	sty := draw.LineStyle{Color: rgb(0xb0b0b0), Width: vg.Points(0.8)}
	g.Vertical, g.Horizontal = sty, sty
	return g
}

// dataPlotter is a plotter with a data range, such as a line or a scatter.
type dataPlotter interface {
	plot.Plotter
	plot.DataRanger
}

// unpadded hides a plotter's glyph boxes: gonum/plot would otherwise shrink
// the data area so that edge markers fit whole, leaving the axis lines
// detached from it. matplotlib clips such markers at the frame instead.
type unpadded struct{ dataPlotter }
