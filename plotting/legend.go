package plotting

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendEntry is one row of a legend: a name and the thumbnails that show
// its style.
type legendEntry struct {
	name   string
	thumbs []plot.Thumbnailer
}

// boxedLegend is a plotter that draws a framed legend on a white ground in
// the corner of the data area where it hides the fewest data points, like
// matplotlib's loc="best". gonum/plot's own legend has neither a frame nor
// a ground, so grid lines and curves would run through its text.
type boxedLegend struct {
	entries []legendEntry
	// points are the data coordinates the legend should avoid.
	points [][2]float64
	style  text.Style
}

func newBoxedLegend() *boxedLegend {
	sty := textStyle(10)
	sty.XAlign = draw.XLeft
	sty.YAlign = draw.YCenter
	return &boxedLegend{style: sty}
}

func (l *boxedLegend) add(name string, thumbs ...plot.Thumbnailer) {
	l.entries = append(l.entries, legendEntry{name: name, thumbs: thumbs})
}

// avoid adds a polyline to the points the legend should not cover,
// sampling each segment so that long segments count too.
func (l *boxedLegend) avoid(pts [][2]float64) {
	for i, p := range pts {
		l.points = append(l.points, p)
		if i == 0 {
			continue
		}
		q := pts[i-1]
		const steps = 8
		for s := 1; s < steps; s++ {
			t := float64(s) / steps
			l.points = append(l.points, [2]float64{q[0] + t*(p[0]-q[0]), q[1] + t*(p[1]-q[1])})
		}
	}
}

const (
	legendPad    = vg.Length(5)
	legendThumb  = vg.Length(28)
	legendGap    = vg.Length(6)
	legendInset  = vg.Length(6)
	legendRowGap = vg.Length(3)
)

// Plot implements plot.Plotter.
func (l *boxedLegend) Plot(c draw.Canvas, p *plot.Plot) {
	if len(l.entries) == 0 {
		return
	}
	var textW vg.Length
	for _, e := range l.entries {
		textW = max(textW, l.style.Width(e.name))
	}
	rowH := l.style.Height("Xg") + legendRowGap
	w := 2*legendPad + legendThumb + legendGap + textW
	h := 2*legendPad + vg.Length(len(l.entries))*rowH - legendRowGap

	// Candidate corners in matplotlib's order of preference.
	minX, maxX := c.Min.X+legendInset, c.Max.X-legendInset-w
	minY, maxY := c.Min.Y+legendInset, c.Max.Y-legendInset-h
	midX, midY := (c.Min.X+c.Max.X-w)/2, (c.Min.Y+c.Max.Y-h)/2
	candidates := []vg.Point{
		{X: maxX, Y: maxY}, {X: minX, Y: maxY}, {X: minX, Y: minY}, {X: maxX, Y: minY},
		{X: maxX, Y: midY}, {X: minX, Y: midY}, {X: midX, Y: minY}, {X: midX, Y: maxY},
	}
	trX, trY := p.Transforms(&c)
	best, bestCount := candidates[0], math.MaxInt
	for _, at := range candidates {
		r := vg.Rectangle{Min: at, Max: vg.Point{X: at.X + w, Y: at.Y + h}}
		n := 0
		for _, pt := range l.points {
			x, y := trX(pt[0]), trY(pt[1])
			if x >= r.Min.X && x <= r.Max.X && y >= r.Min.Y && y <= r.Max.Y {
				n++
			}
		}
		if n < bestCount {
			best, bestCount = at, n
		}
	}

	box := vg.Rectangle{Min: best, Max: vg.Point{X: best.X + w, Y: best.Y + h}}
	c.SetColor(color.NRGBA{R: 255, G: 255, B: 255, A: 204})
	c.Fill(box.Path())
	c.SetLineStyle(draw.LineStyle{Color: rgb(0xcccccc), Width: vg.Points(0.8)})
	c.Stroke(box.Path())

	y := box.Max.Y - legendPad
	for _, e := range l.entries {
		thumb := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: box.Min.X + legendPad, Y: y - rowH + legendRowGap},
			Max: vg.Point{X: box.Min.X + legendPad + legendThumb, Y: y},
		}}
		for _, t := range e.thumbs {
			t.Thumbnail(&thumb)
		}
		c.FillText(l.style, vg.Point{X: thumb.Max.X + legendGap, Y: (thumb.Min.Y + thumb.Max.Y) / 2}, e.name)
		y -= rowH
	}
}

// starGlyph is matplotlib's "*" marker, a filled five-pointed star, which
// gonum/plot lacks.
type starGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (starGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	const inner = 0.382 // ratio of a regular star's inner to outer radius
	pts := make([]vg.Point, 10)
	for i := range pts {
		r := sty.Radius
		if i%2 == 1 {
			r *= inner
		}
		a := math.Pi/2 + float64(i)*math.Pi/5
		pts[i] = vg.Point{X: pt.X + r*vg.Length(math.Cos(a)), Y: pt.Y + r*vg.Length(math.Sin(a))}
	}
	c.FillPolygon(sty.Color, pts)
}
