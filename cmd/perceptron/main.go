// Command perceptron trains the notebook's perceptron (section 1.3): a
// threshold logic unit on iris petal length and width that tells setosa
// from the other species, as scikit-learn's Perceptron(random_state=42).
//
//	go run ./cmd/perceptron                          # train, report, plot
//	go run ./cmd/perceptron -predict "2,0.5;3,1;5,2" # classify other flowers too
//	go run ./cmd/perceptron -load out/perceptron/model.gozoo
//
// It prints the epochs run, the weights and bias, the training accuracy and
// the predictions, and writes the decision boundary plot, the model and
// metrics.json to -out.
package main

import (
	"context"
	"fmt"
	"github.com/gozoo/gozoo/nn"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gozoo/gozoo/internal/cli"
	"github.com/gozoo/gozoo/metrics"
	"github.com/gozoo/gozoo/plotting"
	"github.com/gozoo/gozoo/zoo/perceptron"
)

func main() { cli.Main("perceptron", run) }

// notebookPoints are the two flowers the notebook classifies.
const notebookPoints = "2,0.5;3,1"

func run(ctx context.Context, args []string) error {
	start := time.Now()
	def := perceptron.DefaultConfig()
	f := cli.RecipeFlags("perceptron", "iris", perceptron.Recipe())
	fs := f.FlagSet()
	fs.Lookup("epochs").Usage = "maximum epochs (scikit-learn's max_iter); training stops earlier when the loss stops improving"
	fs.Lookup("batch").Usage = "must be 1: the perceptron rule learns from one instance at a time"
	fs.Lookup("lr").Usage = "learning rate eta of the perceptron rule (scikit-learn's eta0)"
	fs.Lookup("seed").Usage = "random seed: the order of the instances in each epoch"
	fs.Lookup("data").Usage = "unused: iris is embedded in the binary"
	fs.Lookup("limit").Usage = "train on the first N flowers only (0 = all; iris lists the 50 setosas first)"
	predictFlag := fs.String("predict", notebookPoints, `flowers to classify, "length,width" in cm, separated by ";"`)
	if err := f.Parse(args); err != nil {
		return err
	}
	if err := f.CheckDataset("iris"); err != nil {
		return err
	}
	if f.Batch != 1 {
		return fmt.Errorf("-batch %d: the perceptron rule learns from one instance at a time, so only 1 is allowed", f.Batch)
	}
	points, err := parsePoints(*predictFlag)
	if err != nil {
		return fmt.Errorf("-predict %q: %w", *predictFlag, err)
	}

	var model *perceptron.Model
	doneEpochs := 0
	if f.Load != "" {
		noONNX := func(path string) (*perceptron.Model, error) {
			return nil, fmt.Errorf("%s: the perceptron writes ONNX (-onnx) but does not read it", path)
		}
		if model, doneEpochs, err = cli.LoadModel(f, nn.LoadFile[perceptron.Saved], noONNX); err != nil {
			return err
		}
		if model.Features() != 2 {
			return fmt.Errorf("-load %s: the model takes %d features, not iris's petal length and width", f.Load, model.Features())
		}
	}
	if err := cli.PrepareOut(f.Out); err != nil {
		return err
	}

	X, y, err := perceptron.Petals(f.Limit)
	if err != nil {
		return err
	}
	fmt.Printf("iris: %d flowers, petal length and width, y = setosa (embedded)\n", len(X))

	cfg := def
	cfg.MaxEpochs, cfg.LearningRate, cfg.Seed = f.Epochs, f.LR, f.Seed
	if model == nil {
		if model, err = perceptron.New(cfg, 2); err != nil {
			return err
		}
	} else {
		// Training on from a saved model keeps its own stopping rule, seed
		// and, unless -lr is given, learning rate.
		model.Config.MaxEpochs = f.Epochs
		if f.IsSet("lr") {
			model.Config.LearningRate = f.LR
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	epochs := 0
	var hist nn.History
	if f.Epochs > 0 {
		if hist, err = model.Fit(ctx, X, y); err != nil {
			return err
		}
		epochs = len(hist.Epoch)
		c := model.Config
		how := fmt.Sprintf("stopped: the loss did not improve by tol %g in %d epochs", c.Tol, c.NoChange)
		if epochs == f.Epochs {
			how = "the -epochs limit"
		}
		fmt.Printf("Trained %d epoch%s (%s), learning rate %g, seed %d\n",
			epochs, plural(epochs), how, c.LearningRate, c.Seed)
	} else if f.Load != "" {
		fmt.Printf("Loaded %s (trained %d epochs)\n", f.Load, doneEpochs)
	} else {
		fmt.Println("Not trained (-epochs 0): the weights are still zero")
	}
	epochs += doneEpochs

	w, b := model.Weights()
	fmt.Printf("Weights: w = [%s], bias b = %s\n", fmtFloats(w), fmtFloat(b))
	fmt.Printf("Decision: setosa when %s*length %+.6g*width %+.6g > 0\n", fmtFloat(w[0]), w[1], b)

	pred, err := model.Predict(X)
	if err != nil {
		return err
	}
	acc, err := metrics.Accuracy(boolsToInts(y), boolsToInts(pred))
	if err != nil {
		return err
	}
	fmt.Printf("Training accuracy: %.4f (%d of %d)\n", acc, int(math.Round(acc*float64(len(y)))), len(y))

	var predictions []bool
	if len(points) > 0 {
		if predictions, err = model.Predict(points); err != nil {
			return err
		}
		fmt.Printf("Predictions for %v: %v\n", points, predictions)
	}

	files := []string{}
	modelPath := filepath.Join(f.Out, "model.gozoo")
	if err := model.SaveFile(modelPath, epochs); err != nil {
		return err
	}
	files = append(files, modelPath)
	if err := f.WriteONNX(model.ExportONNX); err != nil {
		return err
	}

	plotPath := filepath.Join(f.Out, "decision_boundary.png")
	xy := make([][2]float64, len(X))
	for i, row := range X {
		xy[i] = [2]float64{row[0], row[1]}
	}
	grid := perceptron.NewGridPredictor(model)
	if err := plotting.DecisionBoundary(plotPath, "Perceptron on iris: setosa or not",
		"Petal length (cm)", "Petal width (cm)", xy, boolsToInts(y), grid.Predict,
		[]string{"not setosa", "setosa"}); err != nil {
		return err
	}
	if err := grid.Err(); err != nil {
		return fmt.Errorf("%s: %w", plotPath, err)
	}
	files = append(files, plotPath)

	report := &cli.Report{
		Model: perceptron.Kind, Dataset: "iris", DataFrom: "embedded", ONNX: f.ONNX,
		Params: len(w) + 1, Trainable: len(w) + 1, Epochs: epochs, BatchSize: 1,
		LearnRate: model.Config.LearningRate, Seed: model.Config.Seed, TrainRows: len(X),
		History: hist,
		Extra: map[string]any{
			"features":          []string{"petal length (cm)", "petal width (cm)"},
			"target":            "setosa",
			"weights":           w,
			"bias":              b,
			"train_accuracy":    acc,
			"tol":               model.Config.Tol,
			"n_iter_no_change":  model.Config.NoChange,
			"predict_points":    points,
			"predictions":       predictions,
			"notebook_expected": []bool{true, false},
		},
	}
	return report.Finish(f.Out, files, start)
}

// parsePoints reads "x1,x2;x1,x2;..." (spaces allowed); "" means none.
func parsePoints(s string) ([][]float64, error) {
	var out [][]float64
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	for i, p := range strings.Split(s, ";") {
		parts := strings.Split(p, ",")
		if len(parts) != 2 {
			return nil, fmt.Errorf("point %d %q: want length,width", i+1, strings.TrimSpace(p))
		}
		pt := make([]float64, 2)
		for j, v := range parts {
			x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("point %d %q: %q is not a number", i+1, strings.TrimSpace(p), strings.TrimSpace(v))
			}
			pt[j] = x
		}
		out = append(out, pt)
	}
	return out, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func boolsToInts(bs []bool) []int {
	out := make([]int, len(bs))
	for i, b := range bs {
		out[i] = boolToInt(b)
	}
	return out
}

// fmtFloat prints a weight to 6 significant digits: the weights are sums
// of petal sizes, so -1.4 may arrive as -1.4000000000000001.
func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

func fmtFloats(vs []float64) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = fmtFloat(v)
	}
	return strings.Join(s, " ")
}
