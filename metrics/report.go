package metrics

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ClassScores holds the precision, recall and F1 score of one class (or an
// average over classes) and its support, the number of true samples it
// covers. The JSON names are those of scikit-learn's
// classification_report(output_dict=True).
type ClassScores struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1-score"`
	Support   int     `json:"support"`
}

// Report is scikit-learn's classification report: per-class scores, the
// accuracy and the macro (unweighted) and support-weighted averages. Its
// String method prints it like classification_report; it marshals to JSON
// for a metrics.json file.
type Report struct {
	Classes     []string      `json:"classes"`
	PerClass    []ClassScores `json:"per_class"`
	Accuracy    float64       `json:"accuracy"`
	MacroAvg    ClassScores   `json:"macro_avg"`
	WeightedAvg ClassScores   `json:"weighted_avg"`
	Total       int           `json:"total"`

	// micro is set when a class in Classes occurs in neither label vector:
	// scikit-learn then prints a "micro avg" row instead of "accuracy". It
	// is left out of the JSON, so a decoded Report prints "accuracy".
	micro bool
}

// Classification computes the classification report of predictions yPred
// against the true labels yTrue.
//
// With classNames, the classes are the labels 0..len(classNames)-1 and a
// label outside that range is an error; a class that never occurs still has
// its row (with zero scores) and counts in the macro average, as it does in
// scikit-learn with labels=range(len(classNames)). With classNames nil, the
// classes are the distinct labels found in yTrue and yPred, in increasing
// order and named by their value, as scikit-learn does without labels.
//
// A ratio with a zero denominator (no sample predicted as a class, or no
// sample of it) scores 0, as scikit-learn's zero_division="warn" does.
func Classification(yTrue, yPred []int, classNames []string) (Report, error) {
	if err := checkLen(len(yTrue), len(yPred)); err != nil {
		return Report{}, fmt.Errorf("classification report: %w", err)
	}
	var labels []int
	var names []string
	if classNames == nil {
		labels = append(slices.Clone(yTrue), yPred...)
		slices.Sort(labels)
		labels = slices.Compact(labels)
		names = make([]string, len(labels))
		for i, l := range labels {
			names[i] = strconv.Itoa(l)
		}
	} else {
		if len(classNames) == 0 {
			return Report{}, fmt.Errorf("classification report: empty class name list")
		}
		names = slices.Clone(classNames)
		labels = make([]int, len(names))
		for i := range labels {
			labels[i] = i
		}
		for i := range yTrue {
			if t := yTrue[i]; t < 0 || t >= len(names) {
				return Report{}, fmt.Errorf("classification report: true label %d at index %d is outside 0..%d", t, i, len(names)-1)
			}
			if p := yPred[i]; p < 0 || p >= len(names) {
				return Report{}, fmt.Errorf("classification report: predicted label %d at index %d is outside 0..%d", p, i, len(names)-1)
			}
		}
	}
	index := make(map[int]int, len(labels))
	for i, l := range labels {
		index[l] = i
	}

	k := len(labels)
	tp := make([]int, k)
	nTrue := make([]int, k)
	nPred := make([]int, k)
	hits := 0
	for i, t := range yTrue {
		ti, pi := index[t], index[yPred[i]]
		nTrue[ti]++
		nPred[pi]++
		if ti == pi {
			tp[ti]++
			hits++
		}
	}

	r := Report{
		Classes:  names,
		PerClass: make([]ClassScores, k),
		Total:    len(yTrue),
		Accuracy: float64(hits) / float64(len(yTrue)),
	}
	for i := range k {
		if nTrue[i] == 0 && nPred[i] == 0 {
			r.micro = true
		}
		p := ratio(tp[i], nPred[i])
		rc := ratio(tp[i], nTrue[i])
		var f1 float64
		// scikit-learn 1.2 derives F1 from precision and recall in this
		// order of operations; matching it keeps the rounded digits equal.
		if p+rc != 0 {
			f1 = 2 * p * rc / (p + rc)
		}
		r.PerClass[i] = ClassScores{Precision: p, Recall: rc, F1: f1, Support: nTrue[i]}
	}
	prec := make([]float64, k)
	rec := make([]float64, k)
	f1 := make([]float64, k)
	support := make([]float64, k)
	for i, s := range r.PerClass {
		prec[i], rec[i], f1[i], support[i] = s.Precision, s.Recall, s.F1, float64(s.Support)
	}
	r.MacroAvg = ClassScores{
		Precision: pairwiseSum(prec) / float64(k),
		Recall:    pairwiseSum(rec) / float64(k),
		F1:        pairwiseSum(f1) / float64(k),
		Support:   r.Total,
	}
	weighted := func(x []float64) float64 {
		wx := make([]float64, k)
		for i := range x {
			wx[i] = x[i] * support[i]
		}
		return pairwiseSum(wx) / float64(r.Total)
	}
	r.WeightedAvg = ClassScores{
		Precision: weighted(prec),
		Recall:    weighted(rec),
		F1:        weighted(f1),
		Support:   r.Total,
	}
	return r, nil
}

// pairwiseSum adds x in the order NumPy's sum does (eight running sums for
// short arrays, halves for long ones), so the averages round to the same
// printed digits as scikit-learn's even when a sum lands near a tie.
func pairwiseSum(x []float64) float64 {
	n := len(x)
	switch {
	case n < 8:
		var s float64
		for _, v := range x {
			s += v
		}
		return s
	case n <= 128:
		var r [8]float64
		copy(r[:], x[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += x[i+j]
			}
		}
		s := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			s += x[i]
		}
		return s
	default:
		h := n / 2
		h -= h % 8
		return pairwiseSum(x[:h]) + pairwiseSum(x[h:])
	}
}

func ratio(num, den int) float64 {
	if den == 0 {
		return 0
	}
	return float64(num) / float64(den)
}

// String formats the report exactly as scikit-learn's
// classification_report(y_true, y_pred, target_names=r.Classes, digits=2)
// prints it, so the two can be compared line by line.
func (r Report) String() string {
	// fmt pads by runes and Python by code points, so rune counts keep
	// non-ASCII class names aligned the same way.
	width := utf8.RuneCountInString("weighted avg")
	for _, c := range r.Classes {
		width = max(width, utf8.RuneCountInString(c))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%*s  %9s %9s %9s %9s\n\n", width, "", "precision", "recall", "f1-score", "support")
	// When no prediction is right, scikit-learn's counts go through a float
	// array (its "pathological case" in multilabel_confusion_matrix) and
	// the supports print as 3.0 rather than 3; copy that so the two reports
	// stay byte for byte comparable.
	support := func(n int) string {
		if r.Accuracy == 0 {
			return strconv.Itoa(n) + ".0"
		}
		return strconv.Itoa(n)
	}
	row := func(name string, s ClassScores) {
		fmt.Fprintf(&b, "%*s  %9.2f %9.2f %9.2f %9s\n", width, name, s.Precision, s.Recall, s.F1, support(s.Support))
	}
	for i, c := range r.Classes {
		var s ClassScores
		if i < len(r.PerClass) {
			s = r.PerClass[i]
		}
		row(c, s)
	}
	b.WriteString("\n")
	// scikit-learn prints the micro-averaged F1 score here, 2pr/(p+r) with
	// p = r = accuracy, which can differ from the accuracy in the last bit
	// and so in the rounded digits (19 of 40 right prints 0.48, not 0.47).
	a := r.Accuracy
	if a != 0 {
		a = 2 * a * a / (a + a)
	}
	if r.micro {
		fmt.Fprintf(&b, "%*s  %9.2f %9.2f %9.2f %9s\n", width, "micro avg", r.Accuracy, r.Accuracy, a, support(r.Total))
	} else {
		fmt.Fprintf(&b, "%*s  %9s %9s %9.2f %9s\n", width, "accuracy", "", "", a, support(r.Total))
	}
	row("macro avg", r.MacroAvg)
	row("weighted avg", r.WeightedAvg)
	return b.String()
}
