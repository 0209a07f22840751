package data_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gozoo/gozoo/data"
)

// Fetch a file of your own the way gozoo fetches its datasets: checked,
// atomic, cancelled with the context.
func ExampleGetFile() {
	dest := filepath.Join(os.TempDir(), "cal_housing.tgz")
	err := data.GetFile(context.Background(), "https://ndownloader.figshare.com/files/5976036",
		"aaa5c9a6afe2225cc2aed2723682ae403280c4a3695a2ddda4ffb5d8215ea681", dest)
	if err != nil {
		fmt.Println(err)
	}
}

// Read a table of your own, its target holding class labels.
func ExampleReadCSV() {
	src := "height,weight,kind\n1.2,30,cat\n1.9,70,dog\n1.1,28,cat\n"
	t, err := data.ReadCSV(strings.NewReader(src), "pets.csv", data.CSVOptions{Target: "kind", Classify: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Features, t.ClassNames, t.Y)
	// Output: [height weight] [cat dog] [0 1 0]
}

// Read new rows for a model by the schema it saved, in any column order.
func ExampleReadCSVRows() {
	schema := &data.Schema{Columns: []string{"height", "weight"}, Target: "kind"}
	t, err := data.ReadCSVRows(strings.NewReader("weight,height\n31,1.3\n"), "new.csv", schema)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.X)
	// Output: [[1.3 31]]
}
