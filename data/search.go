package data

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// EnvData names the environment variable that points at a folder of
// datasets: Fashion-MNIST in it or in its fashion-mnist/ folder, MNIST in
// its mnist/ folder, sample photos in its images/ folder.
const EnvData = "GOZOO_DATA"

// NotFoundError reports that a dataset is in none of the places searched.
// Its message is one line: where it looked and how to get the data.
type NotFoundError struct {
	Dataset  string   // e.g. "fashion-mnist"
	Searched []string // folders looked in, in order
	Hint     string   // how to get the data
	Download error    // why the download failed, if one was tried
}

// Error gives the message in one line: "DATASET: not found in A, B; HINT" and
// the download error if there was one.
func (e *NotFoundError) Error() string {
	var b strings.Builder
	b.WriteString(e.Dataset)
	b.WriteString(": not found")
	if len(e.Searched) > 0 {
		b.WriteString(" in ")
		b.WriteString(strings.Join(e.Searched, ", "))
	}
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	if e.Download != nil {
		b.WriteString("; download failed: ")
		b.WriteString(e.Download.Error())
	}
	return b.String()
}

// Unwrap returns the download error, if any, for errors.Is and errors.As.
func (e *NotFoundError) Unwrap() error { return e.Download }

// idxFile is one file of an IDX dataset under its canonical (gzip) name.
type idxFile struct {
	name   string
	sha256 string // of the canonical .gz download
}

// idxSet describes a dataset stored as four IDX files (train images, train
// labels, test images, test labels) and what a valid copy holds. Local copies
// are checked against this and not against checksums: repackagers such as
// Debian recompress the files, which changes their bytes but not their data.
type idxSet struct {
	name       string
	files      [4]idxFile
	trainN     int
	testN      int
	rows, cols int
	classNames []string
}

// idxCopy is one place where a set's files may be: a folder, or a copy
// shipped inside the binary (go:embed).
type idxCopy struct {
	fsys     fs.FS
	where    string // the folder, or what the shipped copy is called
	embedded bool
}

func idxDir(dir string) idxCopy { return idxCopy{fsys: os.DirFS(dir), where: dir} }

// path names a file of the copy in messages.
func (c idxCopy) path(name string) string {
	if c.embedded {
		return c.where + ": " + name
	}
	return filepath.Join(c.where, name)
}

// find looks for the set's files in c under their .gz names or without
// .gz. names holds "" for a missing file. A name that is there but cannot
// be a data file (a folder, a symlink loop, a file or folder it may not
// read) is an error naming it, not a missing file.
func (s *idxSet) find(c idxCopy) (names [4]string, missing []string, err error) {
	for i, f := range s.files {
		for _, name := range []string{f.name, strings.TrimSuffix(f.name, ".gz")} {
			st, err := fs.Stat(c.fsys, name)
			switch {
			case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
				continue
			case err != nil:
				var pe *fs.PathError
				if errors.As(err, &pe) {
					err = &fs.PathError{Op: pe.Op, Path: c.path(name), Err: pe.Err}
				}
				return names, nil, fmt.Errorf("%s: %w", s.name, err)
			case st.IsDir():
				return names, nil, fmt.Errorf("%s: %s is a folder, not a data file", s.name, c.path(name))
			}
			names[i] = name
			break
		}
		if names[i] == "" {
			missing = append(missing, f.name)
		}
	}
	return names, missing, nil
}

// incomplete describes a copy that has some of the files but not all.
func (s *idxSet) incomplete(where string, missing []string) error {
	var have []string
	for _, f := range s.files {
		if !slices.Contains(missing, f.name) {
			have = append(have, f.name)
		}
	}
	return fmt.Errorf("%s: incomplete copy in %s: it has %s but not %s",
		s.name, where, strings.Join(have, ", "), strings.Join(missing, ", "))
}

// load reads and validates the four files.
func (s *idxSet) load(c idxCopy, names [4]string) (train, test Images, err error) {
	train, err = s.loadPair(c, names[0], names[1], s.trainN)
	if err != nil {
		return Images{}, Images{}, err
	}
	test, err = s.loadPair(c, names[2], names[3], s.testN)
	if err != nil {
		return Images{}, Images{}, err
	}
	return train, test, nil
}

// loadPair reads images and their labels; the pixels stay bytes
// (Images.Bytes) until a batch needs them as float32. The counts are
// checked on the headers, before the data they size is read or
// decompressed.
func (s *idxSet) loadPair(c idxCopy, imagesName, labelsName string, want int) (Images, error) {
	imagesPath, labelsPath := c.path(imagesName), c.path(labelsName)
	n, _, _, pixels, err := idxImagesFile(c.fsys, imagesName, imagesPath, func(n, rows, cols int) error {
		if n != want || rows != s.rows || cols != s.cols {
			return fmt.Errorf("want %d images of %dx%d, got %d of %dx%d", want, s.rows, s.cols, n, rows, cols)
		}
		return nil
	})
	if err != nil {
		return Images{}, fmt.Errorf("%s: %w", s.name, err)
	}
	labels, err := idxLabelsFile(c.fsys, labelsName, labelsPath, func(got int) error {
		if got != n {
			return fmt.Errorf("want %d labels (one per image in %s), got %d", n, imagesName, got)
		}
		return nil
	})
	if err != nil {
		return Images{}, fmt.Errorf("%s: %w", s.name, err)
	}
	for i, l := range labels {
		if l >= len(s.classNames) {
			return Images{}, fmt.Errorf("%s: %s: label %d is %d, want 0 to %d",
				s.name, labelsPath, i, l, len(s.classNames)-1)
		}
	}
	return Images{
		N: n, Height: s.rows, Width: s.cols, Channels: 1,
		Bytes: pixels, Labels: labels,
		ClassNames: slices.Clone(s.classNames),
	}, nil
}

// idxSearch is where a search for an IDX set looks and what it may do when
// the set is nowhere.
type idxSearch struct {
	dirs     []string // in order; may include cacheDir
	cacheDir string   // where downloads go; "" = nowhere
	// shipped is the copy compiled into the binary, if any: tried after
	// the folders and before the download.
	shipped  *idxCopy
	download bool
	baseURLs []string
	client   *http.Client
	log      io.Writer
	hint     string // for NotFoundError
}

// run returns the first complete copy on the search path: the folders, then
// the shipped copy, then a download into the cache folder. A folder holding
// a damaged or incomplete copy stops the search with an error naming the
// file: silently moving on would hide the damage and load something else.
func (s *idxSet) run(q idxSearch) (train, test Images, from string, err error) {
	partialCache := false
	for _, dir := range q.dirs {
		c := idxDir(dir)
		names, missing, err := s.find(c)
		if err != nil {
			return Images{}, Images{}, "", err
		}
		if len(missing) == len(s.files) {
			continue
		}
		if len(missing) > 0 {
			// An interrupted download leaves some files in the cache;
			// downloading the rest finishes the job, unless a shipped
			// copy makes that unnecessary.
			if dir == q.cacheDir && q.download {
				partialCache = true
				break
			}
			return Images{}, Images{}, "", s.incomplete(dir, missing)
		}
		return s.loadCopy(c, names)
	}
	if q.shipped != nil {
		names, missing, err := s.find(*q.shipped)
		if err != nil {
			return Images{}, Images{}, "", err
		}
		if len(missing) > 0 {
			return Images{}, Images{}, "", s.incomplete(q.shipped.where, missing)
		}
		return s.loadCopy(*q.shipped, names)
	}
	notFound := &NotFoundError{Dataset: s.name, Searched: q.dirs, Hint: q.hint}
	if !q.download {
		return Images{}, Images{}, "", notFound
	}
	if q.cacheDir == "" {
		notFound.Download = errors.New("no cache folder to download into (os.UserCacheDir failed; set a cache folder)")
		return Images{}, Images{}, "", notFound
	}
	if err := s.download(q); err != nil {
		if partialCache {
			return Images{}, Images{}, "", fmt.Errorf("%s: completing the copy in %s: %w", s.name, q.cacheDir, err)
		}
		notFound.Download = err
		return Images{}, Images{}, "", notFound
	}
	c := idxDir(q.cacheDir)
	names, missing, err := s.find(c)
	if err != nil {
		return Images{}, Images{}, "", err
	}
	if len(missing) > 0 {
		return Images{}, Images{}, "", s.incomplete(q.cacheDir, missing)
	}
	return s.loadCopy(c, names)
}

func (s *idxSet) loadCopy(c idxCopy, names [4]string) (train, test Images, from string, err error) {
	train, test, err = s.load(c, names)
	if err != nil {
		return Images{}, Images{}, "", err
	}
	return train, test, c.where, nil
}

// idxMaxDownload caps a download, so that a misbehaving server cannot fill
// the disk; the largest Fashion-MNIST file is 26 MB.
const idxMaxDownload = 128 << 20

// download fetches the files missing from the cache folder, trying each base
// URL in turn.
func (s *idxSet) download(q idxSearch) error {
	if err := os.MkdirAll(q.cacheDir, 0o755); err != nil {
		return err
	}
	client := q.client
	if client == nil {
		client = idxDefaultClient()
	}
	_, missing, err := s.find(idxDir(q.cacheDir))
	if err != nil {
		return err
	}
	for _, f := range s.files {
		if !slices.Contains(missing, f.name) {
			continue
		}
		if len(q.baseURLs) == 0 {
			return fmt.Errorf("%s: no URL to download from", f.name)
		}
		var errs []string
		ok := false
		for _, base := range q.baseURLs {
			u, err := url.JoinPath(base, f.name)
			if err != nil {
				errs = append(errs, fmt.Sprintf("bad base URL %q: %v", base, err))
				continue
			}
			if q.log != nil {
				fmt.Fprintf(q.log, "downloading %s to %s\n", u, q.cacheDir)
			}
			if err := idxFetch(client, u, filepath.Join(q.cacheDir, f.name), f.sha256, q.log); err != nil {
				errs = append(errs, err.Error())
				continue
			}
			ok = true
			break
		}
		if !ok {
			return errors.New(strings.Join(errs, "; "))
		}
	}
	return nil
}

// idxFetch downloads u to path as GetFile does, with a progress line when
// the log is a terminal.
func idxFetch(client *http.Client, u, path, sum string, log io.Writer) error {
	var progress io.Writer
	if f, ok := log.(*os.File); ok && isTerminal(f) {
		progress = f
	}
	return getFile(context.Background(), client, u, sum, path, idxMaxDownload, progress)
}

// idxDefaultClient is GetFile's client with an overall time limit, as the
// dataset loaders take no context.
func idxDefaultClient() *http.Client {
	c := defaultClient()
	c.Timeout = 30 * time.Minute
	return c
}

// idxUniqueDirs cleans the folders and drops repeats, keeping the first.
func idxUniqueDirs(dirs []string) []string {
	var out []string
	for _, d := range dirs {
		if d == "" {
			continue
		}
		d = filepath.Clean(d)
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}
