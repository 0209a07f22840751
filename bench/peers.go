package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// PeerResult is what a peer script measured for one model; times are
// medians, as in Result.
type PeerResult struct {
	Model              string  `json:"model"`
	Framework          string  `json:"framework"`
	Threads            int     `json:"threads"`
	Params             int     `json:"trainable_params"`
	Batch              int     `json:"batch"`
	Warmup             int     `json:"warmup_steps"`
	Steps              int     `json:"timed_steps"`
	StepMs             float64 `json:"step_ms"`
	StepMinMs          float64 `json:"step_min_ms"`
	TrainSamplesPerSec float64 `json:"train_samples_per_s"`
	EpochSeconds       float64 `json:"epoch_s_estimate"`
	InferSamplesPerSec float64 `json:"infer_samples_per_s"`
	InferReps          int     `json:"infer_reps"`
	LatencyMs          float64 `json:"latency_ms"`
	LatencyReps        int     `json:"latency_reps"`
	PeakRSSMB          float64 `json:"peak_rss_mb"`
	// BestOf, when set, lists the thread counts tried: each figure above is
	// the best of those runs, and Chosen says which count gave the step,
	// inference and latency figures, like "1/2/1".
	BestOf []int  `json:"best_of_threads,omitempty"`
	Chosen string `json:"threads_step_infer_latency,omitempty"`
	// Runs are the runs behind a best-of result.
	Runs []PeerResult `json:"runs,omitempty"`
}

// ErrNoTorch says that the Python interpreter has no torch module.
var ErrNoTorch = errors.New("PyTorch not found: apt-get install python3-torch")

// TorchScript is the peer script's path relative to the module's root.
const TorchScript = "bench/peers/torch_bench.py"

// DefaultPython is the interpreter the peers run on: Debian's, where
// python3-torch installs torch, when it exists, else python3 on the PATH.
func DefaultPython() string {
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	return "python3"
}

// FindScript looks for rel (like TorchScript) in dir and its parents, so the
// bench finds its scripts from any folder of the module.
func FindScript(dir, rel string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		p := filepath.Join(d, rel)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("%s not found in %s or its parents: run the bench from the gozoo module", rel, dir)
		}
	}
}

// PeerOptions are the settings of a peer run.
type PeerOptions struct {
	Python string // interpreter (default DefaultPython())
	Script string // the script's path (default: TorchScript found from the working folder)
	Steps  int    // timed training steps (default the Spec's)
	// Threads is torch's thread count. 0 runs the model twice, on one
	// thread and on every core, and keeps the best of each figure: with
	// small layers or a busy machine, OpenMP's threads cost more than they
	// bring.
	Threads int
}

// TorchAvailable tells whether python can import torch, and if so its version.
func TorchAvailable(ctx context.Context, python string) (string, error) {
	if python == "" {
		python = DefaultPython()
	}
	out, err := exec.CommandContext(ctx, python, "-c", "import torch; print(torch.__version__)").Output()
	if err != nil {
		return "", fmt.Errorf("%w (%s: %v)", ErrNoTorch, python, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// RunPeer runs the PyTorch twin of spec and parses what it prints.
func RunPeer(ctx context.Context, spec Spec, o PeerOptions) (PeerResult, error) {
	if o.Threads > 0 || runtime.NumCPU() == 1 {
		return runPeer(ctx, spec, o, max(o.Threads, 1))
	}
	counts := []int{1, runtime.NumCPU()}
	var runs []PeerResult
	for _, t := range counts {
		r, err := runPeer(ctx, spec, o, t)
		if err != nil {
			return PeerResult{}, err
		}
		runs = append(runs, r)
	}
	return BestOf(runs), nil
}

// BestOf merges runs of one model on different thread counts: the lowest
// step time (with its thread count, epoch estimate and peak RSS), the
// highest inference throughput, the lowest latency.
func BestOf(runs []PeerResult) PeerResult {
	if len(runs) == 0 {
		return PeerResult{}
	}
	best := runs[0]
	steps, infer, lat := 0, 0, 0
	for i, r := range runs {
		if r.StepMs < best.StepMs {
			best.StepMs, best.StepMinMs, best.TrainSamplesPerSec, best.EpochSeconds = r.StepMs, r.StepMinMs, r.TrainSamplesPerSec, r.EpochSeconds
			best.Threads, best.PeakRSSMB, best.Warmup, best.Steps, steps = r.Threads, r.PeakRSSMB, r.Warmup, r.Steps, i
		}
		if r.InferSamplesPerSec > best.InferSamplesPerSec {
			best.InferSamplesPerSec, best.InferReps, infer = r.InferSamplesPerSec, r.InferReps, i
		}
		if r.LatencyMs < best.LatencyMs {
			best.LatencyMs, best.LatencyReps, lat = r.LatencyMs, r.LatencyReps, i
		}
		best.BestOf = append(best.BestOf, r.Threads)
	}
	best.Runs = runs
	best.Chosen = fmt.Sprintf("%d/%d/%d", runs[steps].Threads, runs[infer].Threads, runs[lat].Threads)
	return best
}

func runPeer(ctx context.Context, spec Spec, o PeerOptions, threads int) (PeerResult, error) {
	if o.Python == "" {
		o.Python = DefaultPython()
	}
	if o.Script == "" {
		wd, err := os.Getwd()
		if err != nil {
			return PeerResult{}, err
		}
		if o.Script, err = FindScript(wd, TorchScript); err != nil {
			return PeerResult{}, err
		}
	}
	if o.Steps <= 0 {
		o.Steps = max(spec.Steps, 1)
	}
	args := []string{o.Script, spec.Name, "--steps", strconv.Itoa(o.Steps), "--threads", strconv.Itoa(threads)}
	cmd := exec.CommandContext(ctx, o.Python, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 3 {
			return PeerResult{}, ErrNoTorch
		}
		return PeerResult{}, fmt.Errorf("%s %s: %w: %s", o.Python, spec.Name, err, lastLine(stderr.String()))
	}
	var r PeerResult
	if err := json.Unmarshal(lastLineBytes(stdout.Bytes()), &r); err != nil {
		return PeerResult{}, fmt.Errorf("%s %s: output %q: %w", o.Script, spec.Name, lastLine(stdout.String()), err)
	}
	if r.Model != spec.Name || !(r.StepMs > 0) {
		return PeerResult{}, fmt.Errorf("%s %s: unexpected output %q", o.Script, spec.Name, lastLine(stdout.String()))
	}
	r.EpochSeconds = float64(spec.EpochSteps()) * r.StepMs / 1000
	return r, nil
}

// PeerParams returns the trainable parameter count of every PyTorch twin,
// by model name, from one run of the script.
func PeerParams(ctx context.Context, o PeerOptions) (map[string]int, error) {
	if o.Python == "" {
		o.Python = DefaultPython()
	}
	if o.Script == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		if o.Script, err = FindScript(wd, TorchScript); err != nil {
			return nil, err
		}
	}
	out, err := exec.CommandContext(ctx, o.Python, o.Script, "--params").Output()
	if err != nil {
		return nil, fmt.Errorf("%s --params: %w", o.Script, err)
	}
	var counts map[string]int
	if err := json.Unmarshal(lastLineBytes(out), &counts); err != nil {
		return nil, fmt.Errorf("%s --params: %w", o.Script, err)
	}
	return counts, nil
}

func lastLine(s string) string { return string(lastLineBytes([]byte(s))) }

func lastLineBytes(b []byte) []byte {
	b = bytes.TrimSpace(b)
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return b
}

// Machine describes where the bench ran.
type Machine struct {
	CPU        string `json:"cpu"`
	Cores      int    `json:"cores"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	Go         string `json:"go"`
	OS         string `json:"os"`
	BLAS       string `json:"blas"`
	Load       string `json:"load_avg,omitempty"`
}

// ThisMachine describes the machine the bench runs on.
func ThisMachine(blas string) Machine {
	m := Machine{
		CPU: "unknown", Cores: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		Go: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH, BLAS: blas,
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.Load = strings.Join(f[:3], " ")
		}
	}
	return m
}
