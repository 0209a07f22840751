package plotting

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// Image grid layout, in pixels.
const (
	gridPad        = 10   // between cells and around the grid
	gridWidth      = 1000 // the width the cells aim to fill together
	gridMinCell    = 96   // small images are enlarged to at least this
	gridMaxCell    = 500  // and large ones reduced to at most this
	gridTitlePt    = 12   // figure title, points
	gridSubtitlePt = 10   // image titles, points
)

// ImageGrid draws images in a grid of cols columns, each under its title,
// with title above the whole grid: the notebook's sample photos, or a CNN's
// feature maps. Each image holds height*width*channels values in
// height-width-channel order (channels last, as Keras and NumPy store
// them); channels is 1 for grayscale or 3 for RGB.
//
// Each image is min-max normalised on its own (RGB over all three channels
// together, which keeps its hues), so photos in [0, 1] or [0, 255] and
// feature maps of any range all show with full contrast; a constant image
// is black. Small images are enlarged by whole pixels, large ones reduced,
// so that cells are about 1000/cols pixels wide.
//
// titles may be nil; otherwise it has one title per image (an empty one
// leaves its line blank). cols <= 0 picks a near-square grid. An empty
// title leaves out the figure title.
func ImageGrid(path, title string, images [][]float32, height, width, channels int, titles []string, cols int) error {
	img, err := imageGrid(title, images, height, width, channels, titles, cols)
	if err != nil {
		return fmt.Errorf("plotting: image grid %s: %w", path, err)
	}
	return writePNG(path, img)
}

func imageGrid(title string, images [][]float32, height, width, channels int, titles []string, cols int) (image.Image, error) {
	n := len(images)
	switch {
	case n == 0:
		return nil, errors.New("no images")
	case height <= 0 || width <= 0:
		return nil, fmt.Errorf("image size %dx%d: want positive height and width", height, width)
	case channels != 1 && channels != 3:
		return nil, fmt.Errorf("%d channels: want 1 (grayscale) or 3 (RGB)", channels)
	case titles != nil && len(titles) != n:
		return nil, fmt.Errorf("%d titles for %d images", len(titles), n)
	}
	size := height * width * channels
	for i, im := range images {
		if len(im) != size {
			return nil, fmt.Errorf("image %d has %d values, want %dx%dx%d = %d", i, len(im), height, width, channels, size)
		}
		for j, v := range im {
			if !finite(float64(v)) {
				return nil, fmt.Errorf("image %d: value %v at index %d", i, v, j)
			}
		}
	}
	if cols <= 0 {
		cols = int(math.Ceil(math.Sqrt(float64(n))))
	}
	cols = min(cols, n)
	rows := (n + cols - 1) / cols

	// Scale factor from image pixels to cell pixels.
	target := float64(min(max(gridWidth/cols, gridMinCell), gridMaxCell))
	longest := float64(max(height, width))
	scale := target / longest
	if scale >= 1 {
		scale = math.Floor(scale) // whole pixels keep feature maps crisp
	}
	cellW := max(1, int(math.Round(float64(width)*scale)))
	cellH := max(1, int(math.Round(float64(height)*scale)))

	subFace := faceAt(gridSubtitlePt)
	titleFace := faceAt(gridTitlePt)
	lineH := func(f xfont.Face) int { return f.Metrics().Height.Ceil() }
	subH := 0
	if titles != nil {
		subH = lineH(subFace) + 2
	}
	topH := gridPad
	if title != "" {
		topH += lineH(titleFace) + gridPad/2
	}
	// Wide enough for the figure title, too.
	W := max(cols*cellW+(cols+1)*gridPad, textWidth(titleFace, title)+2*gridPad)
	H := topH + rows*(subH+cellH+gridPad)
	gridLeft := (W - (cols*cellW + (cols+1)*gridPad)) / 2

	out := image.NewRGBA(image.Rect(0, 0, W, H))
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	if title != "" {
		drawText(out, titleFace, title, W/2, gridPad, W-2*gridPad)
	}
	for i, im := range images {
		r, c := i/cols, i%cols
		x := gridLeft + gridPad + c*(cellW+gridPad)
		y := topH + r*(subH+cellH+gridPad)
		if titles != nil {
			drawText(out, subFace, titles[i], x+cellW/2, y, cellW+gridPad/2)
		}
		drawCell(out, image.Rect(x, y+subH, x+cellW, y+subH+cellH), im, height, width, channels)
	}
	return out, nil
}

// drawCell paints one normalised image into dst's rectangle r, sampling
// the nearest pixel when enlarging and averaging when reducing.
func drawCell(dst *image.RGBA, r image.Rectangle, im []float32, height, width, channels int) {
	lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
	for _, v := range im {
		lo, hi = min(lo, v), max(hi, v)
	}
	span := float64(hi - lo)
	norm := func(v float64) uint8 {
		if span == 0 {
			return 0
		}
		return uint8(math.Round(255 * (v - float64(lo)) / span))
	}
	cw, ch := r.Dx(), r.Dy()
	for oy := range ch {
		y0 := oy * height / ch
		y1 := max(y0+1, (oy+1)*height/ch)
		for ox := range cw {
			x0 := ox * width / cw
			x1 := max(x0+1, (ox+1)*width/cw)
			var sum [3]float64
			for sy := y0; sy < y1; sy++ {
				for sx := x0; sx < x1; sx++ {
					base := (sy*width + sx) * channels
					for k := range channels {
						sum[k] += float64(im[base+k])
					}
				}
			}
			cnt := float64((y1 - y0) * (x1 - x0))
			var px color.RGBA
			if channels == 1 {
				g := norm(sum[0] / cnt)
				px = color.RGBA{R: g, G: g, B: g, A: 255}
			} else {
				px = color.RGBA{R: norm(sum[0] / cnt), G: norm(sum[1] / cnt), B: norm(sum[2] / cnt), A: 255}
			}
			dst.SetRGBA(r.Min.X+ox, r.Min.Y+oy, px)
		}
	}
}

// faceAt returns the plots' sans-serif face at size points for dpi.
func faceAt(size vg.Length) xfont.Face {
	f := font.DefaultCache.Lookup(font.From(sans, size), size)
	return f.FontFace(dpi)
}

func textWidth(f xfont.Face, s string) int {
	return xfont.MeasureString(f, spaceDigits(s)).Ceil()
}

// drawText writes s in black centred on x with its top at y, shortened
// with an ellipsis to fit maxW pixels so that neighbours' titles never
// overlap.
func drawText(dst *image.RGBA, f xfont.Face, s string, x, y, maxW int) {
	if textWidth(f, s) > maxW {
		r := []rune(s)
		for len(r) > 0 && textWidth(f, string(r)+"…") > maxW {
			r = r[:len(r)-1]
		}
		s = string(r) + "…"
	}
	s = spaceDigits(s)
	d := xfont.Drawer{Dst: dst, Src: image.Black, Face: f}
	w := d.MeasureString(s)
	d.Dot = fixed.Point26_6{
		X: fixed.I(x) - w/2,
		Y: fixed.I(y) + f.Metrics().Ascent,
	}
	d.DrawString(s)
}
