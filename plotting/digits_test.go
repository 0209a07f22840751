package plotting

import (
	"image"
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// inkSpan returns the first and last columns of img holding a dark pixel.
func inkSpan(img image.Image) (lo, hi int) {
	b := img.Bounds()
	lo, hi = b.Max.X, b.Min.X-1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if luminance(img.At(x, y)) < 0.5 {
				lo, hi = min(lo, x), max(hi, x)
			}
		}
	}
	return lo, hi
}

// checkAdvance checks that the ink of "11" drawn at 20 pt is one full
// advance of "1" wider than the ink of "1", as width measures them.
func checkAdvance(t *testing.T, width func(string) int) {
	t.Helper()
	one, two := width("1"), width("11")
	// The advance of "1" is 0.556 em: 11.1 pt at 20 pt, 15.4 pixels at 100 dpi.
	adv := 0.556 * 20 * dpi / 72
	if got := float64(two - one); math.Abs(got-adv) > 1.5 {
		t.Errorf("ink of \"11\" is %d px wide, of \"1\" %d: the second digit starts %.1f px after the first, want %.1f (no kerning between digits)", two, one, got, adv)
	}
}

// TestDigitSpacingPlots draws "1" and "11" as a confusion matrix's counts
// are drawn and checks that the second "1" starts one full advance after
// the first: Liberation Sans's "11" kerning pulled it 0.7 pt (a pixel at 10
// pt) into the first, and the digits of "11" and "111" ran together.
func TestDigitSpacingPlots(t *testing.T) {
	sty := textStyle(20)
	sty.XAlign = draw.XLeft
	width := func(s string) int {
		img := render(2*vg.Inch, vg.Inch, func(c draw.Canvas) {
			c.FillText(sty, vg.Point{X: 10, Y: 30}, s)
		})
		lo, hi := inkSpan(img)
		return hi - lo + 1
	}
	checkAdvance(t, width)
	if a, b := sty.Width("11"), 2*sty.Width("1"); math.Abs(float64(a-b)) > 1e-9 {
		t.Errorf("measured width of \"11\" is %v, want twice that of \"1\", %v", a, b)
	}
}

// TestDigitSpacingImageGrid checks the same for the image grids' titles
// ("filter 11"), which x/image draws.
func TestDigitSpacingImageGrid(t *testing.T) {
	f := faceAt(20)
	width := func(s string) int {
		img := image.NewRGBA(image.Rect(0, 0, 200, 60))
		for i := range img.Pix {
			img.Pix[i] = 255
		}
		drawText(img, f, s, 100, 10, 200)
		lo, hi := inkSpan(img)
		return hi - lo + 1
	}
	checkAdvance(t, width)
}

func TestSpaceDigits(t *testing.T) {
	for in, want := range map[string]string{
		"":          "",
		"filter 11": "filter 1\u200b1",
		"1111":      "1\u200b1\u200b1\u200b1",
		"a1b1":      "a1b1",
		"2024":      "2024", // no "1": left as is, nothing in it kerns
		"10 Î":      "1\u200b0 Î",
	} {
		if got := spaceDigits(in); got != want {
			t.Errorf("spaceDigits(%q) = %q, want %q", in, got, want)
		}
		if again := spaceDigits(spaceDigits(in)); again != spaceDigits(in) {
			t.Errorf("spaceDigits is not idempotent on %q", in)
		}
	}
}
