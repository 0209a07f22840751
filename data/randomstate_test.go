package data

import (
	"slices"
	"testing"
)

// The expected values were printed by numpy 1.24 and scikit-learn 1.2.1 (Debian's python3-numpy
// and python3-sklearn).

func TestRandomStateUniform(t *testing.T) {
	// np.random.RandomState(42).uniform(-0.5, 0.25, 3).tolist()
	want := []float64{-0.21909491086447813, 0.21303572980743712, 0.048995456358553846}
	got := make([]float64, 3)
	NewRandomState(42).Uniform(-0.5, 0.25, got)
	if !slices.Equal(got, want) {
		t.Errorf("uniform: got %v, want %v", got, want)
	}
}

func TestRandomStateIntn(t *testing.T) {
	// r = RandomState(42); r.randint(1, 2**31-1), r.randint(2**31-1): the two draws of
	// scikit-learn's Perceptron (make_dataset's seed, then the shuffle seed).
	r := NewRandomState(42)
	a, err := r.Intn(1, 1<<31-1)
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Intn(0, 1<<31-1)
	if err != nil {
		t.Fatal(err)
	}
	if a != 1608637543 || b != 1273642419 {
		t.Errorf("randint: got %d, %d; want 1608637543, 1273642419", a, b)
	}
	if _, err := r.Intn(3, 3); err == nil {
		t.Error("randint(3, 3) accepted an empty range")
	}
}

func TestRandomStateShuffle(t *testing.T) {
	// a = np.arange(10); RandomState(3).shuffle(a)
	p := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	NewRandomState(3).Shuffle(p)
	if want := []int{5, 4, 1, 2, 9, 6, 7, 0, 3, 8}; !slices.Equal(p, want) {
		t.Errorf("shuffle: got %v, want %v", p, want)
	}
	if got := NewRandomState(3).Permutation(10); !slices.Equal(got, p) {
		t.Errorf("permutation %v differs from shuffle %v", got, p)
	}
}
