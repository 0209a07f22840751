package perceptron

import "github.com/gozoo/gozoo/data"

// Petals is the data of section 1.3's cell, X = petal length and width,
// y = (class == setosa), for the first limit flowers of the embedded Iris data (all for
// limit <= 0; Iris lists the 50 setosas first): each flower's petal length
// and width, and whether it is a setosa.
func Petals(limit int) (X [][]float64, y []bool, err error) {
	iris, err := data.Iris()
	if err != nil {
		return nil, nil, err
	}
	t := iris.Columns(2, 3)
	if limit > 0 && limit < t.Len() {
		idx := make([]int, limit)
		for i := range idx {
			idx[i] = i
		}
		t = t.Subset(idx)
	}
	labels := t.Labels()
	y = make([]bool, len(labels))
	for i, c := range labels {
		y[i] = c == 0
	}
	return t.X, y, nil
}
