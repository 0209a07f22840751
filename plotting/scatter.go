package plotting

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PredictedVsActual draws a regressor's predictions against the targets:
// one translucent dot per sample (so dense regions show) and the line y = x
// where perfect predictions would lie, with axes "Actual" and "Predicted"
// over the same range.
func PredictedVsActual(path, title string, actual, predicted []float64) error {
	p, err := predictedVsActual(title, actual, predicted)
	if err != nil {
		return fmt.Errorf("plotting: predicted vs actual %s: %w", path, err)
	}
	return savePlot(path, p, figureWidth, figureHeight)
}

func predictedVsActual(title string, actual, predicted []float64) (*plot.Plot, error) {
	if len(actual) != len(predicted) {
		return nil, fmt.Errorf("%d targets but %d predictions", len(actual), len(predicted))
	}
	if len(actual) == 0 {
		return nil, errors.New("no samples")
	}
	pts := make(plotter.XYs, len(actual))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range actual {
		a, q := actual[i], predicted[i]
		if !finite(a) || !finite(q) {
			return nil, fmt.Errorf("sample %d: target %v, prediction %v: want finite values", i, a, q)
		}
		pts[i] = plotter.XY{X: a, Y: q}
		lo = math.Min(lo, math.Min(a, q))
		hi = math.Max(hi, math.Max(a, q))
	}
	if lo == hi {
		lo, hi = lo-1, hi+1
	}
	pad := 0.05 * (hi - lo)
	lo, hi = lo-pad, hi+pad

	p := newPlot(title, "Actual", "Predicted")
	p.Add(gridLines())
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	// Thousands of housing districts overlap: translucent dots show where
	// they pile up.
	alpha := uint8(math.Max(40, math.Min(200, 200*math.Sqrt(200/float64(len(pts))))))
	sc.GlyphStyle = draw.GlyphStyle{
		Color:  color.NRGBA{R: 0x1f, G: 0x77, B: 0xb4, A: alpha},
		Shape:  draw.CircleGlyph{},
		Radius: vg.Points(2.5),
	}
	diag, err := plotter.NewLine(plotter.XYs{{X: lo, Y: lo}, {X: hi, Y: hi}})
	if err != nil {
		return nil, err
	}
	diag.Color = rgb(0xd62728)
	diag.Width = vg.Points(1.5)
	diag.Dashes = dashed
	legend := newBoxedLegend()
	legend.avoid(xysToPairs(pts))
	legend.avoid([][2]float64{{lo, lo}, {hi, hi}})
	legend.add("samples", &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: rgb(0x1f77b4), Shape: draw.CircleGlyph{}, Radius: vg.Points(2.5)}})
	legend.add("perfect prediction (y = x)", diag)
	p.Add(unpadded{sc}, unpadded{diag}, frame{}, legend)
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min, p.Y.Max = lo, hi
	return p, nil
}
