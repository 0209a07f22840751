package data

import (
	"archive/tar"
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	_ "embed"
)

// calArchive is the cal_housing.tgz that scikit-learn's fetch_california_housing downloads
// (https://ndownloader.figshare.com/files/5976036), embedded so that the regression models run
// offline and on exactly the data the notebook used.
//
//go:embed embed/cal_housing.tgz
var calArchive []byte

const (
	// CaliforniaArchiveSHA256 is the SHA-256 of scikit-learn's California housing archive
	// (ARCHIVE.checksum in sklearn/datasets/_california_housing.py).
	CaliforniaArchiveSHA256 = "aaa5c9a6afe2225cc2aed2723682ae403280c4a3695a2ddda4ffb5d8215ea681"

	// CaliforniaArchiveName is the archive's file name, which CaliforniaHousing looks for in its
	// directory.
	CaliforniaArchiveName = "cal_housing.tgz"

	calMember = "CaliforniaHousing/cal_housing.data"
	// calColumns is the column count of cal_housing.data: longitude, latitude, housingMedianAge,
	// totalRooms, totalBedrooms, population, households, medianIncome, medianHouseValue.
	calColumns = 9
)

// calFeatures are fetch_california_housing's feature_names.
var calFeatures = []string{"MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population", "AveOccup", "Latitude", "Longitude"}

// CaliforniaHousing returns the California housing dataset exactly as scikit-learn's
// fetch_california_housing does: 20,640 rows, the eight features MedInc, HouseAge, AveRooms,
// AveBedrms, Population, AveOccup, Latitude, Longitude, and Y the median house value in units of
// $100,000.
//
// With dir == "" it reads the copy embedded in the binary. Otherwise it reads
// dir/cal_housing.tgz and refuses it unless its SHA-256 is that of scikit-learn's archive, since a
// different file would silently change every score.
func CaliforniaHousing(dir string) (Table, error) {
	if dir == "" {
		return ReadCaliforniaArchive(bytes.NewReader(calArchive), CaliforniaArchiveName)
	}
	path := filepath.Join(dir, CaliforniaArchiveName)
	raw, err := os.ReadFile(path)
	if err != nil {
		return Table{}, fmt.Errorf("california housing: %w", err)
	}
	sum := sha256.Sum256(raw)
	if got := hex.EncodeToString(sum[:]); got != CaliforniaArchiveSHA256 {
		return Table{}, fmt.Errorf("%s: sha256 %s does not match scikit-learn's archive (%s)", path, got, CaliforniaArchiveSHA256)
	}
	return ReadCaliforniaArchive(bytes.NewReader(raw), path)
}

// ReadCaliforniaArchive reads a gzipped tar archive laid out like scikit-learn's cal_housing.tgz
// (member CaliforniaHousing/cal_housing.data, nine comma-separated numbers a line) and applies
// fetch_california_housing's preprocessing. It does not check the archive's checksum, so tests and
// callers with their own copies can feed any archive; name is the file name used in errors.
func ReadCaliforniaArchive(r io.Reader, name string) (Table, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return Table{}, fmt.Errorf("%s: %w", name, err)
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return Table{}, fmt.Errorf("%s: no member %s in the archive", name, calMember)
		}
		if err != nil {
			return Table{}, fmt.Errorf("%s: %w", name, err)
		}
		if hdr.Name != calMember {
			continue
		}
		t, err := calParse(tr, name)
		if err != nil {
			return Table{}, err
		}
		// Read to the end so that gzip checks its CRC and length: a damaged tail would otherwise
		// go unnoticed when the archive did not come through CaliforniaHousing's checksum.
		if _, err := io.Copy(io.Discard, gz); err != nil {
			return Table{}, fmt.Errorf("%s: %w", name, err)
		}
		return t, nil
	}
}

// calParse reads cal_housing.data and turns it into fetch_california_housing's table.
func calParse(r io.Reader, name string) (Table, error) {
	t := Table{
		Name:     "california_housing",
		Features: append([]string(nil), calFeatures...),
		X:        make([][]float64, 0, 20640),
		Y:        make([]float64, 0, 20640),
	}
	// One backing array for all rows keeps 20,640 small slices from each being its own allocation.
	buf := make([]float64, 0, 20640*len(calFeatures))
	var raw [calColumns]float64
	src := &calReader{r: r}
	sc := bufio.NewScanner(src)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue // np.loadtxt skips blank lines too
		}
		if src.err != nil {
			// bufio.Scanner hands out the partial line it held when the read failed; the read
			// error, reported below, is the real problem.
			break
		}
		where := func() string { return fmt.Sprintf("%s: %s line %d", name, calMember, line) }
		fields := strings.Split(text, ",")
		if len(fields) != calColumns {
			return Table{}, fmt.Errorf("%s: %d columns, want %d", where(), len(fields), calColumns)
		}
		for j, f := range fields {
			v, err := tabFloat(f)
			if err != nil {
				return Table{}, fmt.Errorf("%s: column %d: %w", where(), j+1, err)
			}
			raw[j] = v
		}
		lon, lat, age, rooms, bedrooms, pop, households, income, value :=
			raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7], raw[8]
		if households == 0 {
			// sklearn would divide by zero and hand the model infinities.
			return Table{}, fmt.Errorf("%s: column 7: households is 0, cannot compute averages", where())
		}
		start := len(buf)
		buf = append(buf, income, age, rooms/households, bedrooms/households, pop, pop/households, lat, lon)
		t.X = append(t.X, buf[start:len(buf):len(buf)])
		t.Y = append(t.Y, value/100000.0)
	}
	if err := cmp.Or(src.err, sc.Err()); err != nil {
		return Table{}, fmt.Errorf("%s: %s: %w", name, calMember, err)
	}
	if len(t.X) == 0 {
		return Table{}, fmt.Errorf("%s: %s has no rows", name, calMember)
	}
	return t, nil
}

// calReader remembers the first read error other than io.EOF, so that a truncated archive is
// reported as such and not as a malformed last row.
type calReader struct {
	r   io.Reader
	err error
}

func (c *calReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}

// CaliforniaSplits makes the notebook's three California sets: train_test_split(random_state=42)
// of t into (full, test), then train_test_split(random_state=42) of full into (train, valid). For
// the 20,640-row table that gives 11,610 training, 3,870 validation and 5,160 test rows, the same
// rows as scikit-learn.
func CaliforniaSplits(t Table) (train, valid, test Table, err error) {
	train, valid, test, err = NotebookSplits(t)
	if err != nil {
		return Table{}, Table{}, Table{}, fmt.Errorf("california splits: %w", err)
	}
	return train, valid, test, nil
}
