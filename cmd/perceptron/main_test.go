package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRunWritesEverything(t *testing.T) {
	out := t.TempDir()
	if err := run(context.Background(), []string{"-out", out, "-predict", "2,0.5; 3,1"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"model.gozoo", "decision_boundary.png", "metrics.json"} {
		if fi, err := os.Stat(filepath.Join(out, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Extra struct {
			Predictions   []bool  `json:"predictions"`
			TrainAccuracy float64 `json:"train_accuracy"`
		} `json:"extra"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Extra.Predictions, []bool{true, false}) || rep.Extra.TrainAccuracy != 1 {
		t.Errorf("metrics.json: predictions %v, training accuracy %v; want [true false] and 1",
			rep.Extra.Predictions, rep.Extra.TrainAccuracy)
	}

	// The saved model predicts the same without training.
	out2 := t.TempDir()
	if err := run(context.Background(), []string{"-out", out2, "-load", filepath.Join(out, "model.gozoo")}); err != nil {
		t.Fatal(err)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, c := range []struct{ args, want string }{
		{"-dataset fashion", "-dataset"},
		{"-batch 32", "-batch 32"},
		{"-predict 2,x", "-predict"},
		{"-predict 1,2,3", "-predict"},
		{"-load " + filepath.Join(t.TempDir(), "none"), "-load"},
	} {
		args := append(strings.Fields(c.args), "-out", t.TempDir())
		err := run(context.Background(), args)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("run %s: error %v, want one line naming %s", c.args, err, c.want)
		}
	}
}
