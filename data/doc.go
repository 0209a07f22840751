// Package data loads the notebook's datasets (Iris, California housing, Fashion-MNIST, MNIST digits),
// splits them like scikit-learn, scales them and cuts them into minibatches. It knows nothing of
// Gorgonia.
//
// Your own data goes through the same paths: ReadCSV reads a table with a header row (ReadCSVRows
// reads new rows by the Schema a model saved), ReadImageFolder a folder of PNG or JPEG images with
// one sub-folder per class, NotebookSplits cuts either like the notebook, and GetFile downloads a
// file as gozoo downloads its datasets, checked and atomic.
package data
