package cli

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/gozoo/gozoo/data"
	"github.com/gozoo/gozoo/metrics"
	"github.com/gozoo/gozoo/nn"
	"github.com/gozoo/gozoo/plotting"
)

// RegData is California housing cut into the notebook's three parts, as the
// regression commands train and report on it.
type RegData struct {
	// Name is the -dataset value, "california", or the name of the -csv
	// file; From is where the data was read; Title names the data in the
	// plots' titles ("" for Name in words).
	Name, From, Title string
	// Target names the target and its unit in the plots, "" for
	// California's "$100,000".
	Target string
	// Schema names the columns and the target, for the model to save.
	Schema *data.Schema
	// TrainTable, ValidTable and TestTable are the three parts as read: a
	// command fits what it needs (a scaler) on TrainTable, and the report
	// shows TestTable's targets.
	TrainTable, ValidTable, TestTable data.Table
	// Train, Valid and Test are the model's view of the tables, set by
	// Prepare once the model exists.
	Train, Valid, Test nn.Data
}

// LoadCalifornia loads California housing (cal_housing.tgz in -data, or the
// embedded copy), cuts it like the notebook's train_test_split calls, keeps
// the first -limit training rows, and prints the size of each part and where
// the data came from. Errors name -data when the user gave it.
func LoadCalifornia(f *Flags) (*RegData, error) {
	tab, err := data.CaliforniaHousing(f.DataDir)
	if err != nil {
		if f.DataDir != "" {
			return nil, fmt.Errorf("-data %w", err)
		}
		return nil, err
	}
	from := "embedded copy of scikit-learn's cal_housing.tgz"
	if f.DataDir != "" {
		from = filepath.Join(f.DataDir, data.CaliforniaArchiveName)
	}
	train, valid, test, err := data.CaliforniaSplits(tab)
	if err != nil {
		return nil, err
	}
	if f.Limit > 0 && f.Limit < train.Len() {
		train = train.Subset(FirstN(f.Limit))
	}
	fmt.Printf("california housing: %d training, %d validation, %d test districts (%s)\n",
		train.Len(), valid.Len(), test.Len(), from)
	schema := &data.Schema{Columns: tab.Features, Target: "MedHouseVal"}
	return &RegData{Name: "california", From: from, Schema: schema, TrainTable: train, ValidTable: valid, TestTable: test}, nil
}

// Regressor is what PrepareModel needs of a zoo regressor: its view of a
// table, and the adapting of its Normalization layers to the training rows.
type Regressor interface {
	Data(data.Table) (nn.Data, error)
	Adapt(nn.Data) error
}

// PrepareModel is Prepare with the model's Data method, then, for a fresh
// model, Adapt on the training rows (Keras's norm.adapt(XTrain)); a loaded
// model keeps the values it was trained with.
func (d *RegData) PrepareModel(m Regressor, fresh bool) error {
	if err := d.Prepare(m.Data); err != nil {
		return err
	}
	if fresh {
		return m.Adapt(d.Train)
	}
	return nil
}

// Prepare sets Train, Valid and Test from the tables through the model's
// Data method, which scales or splits the columns as the model takes them.
func (d *RegData) Prepare(modelData func(data.Table) (nn.Data, error)) error {
	for _, p := range []struct {
		t data.Table
		d *nn.Data
	}{{d.TrainTable, &d.Train}, {d.ValidTable, &d.Valid}, {d.TestTable, &d.Test}} {
		var err error
		if *p.d, err = modelData(p.t); err != nil {
			return err
		}
	}
	return nil
}

// RegNotes is what a regression command's report says of its own variant.
type RegNotes struct {
	// Name names the model and its variant in the plots' titles, such as
	// "MLP regressor (Keras)".
	Name string
	// NotebookRMSE holds the notebook's RMSE on "validation" or "test",
	// printed beside ours; a part without one gets no note.
	NotebookRMSE map[string]float64
	// NotebookFirst is the notebook's printout of its first three test
	// predictions, "" where it prints none.
	NotebookFirst string
	// Predict, when set, makes the predictions the report scores, from a
	// part's table, in place of the nn model's: a model that computes in
	// float64 (the scikit-learn preset). The loss reported beside its RMSE
	// is then the mean squared error.
	Predict func(data.Table) ([]float64, error)
}

// ReportRegressor finishes a regression command's run: it evaluates the
// model on the validation and test parts, prints their loss and RMSE and the
// first three test predictions, draws the learning curves (when hist has
// epochs) and the test set's predicted-versus-actual plot into out, fills in
// rep and writes it as out/metrics.json, then lists the files written,
// modelPath first. rep comes with the command's own fields set (Model,
// Epochs, BatchSize, LearnRate, Seed, Extra); start is when the command
// started.
func ReportRegressor(m *nn.Model, ds *RegData, hist nn.History, rep *Report, notes RegNotes, out, modelPath string, start time.Time) error {
	if rep.Extra == nil {
		rep.Extra = map[string]any{}
	}
	parts := rep.begin(m, ds.Name, ds.From, ds.TrainTable.Len(), hist, ds.Valid, ds.Test)

	fmt.Println()
	var testPred []float64
	tables := map[string]data.Table{"validation": ds.ValidTable, "test": ds.TestTable}
	for _, part := range parts {
		loss, rmse, pred, err := scoreRegressor(m, part.d, tables[part.name], notes.Predict)
		if err != nil {
			return fmt.Errorf("%s: %w", part.name, err)
		}
		part.into["loss"], part.into["rmse"] = loss, rmse
		note := ""
		if nb, ok := notes.NotebookRMSE[part.name]; ok {
			note = fmt.Sprintf(" (notebook: %.4f)", nb)
		}
		fmt.Printf("%s: loss %.4f, RMSE %.4f%s\n", part.name, loss, rmse, note)
		testPred = pred
	}
	rep.Extra["first_test_predictions"] = testPred[:min(3, len(testPred))]
	noun := "districts"
	if ds.Target != "" {
		noun = "rows"
	}
	fmt.Print(firstPredictions(testPred, ds.TestTable.Y, notes.NotebookFirst, noun))

	files := []string{modelPath}
	if len(hist.Epoch) > 0 {
		p := filepath.Join(out, "learning_curves.png")
		if err := regressionCurves(p, PlotTitle(ds.Title, ds.Name, notes.Name), hist); err != nil {
			return err
		}
		files = append(files, p)
	}
	p := filepath.Join(out, "predicted_vs_actual.png")
	what := "test districts, in $100,000"
	if ds.Target != "" {
		what = "test rows, " + ds.Target
	}
	if err := plotting.PredictedVsActual(p, PlotTitle(ds.Title, ds.Name, notes.Name)+": "+what, ds.TestTable.Y, testPred); err != nil {
		return err
	}
	files = append(files, p)
	return rep.Finish(out, files, start)
}

// scoreRegressor returns the loss, RMSE and predictions of m on d, or, with
// predict, of predict on t (the loss is then the MSE).
func scoreRegressor(m *nn.Model, d nn.Data, t data.Table, predict func(data.Table) ([]float64, error)) (loss, rmse float64, pred []float64, err error) {
	if predict != nil {
		if pred, err = predict(t); err != nil {
			return 0, 0, nil, err
		}
		if rmse, err = metrics.RMSE(t.Y, pred); err != nil {
			return 0, 0, nil, err
		}
		return rmse * rmse, rmse, pred, nil
	}
	if loss, _, err = m.Evaluate(d, 256); err != nil {
		return 0, 0, nil, err
	}
	if pred, err = m.PredictValues(d, 256); err != nil {
		return 0, 0, nil, err
	}
	// The RMSE is taken against the float32 targets the model was scored
	// on, as Evaluate's loss is, not the table's float64 ones.
	rmse, err = metrics.RMSE(float64s(d.Y), pred)
	return loss, rmse, pred, err
}

func float64s(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// firstPredictions prints the predictions for the first three test rows
// like the notebook's predict(XTest[:3]).round(2), with the true values, and
// the notebook's own printout when it has one.
func firstPredictions(pred, truth []float64, notebook, noun string) string {
	s := "\npredictions for the first 3 test " + noun
	if notebook != "" {
		s += " (notebook: " + notebook + ")"
	}
	s += ":\n"
	for i := 0; i < min(3, len(pred)); i++ {
		s += fmt.Sprintf("  %.2f  (actual %.3f)\n", pred[i], truth[i])
	}
	return s
}

// regressionCurves plots loss, val_loss, rmse and val_rmse per epoch, the
// y range following the data: a few outlying validation districts can throw
// val_loss far above the other curves for an epoch (the notebook's Wide &
// Deep one reaches 8.5), and plotting then clips such a point, marking it
// on the frame's edge, rather than flatten the other curves.
func regressionCurves(path, title string, h nn.History) error {
	var series []plotting.Series
	for _, k := range []string{"loss", "val_loss", "rmse", "val_rmse"} {
		if v, ok := h.Metrics[k]; ok {
			series = append(series, plotting.Series{Name: k, Values: v})
		}
	}
	return plotting.LearningCurves(path, title, series, [2]float64{})
}
