// Package fashionmnist ships Fashion-MNIST (Zalando Research, MIT licence:
// see LICENSE and SOURCE.md in this folder) inside the programs that import
// it, so that they train on it offline, from any folder, on any machine:
// the four canonical files, 30 MB of gzip, embedded in the binary.
//
// It holds the files and nothing else; [data.FashionMNIST] reads them when
// they are passed as [data.FashionOptions].Shipped. The copy is a package of
// its own so that only the programs that load Fashion-MNIST grow by 30 MB:
// gozoo's other commands do not import it.
package fashionmnist

import (
	"embed"
	"io/fs"
)

//go:embed *.gz
var files embed.FS

// FS returns the four files under their canonical names
// (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
// t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz), as
// [data.FashionOptions].Shipped takes them.
func FS() fs.FS { return files }
