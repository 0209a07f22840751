package data

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/gozoo/gozoo/data/fashionmnist"
)

// fmSmall shrinks the expected Fashion-MNIST to 12 training and 5 test
// images, so that tests can generate it, and hides Debian's copy and
// $GOZOO_DATA for the rest of the test.
func fmSmall(t *testing.T) {
	t.Helper()
	oldSet, oldSys := fashionSet, fashionSystemDir
	small := *fashionSet
	small.trainN, small.testN = 12, 5
	fashionSet = &small
	fashionSystemDir = filepath.Join(t.TempDir(), "no-debian-copy")
	t.Setenv(EnvData, "")
	t.Cleanup(func() { fashionSet, fashionSystemDir = oldSet, oldSys })
}

// fmFiles generates the four gzipped files under their canonical names. The
// first training label is 9, like the real set's; seed changes the pixels,
// so that copies in different folders can be told apart.
func fmFiles(seed int) map[string][]byte {
	return fmFilesN(seed, fashionSet.trainN, fashionSet.testN)
}

func fmFilesN(seed, trainN, testN int) map[string][]byte {
	trainLabels := make([]byte, trainN)
	for i := range trainLabels {
		trainLabels[i] = byte((9 + i) % 10)
	}
	testLabels := make([]byte, testN)
	for i := range testLabels {
		testLabels[i] = byte(i % 10)
	}
	f := fashionSet.files
	return map[string][]byte{
		f[0].name: idxTestGzip(idxTestImages(trainN, 28, 28, seed)),
		f[1].name: idxTestGzip(idxTestLabels(trainLabels)),
		f[2].name: idxTestGzip(idxTestImages(testN, 28, 28, seed+1)),
		f[3].name: idxTestGzip(idxTestLabels(testLabels)),
	}
}

// fmWrite writes files into dir, gunzipped and without .gz if plain.
func fmWrite(t *testing.T, dir string, files map[string][]byte, plain bool) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if plain {
			name = strings.TrimSuffix(name, ".gz")
			b = fmGunzip(t, b)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func fmGunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	src, _, err := idxSource(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(src); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// fmUseChecksumsOf makes the generated files the canonical ones.
func fmUseChecksumsOf(files map[string][]byte) {
	for i, f := range fashionSet.files {
		sum := sha256.Sum256(files[f.name])
		fashionSet.files[i].sha256 = hex.EncodeToString(sum[:])
	}
}

func fmCheck(t *testing.T, train, test Images, seed int) {
	t.Helper()
	if train.N != 12 || test.N != 5 || train.Height != 28 || train.Width != 28 || train.Channels != 1 {
		t.Fatalf("got train %dx%dx%dx%d, test %d", train.N, train.Height, train.Width, train.Channels, test.N)
	}
	if train.Pixels != nil || test.Pixels != nil || len(train.Bytes) != 12*784 || len(train.Labels) != 12 || len(test.Bytes) != 5*784 || len(test.Labels) != 5 {
		t.Fatalf("got %d train pixels, %d bytes, %d labels; %d test pixels, %d bytes, %d labels", len(train.Pixels), len(train.Bytes), len(train.Labels),
			len(test.Pixels), len(test.Bytes), len(test.Labels))
	}
	if train.Labels[0] != 9 || train.ClassNames[train.Labels[0]] != "Ankle boot" {
		t.Errorf("first training label %d, want 9 (Ankle boot)", train.Labels[0])
	}
	if want := byte(seed); train.Bytes[0] != want {
		t.Errorf("first pixel %v, want %v (the copy made with seed %d)", train.Bytes[0], want, seed)
	}
}

// fmFS is a generated copy as a file system, standing for the shipped one.
func fmFS(seed int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, b := range fmFiles(seed) {
		fsys[name] = &fstest.MapFile{Data: b, Mode: 0o444}
	}
	return fsys
}

func TestFashionDir(t *testing.T) {
	for _, plain := range []bool{false, true} {
		t.Run(fmt.Sprint("plain=", plain), func(t *testing.T) {
			fmSmall(t)
			dir := t.TempDir()
			fmWrite(t, dir, fmFiles(3), plain)
			train, test, from, err := FashionMNIST(FashionOptions{Dir: dir, CacheDir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			fmCheck(t, train, test, 3)
			if from != dir {
				t.Errorf("from = %q, want %q", from, dir)
			}
		})
	}
}

func TestFashionDirMissing(t *testing.T) {
	fmSmall(t)
	cache := t.TempDir()
	fmWrite(t, cache, fmFiles(1), false) // must not be used: Dir is the only place
	dir := filepath.Join(t.TempDir(), "empty")
	_, _, _, err := FashionMNIST(FashionOptions{Dir: dir, CacheDir: cache, Download: true})
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("got %v, want a *NotFoundError", err)
	}
	want := "fashion-mnist: not found in " + dir + "; the folder needs train-images-idx3-ubyte.gz"
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q\nwant it to start %q", err, want)
	}
}

func TestFashionSearchPath(t *testing.T) {
	fmSmall(t)
	data := t.TempDir()
	t.Setenv(EnvData, data)
	got := FashionSearchPath(FashionOptions{CacheDir: "/c"})
	want := []string{data, filepath.Join(data, "fashion-mnist"), fashionSystemDir, "/c"}
	if !slices.Equal(got, want) {
		t.Errorf("search path %q, want %q", got, want)
	}
	if got := FashionSearchPath(FashionOptions{Dir: "/d/", CacheDir: "/c"}); !slices.Equal(got, []string{"/d"}) {
		t.Errorf("with Dir: %q, want [/d]", got)
	}
	t.Setenv(EnvData, "")
	home := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", home) // os.UserCacheDir on Linux
	t.Setenv("HOME", home)
	got = FashionSearchPath(FashionOptions{})
	if last := got[len(got)-1]; !strings.HasSuffix(last, filepath.Join("gozoo", "fashion-mnist")) {
		t.Errorf("default cache folder %q does not end in gozoo/fashion-mnist", last)
	}
}

// Each folder on the path is found, and an earlier one wins.
func TestFashionSearchOrder(t *testing.T) {
	fmSmall(t)
	data, cache := t.TempDir(), t.TempDir()
	sub := filepath.Join(data, "fashion-mnist")
	fashionSystemDir = t.TempDir()
	steps := []struct {
		dir  string
		seed int
		env  string
	}{
		{FashionShipped, 5, ""},
		{cache, 4, ""},
		{fashionSystemDir, 3, ""},
		{sub, 2, data},
		{data, 1, data},
	}
	for _, s := range steps {
		if s.dir == cache {
			fmWrite(t, cache, fmFiles(4), false)
		} else if s.dir != FashionShipped {
			fmWrite(t, s.dir, fmFiles(s.seed), s.seed%2 == 0)
		}
		t.Setenv(EnvData, s.env)
		train, test, from, err := FashionMNIST(FashionOptions{CacheDir: cache, Shipped: fmFS(5)})
		if err != nil {
			t.Fatal(err)
		}
		if from != s.dir {
			t.Errorf("from = %q, want %q", from, s.dir)
		}
		fmCheck(t, train, test, s.seed)
	}
}

func TestFashionNotFound(t *testing.T) {
	fmSmall(t)
	data, cache := t.TempDir(), t.TempDir()
	t.Setenv(EnvData, data)
	_, _, _, err := FashionMNIST(FashionOptions{CacheDir: cache})
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("got %v, want a *NotFoundError", err)
	}
	want := fmt.Sprintf("fashion-mnist: not found in %s, %s, %s, %s; import github.com/gozoo/gozoo/data/fashionmnist and pass its FS() as FashionOptions.Shipped, "+
		"install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist), pass -data DIR, or set GOZOO_DATA",
		data, filepath.Join(data, "fashion-mnist"), fashionSystemDir, cache)
	if err.Error() != want {
		t.Errorf("error\n%s\nwant\n%s", err, want)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Error("message is more than one line")
	}
}

// A damaged copy early on the path is an error naming the file, even though
// a good copy comes later.
func TestFashionCorrupt(t *testing.T) {
	for _, c := range []struct {
		name    string
		file    int
		damage  func(b []byte) []byte
		message string
	}{
		{"wrong magic", 0, func([]byte) []byte { return idxTestGzip(idxTestLabels([]byte{1})) }, "wrong magic number 0x00000801"},
		{"truncated gzip", 3, func(b []byte) []byte { return b[:len(b)-10] }, "truncated gzip stream"},
		{"not gzip at all", 1, func([]byte) []byte { return []byte("<html>404</html>") }, "wrong magic number"},
		{"wrong count", 2, func([]byte) []byte { return idxTestGzip(idxTestImages(4, 28, 28, 0)) }, "want 5 images of 28x28, got 4 of 28x28"},
		{"wrong size", 0, func([]byte) []byte { return idxTestGzip(idxTestImages(12, 32, 32, 0)) }, "want 12 images of 28x28, got 12 of 32x32"},
		{"label count", 1, func([]byte) []byte { return idxTestGzip(idxTestLabels(make([]byte, 11))) }, "want 12 labels (one per image in train-images-idx3-ubyte.gz), got 11"},
		{"label range", 3, func([]byte) []byte { return idxTestGzip(idxTestLabels([]byte{0, 1, 2, 10, 4})) }, "label 3 is 10, want 0 to 9"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fmSmall(t)
			data, cache := t.TempDir(), t.TempDir()
			t.Setenv(EnvData, data)
			fmWrite(t, cache, fmFiles(0), false)
			files := fmFiles(0)
			name := fashionSet.files[c.file].name
			files[name] = c.damage(files[name])
			fmWrite(t, data, files, false)
			_, _, _, err := FashionMNIST(FashionOptions{CacheDir: cache})
			if err == nil {
				t.Fatal("no error")
			}
			var nf *NotFoundError
			if errors.As(err, &nf) {
				t.Errorf("got a NotFoundError for a damaged file: %v", err)
			}
			path := filepath.Join(data, name)
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.message) {
				t.Errorf("error %q\nshould name %s and say %q", err, path, c.message)
			}
		})
	}
}

func TestFashionIncomplete(t *testing.T) {
	fmSmall(t)
	dir := t.TempDir()
	files := fmFiles(0)
	delete(files, "t10k-labels-idx1-ubyte.gz")
	fmWrite(t, dir, files, false)
	_, _, _, err := FashionMNIST(FashionOptions{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "incomplete copy in "+dir) || !strings.Contains(err.Error(), "but not t10k-labels-idx1-ubyte.gz") {
		t.Errorf("got %v", err)
	}
}

// fmServer serves files under /good/ and 404 under anything else, and
// counts the requests for each path.
type fmServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func fmServe(t *testing.T, files map[string][]byte) *fmServer {
	s := &fmServer{hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		name, ok := strings.CutPrefix(r.URL.Path, "/good/")
		b, found := files[name]
		if !ok || !found {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *fmServer) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, h := range s.hits {
		n += h
	}
	return n
}

func fmDirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestFashionDownload(t *testing.T) {
	fmSmall(t)
	files := fmFiles(7)
	fmUseChecksumsOf(files)
	srv := fmServe(t, files)
	cache := filepath.Join(t.TempDir(), "cache", "fashion-mnist")
	var log bytes.Buffer
	opt := FashionOptions{
		CacheDir: cache,
		Download: true,
		BaseURLs: []string{srv.URL + "/missing/", srv.URL + "/good"},
		Client:   srv.Client(),
		Log:      &log,
	}
	train, test, from, err := FashionMNIST(opt)
	if err != nil {
		t.Fatal(err)
	}
	fmCheck(t, train, test, 7)
	if from != cache {
		t.Errorf("from = %q, want %q", from, cache)
	}
	names := fmDirNames(t, cache)
	slices.Sort(names)
	want := []string{"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"}
	if !slices.Equal(names, want) {
		t.Errorf("cache holds %q, want %q", names, want)
	}
	if n := strings.Count(log.String(), "downloading "); n != 8 {
		t.Errorf("log has %d downloading lines, want 8 (4 files x 2 mirrors):\n%s", n, log.String())
	}
	if !strings.Contains(log.String(), "downloading "+srv.URL+"/good/train-images-idx3-ubyte.gz to "+cache) {
		t.Errorf("log:\n%s", log.String())
	}

	// The second time the cache is enough.
	before := srv.total()
	if _, _, from, err := FashionMNIST(opt); err != nil || from != cache {
		t.Fatalf("from cache: %q, %v", from, err)
	}
	if srv.total() != before {
		t.Error("downloaded again although the cache was complete")
	}
}

func TestFashionDownloadCompletesCache(t *testing.T) {
	fmSmall(t)
	files := fmFiles(5)
	fmUseChecksumsOf(files)
	srv := fmServe(t, files)
	cache := t.TempDir()
	fmWrite(t, cache, map[string][]byte{"train-images-idx3-ubyte.gz": files["train-images-idx3-ubyte.gz"], "train-labels-idx1-ubyte.gz": files["train-labels-idx1-ubyte.gz"]}, false)
	train, test, _, err := FashionMNIST(FashionOptions{CacheDir: cache, Download: true, BaseURLs: []string{srv.URL + "/good/"}, Client: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	fmCheck(t, train, test, 5)
	if srv.hits["/good/train-images-idx3-ubyte.gz"] != 0 || srv.hits["/good/t10k-images-idx3-ubyte.gz"] != 1 || srv.total() != 2 {
		t.Errorf("requests %v, want only the two t10k files", srv.hits)
	}
}

func TestFashionDownloadChecksumMismatch(t *testing.T) {
	fmSmall(t) // keeps the real checksums, which generated files cannot match
	srv := fmServe(t, fmFiles(0))
	cache := filepath.Join(t.TempDir(), "cache")
	_, _, _, err := FashionMNIST(FashionOptions{CacheDir: cache, Download: true, BaseURLs: []string{srv.URL + "/good/"}, Client: srv.Client()})
	var nf *NotFoundError
	if !errors.As(err, &nf) || nf.Download == nil {
		t.Fatalf("got %v, want a *NotFoundError with a download error", err)
	}
	if !strings.Contains(err.Error(), "download failed: ") || !strings.Contains(err.Error(), "SHA-256 is ") ||
		!strings.Contains(err.Error(), "want "+fashionSet.files[0].sha256) {
		t.Errorf("error %q does not tell of the checksum", err)
	}
	if names := fmDirNames(t, cache); len(names) != 0 {
		t.Errorf("cache holds %q after a failed download, want nothing", names)
	}
}

func TestFashionDownloadUnreachable(t *testing.T) {
	fmSmall(t)
	srv := fmServe(t, nil)
	url := srv.URL
	srv.Close()
	_, _, _, err := FashionMNIST(FashionOptions{CacheDir: t.TempDir(), Download: true, BaseURLs: []string{url + "/good/"}})
	var nf *NotFoundError
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), "; download failed: ") || !strings.Contains(err.Error(), "install Debian's dataset-fashion-mnist") {
		t.Errorf("got %v", err)
	}
}

func TestFashionNoDownloadWhenOff(t *testing.T) {
	fmSmall(t)
	srv := fmServe(t, fmFiles(0))
	_, _, _, err := FashionMNIST(FashionOptions{CacheDir: t.TempDir(), BaseURLs: []string{srv.URL + "/good/"}, Client: srv.Client()})
	var nf *NotFoundError
	if !errors.As(err, &nf) || nf.Download != nil {
		t.Errorf("got %v, want a *NotFoundError without download error", err)
	}
	if srv.total() != 0 {
		t.Error("downloaded although Download is false")
	}
}

// -data is the only place looked in: the shipped copy does not stand in
// for a folder the user named.
func TestFashionDirIgnoresShipped(t *testing.T) {
	fmSmall(t)
	dir := filepath.Join(t.TempDir(), "empty")
	_, _, _, err := FashionMNIST(FashionOptions{Dir: dir, CacheDir: t.TempDir(), Shipped: fmFS(5)})
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("got %v, want a *NotFoundError", err)
	}
}

// With a shipped copy, a half-downloaded cache is left alone: nothing is
// downloaded, and the shipped copy is loaded.
func TestFashionShippedBeforeDownload(t *testing.T) {
	fmSmall(t)
	files := fmFiles(7)
	fmUseChecksumsOf(files)
	srv := fmServe(t, files)
	cache := t.TempDir()
	fmWrite(t, cache, map[string][]byte{"train-images-idx3-ubyte.gz": files["train-images-idx3-ubyte.gz"]}, false)
	train, test, from, err := FashionMNIST(FashionOptions{CacheDir: cache, Download: true, BaseURLs: []string{srv.URL + "/good/"}, Client: srv.Client(), Shipped: fmFS(5)})
	if err != nil {
		t.Fatal(err)
	}
	fmCheck(t, train, test, 5)
	if from != FashionShipped || srv.total() != 0 {
		t.Errorf("from %q after %d requests, want %q and none", from, srv.total(), FashionShipped)
	}
}

// A shipped copy that lacks a file is an error naming it.
func TestFashionShippedIncomplete(t *testing.T) {
	fmSmall(t)
	fsys := fmFS(5)
	delete(fsys, "t10k-images-idx3-ubyte.gz")
	_, _, _, err := FashionMNIST(FashionOptions{CacheDir: t.TempDir(), Shipped: fsys})
	if err == nil || !strings.Contains(err.Error(), "incomplete copy in "+FashionShipped) || !strings.Contains(err.Error(), "but not t10k-images-idx3-ubyte.gz") {
		t.Errorf("got %v", err)
	}
}

// TestFashionShippedReal loads the real copy that ships with gozoo, on a
// machine without Debian's package ($HOME and the Debian folder empty).
func TestFashionShippedReal(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 30 MB")
	}
	old := fashionSystemDir
	fashionSystemDir = filepath.Join(t.TempDir(), "no-debian-copy")
	t.Cleanup(func() { fashionSystemDir = old })
	t.Setenv(EnvData, "")
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", "")
	train, test, from, err := FashionMNIST(FashionOptions{Shipped: fashionmnist.FS()})
	if err != nil {
		t.Fatal(err)
	}
	if from != FashionShipped {
		t.Errorf("from = %q, want %q", from, FashionShipped)
	}
	if train.N != 60000 || test.N != 10000 || train.Height != 28 || train.Width != 28 || train.Channels != 1 ||
		len(train.Bytes) != 60000*784 || len(test.Bytes) != 10000*784 || len(train.Labels) != 60000 || len(test.Labels) != 10000 {
		t.Fatalf("got train %dx%dx%dx%d (%d pixels), test %d", train.N, train.Height, train.Width, train.Channels, len(train.Bytes), test.N)
	}
	if l := train.Labels[0]; l != 9 || train.ClassNames[l] != "Ankle boot" {
		t.Errorf("first training label %d (%s), want 9 (Ankle boot)", l, train.ClassNames[l])
	}
	for _, im := range []Images{train, test} {
		lo, hi := slices.Min(im.Bytes), slices.Max(im.Bytes)
		if lo != 0 || hi != 255 {
			t.Errorf("pixel range [%v, %v], want [0, 255]", lo, hi)
		}
		counts := make([]int, 10)
		for _, l := range im.Labels {
			counts[l]++
		}
		for c, n := range counts {
			if n != im.N/10 {
				t.Errorf("class %d has %d images, want %d", c, n, im.N/10)
			}
		}
	}
}

func ExampleFashionMNIST() {
	// The copy that ships with gozoo, unless a folder on the search path
	// has one.
	train, test, _, err := FashionMNIST(FashionOptions{Shipped: fashionmnist.FS()})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// The notebook keeps the last 5,000 training images for validation.
	train, valid := train.Slice(0, 55000), train.Slice(55000, 60000)
	fmt.Println(train.N, valid.N, test.N, train.ClassNames[train.Labels[0]])
	// Output: 55000 5000 10000 Ankle boot
}

// TestFashionGzipBomb: a small gzip file whose header claims many more
// images than the set has (the data there, zeros that compress 1000 to 1)
// is refused on its header, before its pixels are decompressed.
func TestFashionGzipBomb(t *testing.T) {
	fmSmall(t)
	data, cache := t.TempDir(), t.TempDir()
	t.Setenv(EnvData, data)
	files := fmFiles(0)
	const claimed = 40000 // 31 MB of pixels, 125 MB of float32
	var raw bytes.Buffer
	for _, v := range []uint32{idxMagicImages, claimed, 28, 28} {
		binary.Write(&raw, binary.BigEndian, v)
	}
	raw.Write(make([]byte, claimed*28*28))
	name := fashionSet.files[0].name
	files[name] = idxTestGzip(raw.Bytes())
	fmWrite(t, data, files, false)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, _, err := FashionMNIST(FashionOptions{CacheDir: cache})
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "got 40000 of 28x28") {
		t.Errorf("error %v, want one about the count", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 {
		t.Errorf("%d MiB allocated before refusing a header of %d images", got>>20, claimed)
	}
}

// TestFashionNotAFile: a folder or a symlink loop in place of a data file
// is named as such, not reported as a missing file.
func TestFashionNotAFile(t *testing.T) {
	for name, mk := range map[string]func(p string) error{
		"is a folder":            func(p string) error { return os.Mkdir(p, 0o755) },
		"too many levels of sym": func(p string) error { return os.Symlink(p, p) },
	} {
		t.Run(name, func(t *testing.T) {
			fmSmall(t)
			data := t.TempDir()
			files := fmFiles(0)
			bad := fashionSet.files[2].name
			delete(files, bad)
			fmWrite(t, data, files, false)
			p := filepath.Join(data, bad)
			if err := mk(p); err != nil {
				t.Fatal(err)
			}
			_, _, _, err := FashionMNIST(FashionOptions{Dir: data})
			if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), name) {
				t.Errorf("error %v, want one naming %s and saying %q", err, p, name)
			}
		})
	}
}
