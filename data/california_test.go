package data

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// calTGZ builds a gzipped tar archive holding the given members, in order.
func calTGZ(t testing.TB, members ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, m := range members {
		if err := tw.WriteHeader(&tar.Header{Name: m[0], Mode: 0o644, Size: int64(len(m[1]))}); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(tw, m[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The first two rows of the real cal_housing.data.
const calTwoRows = "-122.230000,37.880000,41.000000,880.000000,129.000000,322.000000,126.000000,8.325200,452600.000000\n" +
	"-122.220000,37.860000,21.000000,7099.000000,1106.000000,2401.000000,1138.000000,8.301400,358500.000000\n"

func TestCaliforniaHousingEmbedded(t *testing.T) {
	cal, err := CaliforniaHousing("")
	if err != nil {
		t.Fatal(err)
	}
	if cal.Len() != 20640 || cal.NumFeatures() != 8 || len(cal.Y) != 20640 {
		t.Fatalf("%d rows of %d features, %d targets; want 20640 of 8", cal.Len(), cal.NumFeatures(), len(cal.Y))
	}
	wantNames := []string{"MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population", "AveOccup", "Latitude", "Longitude"}
	if !slices.Equal(cal.Features, wantNames) || cal.ClassNames != nil {
		t.Errorf("features %q, classes %q", cal.Features, cal.ClassNames)
	}
	// fetch_california_housing().data[0] and .target[0], exactly: sklearn divides the same doubles.
	want := []float64{8.3252, 41, 880.0 / 126, 129.0 / 126, 322, 322.0 / 126, 37.88, -122.23}
	if !slices.Equal(cal.X[0], want) || cal.Y[0] != 4.526 {
		t.Errorf("first row %v, %v; want %v, 4.526", cal.X[0], cal.Y[0], want)
	}
	// The values as sklearn's documentation prints them.
	printed := []float64{8.3252, 41, 6.984127, 1.02381, 322, 2.555556, 37.88, -122.23}
	for j, v := range printed {
		if math.Abs(cal.X[0][j]-v) > 5e-6 {
			t.Errorf("first row column %s = %v, want about %v", cal.Features[j], cal.X[0][j], v)
		}
	}
	if last := cal.X[20639]; last[7] != -121.24 || last[6] != 39.37 || cal.Y[20639] != 0.894 {
		t.Errorf("last row %v, %v", last, cal.Y[20639])
	}
}

func TestCaliforniaHousingDir(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, CaliforniaArchiveName)
	if err := os.WriteFile(path, calArchive, 0o644); err != nil {
		t.Fatal(err)
	}
	cal, err := CaliforniaHousing(dir)
	if err != nil {
		t.Fatal(err)
	}
	if cal.Len() != 20640 {
		t.Errorf("%d rows", cal.Len())
	}

	// A well-formed archive that is not scikit-learn's must be refused.
	if err := os.WriteFile(path, calTGZ(t, [2]string{calMember, calTwoRows}), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = CaliforniaHousing(dir)
	if err == nil || !strings.HasPrefix(err.Error(), path+": sha256 ") || !strings.Contains(err.Error(), "does not match scikit-learn's archive") {
		t.Errorf("foreign archive: error %v", err)
	}

	_, err = CaliforniaHousing(filepath.Join(dir, "missing"))
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), CaliforniaArchiveName) {
		t.Errorf("missing directory: error %v", err)
	}
}

func TestReadCaliforniaArchive(t *testing.T) {
	arc := calTGZ(t,
		[2]string{"CaliforniaHousing/", ""},
		[2]string{calMember, "\n" + calTwoRows},
		[2]string{"CaliforniaHousing/cal_housing.domain", "longitude: continuous.\n"},
	)
	cal, err := ReadCaliforniaArchive(bytes.NewReader(arc), "small.tgz")
	if err != nil {
		t.Fatal(err)
	}
	if cal.Len() != 2 || cal.Y[1] != 3.585 {
		t.Fatalf("%d rows, targets %v", cal.Len(), cal.Y)
	}
	if want := []float64{8.3014, 21, 7099.0 / 1138, 1106.0 / 1138, 2401, 2401.0 / 1138, 37.86, -122.22}; !slices.Equal(cal.X[1], want) {
		t.Errorf("second row %v, want %v", cal.X[1], want)
	}
}

func TestReadCaliforniaArchiveErrors(t *testing.T) {
	good := calTGZ(t, [2]string{calMember, strings.Repeat(calTwoRows, 200)})
	tests := []struct {
		name string
		arc  []byte
		want string
		is   error
	}{
		{"truncated", good[:len(good)/2], "bad.tgz: CaliforniaHousing/cal_housing.data: unexpected EOF", io.ErrUnexpectedEOF},
		{"truncated trailer", good[:len(good)-4], "bad.tgz: unexpected EOF", io.ErrUnexpectedEOF},
		{"not gzip", []byte("plain text"), "bad.tgz: ", gzip.ErrHeader},
		{"empty", nil, "bad.tgz: ", io.EOF},
		{"no member", calTGZ(t, [2]string{"CaliforniaHousing/cal_housing.domain", "x"}),
			"bad.tgz: no member CaliforniaHousing/cal_housing.data", nil},
		{"no rows", calTGZ(t, [2]string{calMember, "\n\n"}), "bad.tgz: CaliforniaHousing/cal_housing.data has no rows", nil},
		{"bad value", calTGZ(t, [2]string{calMember, calTwoRows + "-122.2,37.8,abc,1,1,1,1,1,1\n"}),
			`bad.tgz: CaliforniaHousing/cal_housing.data line 3: column 3: "abc" is not a number`, nil},
		{"missing value", calTGZ(t, [2]string{calMember, calTwoRows + calTwoRows + "-122.2,37.8,41,1,,1,1,1,1\n"}),
			"bad.tgz: CaliforniaHousing/cal_housing.data line 5: column 5: missing value", nil},
		{"NaN", calTGZ(t, [2]string{calMember, "nan,37.8,41,1,1,1,1,1,1\n"}),
			`line 1: column 1: "nan" is not a finite number`, nil},
		{"short row", calTGZ(t, [2]string{calMember, calTwoRows + "1,2,3\n"}),
			"bad.tgz: CaliforniaHousing/cal_housing.data line 3: 3 columns, want 9", nil},
		{"no households", calTGZ(t, [2]string{calMember, "-122.2,37.8,41,1,1,1,0,1,1\n"}),
			"line 1: column 7: households is 0", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCaliforniaArchive(bytes.NewReader(tt.arc), "bad.tgz")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v does not wrap %v", err, tt.is)
			}
		})
	}
}

// TestReadCaliforniaArchiveEveryCut truncates an archive at every byte: whatever is cut, the error
// must be the truncation, never a confusing complaint about a half-read last row.
func TestReadCaliforniaArchiveEveryCut(t *testing.T) {
	good := calTGZ(t, [2]string{calMember, strings.Repeat(calTwoRows, 50)})
	for cut := 10; cut < len(good); cut++ { // the first 10 bytes are the gzip header
		_, err := ReadCaliforniaArchive(bytes.NewReader(good[:cut]), "cut.tgz")
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("cut at %d of %d: error %v, want unexpected EOF", cut, len(good), err)
		}
	}
}

// TestCaliforniaSplits checks the notebook's train/valid/test rows against scikit-learn's own
// splits: the n20640 fixture splits the whole table into (full, test), the n15480 one splits full
// into (train, valid).
func TestCaliforniaSplits(t *testing.T) {
	cal, err := CaliforniaHousing("")
	if err != nil {
		t.Fatal(err)
	}
	train, valid, test, err := CaliforniaSplits(cal)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 11610 || valid.Len() != 3870 || test.Len() != 5160 {
		t.Fatalf("sizes %d/%d/%d, want 11610/3870/5160", train.Len(), valid.Len(), test.Len())
	}
	var outer, inner struct{ Train, Test []int }
	for path, dst := range map[string]any{
		"sklearn_split_n20640_s42.json": &outer,
		"sklearn_split_n15480_s42.json": &inner,
	} {
		raw, err := os.ReadFile(filepath.Join("testdata", "splits", path))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			t.Fatal(err)
		}
	}
	check := func(name string, got Table, rows []int) {
		t.Helper()
		if got.Len() != len(rows) {
			t.Fatalf("%s: %d rows, want %d", name, got.Len(), len(rows))
		}
		for i, r := range rows {
			if !slices.Equal(got.X[i], cal.X[r]) || got.Y[i] != cal.Y[r] {
				t.Fatalf("%s row %d is not table row %d", name, i, r)
			}
		}
	}
	full := func(pos []int) []int {
		out := make([]int, len(pos))
		for i, p := range pos {
			out[i] = outer.Train[p]
		}
		return out
	}
	check("test", test, outer.Test)
	check("train", train, full(inner.Train))
	check("valid", valid, full(inner.Test))
	// What sklearn printed for X_train[0], X_valid[0] and X_test[0].
	if train.X[0][0] != 3.5214 || valid.X[0][0] != 2.5 || test.X[0][0] != 1.6812 || train.Y[0] != 1.442 {
		t.Errorf("first rows %v %v %v", train.X[0], valid.X[0], test.X[0])
	}

	if _, _, _, err := CaliforniaSplits(Table{X: [][]float64{{1}}, Y: []float64{1}}); err == nil {
		t.Error("splitting one row did not fail")
	}
}

func BenchmarkCaliforniaHousing(b *testing.B) {
	for b.Loop() {
		if _, err := CaliforniaHousing(""); err != nil {
			b.Fatal(err)
		}
	}
}
