package data

import (
	"slices"
	"testing"
)

func TestPermutation(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		p := Permutation(NewRNG(1), make([]int, n))
		if len(p) != n {
			t.Fatalf("n %d: length %d", n, len(p))
		}
		sorted := slices.Sorted(slices.Values(p))
		for i, v := range sorted {
			if v != i {
				t.Fatalf("n %d: %v is not a permutation", n, p)
			}
		}
	}
}

func TestPermutationIsSeeded(t *testing.T) {
	a := Permutation(NewRNG(7), make([]int, 100))
	b := Permutation(NewRNG(7), make([]int, 100))
	if !slices.Equal(a, b) {
		t.Error("the same seed gave different orders")
	}
	c := Permutation(NewRNG(8), make([]int, 100))
	if slices.Equal(a, c) {
		t.Error("seeds 7 and 8 gave the same order")
	}
	// A later epoch drawn from the same generator must differ from the first.
	rng := NewRNG(7)
	first := slices.Clone(Permutation(rng, make([]int, 100)))
	if second := Permutation(rng, make([]int, 100)); slices.Equal(first, second) {
		t.Error("two epochs from one generator gave the same order")
	}
	// Pinned so that a change to the shuffle, which would change every model's training run,
	// cannot go unnoticed.
	if got, want := Permutation(NewRNG(42), make([]int, 10)), []int{4, 7, 9, 1, 8, 0, 3, 5, 2, 6}; !slices.Equal(got, want) {
		t.Errorf("NewRNG(42) order %v, want %v", got, want)
	}
}

func TestPermutationUniform(t *testing.T) {
	// Each of the 6 orders of 3 items should turn up about 1/6 of the time.
	counts := map[[3]int]int{}
	rng := NewRNG(3)
	p := make([]int, 3)
	const draws = 60000
	for range draws {
		Permutation(rng, p)
		counts[[3]int(p)]++
	}
	if len(counts) != 6 {
		t.Fatalf("saw %d distinct orders, want 6", len(counts))
	}
	for order, c := range counts {
		// 10,000 expected, standard deviation about 91: 600 is over six sigmas.
		if c < draws/6-600 || c > draws/6+600 {
			t.Errorf("order %v drawn %d times out of %d", order, c, draws)
		}
	}
}

func TestPermutationAllocs(t *testing.T) {
	rng := NewRNG(1)
	p := make([]int, 1000)
	if n := testing.AllocsPerRun(10, func() { Permutation(rng, p) }); n != 0 {
		t.Errorf("Permutation allocates %v times per call", n)
	}
}

func TestBatches(t *testing.T) {
	tests := []struct {
		n, size int
		want    [][2]int
	}{
		{0, 32, nil},
		{5, 2, [][2]int{{0, 2}, {2, 4}, {4, 5}}},
		{4, 2, [][2]int{{0, 2}, {2, 4}}},
		{3, 10, [][2]int{{0, 3}}},
		{1, 1, [][2]int{{0, 1}}},
	}
	for _, tt := range tests {
		if got := Batches(tt.n, tt.size); !slices.Equal(got, tt.want) {
			t.Errorf("Batches(%d, %d) = %v, want %v", tt.n, tt.size, got, tt.want)
		}
	}
	// Fashion-MNIST's 55,000 training images in batches of 32, as in the notebook: 1,719 steps.
	b := Batches(55000, 32)
	if len(b) != 1719 || b[len(b)-1] != [2]int{54976, 55000} {
		t.Errorf("55000/32: %d batches ending %v", len(b), b[len(b)-1])
	}
	defer func() {
		if recover() == nil {
			t.Error("Batches(10, 0) did not panic")
		}
	}()
	Batches(10, 0)
}
