package plotting

import (
	"errors"
	"fmt"
	"image"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// boundaryGrid is the number of predictions per axis: dense enough that
// the regions' edges look straight at 1000x600 pixels, small enough
// (180,000 calls) for a slow predict.
const (
	boundaryCols = 450
	boundaryRows = 400
)

// classGlyphs are the marker shapes of classes 0, 1, 2, ...: the notebook
// draws its two iris classes as filled squares and circles.
var classGlyphs = []draw.GlyphDrawer{
	draw.BoxGlyph{}, draw.CircleGlyph{}, draw.PyramidGlyph{}, starGlyph{},
	draw.SquareGlyph{}, draw.RingGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{},
}

// DecisionBoundary draws what a two-feature classifier decides: the plane
// over the range of X, widened by a margin of 10%, is coloured by the class
// predict returns at each point, and the samples X are drawn on top as
// markers, one shape and colour per class y, with a legend of classNames.
// This is the notebook's perceptron figure on iris petal length and width.
//
// Classes are numbered from 0; classNames nil names them by number. A class
// in y or returned by predict must have a name (with classNames nil: must
// not be negative).
func DecisionBoundary(path, title, xlabel, ylabel string, X [][2]float64, y []int, predict func(x1, x2 float64) int, classNames []string) error {
	p, err := decisionBoundary(title, xlabel, ylabel, X, y, predict, classNames)
	if err != nil {
		return fmt.Errorf("plotting: decision boundary %s: %w", path, err)
	}
	return savePlot(path, p, figureWidth, figureHeight)
}

func decisionBoundary(title, xlabel, ylabel string, X [][2]float64, y []int, predict func(x1, x2 float64) int, classNames []string) (*plot.Plot, error) {
	if len(X) == 0 {
		return nil, errors.New("no samples")
	}
	if len(X) != len(y) {
		return nil, fmt.Errorf("%d samples but %d labels", len(X), len(y))
	}
	if predict == nil {
		return nil, errors.New("nil predict function")
	}
	k := len(classNames)
	checkClass := func(c int, what string) error {
		if c < 0 || (classNames != nil && c >= k) {
			if classNames == nil {
				return fmt.Errorf("%s %d: classes are numbered from 0", what, c)
			}
			return fmt.Errorf("%s %d: want 0..%d (one per class name)", what, c, k-1)
		}
		return nil
	}
	x0min, x0max := math.Inf(1), math.Inf(-1)
	x1min, x1max := math.Inf(1), math.Inf(-1)
	for i, pt := range X {
		if !finite(pt[0]) || !finite(pt[1]) {
			return nil, fmt.Errorf("sample %d is %v: want finite features", i, pt)
		}
		if err := checkClass(y[i], fmt.Sprintf("sample %d has class", i)); err != nil {
			return nil, err
		}
		x0min, x0max = math.Min(x0min, pt[0]), math.Max(x0max, pt[0])
		x1min, x1max = math.Min(x1min, pt[1]), math.Max(x1max, pt[1])
	}
	widen := func(lo, hi float64) (float64, float64) {
		m := 0.1 * (hi - lo)
		if m == 0 {
			m = math.Max(0.5, 0.1*math.Abs(lo))
		}
		return lo - m, hi + m
	}
	x0min, x0max = widen(x0min, x0max)
	x1min, x1max = widen(x1min, x1max)

	// Predict at the centre of each grid cell; image row 0 is the top.
	pred := make([]int, boundaryCols*boundaryRows)
	maxClass := 0
	for _, c := range y {
		maxClass = max(maxClass, c)
	}
	for r := range boundaryRows {
		v := x1max - (float64(r)+0.5)*(x1max-x1min)/boundaryRows
		for c := range boundaryCols {
			u := x0min + (float64(c)+0.5)*(x0max-x0min)/boundaryCols
			cls := predict(u, v)
			if err := checkClass(cls, fmt.Sprintf("predict(%g, %g) returned class", u, v)); err != nil {
				return nil, err
			}
			pred[r*boundaryCols+c] = cls
			maxClass = max(maxClass, cls)
		}
	}
	if classNames == nil {
		k = maxClass + 1
		classNames = make([]string, k)
		for i := range classNames {
			classNames[i] = strconv.Itoa(i)
		}
	}

	regions := image.NewRGBA(image.Rect(0, 0, boundaryCols, boundaryRows))
	for i, cls := range pred {
		regions.SetRGBA(i%boundaryCols, i/boundaryCols, lighten(cycleColor(cls), 0.3))
	}

	p := newPlot(title, xlabel, ylabel)
	p.Add(plotter.NewImage(regions, x0min, x1min, x0max, x1max))
	legend := newBoxedLegend()
	for cls := range k {
		var pts plotter.XYs
		for i, pt := range X {
			if y[i] == cls {
				pts = append(pts, plotter.XY{X: pt[0], Y: pt[1]})
			}
		}
		gs := draw.GlyphStyle{
			Color:  cycleColor(cls),
			Shape:  classGlyphs[cls%len(classGlyphs)],
			Radius: vg.Points(3.5),
		}
		if len(pts) > 0 {
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, err
			}
			sc.GlyphStyle = gs
			p.Add(unpadded{sc})
			legend.avoid(xysToPairs(pts))
		}
		legend.add(classNames[cls], &plotter.Scatter{GlyphStyle: gs})
	}
	p.Add(frame{}, legend)
	p.X.Min, p.X.Max = x0min, x0max
	p.Y.Min, p.Y.Max = x1min, x1max
	return p, nil
}
