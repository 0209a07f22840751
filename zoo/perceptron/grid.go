package perceptron

// GridPredictor classifies the points of a decision-boundary plot
// (plotting.DecisionBoundary) with the model's own graph, fast. DecisionBoundary asks for one point at a time,
// 180,000 of them, and a one-row Predict costs about 40 µs of graph overhead
// (7 s in all); but it asks row by row, with the same x1 values in every
// row. So once the first row has shown the x1 values, each new row is
// classified in one batched Predict, and a point not foreseen gets a Predict
// of its own: the answers are the model's either way.
type GridPredictor struct {
	model *Model
	xs    []float64        // x1 values asked so far
	known map[float64]bool // the set of xs
	x2    float64          // the current row
	row   map[float64]bool // predictions at x2 for each of xs
	err   error            // the first Predict error
}

// NewGridPredictor is a GridPredictor of m, which must take two features.
func NewGridPredictor(m *Model) *GridPredictor { return &GridPredictor{model: m} }

// Predict is the model's class of the point (x1, x2): 1 for true, 0 for
// false, and 0 after an error, which Err then returns.
func (g *GridPredictor) Predict(x1, x2 float64) int {
	if g.row == nil || x2 != g.x2 {
		g.x2, g.row = x2, map[float64]bool{}
		pts := make([][]float64, len(g.xs))
		for i, u := range g.xs {
			pts[i] = []float64{u, x2}
		}
		p, err := g.model.Predict(pts)
		g.fail(err)
		for i, u := range g.xs {
			if err == nil {
				g.row[u] = p[i]
			}
		}
	}
	if p, ok := g.row[x1]; ok {
		return b2i(p)
	}
	if g.known == nil {
		g.known = map[float64]bool{}
	}
	if !g.known[x1] {
		g.known[x1] = true
		g.xs = append(g.xs, x1)
	}
	p, err := g.model.Predict([][]float64{{x1, x2}})
	if g.fail(err) {
		return 0
	}
	g.row[x1] = p[0]
	return b2i(p[0])
}

// Err is the first error of a Predict, nil if none failed.
func (g *GridPredictor) Err() error { return g.err }

// fail records the first error and tells whether err is one.
func (g *GridPredictor) fail(err error) bool {
	if err != nil && g.err == nil {
		g.err = err
	}
	return err != nil
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
