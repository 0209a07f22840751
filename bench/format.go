package bench

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/gozoo/gozoo/internal/human"
)

// Entry is one model's line of the report: gozoo's figures and, with
// -peers, PyTorch's and the ratios between them.
type Entry struct {
	Gozoo   Result      `json:"gozoo"`
	PyTorch *PeerResult `json:"pytorch,omitempty"`
	// Ratios are gozoo's times over PyTorch's: above 1, gozoo is slower.
	Ratios *Ratios `json:"gozoo_over_pytorch,omitempty"`
}

// Ratios compare gozoo with a peer, each a time of gozoo's divided by the
// same time of the peer's (so 2 means gozoo takes twice as long).
type Ratios struct {
	Step    float64 `json:"train_step_time"`
	Infer   float64 `json:"infer_time"`
	Latency float64 `json:"latency"`
}

// Compare computes gozoo's times over the peer's.
func Compare(g Result, p PeerResult) Ratios {
	return Ratios{
		Step:    ratio(g.StepMs, p.StepMs),
		Infer:   ratio(p.InferSamplesPerSec, g.InferSamplesPerSec),
		Latency: ratio(g.LatencyMs, p.LatencyMs),
	}
}

func ratio(a, b float64) float64 {
	if !(b > 0) {
		return math.NaN()
	}
	return a / b
}

// Report is the bench's JSON file.
type Report struct {
	Time    string  `json:"time"`
	Machine Machine `json:"machine"`
	Command string  `json:"command"`
	Models  []Entry `json:"models"`
	// Gemm is the GEMM table: GFLOP/s of gozoo's, gonum's and OpenBLAS's
	// GEMM (GemmImpls) on the models' products.
	Gemm []GemmRate `json:"gemm,omitempty"`
	// Peers says why there are no PyTorch figures, when there are none.
	Peers string `json:"peers,omitempty"`
	Note  string `json:"note"`
}

// Note is printed under the tables and stored in the report.
const Note = "Times are medians over the timed steps after a warm-up, on random inputs; " +
	"mult ms is the matrix multiplies alone that a step runs (Winograd's for 3x3 convolutions), on the same BLAS and every core; " +
	"epoch s is an estimate (steps of one notebook epoch x median step time). " +
	"Predictions go into buffers of the caller's (PredictInto); all callers is GOMAXPROCS goroutines predicting at once on one model, their total rate. " +
	"PyTorch's threads like 1/2/1 say which thread count gave its best step, inference and latency. " +
	"Ratios are gozoo's time over PyTorch's: above 1, gozoo is slower."

// WriteTables prints gozoo's table, then PyTorch's and the ratios for the
// entries that have them.
func WriteTables(w io.Writer, entries []Entry) {
	blas := ""
	if len(entries) > 0 {
		blas = entries[0].Gozoo.BLAS
	}
	rows := [][]string{{"model", "package", "batch", "params", "step ms", "mult ms", "step/mult", "train samples/s",
		"epoch s (est.)", "infer samples/s", "latency ms", "allocs/step", "MB/step", "peak RSS MB"}}
	for _, e := range entries {
		g := e.Gozoo
		rows = append(rows, []string{g.Model, g.Package, fmt.Sprint(g.Batch), human.Commas(g.Params), Num(g.StepMs),
			Num(g.MultiplyMs), Ratio(ratio(g.StepMs, g.MultiplyMs)), Num(g.TrainSamplesPerSec), Num(g.EpochSeconds), Num(g.InferSamplesPerSec), Num(g.LatencyMs),
			Num(g.AllocsPerStep), Num(g.BytesPerStep / (1 << 20)), Num(g.PeakRSSMB)})
	}
	fmt.Fprintf(w, "gozoo, %s BLAS:\n", blas)
	WriteTable(w, rows)

	callers := 0
	pred := [][]string{{"model", "infer samples/s", "infer samples/s, all callers", "latency ms", "one-example predictions/s, all callers",
		"allocs/predict (1000)", "allocs/predict (1)"}}
	for _, e := range entries {
		g := e.Gozoo
		callers = max(callers, g.Callers)
		pred = append(pred, []string{g.Model, Num(g.InferSamplesPerSec), Num(g.InferParSamplesPerSec), Num(g.LatencyMs),
			Num(g.LatencyParSamplesPerSec), Num(g.InferAllocs), Num(g.LatencyAllocs)})
	}
	fmt.Fprintf(w, "\ngozoo prediction, one caller and %d callers at once on one model:\n", callers)
	WriteTable(w, pred)

	var peers [][]string
	ratios := [][]string{{"model", "train step", "infer (batch 1000)", "latency (1 example)"}}
	for _, e := range entries {
		if e.PyTorch == nil {
			continue
		}
		p := e.PyTorch
		if peers == nil {
			fmt.Fprintf(w, "\n%s on the CPU:\n", p.Framework)
			peers = [][]string{{"model", "batch", "params", "threads", "step ms", "train samples/s", "epoch s (est.)",
				"infer samples/s", "latency ms", "peak RSS MB"}}
		}
		threads := fmt.Sprint(p.Threads)
		if p.Chosen != "" {
			threads = p.Chosen
		}
		peers = append(peers, []string{p.Model, fmt.Sprint(p.Batch), human.Commas(p.Params), threads, Num(p.StepMs),
			Num(p.TrainSamplesPerSec), Num(p.EpochSeconds), Num(p.InferSamplesPerSec), Num(p.LatencyMs), Num(p.PeakRSSMB)})
		r := Compare(e.Gozoo, *p)
		ratios = append(ratios, []string{p.Model, Ratio(r.Step), Ratio(r.Infer), Ratio(r.Latency)})
	}
	if peers != nil {
		WriteTable(w, peers)
		fmt.Fprintf(w, "\ngozoo time / PyTorch time (above 1: gozoo is slower):\n")
		WriteTable(w, ratios)
	}
}

// WriteTable prints rows as columns separated by two spaces: the first
// column left-aligned, the others right-aligned, the first row a header.
func WriteTable(w io.Writer, rows [][]string) {
	var width []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-len([]rune(c)))
			if i > 0 {
				b.WriteString("  ")
			}
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString(pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// Num formats a measurement with about three significant digits, and
// thousands separated by commas from 1,000 up; "-" for NaN or a negative.
func Num(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0) || v < 0:
		return "-"
	case v == 0:
		return "0"
	case v >= 999.5:
		return human.Commas(int(math.Round(v)))
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	case v >= 1:
		return fmt.Sprintf("%.2f", v)
	case v >= 0.01:
		return fmt.Sprintf("%.3f", v)
	default:
		return fmt.Sprintf("%.2g", v)
	}
}

// Ratio formats a ratio like "2.35x"; "-" when unknown.
func Ratio(r float64) string {
	if math.IsNaN(r) || math.IsInf(r, 0) || r <= 0 {
		return "-"
	}
	if r >= 10 {
		return fmt.Sprintf("%.0fx", r)
	}
	return fmt.Sprintf("%.2fx", r)
}
