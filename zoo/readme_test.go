package zoo_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/gozoo/gozoo/internal/atomicfile"
	"github.com/gozoo/gozoo/zoo"
	"github.com/gozoo/gozoo/zoo/cnn"
	"github.com/gozoo/gozoo/zoo/mlpcls"
	"github.com/gozoo/gozoo/zoo/mlpreg"
	"github.com/gozoo/gozoo/zoo/perceptron"
	"github.com/gozoo/gozoo/zoo/widedeep"
)

var update = flag.Bool("update", false, "rewrite the recipe column of ../README.md's model table from the recipes")

// readme is the README whose model table the recipes write.
const readme = "../README.md"

// tableHeader opens the README's model table; its second column is the
// recipe, its third the command line.
const tableHeader = "| model | recipe | command |"

// commands are the README table's command lines and the recipe each one
// trains with (the commands' flag defaults come from these recipes).
var commands = map[string]zoo.Recipe{
	"`go run ./cmd/mlpcls`":                 mlpcls.FashionRecipe(),
	"`go run ./cmd/mlpcls -dataset iris`":   mlpcls.IrisRecipe(),
	"`go run ./cmd/perceptron`":             perceptron.Recipe(),
	"`go run ./cmd/mlpreg`":                 mlpreg.KerasRecipe(),
	"`go run ./cmd/mlpreg -preset sklearn`": mlpreg.SklearnRecipe(),
	"`go run ./cmd/widedeep`":               widedeep.Recipe(),
	"`go run ./cmd/widedeep -inputs 2`":     widedeep.Recipe(),
	"`go run ./cmd/cnn`":                    cnn.Recipe(),
}

// TestREADMETable checks that the README's model table has one row for
// each command and that each row's recipe column is its recipe, written by
// Recipe.String; -update rewrites that column.
func TestREADMETable(t *testing.T) {
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	start := -1
	for i, l := range lines {
		if strings.HasPrefix(l, tableHeader) {
			start = i
			break
		}
	}
	if start < 0 {
		t.Fatalf("%s: no line starts %q", readme, tableHeader)
	}
	seen := map[string]bool{}
	changed := false
	for i := start + 2; i < len(lines) && strings.HasPrefix(lines[i], "|"); i++ {
		cells := strings.Split(lines[i], " | ")
		if len(cells) < 3 {
			t.Errorf("%s:%d: a row of fewer than 3 cells", readme, i+1)
			continue
		}
		command := cells[2]
		r, ok := commands[command]
		if !ok {
			t.Errorf("%s:%d: command %s has no recipe in this test", readme, i+1, command)
			continue
		}
		if seen[command] {
			t.Errorf("%s:%d: command %s has a second row", readme, i+1, command)
		}
		seen[command] = true
		if want := r.String(); cells[1] != want {
			if !*update {
				t.Errorf("%s:%d: %s: the recipe column says\n\t%s\nthe recipe (%s) is\n\t%s\n(go test ./zoo -run READMETable -update rewrites it)",
					readme, i+1, command, cells[1], r.Cell, want)
				continue
			}
			cells[1] = want
			lines[i] = strings.Join(cells, " | ")
			changed = true
		}
	}
	for c := range commands {
		if !seen[c] {
			t.Errorf("%s: the model table has no row for %s", readme, c)
		}
	}
	if changed {
		if err := atomicfile.WriteFile(readme, []byte(strings.Join(lines, "\n"))); err != nil {
			t.Fatal(err)
		}
	}
}
