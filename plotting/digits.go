package plotting

import (
	"strings"
	"unicode"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// zeroWidthSpace has a glyph of no width and no outline in the plots' face,
// and no kerning pair with anything.
const zeroWidthSpace = "\u200b"

// spaceDigits puts a zero-width space between adjacent digits. Liberation
// Sans, like Arial, kerns the pair "1" "1" by -7% of an em, which matplotlib
// ignores for digits but gonum/plot and x/image apply: "11" and "111"
// rendered as one blurred stroke in the confusion matrices' counts and in
// titles such as "filter 11". With the space between them each digit keeps
// its full advance, as tabular figures should, and other letter pairs keep
// their kerning.
func spaceDigits(s string) string {
	if !strings.ContainsRune(s, '1') {
		return s // only "11" kerns among the digits: most labels need no copy
	}
	var b strings.Builder
	prevDigit := false
	for _, r := range s {
		d := unicode.IsDigit(r)
		if d && prevDigit {
			b.WriteString(zeroWidthSpace)
		}
		b.WriteRune(r)
		prevDigit = d
	}
	return b.String()
}

// digitSpacing is gonum/plot's plain text handler with spaceDigits applied
// to every string it measures or draws.
type digitSpacing struct{ text.Handler }

// Lines implements text.Handler.
func (h digitSpacing) Lines(txt string) []string { return h.Handler.Lines(spaceDigits(txt)) }

// Box implements text.Handler.
func (h digitSpacing) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	return h.Handler.Box(spaceDigits(txt), fnt)
}

// Draw implements text.Handler.
func (h digitSpacing) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	h.Handler.Draw(c, spaceDigits(txt), sty, pt)
}

// textHandler is the handler of every text style of gozoo's plots.
var textHandler text.Handler = digitSpacing{plot.DefaultTextHandler}
