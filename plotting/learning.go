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
func styleFor(i int, name string, epochs int) curveStyle {
	if k, ok := map[string]int{"loss": 0, "val_loss": 1, "accuracy": 2, "val_accuracy": 3, "rmse": 2, "val_rmse": 3}[name]; ok {
		i = k
	}
	if i < len(curveStyles) {
		if epochs > 100 {
			// Markers on every point of a long run merge into a thick smear.
			st := curveStyles[i]
			st.glyph = nil
			return st
		}
		return curveStyles[i]
	}
	extra := []int{2, 1, 4, 5, 6, 7, 8, 9} // tab10 without its blue and red
	j := i - len(curveStyles)
	return curveStyle{color: cycleColor(extra[j%len(extra)] + len(tab10)*(j/len(extra)))}
}

// LearningCurves plots one curve per series against the epoch, numbered
// from 0, like the notebook's pd.DataFrame(history.history).plot(
// style=["r--.", "r--", "b-*", "b-"]): the first four series are drawn red
// dashed with dots, red dashed, blue solid with stars and blue solid (loss,
// val_loss, accuracy, val_accuracy in Keras's order); further series get
// other colours. The plot has a grid and a legend of the series names.
//
// ylim fixes the y range, as plt.gca().set_ylim does; {0, 0} lets it follow
// the data. NaN and infinite values (a diverged epoch) leave gaps in their
// curve. Series may differ in length; each must have at least one value.
func LearningCurves(path, title string, series []Series, ylim [2]float64) error {
	p, err := learningCurves(title, series, ylim)
	if err != nil {
		return fmt.Errorf("plotting: learning curves %s: %w", path, err)
	}
	return savePlot(path, p, figureWidth, figureHeight)
}

func learningCurves(title string, series []Series, ylim [2]float64) (*plot.Plot, error) {
	if len(series) == 0 {
		return nil, errors.New("no series")
	}
	autoY := ylim == [2]float64{}
	if !autoY && !(finite(ylim[0]) && finite(ylim[1]) && ylim[0] < ylim[1]) {
		return nil, fmt.Errorf("y limits %v: want finite low < high, or {0, 0}", ylim)
	}
	epochs := 0
	for i, s := range series {
		if len(s.Values) == 0 {
			return nil, fmt.Errorf("series %d (%q) has no values", i, s.Name)
		}
		epochs = max(epochs, len(s.Values))
	}

	p := newPlot(title, "Epoch", "")
	p.Add(gridLines())
	p.X.Tick.Marker = niceTicks{nbins: 9, integer: true}
	legend := newBoxedLegend()
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for i, s := range series {
		sty := styleFor(i, s.Name, len(s.Values))
		var thumbs []plot.Thumbnailer
		// Split the curve at non-finite values, as matplotlib does.
		var run plotter.XYs
		var marks plotter.XYs
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
		for e, v := range s.Values {
			if !finite(v) {
				if err := flush(); err != nil {
					return nil, err
				}
				continue
			}
			run = append(run, plotter.XY{X: float64(e), Y: v})
			marks = append(marks, plotter.XY{X: float64(e), Y: v})
			ymin, ymax = math.Min(ymin, v), math.Max(ymax, v)
		}
		if err := flush(); err != nil {
			return nil, err
		}
		// The thumbnail of an all-NaN series still shows its style.
		line := &plotter.Line{LineStyle: draw.LineStyle{Color: sty.color, Width: vg.Points(1.5), Dashes: sty.dashes}}
		thumbs = append(thumbs, line)
		if sty.glyph != nil {
			gs := draw.GlyphStyle{Color: sty.color, Shape: sty.glyph, Radius: vg.Points(float64(sty.radius))}
			if len(marks) > 0 {
				sc, err := plotter.NewScatter(marks)
				if err != nil {
					return nil, fmt.Errorf("series %q: %w", s.Name, err)
				}
				sc.GlyphStyle = gs
				p.Add(unpadded{sc})
			}
			thumbs = append(thumbs, &plotter.Scatter{GlyphStyle: gs})
		}
		name := s.Name
		if name == "" {
			name = "series " + strconv.Itoa(i)
		}
		legend.add(name, thumbs...)
	}
	p.Add(frame{}, legend)

	// pandas puts the first and last epoch on the frame's edges.
	p.X.Min, p.X.Max = 0, float64(epochs-1)
	if autoY {
		if ymin > ymax { // no finite value at all
			ymin, ymax = 0, 1
		}
		// matplotlib's 5% margins around the data.
		pad := 0.05 * (ymax - ymin)
		p.Y.Min, p.Y.Max = ymin-pad, ymax+pad
	} else {
		p.Y.Min, p.Y.Max = ylim[0], ylim[1]
	}
	if epochs == 1 {
		// A single epoch would make an empty x range.
		p.X.Min, p.X.Max = -0.5, 0.5
	}
	return p, nil
}

func xysToPairs(xys plotter.XYs) [][2]float64 {
	out := make([][2]float64, len(xys))
	for i, v := range xys {
		out[i] = [2]float64{v.X, v.Y}
	}
	return out
}
