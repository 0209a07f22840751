package plotting

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// viridisAnchors samples matplotlib's viridis colormap at 0, 1/16, ..., 1;
// viridis interpolates between them, which stays within a unit or two of
// the 256-entry original.
var viridisAnchors = [17][3]float64{
	{68, 1, 84}, {72, 24, 106}, {71, 45, 123}, {66, 64, 134}, {59, 82, 139},
	{51, 99, 141}, {44, 114, 142}, {38, 130, 142}, {33, 145, 140}, {31, 160, 136},
	{40, 174, 128}, {63, 188, 115}, {94, 201, 98}, {132, 212, 75}, {173, 220, 48},
	{216, 226, 25}, {253, 231, 37},
}

// viridis maps t in [0, 1] to matplotlib's default colormap, from dark
// purple through blue and green to yellow.
func viridis(t float64) color.RGBA {
	if !(t > 0) { // also NaN
		t = 0
	}
	t = math.Min(t, 1) * 16
	i := min(int(t), 15)
	f := t - float64(i)
	a, b := viridisAnchors[i], viridisAnchors[i+1]
	mix := func(k int) uint8 { return uint8(math.Round(a[k] + f*(b[k]-a[k]))) }
	return color.RGBA{R: mix(0), G: mix(1), B: mix(2), A: 255}
}

// ConfusionMatrix draws the confusion matrix m (m[i][j] counts samples of
// true class i predicted as class j, as metrics.ConfusionMatrix returns it)
// as a heat map like scikit-learn's ConfusionMatrixDisplay: viridis colours
// with a colour bar, the count in each cell (white on dark cells, black on
// light ones), "Predicted label" along x, "True label" along y with class 0
// at the top, and the class names on both axes. Names too long for their
// column are turned 45 degrees. classNames nil numbers the classes from 0.
func ConfusionMatrix(path, title string, m [][]int, classNames []string) error {
	img, err := confusionMatrix(title, m, classNames)
	if err != nil {
		return fmt.Errorf("plotting: confusion matrix %s: %w", path, err)
	}
	return writePNG(path, img)
}

func confusionMatrix(title string, m [][]int, classNames []string) (image.Image, error) {
	k := len(m)
	if k == 0 {
		return nil, errors.New("empty matrix")
	}
	lo, hi := math.MaxInt, math.MinInt
	for i, row := range m {
		if len(row) != k {
			return nil, fmt.Errorf("row %d has %d columns, want %d (a square matrix)", i, len(row), k)
		}
		for j, v := range row {
			if v < 0 {
				return nil, fmt.Errorf("negative count %d at row %d, column %d", v, i, j)
			}
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	names := classNames
	if names == nil {
		names = make([]string, k)
		for i := range names {
			names[i] = strconv.Itoa(i)
		}
	}
	if len(names) != k {
		return nil, fmt.Errorf("%d class names for a %dx%d matrix", len(names), k, k)
	}

	p := newPlot(title, "Predicted label", "True label")
	p.X.Min, p.X.Max = -0.5, float64(k)-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(k)-0.5
	// Row 0 at the top, as imshow draws a matrix.
	p.Y.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}}
	ticks := make([]plot.Tick, k)
	for i, n := range names {
		ticks[i] = plot.Tick{Value: float64(i), Label: n}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	cells := &matrixCells{m: m, lo: float64(lo), hi: float64(hi)}
	p.Add(cells, frame{})

	// About 330 points of the figure's height are left for the matrix; if
	// a name is wider than its column would be, slant the x labels.
	cell := vg.Points(330) / vg.Length(k)
	for _, n := range names {
		if p.X.Tick.Label.Width(n) > 0.9*cell {
			p.X.Tick.Label.Rotation = math.Pi / 4
			p.X.Tick.Label.XAlign = draw.XRight
			p.X.Tick.Label.YAlign = draw.YTop
			break
		}
	}

	img := render(figureWidth, figureHeight, func(c draw.Canvas) {
		c = withMargin(c)
		const barSpace = 80 // points right of the matrix for the colour bar
		main := draw.Crop(c, 0, -barSpace, 0, 0)
		// imshow keeps cells square: narrow (or flatten) the plot until its
		// data area is a square, and centre it.
		da := p.DataCanvas(main)
		w, h := da.Max.X-da.Min.X, da.Max.Y-da.Min.Y
		if w > h {
			main = draw.Crop(main, (w-h)/2, -(w-h)/2, 0, 0)
		} else if h > w {
			main = draw.Crop(main, 0, 0, (h-w)/2, -(h-w)/2)
		}
		p.Draw(main)
		da = p.DataCanvas(main)
		bar := vg.Rectangle{
			Min: vg.Point{X: da.Max.X + 16, Y: da.Min.Y},
			Max: vg.Point{X: da.Max.X + 30, Y: da.Max.Y},
		}
		drawColorBar(c, bar, float64(lo), float64(hi))
	})
	return img, nil
}

// matrixCells fills one square per matrix entry with its viridis colour
// and writes the count in it.
type matrixCells struct {
	m      [][]int
	lo, hi float64
}

func (mc *matrixCells) color(v int) color.RGBA {
	if mc.hi == mc.lo {
		return viridis(0)
	}
	return viridis((float64(v) - mc.lo) / (mc.hi - mc.lo))
}

// Plot implements plot.Plotter.
func (mc *matrixCells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	k := len(mc.m)
	side := math.Abs(float64(trX(1) - trX(0)))
	// The widest count must fit its cell; matplotlib's 10 pt when it can.
	sty := textStyle(10)
	widest := ""
	for _, row := range mc.m {
		for _, v := range row {
			if s := strconv.Itoa(v); len(s) > len(widest) {
				widest = s
			}
		}
	}
	if w := float64(sty.Width(widest)); w > 0.85*side {
		sty = textStyle(vg.Length(math.Max(4, 10*0.85*side/w)))
	}
	for i := range k {
		for j := range k {
			v := mc.m[i][j]
			x0, x1 := trX(float64(j)-0.5), trX(float64(j)+0.5)
			y0, y1 := trY(float64(i)-0.5), trY(float64(i)+0.5)
			r := vg.Rectangle{
				Min: vg.Point{X: min(x0, x1), Y: min(y0, y1)},
				Max: vg.Point{X: max(x0, x1), Y: max(y0, y1)},
			}
			col := mc.color(v)
			c.SetColor(col)
			// A hair of overlap hides the seams anti-aliasing leaves
			// between neighbouring cells.
			c.Fill(vg.Rectangle{Min: r.Min.Sub(vg.Point{X: 0.3, Y: 0.3}), Max: r.Max.Add(vg.Point{X: 0.3, Y: 0.3})}.Path())
			ts := sty
			ts.Color = color.Black
			if luminance(col) < 0.5 {
				ts.Color = color.White
			}
			c.FillText(ts, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, strconv.Itoa(v))
		}
	}
}

// DataRange implements plot.DataRanger.
func (mc *matrixCells) DataRange() (xmin, xmax, ymin, ymax float64) {
	k := float64(len(mc.m))
	return -0.5, k - 0.5, -0.5, k - 0.5
}

// drawColorBar draws a vertical viridis bar in r for values lo..hi, with
// ticks and labels on its right like matplotlib's colorbar.
func drawColorBar(c draw.Canvas, r vg.Rectangle, lo, hi float64) {
	const steps = 256
	grad := image.NewRGBA(image.Rect(0, 0, 1, steps))
	for i := range steps {
		t := float64(steps-1-i) / (steps - 1)
		if hi == lo {
			t = 0
		}
		grad.SetRGBA(0, i, viridis(t))
	}
	c.DrawImage(r, grad)
	c.SetLineStyle(draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)})
	c.Stroke(r.Path())

	sty := textStyle(10)
	sty.XAlign = draw.XLeft
	ticks := []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'f', -1, 64)}}
	if hi > lo {
		ticks = niceTicks{nbins: 6, integer: true}.Ticks(lo, hi)
	}
	tickStyle := draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)}
	for _, t := range ticks {
		y := r.Min.Y
		if hi > lo {
			y += (r.Max.Y - r.Min.Y) * vg.Length((t.Value-lo)/(hi-lo))
		} else {
			y = (r.Min.Y + r.Max.Y) / 2
		}
		c.StrokeLine2(tickStyle, r.Max.X, y, r.Max.X+3.5, y)
		c.FillText(sty, vg.Point{X: r.Max.X + 6, Y: y}, t.Label)
	}
}
