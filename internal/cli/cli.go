// Package cli is the command line every cmd/<model> shares: its flags, its
// one-line errors, Ctrl-C handling, the output folder and metrics.json.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gozoo/gozoo/internal/atomicfile"
	"github.com/gozoo/gozoo/nn"
)

// Flags are the options every model command takes.
type Flags struct {
	Epochs  int
	Batch   int
	LR      float64
	Seed    int64
	DataDir string
	Out     string
	Limit   int
	Dataset string
	Load    string
	// ONNX is the file -onnx writes the model to, as an ONNX model.
	ONNX string

	fs  *flag.FlagSet
	set map[string]bool
}

// NewFlags registers the common flags on a new flag set for the command
// name, with the given defaults (Out defaults to out/<name>).
func NewFlags(name string, def Flags) *Flags {
	f := &Flags{fs: flag.NewFlagSet(name, flag.ContinueOnError)}
	if def.Out == "" {
		def.Out = filepath.Join("out", name)
	}
	if def.Seed == 0 {
		def.Seed = 42
	}
	fs := f.fs
	fs.IntVar(&f.Epochs, "epochs", def.Epochs, "training epochs")
	fs.IntVar(&f.Batch, "batch", def.Batch, "minibatch size")
	fs.Float64Var(&f.LR, "lr", def.LR, "learning rate")
	fs.Int64Var(&f.Seed, "seed", def.Seed, "random seed: weights, shuffling, dropout")
	fs.StringVar(&f.DataDir, "data", def.DataDir, "folder holding the dataset files (default: search GOZOO_DATA, system and cache folders, then the embedded copy)")
	fs.StringVar(&f.Out, "out", def.Out, "output folder for the model, plots and metrics.json")
	fs.IntVar(&f.Limit, "limit", def.Limit, "train on the first N training rows only (0 = all), for quick runs")
	fs.StringVar(&f.Dataset, "dataset", def.Dataset, "dataset")
	fs.StringVar(&f.Load, "load", def.Load, "load a saved model instead of building a new one (then -epochs defaults to 0: evaluate only)")
	fs.StringVar(&f.ONNX, "onnx", "", "also write the model, after training, as an ONNX model to this .onnx file (-load takes .onnx files too)")
	return f
}

// FlagSet is the underlying flag set, for a command's own extra flags.
func (f *Flags) FlagSet() *flag.FlagSet { return f.fs }

// Parse parses args. Errors are one line; -h prints the usage and returns
// flag.ErrHelp.
func (f *Flags) Parse(args []string) error {
	f.fs.SetOutput(io.Discard)
	if err := f.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			f.fs.SetOutput(os.Stdout)
			fmt.Fprintf(os.Stdout, "Usage of %s:\n", f.fs.Name())
			f.fs.PrintDefaults()
			return err
		}
		return fmt.Errorf("%w (run with -h for the flags)", err)
	}
	if f.fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (run with -h for the flags)", f.fs.Arg(0))
	}
	f.set = map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	switch {
	case f.Epochs < 0 || f.Epochs > nn.MaxEpochs:
		return fmt.Errorf("-epochs %d: must be 0 to %d", f.Epochs, nn.MaxEpochs)
	case f.Batch <= 0:
		return fmt.Errorf("-batch %d: must be positive", f.Batch)
	case !(f.LR > 0) || f.LR > 100:
		return fmt.Errorf("-lr %v: must be in (0, 100]", f.LR)
	case f.Limit < 0:
		return fmt.Errorf("-limit %d: must be 0 (all) or more", f.Limit)
	}
	return f.checkONNX()
}

// IsSet tells whether the user gave the flag on the command line.
func (f *Flags) IsSet(name string) bool { return f.set[name] }

// CheckDataset returns an error naming the -dataset flag unless it is one
// of the allowed values.
func (f *Flags) CheckDataset(allowed ...string) error {
	for _, a := range allowed {
		if f.Dataset == a {
			return nil
		}
	}
	return fmt.Errorf("-dataset %q: want one of %s", f.Dataset, strings.Join(allowed, ", "))
}

// madeOut lists the folders PrepareOut created, deepest first, for Main to
// remove again when they are still empty after a failed run.
var madeOut []string

// PrepareOut creates the output folder and checks that it can be written to,
// before any training time is spent. The folders it creates are removed
// again if the run fails before writing anything in them.
func PrepareOut(dir string) error {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		madeOut = append(madeOut, d)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("-out %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".probe*")
	if err != nil {
		return fmt.Errorf("-out %s: cannot write there: %w", dir, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// training is true while Train runs Fit: the one phase in which the first
// Ctrl-C or SIGTERM lets the current step finish, so that the model file
// keeps the last epoch. Anywhere else (reading data, a -load blocked on a
// pipe, writing plots, each written atomically) it ends the program at once.
var training atomic.Bool

// GCPercent is the garbage collector's target percentage (GOGC) that Main
// sets unless the environment sets GOGC.
const GCPercent = 50

// Main runs a command. While it trains, run's context is cancelled by the
// first Ctrl-C or SIGTERM, and a second one exits at once; at any other
// time the first one exits at once. Any error is printed as one line on stderr and
// the process exits with status 1 (130 after an interrupt); a panic is
// turned into such a line too, its stack only with GOZOO_DEBUG=1. It sets
// the collector's GOGC to GCPercent unless the environment sets it.
func Main(name string, run func(ctx context.Context, args []string) error) {
	ctx, stop := context.WithCancel(context.Background())
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		if !training.Load() {
			fmt.Fprintf(os.Stderr, "\n%s: interrupted\n", name)
			os.Exit(130)
		}
		stop()
		// The message goes out after the cancellation and without
		// blocking the second signal: a stderr that blocks (a full pipe)
		// must not keep Ctrl-C from ending the program.
		go fmt.Fprintf(os.Stderr, "\n%s: interrupted: stopping after this step (Ctrl-C again to quit now)\n", name)
		<-sig
		os.Exit(130)
	}()
	// A command's heap is mostly a few large arrays kept for the whole run
	// (the dataset, the graphs' buffers), quick for the collector to mark,
	// and the default GOGC=100 lets it grow to twice them before a
	// collection: GCPercent holds the peak to 1.5 times, for a collection
	// every few hundred training steps. GOGC in the environment still
	// rules.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				if os.Getenv("GOZOO_DEBUG") != "" {
					fmt.Fprintf(os.Stderr, "%s\n", debug.Stack())
				}
				err = fmt.Errorf("internal error: %v", r)
			}
		}()
		return run(ctx, os.Args[1:])
	}()
	if err != nil {
		removeEmptyOut()
	}
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, nn.ErrInterrupted):
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(130)
	default:
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}

// removeEmptyOut removes the folders PrepareOut made, deepest first, as
// long as they are empty: a failed run leaves no empty -out behind.
func removeEmptyOut() {
	for _, d := range madeOut {
		if os.Remove(d) != nil {
			return
		}
	}
}

// Report is what a command writes to metrics.json.
type Report struct {
	Model       string             `json:"model"`
	Dataset     string             `json:"dataset"`
	DataFrom    string             `json:"data_from,omitempty"`
	Params      int                `json:"params"`
	Trainable   int                `json:"trainable_params"`
	Epochs      int                `json:"epochs"`
	BatchSize   int                `json:"batch_size"`
	LearnRate   float64            `json:"learning_rate"`
	Seed        int64              `json:"seed"`
	TrainRows   int                `json:"train_rows"`
	History     nn.History         `json:"history"`
	Valid       map[string]float64 `json:"valid,omitempty"`
	Test        map[string]float64 `json:"test,omitempty"`
	Extra       map[string]any     `json:"extra,omitempty"`
	WallSeconds float64            `json:"wall_seconds"`
	Files       []string           `json:"files"`
	// ONNX is the -onnx file the command wrote, if any: Finish lists it
	// among the files.
	ONNX string `json:"-"`
}

// Write saves the report as indented JSON, atomically.
func (r *Report) Write(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return atomicfile.WriteFile(path, append(b, '\n'))
}

// evalPart is a part of the data a report evaluates the model on, and the
// map its figures go into.
type evalPart struct {
	name string
	d    nn.Data
	into map[string]float64
}

// begin fills in the fields of a model's report that come from the model
// and its data, and returns the validation and test parts to evaluate it
// on, whose figures go into r.Valid and r.Test.
func (r *Report) begin(m *nn.Model, dataset, from string, trainRows int, hist nn.History, valid, test nn.Data) []evalPart {
	r.Dataset, r.DataFrom, r.TrainRows, r.History = dataset, from, trainRows, hist
	tr, nt := m.CountParams()
	r.Params, r.Trainable = tr+nt, tr
	r.Valid, r.Test = map[string]float64{}, map[string]float64{}
	return []evalPart{{"validation", valid, r.Valid}, {"test", test, r.Test}}
}

// Finish ends a command's run: it adds the ONNX file, if any, and
// out/metrics.json to the files the run wrote, records them and the wall time since start in r, writes r there and
// prints the list of files.
func (r *Report) Finish(out string, files []string, start time.Time) error {
	mp := filepath.Join(out, "metrics.json")
	if r.ONNX != "" {
		files = append(files, r.ONNX)
	}
	r.Files = append(files, mp)
	r.WallSeconds = Since(start)
	if err := r.Write(mp); err != nil {
		return err
	}
	PrintWrote(os.Stdout, r.Files)
	return nil
}

// PrintSummary prints the model's summary, a table like Keras's
// model.summary(), as every command does before it trains.
func PrintSummary(m interface{ Summary() (string, error) }) error {
	s, err := m.Summary()
	if err != nil {
		return err
	}
	fmt.Print(s)
	return nil
}

// PrintWrote prints the list of files that ends every command's output,
// after a blank line.
func PrintWrote(w io.Writer, files []string) {
	fmt.Fprintln(w, "\nWrote:")
	for _, f := range files {
		fmt.Fprintln(w, "  "+f)
	}
}

// Since is the wall time since start in seconds, rounded to milliseconds.
func Since(start time.Time) float64 {
	return float64(time.Since(start).Milliseconds()) / 1000
}
