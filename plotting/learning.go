package plotting

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one named curve of a learning-curve plot, one value per epoch.
type Series struct {
	Name   string
	Values []float64
}

// curveStyle is one matplotlib format string such as "r--.".
type curveStyle struct {
	color  color.Color
	dashes []vg.Length
	glyph  draw.GlyphDrawer
	radius vg.Length
}

// matplotlib dashes "--" as 3.7 on, 1.6 off, in units of the line width.
var dashed = []vg.Length{3.7 * 1.5, 1.6 * 1.5}

// curveStyles are the notebook's styles=["r--.", "r--", "b-*", "b-"] for
// loss, val_loss, accuracy and val_accuracy.
var curveStyles = []curveStyle{
	{color: rgb(0xff0000), dashes: dashed, glyph: draw.CircleGlyph{}, radius: 2.2},
	{color: rgb(0xff0000), dashes: dashed},
	{color: rgb(0x0000ff), glyph: starGlyph{}, radius: 4.5},
	{color: rgb(0x0000ff)},
}

// styleFor returns the style of the i-th series: the notebook's four, then
// solid lines in tab10 colours other than red and blue. Keras's own names
// pick their style whatever their position, so that a run without
// validation data still draws its accuracy in blue.
func styleFor(i int, name string) curveStyle {
	if k, ok := map[string]int{"loss": 0, "val_loss": 1, "accuracy": 2, "val_accuracy": 3, "rmse": 2, "val_rmse": 3}[name]; ok {
		i = k
	}
	if i < len(curveStyles) {
		return curveStyles[i]
	}
	extra := []int{2, 1, 4, 5, 6, 7, 8, 9} // tab10 without its blue and red
	j := i - len(curveStyles)
	return curveStyle{color: cycleColor(extra[j%len(extra)] + len(tab10)*(j/len(extra)))}
}

// maxMarks is how many markers a curve gets at most. Markers on every epoch
// of a long run merge into a smear, but without them loss ("r--.") and
// val_loss ("r--") are the same red dashes: past maxMarks epochs a curve is
// marked every few epochs, like matplotlib's markevery.
const maxMarks = 40

// markEvery is the epoch step between two markers of a curve of n epochs.
func markEvery(n int) int { return max(1, (n+maxMarks-1)/maxMarks) }

// spikeFactor decides when automatic y limits leave a point out: a value
// more than spikeFactor times both its neighbours in its curve (a validation
// loss that jumps to 8.5 for one epoch while the curves stay below 1) would
// flatten every other curve into a line at the bottom if followed. The first
// epoch is never a spike: curves start high.
const spikeFactor = 2

// curvesLayout is what learningCurves decided, for the tests.
type curvesLayout struct {
	ylim [2]float64
	// marks counts each series' markers, clipped its points outside ylim,
	// edge the triangles that mark them on the frame's edge.
	marks, clipped, edge map[string]int
}

// autoLimits returns the y range of the series' finite values: the data's
// range, but for spikes (see spikeFactor).
func autoLimits(series []Series) [2]float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		v := s.Values
		for e, x := range v {
			if !finite(x) {
				continue
			}
			lo = math.Min(lo, x)
			if e > 0 && isSpike(x, v[e-1]) && (e+1 == len(v) || isSpike(x, v[e+1])) {
				continue
			}
			hi = math.Max(hi, x)
		}
	}
	if lo > hi { // no finite value at all
		return [2]float64{0, 1}
	}
	if hi == lo {
		hi = lo + 1
	}
	// matplotlib's 5% margins around the data.
	pad := 0.05 * (hi - lo)
	return [2]float64{lo - pad, hi + pad}
}

// isSpike tells whether x lies far above its neighbour n; a missing (NaN)
// neighbour does not make a spike.
func isSpike(x, n float64) bool {
	return finite(n) && x-n > (spikeFactor-1)*math.Abs(n)
}

// LearningCurves plots one curve per series against the epoch, numbered
// from 0, like the notebook's pd.DataFrame(history.history).plot(
// style=["r--.", "r--", "b-*", "b-"]): the first four series are drawn red
// dashed with dots, red dashed, blue solid with stars and blue solid (loss,
// val_loss, accuracy, val_accuracy in Keras's order); further series get
// other colours. The plot has a grid and a legend of the series names.
//
// ylim fixes the y range, as plt.gca().set_ylim does; {0, 0} lets it follow
// the data, but for a one-epoch spike far above its neighbours. Points outside the
// range are never lost: each is drawn as a triangle on the frame's edge, and
// the legend gives the curve's extreme value. Past 40 epochs the markers are
// thinned to every few epochs. NaN and infinite values (a diverged epoch)
// leave gaps in their curve. Series may differ in length; each must have at
// least one value.
func LearningCurves(path, title string, series []Series, ylim [2]float64) error {
	p, _, err := learningCurves(title, series, ylim)
	if err != nil {
		return fmt.Errorf("plotting: learning curves %s: %w", path, err)
	}
	return savePlot(path, p, figureWidth, figureHeight)
}

func learningCurves(title string, series []Series, ylim [2]float64) (*plot.Plot, curvesLayout, error) {
	lay := curvesLayout{marks: map[string]int{}, clipped: map[string]int{}, edge: map[string]int{}}
	if len(series) == 0 {
		return nil, lay, errors.New("no series")
	}
	autoY := ylim == [2]float64{}
	if !autoY && !(finite(ylim[0]) && finite(ylim[1]) && ylim[0] < ylim[1]) {
		return nil, lay, fmt.Errorf("y limits %v: want finite low < high, or {0, 0}", ylim)
	}
	epochs := 0
	for i, s := range series {
		if len(s.Values) == 0 {
			return nil, lay, fmt.Errorf("series %d (%q) has no values", i, s.Name)
		}
		epochs = max(epochs, len(s.Values))
	}
	if autoY {
		ylim = autoLimits(series)
	}
	lay.ylim = ylim

	p := newPlot(title, "Epoch", "")
	p.Add(gridLines())
	p.X.Tick.Marker = niceTicks{nbins: 9, integer: true}
	legend := newBoxedLegend()
	every := markEvery(epochs)
	for i, s := range series {
		sty := styleFor(i, s.Name)
		name := s.Name
		if name == "" {
			name = "series " + strconv.Itoa(i)
		}
		var thumbs []plot.Thumbnailer
		// Split the curve at non-finite values, as matplotlib does.
		var run, marks, edge plotter.XYs
		flush := func() error {
			if len(run) == 0 {
				return nil
			}
			l, err := plotter.NewLine(run)
			if err != nil {
				return fmt.Errorf("series %q: %w", s.Name, err)
			}
			l.Color = sty.color
			l.Width = vg.Points(1.5)
			l.Dashes = sty.dashes
			p.Add(unpadded{l})
			legend.avoid(xysToPairs(run))
			run = nil
			return nil
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		clipped := 0
		for e, v := range s.Values {
			if !finite(v) {
				if err := flush(); err != nil {
					return nil, lay, err
				}
				continue
			}
			pt := plotter.XY{X: float64(e), Y: v}
			run = append(run, pt)
			lo, hi = math.Min(lo, v), math.Max(hi, v)
			thinned := e%every == 0 || e == len(s.Values)-1
			if out := func(i int) bool {
				return i >= 0 && i < len(s.Values) && (s.Values[i] < ylim[0] || s.Values[i] > ylim[1])
			}; out(e) {
				clipped++
				// A run of points off the chart is marked at its ends and
				// where markers go: a long run would be one smear of
				// triangles, and a one-epoch spike must keep its mark.
				if thinned || !out(e-1) || !out(e+1) {
					pt.Y = math.Max(ylim[0], math.Min(ylim[1], v))
					edge = append(edge, pt)
				}
			} else if thinned {
				marks = append(marks, pt)
			}
		}
		if err := flush(); err != nil {
			return nil, lay, err
		}
		// The thumbnail of an all-NaN series still shows its style.
		line := &plotter.Line{LineStyle: draw.LineStyle{Color: sty.color, Width: vg.Points(1.5), Dashes: sty.dashes}}
		thumbs = append(thumbs, line)
		if sty.glyph != nil {
			gs := draw.GlyphStyle{Color: sty.color, Shape: sty.glyph, Radius: vg.Points(float64(sty.radius))}
			if err := addScatter(p, marks, gs); err != nil {
				return nil, lay, fmt.Errorf("series %q: %w", s.Name, err)
			}
			lay.marks[name] = len(marks)
			thumbs = append(thumbs, &plotter.Scatter{GlyphStyle: gs})
		}
		if len(edge) > 0 {
			// A triangle on the edge for each point off the chart, pointing
			// the way it went, and the extreme value in the legend.
			var up, down plotter.XYs
			for _, pt := range edge {
				if pt.Y == ylim[1] {
					up = append(up, pt)
				} else {
					down = append(down, pt)
				}
			}
			for _, d := range []struct {
				pts   plotter.XYs
				shape draw.GlyphDrawer
			}{{up, draw.PyramidGlyph{}}, {down, downTriangle{}}} {
				if err := addScatter(p, d.pts, draw.GlyphStyle{Color: sty.color, Shape: d.shape, Radius: vg.Points(5)}); err != nil {
					return nil, lay, fmt.Errorf("series %q: %w", s.Name, err)
				}
			}
			lay.clipped[name], lay.edge[name] = clipped, len(edge)
			switch {
			case len(up) > 0 && len(down) > 0:
				name += fmt.Sprintf(" (off the chart: %.3g to %.3g)", lo, hi)
			case len(up) > 0:
				name += fmt.Sprintf(" (off the chart: up to %.3g)", hi)
			default:
				name += fmt.Sprintf(" (off the chart: down to %.3g)", lo)
			}
		}
		legend.add(name, thumbs...)
	}
	p.Add(frame{}, legend)

	// pandas puts the first and last epoch on the frame's edges.
	p.X.Min, p.X.Max = 0, float64(epochs-1)
	p.Y.Min, p.Y.Max = ylim[0], ylim[1]
	if epochs == 1 {
		// A single epoch would make an empty x range.
		p.X.Min, p.X.Max = -0.5, 0.5
	}
	return p, lay, nil
}

// addScatter adds the points, if any, drawn as gs.
func addScatter(p *plot.Plot, pts plotter.XYs, gs draw.GlyphStyle) error {
	if len(pts) == 0 {
		return nil
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return err
	}
	sc.GlyphStyle = gs
	p.Add(unpadded{sc})
	return nil
}

// downTriangle is draw.PyramidGlyph upside down: a point below the chart.
type downTriangle struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (downTriangle) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	const sin30, cos30 = 0.5, 0.8660254037844386
	r := sty.Radius + (sty.Radius-sty.Radius*sin30)/2
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r*cos30, Y: pt.Y + r*sin30})
	p.Line(vg.Point{X: pt.X + r*cos30, Y: pt.Y + r*sin30})
	p.Close()
	c.SetColor(sty.Color)
	c.Fill(p)
}

func xysToPairs(xys plotter.XYs) [][2]float64 {
	out := make([][2]float64, len(xys))
	for i, v := range xys {
		out[i] = [2]float64{v.X, v.Y}
	}
	return out
}
