// Command bench measures how fast gozoo's models train and predict, and with
// -peers the same architectures in PyTorch on the same machine.
//
//	go run ./cmd/bench                          # every model, gozoo's own GEMM (pure Go)
//	go run -tags openblas ./cmd/bench -peers    # OpenBLAS, beside PyTorch
//	go run ./cmd/bench -models fashion-mlp -steps 50
//	go run -tags openblas ./cmd/bench -models none   # the GEMM table alone
//
// For each model it prints the median training step time and samples per
// second at the notebook's batch size, an estimate of one notebook epoch,
// inference samples per second on a batch of 1,000, the latency of one
// prediction, the allocations per training step and the peak RSS; then the
// predictions' throughput from GOMAXPROCS goroutines at once on one model
// and their allocations; then the GEMM table (GFLOP/s of gozoo's, gonum's
// and, with -tags openblas, OpenBLAS's GEMM on the models' product shapes);
// and writes them to -json. Inputs are random: no dataset is needed.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gozoo/gozoo/bench"
	"github.com/gozoo/gozoo/internal/atomicfile"
	"github.com/gozoo/gozoo/internal/cli"
	"github.com/gozoo/gozoo/internal/gemm"
	"github.com/gozoo/gozoo/nn"
)

func main() {
	cli.Main("bench", func(ctx context.Context, args []string) error { return run(ctx, args, os.Stdout, os.Stderr) })
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	specs := bench.Specs()
	models := fs.String("models", "all", "comma-separated models to run: "+strings.Join(bench.Names(specs), ", ")+"; none for the GEMM table alone")
	steps := fs.Int("steps", 0, "timed training steps per model (default: each model's own, fewer for slow ones)")
	jsonPath := fs.String("json", filepath.Join("out", "bench", "bench.json"), "write the results to this JSON file")
	peers := fs.Bool("peers", false, "also run the same models in PyTorch on the CPU (bench/peers/torch_bench.py) and print the ratios")
	python := fs.String("python", bench.DefaultPython(), "Python interpreter for -peers")
	gemmTable := fs.Bool("gemm", true, "also print the GEMM table: GFLOP/s of gozoo's, gonum's and (-tags openblas) OpenBLAS's GEMM at 1024^3 and the models' shapes, one thread and every core")
	gemmTime := fs.Duration("gemm-time", time.Second, "time spent on each figure of the GEMM table (at least 3 passes and a warm-up)")
	threads := fs.Int("peer-threads", 0, "PyTorch threads for -peers (default: the best of 1 and every core, figure by figure)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fmt.Fprintln(stdout, "Usage of bench:")
			fs.PrintDefaults()
			return err
		}
		return fmt.Errorf("%w (run with -h for the flags)", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (run with -h for the flags)", fs.Arg(0))
	}
	if *steps < 0 {
		return fmt.Errorf("-steps %d: must be positive (0 for each model's default)", *steps)
	}
	if *gemmTime <= 0 {
		return fmt.Errorf("-gemm-time %v: must be positive", *gemmTime)
	}
	if *threads < 0 {
		return fmt.Errorf("-peer-threads %d: must be positive (0 for the best of 1 and every core)", *threads)
	}
	var chosen []bench.Spec
	if *models != "none" {
		var err error
		if chosen, err = bench.Select(specs, *models); err != nil {
			return fmt.Errorf("-models: %w", err)
		}
	}
	if *jsonPath != "" {
		if err := os.MkdirAll(filepath.Dir(*jsonPath), 0o755); err != nil {
			return fmt.Errorf("-json %s: %w", *jsonPath, err)
		}
	}
	var script string
	report := bench.Report{
		Time:    time.Now().UTC().Format(time.RFC3339),
		Machine: bench.ThisMachine(nn.BLAS()),
		Command: strings.Join(append([]string{"bench"}, args...), " "),
		Note:    bench.Note,
	}
	if *peers {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		if script, err = bench.FindScript(wd, bench.TorchScript); err != nil {
			return fmt.Errorf("-peers: %w", err)
		}
		if v, err := bench.TorchAvailable(ctx, *python); err != nil {
			fmt.Fprintln(stdout, bench.ErrNoTorch.Error()+"; gozoo's figures alone follow.")
			report.Peers = bench.ErrNoTorch.Error()
			*peers = false
		} else {
			fmt.Fprintf(stderr, "PyTorch %s found (%s)\n", v, *python)
		}
	}
	m := report.Machine
	fmt.Fprintf(stdout, "%s, %d cores, GOMAXPROCS %d, %s %s, load average %s\n", m.CPU, m.Cores, m.GOMAXPROCS, m.Go, m.OS, m.Load)
	for _, spec := range chosen {
		fmt.Fprintf(stderr, "bench: %s (%s, %s)...\n", spec.Name, spec.Package, spec.About)
		res, err := bench.Measure(ctx, spec, bench.Options{Steps: *steps})
		if err != nil {
			return err
		}
		e := bench.Entry{Gozoo: res}
		if *peers {
			fmt.Fprintf(stderr, "bench: %s in PyTorch...\n", spec.Name)
			p, err := bench.RunPeer(ctx, spec, bench.PeerOptions{Python: *python, Script: script, Steps: *steps, Threads: *threads})
			if err != nil {
				if ctx.Err() != nil {
					return fmt.Errorf("%w: %w", nn.ErrInterrupted, ctx.Err())
				}
				return fmt.Errorf("-peers: %w", err)
			}
			e.PyTorch = &p
			r := bench.Compare(res, p)
			e.Ratios = &r
		}
		report.Models = append(report.Models, e)
	}
	if len(report.Models) > 0 {
		fmt.Fprintln(stdout)
		bench.WriteTables(stdout, report.Models)
		fmt.Fprintf(stdout, "\n%s\n", bench.Note)
	}
	if *gemmTable {
		fmt.Fprintln(stderr, "bench: GEMM table...")
		of := chosen
		if len(of) == 0 { // -models none: every model's products
			of = specs
		}
		shapes, err := bench.GemmShapes(of)
		if err != nil {
			return err
		}
		impls := bench.GemmImpls()
		if report.Gemm, err = bench.MeasureGemms(ctx, shapes, impls, *gemmTime); err != nil {
			return err
		}
		fmt.Fprintln(stdout)
		bench.WriteGemmTable(stdout, report.Gemm, impls)
	}
	if !strings.HasPrefix(nn.BLAS(), "OpenBLAS") && !gemm.Assembly() {
		fmt.Fprintln(stdout, "gozoo's GEMM runs in plain Go on this CPU (no AVX2 and FMA): go run -tags openblas ./cmd/bench runs the products on OpenBLAS (needs apt-get install libopenblas-dev).")
	}
	if *jsonPath != "" {
		b, err := json.MarshalIndent(report, "", "  ")
		if err != nil {
			return fmt.Errorf("-json %s: %w", *jsonPath, err)
		}
		if err := atomicfile.WriteFile(*jsonPath, append(b, '\n')); err != nil {
			return fmt.Errorf("-json %w", err)
		}
		fmt.Fprintf(stdout, "Wrote %s\n", *jsonPath)
	}
	return nil
}
