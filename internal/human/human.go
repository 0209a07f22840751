// Package human writes numbers as people read them, one way for nn's model
// summaries, the commands' printouts and the bench tables alike.
package human

import "strconv"

// Commas writes n with thousands separators, as Keras's summary does:
// 266,610; -1,719.
func Commas(n int) string {
	s := strconv.Itoa(n)
	// Stop before a leading minus sign: -266 stays -266, not -,266.
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Plural writes a count of noun: "1 epoch", "7 epochs", "1,000 epochs".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return Commas(n) + " " + noun + "s"
}
