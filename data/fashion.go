package data

import (
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
)

// FashionOptions tells FashionMNIST where to look for the dataset and whether
// it may download it.
type FashionOptions struct {
	// Dir is the -data flag: if set, only this folder is used, and it is an
	// error if the files are not there.
	Dir string
	// CacheDir is where downloads go and are looked for; default
	// os.UserCacheDir()/gozoo/fashion-mnist.
	CacheDir string
	// Download allows downloading the files into CacheDir when no copy is
	// found.
	Download bool
	// BaseURLs are tried in turn; default FashionBaseURLs.
	BaseURLs []string
	// Client makes the downloads; nil = a client with timeouts.
	Client *http.Client
	// Log receives one "downloading ..." line per file; nil = silent.
	Log io.Writer
	// Shipped is a copy compiled into the program, tried after the folders
	// and before the download: github.com/gozoo/gozoo/data/fashionmnist's
	// FS(), which gozoo's Fashion-MNIST commands pass, so that they work
	// offline with no set-up. Nil: no such copy.
	Shipped fs.FS
}

// FashionShipped is what FashionMNIST returns as from when it loaded
// FashionOptions.Shipped.
const FashionShipped = "embedded github.com/gozoo/gozoo/data/fashionmnist"

// FashionBaseURLs are the mirrors FashionMNIST downloads from by default:
// the one Keras uses, then the Fashion-MNIST project's own.
var FashionBaseURLs = []string{
	"https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
	"http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
}

// fashionSystemDir is where Debian's dataset-fashion-mnist package puts the
// files; a variable so that tests can pretend it is absent.
var fashionSystemDir = "/usr/share/datasets/fashion-mnist"

// fashionSet is a variable so that tests can shrink the expected counts and
// swap the checksums for those of generated files.
var fashionSet = &idxSet{
	name: "fashion-mnist",
	files: [4]idxFile{
		{"train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"},
		{"train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"},
		{"t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"},
		{"t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"},
	},
	trainN: 60000, testN: 10000,
	rows: 28, cols: 28,
	classNames: FashionClassNames,
}

const fashionHint = "import github.com/gozoo/gozoo/data/fashionmnist and pass its FS() as FashionOptions.Shipped, install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist), pass -data DIR, or set " + EnvData

// FashionMNIST loads Fashion-MNIST: 60,000 training and 10,000 test images of
// 28x28x1, labels 0-9 named by FashionClassNames, the pixels as bytes
// (Images.Bytes). from is the folder the files were read from, or
// FashionShipped.
//
// It looks, in order:
//
//  1. in opt.Dir alone, if that is set (the -data flag);
//  2. in $GOZOO_DATA and $GOZOO_DATA/fashion-mnist;
//  3. in /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist);
//  4. in the cache folder (os.UserCacheDir()/gozoo/fashion-mnist);
//  5. in opt.Shipped, the copy compiled into the program, if set;
//  6. and then, if opt.Download is set, it downloads the four files into
//     the cache folder, checking their SHA-256.
//
// Files may be gzipped or not (the names without .gz). A local copy is
// checked by its headers, counts and labels rather than checksums, because
// repackaged copies are recompressed; a folder with a damaged or incomplete
// copy is an error naming the file. When no copy is found, the error is a
// *NotFoundError.
func FashionMNIST(opt FashionOptions) (train, test Images, from string, err error) {
	q := idxSearch{dirs: FashionSearchPath(opt), hint: fashionHint}
	if opt.Dir != "" {
		q.hint = "the folder needs " + fashionFileList()
		return fashionSet.run(q)
	}
	q.cacheDir = fashionCacheDir(opt)
	if opt.Shipped != nil {
		q.shipped = &idxCopy{fsys: opt.Shipped, where: FashionShipped, embedded: true}
	}
	q.download = opt.Download
	q.baseURLs = opt.BaseURLs
	if q.baseURLs == nil {
		q.baseURLs = FashionBaseURLs
	}
	q.client = opt.Client
	q.log = opt.Log
	return fashionSet.run(q)
}

// FashionSearchPath lists the folders FashionMNIST looks in, in order, for
// messages and -help texts; the shipped copy and the download come after.
func FashionSearchPath(opt FashionOptions) []string {
	if opt.Dir != "" {
		return idxUniqueDirs([]string{opt.Dir})
	}
	var dirs []string
	if d := os.Getenv(EnvData); d != "" {
		dirs = append(dirs, d, filepath.Join(d, "fashion-mnist"))
	}
	dirs = append(dirs, fashionSystemDir, fashionCacheDir(opt))
	return idxUniqueDirs(dirs)
}

// fashionCacheDir is "" when there is no user cache folder (no $HOME), in
// which case nothing is cached or downloaded.
func fashionCacheDir(opt FashionOptions) string {
	if opt.CacheDir != "" {
		return filepath.Clean(opt.CacheDir)
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "gozoo", "fashion-mnist")
}

func fashionFileList() string {
	f := fashionSet.files
	return f[0].name + ", " + f[1].name + ", " + f[2].name + " and " + f[3].name + " (or the same names without .gz)"
}
