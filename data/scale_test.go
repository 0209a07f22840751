package data

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// scaleHex parses the float.hex() strings that sklearn's values were printed as, so the tests
// compare to the last bit.
func scaleHex(t *testing.T, s ...string) []float64 {
	t.Helper()
	out := make([]float64, len(s))
	for i, h := range s {
		v, err := strconv.ParseFloat(h, 64)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = v
	}
	return out
}

func TestStandardScalerMatchesSklearn(t *testing.T) {
	iris, err := Iris()
	if err != nil {
		t.Fatal(err)
	}
	cal, err := CaliforniaHousing("")
	if err != nil {
		t.Fatal(err)
	}
	calTrain, _, _, err := CaliforniaSplits(cal)
	if err != nil {
		t.Fatal(err)
	}
	// StandardScaler().fit(X) in scikit-learn 1.2.1 / numpy 1.24.2, printed with float.hex.
	tests := []struct {
		name        string
		x           [][]float64
		mean, scale []string
	}{
		{"iris", iris.X,
			[]string{"0x1.75f92c5f92c61p+2", "0x1.8756b2dbd1944p+1", "0x1.e10624dd2f1b0p+1", "0x1.33078263ab59ap+0"},
			[]string{"0x1.a68de41320a1bp-1", "0x1.bcd63a8dca674p-2", "0x1.c2684e0af450fp+0", "0x1.84f66e9fb442cp-1"}},
		{"california train", calTrain.X,
			[]string{"0x1.f225255d73a08p+1", "0x1.c9fe25d67537bp+4", "0x1.5d2e107f18139p+2", "0x1.1981a97db3b4bp+0",
				"0x1.6411ff8f1aae3p+10", "0x1.7abc23c430d56p+1", "0x1.1d2be44a88487p+5", "-0x1.de5663277cae5p+6"},
			[]string{"0x1.e8c62250d9500p+0", "0x1.948265c83dafbp+3", "0x1.4672dff519926p+1", "0x1.dca194721c766p-2",
				"0x1.11f0a3d13fbf9p+10", "0x1.2e41b726c6901p+1", "0x1.11397b6c20fd7p+1", "0x1.001e92e12459dp+1"}},
		// The constant columns, one of them not exactly representable, get scale 1.
		{"constant columns", [][]float64{{1, 5, 0.1}, {2, 5, 0.1}, {4, 5, 0.1}, {8, 5, 0.1}},
			[]string{"0x1.e000000000000p+1", "0x1.4000000000000p+2", "0x1.999999999999ap-4"},
			[]string{"0x1.572969b8b5cd8p+1", "0x1.0000000000000p+0", "0x1.0000000000000p+0"}},
	}
	for _, tt := range tests {
		s, err := FitStandardScaler(tt.x)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if want := scaleHex(t, tt.mean...); !slices.Equal(s.Mean, want) {
			t.Errorf("%s: mean %v, want sklearn's %v", tt.name, s.Mean, want)
		}
		if want := scaleHex(t, tt.scale...); !slices.Equal(s.Scale, want) {
			t.Errorf("%s: scale %v, want sklearn's %v", tt.name, s.Scale, want)
		}
	}
}

func TestStandardScalerTransform(t *testing.T) {
	x := [][]float64{{1, 5, 0.1}, {2, 5, 0.1}, {4, 5, 0.1}, {8, 5, 0.1}}
	s, err := FitStandardScaler(x)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Transform(x)
	if err != nil {
		t.Fatal(err)
	}
	// sklearn's transform of the same rows.
	want := [][]float64{
		{-1.025755289064345, 0, 0}, {-0.6527533657682196, 0, 0},
		{0.09325048082403138, 0, 0}, {1.5852581740085334, 0, 0},
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("Transform = %v, want %v", got, want)
	}
	if x[0][0] != 1 {
		t.Error("Transform modified its input")
	}
	var sum, sq float64
	for _, r := range got {
		sum += r[0]
		sq += r[0] * r[0]
	}
	if math.Abs(sum) > 1e-12 || math.Abs(sq/4-1) > 1e-12 {
		t.Errorf("transformed column has mean %v and variance %v", sum/4, sq/4)
	}
}

func TestStandardScalerErrors(t *testing.T) {
	fits := []struct {
		name string
		x    [][]float64
		want string
	}{
		{"no rows", nil, "no rows"},
		{"no columns", [][]float64{{}}, "no columns"},
		{"ragged", [][]float64{{1, 2}, {3}}, "row 1 has 1 columns, row 0 has 2"},
		{"NaN", [][]float64{{1, 2}, {3, math.NaN()}}, "row 1 column 1 is NaN"},
		{"Inf", [][]float64{{math.Inf(1)}}, "row 0 column 0 is +Inf"},
	}
	for _, tt := range fits {
		if _, err := FitStandardScaler(tt.x); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
	s, err := FitStandardScaler([][]float64{{1, 2}, {3, 4}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transform([][]float64{{1, 2}, {1, 2, 3}}); err == nil || !strings.Contains(err.Error(), "row 1 has 3 columns, the scaler was fitted on 2") {
		t.Errorf("Transform of a wider row: %v", err)
	}
	bad := &StandardScaler{Mean: []float64{0, 0}, Scale: []float64{1}}
	if _, err := bad.Transform([][]float64{{1, 2}}); err == nil {
		t.Error("Transform with mismatched Mean and Scale did not fail")
	}
}
