package bench

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"time"

	"github.com/gozoo/gozoo/internal/gemm"
	"github.com/gozoo/gozoo/internal/kernels"
	"github.com/gozoo/gozoo/nn"
	"gonum.org/v1/gonum/blas/gonum"
)

// Gemm is one matrix multiply C(M x N) = op(A)(M x K) op(B)(K x N).
type Gemm = kernels.Product

// TrainGemms lists the matrix multiplies one training step of m runs at a
// batch of batch: for each Dense or Conv2D layer the forward product, the
// kernel's gradient, and the input's gradient except for the first such
// layer, whose input is data; a convolution's are its im2col or Winograd
// products (kernels.Conv.TrainProducts). The shapes of convolutions come from
// walking the layers in order from the first input, which suits the
// sequential models; Dense layers need no walk.
func TrainGemms(m *nn.Model, batch int) ([]Gemm, error) {
	var out []Gemm
	var cur []int
	if len(m.Inputs()) > 0 {
		cur = m.Inputs()[0].Shape
	}
	first := true
	for _, l := range m.Layers() {
		var kernel *nn.Param
		for _, p := range l.Params() {
			if p.Trainable && (len(p.Shape()) == 2 || len(p.Shape()) == 4) {
				kernel = p
				break
			}
		}
		switch {
		case kernel != nil && len(kernel.Shape()) == 2: // Dense: (in, units)
			in, units := kernel.Shape()[0], kernel.Shape()[1]
			out = append(out, Gemm{Layer: l.Name(), M: batch, N: units, K: in},
				Gemm{Layer: l.Name() + " dW", M: in, N: units, K: batch, TransA: true})
			if !first {
				out = append(out, Gemm{Layer: l.Name() + " dX", M: batch, N: in, K: units, TransB: true})
			}
			cur, first = []int{units}, false
		case kernel != nil && len(kernel.Shape()) == 4: // Conv2D: (kh, kw, in, filters)
			c, ok := l.(*nn.Conv2D)
			if !ok {
				return nil, fmt.Errorf("%s: a 4-D kernel but not a Conv2D", l.Name())
			}
			ps, err := convProducts(c, cur, batch, !first)
			if err != nil {
				return nil, err
			}
			out = append(out, ps...)
			if cur, err = c.OutputShape(cur); err != nil {
				return nil, err
			}
			first = false
		case l.Type() == "Flatten":
			n := 1
			for _, d := range cur {
				n *= d
			}
			cur = []int{n}
		default:
			// The walk takes the layers in order, which for a model of
			// several inputs is not one chain: a layer that does not take
			// cur (the second input's Normalization) leaves it as it is.
			if s, ok := l.(nn.Shaper); ok {
				if next, err := s.OutputShape(cur); err == nil {
					cur = next
				}
			}
		}
	}
	return out, nil
}

// convProducts lists the products of one training step of c on a batch of
// batch images of shape in (height, width, channels).
func convProducts(c *nn.Conv2D, in []int, batch int, inputGrad bool) ([]Gemm, error) {
	if len(in) != 3 {
		return nil, fmt.Errorf("conv2d %s: input shape %v, want (height, width, channels)", c.Name(), in)
	}
	ks := c.Kernel.Shape()
	win, err := kernels.NewWindow([]int{batch, in[0], in[1], in[2]}, ks[0], ks[1], c.Strides[0], c.Strides[1], c.Padding == nn.Same)
	if err != nil {
		return nil, fmt.Errorf("conv2d %s: %w", c.Name(), err)
	}
	return kernels.NewConv(win, c.Filters(), kernels.Linear).TrainProducts(c.Name(), inputGrad), nil
}

// runProducts runs the products as gozoo's ops run theirs, with the Sgemm
// f (nil: the one nn runs on in this build, OpenBLAS's or gozoo's).
func runProducts(f kernels.SgemmFunc, gemms []Gemm, a, b, c [][]float32) {
	if f == nil {
		f = kernels.GozooSgemm
		if openBLAS != nil {
			f = openBLAS
		}
	}
	if err := kernels.RunProducts(kernels.SgemmFunc(f), gemms, a, b, c); err != nil {
		panic(err) // the buffers are made for the products above
	}
}

// TimeGemms runs the multiplies on random matrices as gozoo's ops run
// them (kernels.RunProducts: on every core, one BLAS thread each), through the
// BLAS that Gorgonia uses (gonum's or OpenBLAS), reps times (fewer, at
// least 3, past 5 s), and returns the median time of one pass over all of
// them, in milliseconds.
func TimeGemms(gemms []Gemm, reps int) float64 {
	return Median(timeGemmsWith(nil, gemms, false, reps, 5*time.Second))
}

// timeGemmsWith times passes as TimeGemms does, with the Sgemm f (nil:
// Gorgonia's BLAS), on the wall clock or with cpu on the process's CPU
// time, within a time budget, and returns each pass's time in ms.
func timeGemmsWith(f kernels.SgemmFunc, gemms []Gemm, cpu bool, reps int, budget time.Duration) []float64 {
	rng := nn.NewRand(3)
	a, b, c := make([][]float32, len(gemms)), make([][]float32, len(gemms)), make([][]float32, len(gemms))
	for i, g := range gemms {
		a[i], b[i], c[i] = make([]float32, g.M*g.K), make([]float32, g.K*g.N), make([]float32, g.M*g.N)
		for _, s := range [][]float32{a[i], b[i]} {
			for j := range s {
				s[j] = rng.Float32()
			}
		}
	}
	t := time.Now()
	runProducts(f, gemms, a, b, c) // warm-up
	// A timed pass runs the products group times, at least 20 ms' worth,
	// so that a CPU clock that ticks in milliseconds still times it.
	group, clock := 1, wallClock
	if cpu {
		group, clock = max(1, int(20*time.Millisecond/max(time.Since(t), time.Microsecond))), cpuClock
	}
	times, _ := timeRepsOn(context.Background(), clock, max(reps, 1), budget, func() error {
		for range group {
			runProducts(f, gemms, a, b, c)
		}
		return nil
	})
	for i := range times {
		times[i] /= float64(group)
	}
	return times
}

// GemmImpl is one GEMM the GEMM table times.
type GemmImpl struct {
	Name  string
	Sgemm kernels.SgemmFunc
}

// GemmImpls lists gozoo's own GEMM, gonum's pure-Go one and, in the
// openblas build, OpenBLAS's.
func GemmImpls() []GemmImpl {
	out := []GemmImpl{{"gozoo", kernels.GozooSgemm}, {"gonum", gonum.Implementation{}.Sgemm}}
	if openBLAS != nil {
		out = append(out, GemmImpl{"OpenBLAS", openBLAS})
	}
	return out
}

// GemmShapes is the GEMM table's products: 1024x1024x1024, then for each
// model the (at most) three shapes with the most multiply-adds in one of
// its training steps (a shape that Winograd runs 36 times counts 36
// times), largest first.
func GemmShapes(specs []Spec) ([]Gemm, error) {
	out := []Gemm{{Layer: "square", M: 1024, N: 1024, K: 1024}}
	for _, spec := range specs {
		built, err := spec.Build()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", spec.Name, err)
		}
		gemms, err := TrainGemms(built.Model, spec.Batch)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", spec.Name, err)
		}
		total := map[Gemm]int{}
		var shapes []Gemm
		for _, g := range gemms {
			key := g
			key.Layer = spec.Name
			if total[key] == 0 {
				shapes = append(shapes, key)
			}
			total[key] += g.MACs()
		}
		slices.SortStableFunc(shapes, func(x, y Gemm) int { return cmp.Compare(total[y], total[x]) })
		out = append(out, shapes[:min(3, len(shapes))]...)
	}
	return out, nil
}

// GemmRate is the GFLOP/s of each GEMM on one product, at its fastest
// pass (the least disturbed by the other work of a shared machine), in
// GemmImpls' order: on one thread (GOMAXPROCS 1), per second of the
// process's CPU time where the system tells it (Unix), which other
// processes on the machine do not inflate as they do wall time; and on
// every core, per second of wall time (split between GOMAXPROCS
// goroutines as gozoo's ops split theirs, runProducts).
type GemmRate struct {
	Gemm   Gemm      `json:"gemm"`
	OneCPU []float64 `json:"gflops_one_thread"`
	AllCPU []float64 `json:"gflops_every_core"`
}

// MeasureGemms times each of impls on each product of shapes, for about
// budget each, and returns the rates.
func MeasureGemms(ctx context.Context, shapes []Gemm, impls []GemmImpl, budget time.Duration) ([]GemmRate, error) {
	procs := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(procs)
	var out []GemmRate
	for _, g := range shapes {
		r := GemmRate{Gemm: g}
		for _, threads := range []int{1, procs} {
			runtime.GOMAXPROCS(threads)
			for _, impl := range impls {
				if err := ctx.Err(); err != nil {
					return nil, fmt.Errorf("%w: %w", nn.ErrInterrupted, err)
				}
				ms := slices.Min(timeGemmsWith(impl.Sgemm, []Gemm{g}, threads == 1, 1000, budget))
				rate := 2 * float64(g.MACs()) / (ms / 1e3) / 1e9
				if threads == 1 {
					r.OneCPU = append(r.OneCPU, rate)
				} else {
					r.AllCPU = append(r.AllCPU, rate)
				}
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// WriteGemmTable prints rates as a table: a product a line, the GFLOP/s
// of each GEMM on one thread and on every core, and gozoo's over the
// last GEMM's (OpenBLAS's in the openblas build, else gonum's).
func WriteGemmTable(w io.Writer, rates []GemmRate, impls []GemmImpl) {
	last := impls[len(impls)-1].Name
	head := []string{"product", "M x N x K"}
	for _, threads := range []string{"1 thread", "every core"} {
		for _, impl := range impls {
			head = append(head, impl.Name+" "+threads)
		}
		head = append(head, "gozoo/"+last+" "+threads)
	}
	rows := [][]string{head}
	for _, r := range rates {
		g := r.Gemm
		shape := fmt.Sprintf("%d x %d x %d", g.M, g.N, g.K)
		if g.TransA || g.TransB {
			shape += fmt.Sprintf(" (%s%s)", map[bool]string{false: "N", true: "T"}[g.TransA], map[bool]string{false: "N", true: "T"}[g.TransB])
		}
		row := []string{g.Layer, shape}
		for _, v := range [][]float64{r.OneCPU, r.AllCPU} {
			for _, x := range v {
				row = append(row, Num(x))
			}
			row = append(row, Ratio(ratio(v[0], v[len(v)-1])))
		}
		rows = append(rows, row)
	}
	fmt.Fprintln(w, "GEMM GFLOP/s (float32, higher is better; one thread: per CPU second"+cpuClockNote+", every core: per wall second; gozoo's kernel: "+gemm.Kernel()+"):")
	WriteTable(w, rows)
}
