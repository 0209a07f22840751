package bench

import (
	"bytes"
	"context"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gozoo/gozoo/nn"
)

func prepared(tb testing.TB, spec Spec, batches int) (Built, func(n int) error) {
	tb.Helper()
	built, err := spec.Build()
	if err != nil {
		tb.Fatal(err)
	}
	train := RandomData(built.Model, batches*spec.Batch, spec.Classes, spec.Outputs, 1)
	if built.Prepare != nil {
		if err := built.Prepare(train); err != nil {
			tb.Fatal(err)
		}
	}
	done := 0
	return built, func(n int) error {
		done += n
		return trainSteps(context.Background(), built, train, spec.Batch, done-n, n, nil)
	}
}

// BenchmarkTrainStep times one training step (forward, backward, optimizer)
// of each model at its notebook batch size, through nn.Model.TrainStep.
func BenchmarkTrainStep(b *testing.B) {
	for _, spec := range Specs() {
		b.Run(spec.Name, func(b *testing.B) {
			_, steps := prepared(b, spec, 16)
			if err := steps(3); err != nil { // builds the graph
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			if err := steps(b.N); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(spec.Batch*b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}

// benchPredict times predictions of n examples into a buffer of the
// caller's, from one goroutine or, with parallel, GOMAXPROCS at once.
func benchPredict(b *testing.B, n int, parallel bool) {
	for _, spec := range Specs() {
		b.Run(spec.Name, func(b *testing.B) {
			built, _ := prepared(b, spec, 1)
			m := built.Model
			d := RandomData(m, n, spec.Classes, spec.Outputs, 2)
			out, _, err := m.Predict(d, n)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			if parallel {
				b.RunParallel(func(pb *testing.PB) {
					out := make([]float32, len(out))
					for pb.Next() {
						if _, err := m.PredictInto(out, d, n); err != nil {
							b.Error(err)
							return
						}
					}
				})
			} else {
				for i := 0; i < b.N; i++ {
					if _, err := m.PredictInto(out, d, n); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}

// BenchmarkPredict times inference on a batch of InferBatch examples.
func BenchmarkPredict(b *testing.B) { benchPredict(b, InferBatch, false) }

// BenchmarkLatency times the prediction of a single example.
func BenchmarkLatency(b *testing.B) { benchPredict(b, 1, false) }

// BenchmarkPredictParallel is BenchmarkPredict from GOMAXPROCS goroutines
// at once on one model.
func BenchmarkPredictParallel(b *testing.B) { benchPredict(b, InferBatch, true) }

// BenchmarkLatencyParallel is BenchmarkLatency from GOMAXPROCS goroutines
// at once on one model.
func BenchmarkLatencyParallel(b *testing.B) { benchPredict(b, 1, true) }

func TestSpecsBuildAndStep(t *testing.T) {
	for _, spec := range Specs() {
		if spec.Batch <= 0 || spec.EpochSamples <= 0 || spec.Steps <= 0 || (spec.Classes == 0) == (spec.Outputs == 0) {
			t.Errorf("%s: incomplete spec %+v", spec.Name, spec)
		}
		n := 3
		if spec.Steps < 50 { // the slow models
			if testing.Short() {
				continue
			}
			n = 1
		}
		_, steps := prepared(t, spec, 2)
		if err := steps(n); err != nil {
			t.Errorf("%s: %v", spec.Name, err)
		}
	}
}

func TestMeasureCountsSteps(t *testing.T) {
	spec := Specs()[1] // iris-mlp: tiny
	r, err := Measure(context.Background(), spec, Options{Steps: 7, Warmup: 2, Reps: 3})
	if err != nil {
		t.Fatal(err)
	}
	if r.Steps != 7 || r.Warmup != 2 || r.InferReps != 3 || r.LatencyReps != 30 || !(r.StepMs > 0) ||
		!(r.InferSamplesPerSec > 0) || !(r.LatencyMs > 0) || r.Params != 83 || r.BLAS == "" || r.EpochSteps != 1 {
		t.Errorf("unexpected result %+v", r)
	}
	if r.AllocsPerStep <= 0 || r.BytesPerStep <= 0 {
		t.Errorf("no allocations counted: %+v", r)
	}
	if r.Callers != runtime.GOMAXPROCS(0) || !(r.InferParSamplesPerSec > 0) || !(r.LatencyParSamplesPerSec > 0) {
		t.Errorf("no concurrent throughput: %+v", r)
	}
	// A steady-state prediction of a plan into the caller's buffer makes
	// no allocation that grows with the batch: a few for the goroutines
	// of a split product at most. (gonum's pure-Go sgemm, the default
	// build's, starts a goroutine for each block of 64 rows.)
	if r.LatencyAllocs > 0 || (strings.HasPrefix(nn.BLAS(), "OpenBLAS") && r.InferAllocs > 8) {
		t.Errorf("allocations per prediction: %v (1000), %v (1)", r.InferAllocs, r.LatencyAllocs)
	}
}

// TestTrainSteps checks that trainSteps times each step it runs, goes
// round the batches, and stops on a cancelled context.
func TestTrainSteps(t *testing.T) {
	spec := Specs()[1] // iris-mlp: tiny
	built, _ := prepared(t, spec, 2)
	train := RandomData(built.Model, 2*spec.Batch, spec.Classes, spec.Outputs, 3)
	var times []time.Duration
	if err := trainSteps(context.Background(), built, train, spec.Batch, 1, 5, func(d time.Duration) { times = append(times, d) }); err != nil {
		t.Fatal(err)
	}
	if len(times) != 5 {
		t.Errorf("%d step times for 5 steps", len(times))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := trainSteps(ctx, built, train, spec.Batch, 0, 1, nil); !errors.Is(err, nn.ErrInterrupted) {
		t.Errorf("cancelled context: %v", err)
	}
	if err := trainSteps(context.Background(), built, Slice(train, built.Model, 0, 1), spec.Batch, 0, 1, nil); err == nil {
		t.Error("a batch larger than the data: no error")
	}
}

func TestSelect(t *testing.T) {
	specs := []Spec{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	got, err := Select(specs, "c, a")
	if err != nil || len(got) != 2 || got[0].Name != "a" || got[1].Name != "c" {
		t.Errorf("Select(c, a) = %v, %v", Names(got), err)
	}
	if got, _ := Select(specs, "all"); len(got) != 3 {
		t.Errorf("all: %v", Names(got))
	}
	if _, err := Select(specs, "a,zz"); err == nil || !strings.Contains(err.Error(), `"zz"`) || !strings.Contains(err.Error(), "a, b, c") {
		t.Errorf("unknown model: %v", err)
	}
	if _, err := Select(specs, ","); err == nil {
		t.Error("empty list: no error")
	}
}

func TestMedianQuantile(t *testing.T) {
	v := []float64{5, 1, 4, 2, 3}
	if m := Median(v); m != 3 {
		t.Errorf("median %v", m)
	}
	if m := Median([]float64{4, 1, 2, 3}); m != 2.5 {
		t.Errorf("even median %v", m)
	}
	if v[0] != 5 {
		t.Error("Median sorted its argument")
	}
	if q := Quantile(v, 0.9); q != 5 {
		t.Errorf("p90 %v", q)
	}
	if !math.IsNaN(Median(nil)) {
		t.Error("median of nothing")
	}
}

func TestNumAndRatio(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{0, "0"}, {0.0012, "0.0012"}, {0.0456, "0.046"}, {1.234, "1.23"}, {12.34, "12.3"}, {123.4, "123"},
		{999.4, "999"}, {999.6, "1,000"}, {1234567, "1,234,567"}, {math.NaN(), "-"}, {-1, "-"}} {
		if got := Num(c.v); got != c.want {
			t.Errorf("Num(%v) = %q, want %q", c.v, got, c.want)
		}
	}
	for _, c := range []struct {
		r    float64
		want string
	}{{1, "1.00x"}, {0.456, "0.46x"}, {2.345, "2.35x"}, {12.6, "13x"}, {math.NaN(), "-"}, {0, "-"}, {math.Inf(1), "-"}} {
		if got := Ratio(c.r); got != c.want {
			t.Errorf("Ratio(%v) = %q, want %q", c.r, got, c.want)
		}
	}
}

func TestCompareAndTables(t *testing.T) {
	g := Result{Model: "m", Package: "zoo/m", Batch: 32, Params: 266610, BLAS: "OpenBLAS", StepMs: 3, MultiplyMs: 1.2, TrainSamplesPerSec: 32 / 3e-3,
		EpochSeconds: 5.157, InferSamplesPerSec: 50000, LatencyMs: 0.1, AllocsPerStep: 750, BytesPerStep: 2.5 * (1 << 20), PeakRSSMB: 60,
		Callers: 2, InferParSamplesPerSec: 90000, LatencyParSamplesPerSec: 15000, InferAllocs: 3, LatencyAllocs: 2}
	p := PeerResult{Model: "m", Framework: "PyTorch 1.13", Threads: 1, Chosen: "1/2/1", Batch: 32, Params: 266610, StepMs: 1.5,
		TrainSamplesPerSec: 32 / 1.5e-3, InferSamplesPerSec: 200000, LatencyMs: 0.04, PeakRSSMB: 250}
	r := Compare(g, p)
	if r.Step != 2 || r.Infer != 4 || math.Abs(r.Latency-2.5) > 1e-12 {
		t.Errorf("ratios %+v, want 2, 4, 2.5", r)
	}
	if !math.IsNaN(Compare(g, PeerResult{}).Step) {
		t.Error("ratio over a missing peer should be NaN")
	}
	var buf bytes.Buffer
	WriteTables(&buf, []Entry{{Gozoo: g, PyTorch: &p}, {Gozoo: Result{Model: "alone", BLAS: "OpenBLAS"}}})
	out := buf.String()
	for _, want := range []string{
		"gozoo, OpenBLAS BLAS:",
		"m        zoo/m     32  266,610     3.00     1.20      2.50x           10,667            5.16           50,000       0.100          750     2.50         60.0",
		"gozoo prediction, one caller and 2 callers at once on one model:",
		"m               50,000                        90,000       0.100                                  15,000                   3.00                2.00",
		"PyTorch 1.13 on the CPU:",
		"m         32  266,610    1/2/1     1.50           21,333               0          200,000       0.040          250",
		"m           2.00x               4.00x                2.50x",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("tables lack %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "alone") != 2 {
		t.Errorf("a model without a peer should be in gozoo's tables only:\n%s", out)
	}
	// Columns line up: every line of a table has the same width.
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines[1]) != len(lines[2]) {
		t.Errorf("header and row widths differ:\n%s\n%s", lines[1], lines[2])
	}
}

// TestPeerScript runs the PyTorch twin of the smallest model for a few
// steps, when torch is installed, to keep the script and its parser in step.
func TestPeerScript(t *testing.T) {
	ctx := context.Background()
	if _, err := TorchAvailable(ctx, ""); err != nil {
		t.Skip(err)
	}
	spec := Specs()[1]
	p, err := RunPeer(ctx, spec, PeerOptions{Steps: 3, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if p.Model != spec.Name || p.Params != 83 || p.Batch != spec.Batch || p.Threads != 1 || !(p.InferSamplesPerSec > 0) || !(p.LatencyMs > 0) {
		t.Errorf("unexpected peer result %+v", p)
	}
}

// TestPeerParamsMatch checks that each PyTorch twin has as many trainable
// parameters as its gozoo model.
func TestPeerParamsMatch(t *testing.T) {
	ctx := context.Background()
	if _, err := TorchAvailable(ctx, ""); err != nil {
		t.Skip(err)
	}
	counts, err := PeerParams(ctx, PeerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range Specs() {
		b, err := spec.Build()
		if err != nil {
			t.Fatal(err)
		}
		trainable, _ := b.Model.CountParams()
		if p, ok := counts[spec.Name]; !ok || p != trainable {
			t.Errorf("%s: PyTorch has %d trainable parameters (found: %v), gozoo %d", spec.Name, p, ok, trainable)
		}
	}
}

func TestTrainGemms(t *testing.T) {
	// Every model's products can be listed, the Wide & Deep network's
	// two inputs included (its layers are not one chain).
	for _, spec := range Specs() {
		b, err := spec.Build()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := TrainGemms(b.Model, spec.Batch); err != nil {
			t.Errorf("%s: %v", spec.Name, err)
		}
	}
	b, err := Specs()[0].Build() // fashion-mlp
	if err != nil {
		t.Fatal(err)
	}
	gemms, err := TrainGemms(b.Model, 32)
	if err != nil {
		t.Fatal(err)
	}
	macs := 0
	for _, g := range gemms {
		macs += g.MACs()
	}
	// Forward, kernel gradients, and input gradients but the first layer's.
	fwd := 32*784*300 + 32*300*100 + 32*100*10
	if len(gemms) != 8 || macs != 3*fwd-32*784*300 {
		t.Errorf("%d multiplies, %d MACs: want 8 and %d: %+v", len(gemms), macs, 3*fwd-32*784*300, gemms)
	}
	if ms := TimeGemms(gemms[:1], 2); !(ms > 0) {
		t.Errorf("TimeGemms = %v", ms)
	}

	// The CNN: the first convolution (7x7, one channel) as im2col
	// products, the 3x3 ones as Winograd F(4x4, 3x3)'s: 36 products a
	// pass over 4x4 tiles of the 14x14 and 7x7 maps, and the kernel
	// transforms (36 x 9 by in*out, twice, and its transpose for dW).
	b, err = cnnSpec().Build()
	if err != nil {
		t.Fatal(err)
	}
	if gemms, err = TrainGemms(b.Model, 32); err != nil {
		t.Fatal(err)
	}
	macs = 0
	for _, g := range gemms {
		macs += g.MACs()
	}
	wino := func(side, in, out int) int {
		tiles := 32 * ((side + 3) / 4) * ((side + 3) / 4)
		return 3*36*tiles*in*out + 3*36*9*in*out
	}
	want := 2*32*28*28*49*64 + wino(14, 64, 128) + wino(14, 128, 128) + wino(7, 128, 256) + wino(7, 256, 256) +
		3*32*(2304*128+128*64+64*10)
	if n := 2 + 4*(3+3*36) + 3*3; len(gemms) != n || macs != want {
		t.Errorf("cnn: %d multiplies, %d MACs: want %d and %d", len(gemms), macs, n, want)
	}
}

func TestBestOf(t *testing.T) {
	one := PeerResult{Model: "m", Threads: 1, StepMs: 2, TrainSamplesPerSec: 16000, InferSamplesPerSec: 100, LatencyMs: 0.01, PeakRSSMB: 200}
	two := PeerResult{Model: "m", Threads: 2, StepMs: 1, TrainSamplesPerSec: 32000, InferSamplesPerSec: 50, LatencyMs: 0.02, PeakRSSMB: 210}
	b := BestOf([]PeerResult{one, two})
	if b.StepMs != 1 || b.TrainSamplesPerSec != 32000 || b.Threads != 2 || b.PeakRSSMB != 210 ||
		b.InferSamplesPerSec != 100 || b.LatencyMs != 0.01 || b.Chosen != "2/1/1" || len(b.Runs) != 2 || len(b.BestOf) != 2 {
		t.Errorf("BestOf = %+v", b)
	}
}

func TestGemmTable(t *testing.T) {
	shapes, err := GemmShapes(Specs()[:1]) // fashion-mlp
	if err != nil {
		t.Fatal(err)
	}
	// The square product, then fashion-mlp's three largest: the first
	// layer's forward product and kernel gradient, then the second's.
	want := []Gemm{{Layer: "square", M: 1024, N: 1024, K: 1024}, {Layer: "fashion-mlp", M: 32, N: 300, K: 784},
		{Layer: "fashion-mlp", M: 784, N: 300, K: 32, TransA: true}, {Layer: "fashion-mlp", M: 32, N: 100, K: 300}}
	if len(shapes) != len(want) {
		t.Fatalf("shapes %+v, want %+v", shapes, want)
	}
	for i := range want {
		if shapes[i] != want[i] {
			t.Errorf("shape %d: %+v, want %+v", i, shapes[i], want[i])
		}
	}
	impls := GemmImpls()
	if impls[0].Name != "gozoo" || impls[1].Name != "gonum" {
		t.Errorf("GEMMs %v", impls)
	}
	rates, err := MeasureGemms(context.Background(), shapes[2:], impls, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rates {
		for _, v := range append(r.OneCPU, r.AllCPU...) {
			if !(v > 0) || len(r.OneCPU) != len(impls) || len(r.AllCPU) != len(impls) {
				t.Fatalf("rates %+v", r)
			}
		}
	}
	var buf bytes.Buffer
	WriteGemmTable(&buf, rates, impls)
	for _, s := range []string{"gozoo 1 thread", "gonum every core", "784 x 300 x 32 (TN)", "32 x 100 x 300"} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("table lacks %q:\n%s", s, buf.String())
		}
	}
}
