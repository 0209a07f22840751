package cnn

import (
	"strings"
	"testing"
)

// TestNotebookSummary is the notebook's table (cell 45) with the layer
// names of a fresh Keras session: the same shapes and counts, row by row.
func TestNotebookSummary(t *testing.T) {
	m, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if tr, nt := m.CountParams(); tr != 1413834 || nt != 0 {
		t.Fatalf("params %d trainable, %d not; the notebook has 1,413,834 and 0", tr, nt)
	}
	got, err := m.Summary()
	if err != nil {
		t.Fatal(err)
	}
	want := strings.TrimPrefix(`
Model: "sequential"
┌────────────────────────────────┬─────────────────────┬─────────┐
│ Layer (type)                   │ Output Shape        │ Param # │
├────────────────────────────────┼─────────────────────┼─────────┤
│ reshape (Reshape)              │ (None, 28, 28, 1)   │       0 │
│ conv2d (Conv2D)                │ (None, 28, 28, 64)  │   3,200 │
│ max_pooling2d (MaxPooling2D)   │ (None, 14, 14, 64)  │       0 │
│ conv2d_1 (Conv2D)              │ (None, 14, 14, 128) │  73,856 │
│ conv2d_2 (Conv2D)              │ (None, 14, 14, 128) │ 147,584 │
│ max_pooling2d_1 (MaxPooling2D) │ (None, 7, 7, 128)   │       0 │
│ conv2d_3 (Conv2D)              │ (None, 7, 7, 256)   │ 295,168 │
│ conv2d_4 (Conv2D)              │ (None, 7, 7, 256)   │ 590,080 │
│ max_pooling2d_2 (MaxPooling2D) │ (None, 3, 3, 256)   │       0 │
│ flatten (Flatten)              │ (None, 2304)        │       0 │
│ dense (Dense)                  │ (None, 128)         │ 295,040 │
│ dropout (Dropout)              │ (None, 128)         │       0 │
│ dense_1 (Dense)                │ (None, 64)          │   8,256 │
│ dropout_1 (Dropout)            │ (None, 64)          │       0 │
│ dense_2 (Dense)                │ (None, 10)          │     650 │
└────────────────────────────────┴─────────────────────┴─────────┘
 Total params: 1,413,834 (5.39 MB)
 Trainable params: 1,413,834 (5.39 MB)
 Non-trainable params: 0 (0.00 B)
`, "\n")
	if got != want {
		t.Errorf("Summary:\n%s\nwant:\n%s", got, want)
	}
}
