package data

import (
	"slices"
	"testing"
)

// The expected values below were printed by numpy 1.24's np.random.RandomState; they pin the
// generator independently of the split fixtures, so a failure says which layer broke.

func TestMT19937Outputs(t *testing.T) {
	tests := []struct {
		seed uint32
		skip int // outputs discarded first, to reach past the first twist
		want []uint32
	}{
		// Matsumoto and Nishimura's reference init_genrand(5489) stream.
		{seed: 5489, want: []uint32{3499211612, 581869302, 3890346734}},
		// RandomState(42).randint(0, 2**32, size=3, dtype=np.uint64)
		{seed: 42, want: []uint32{1608637542, 3421126067, 4083286876}},
		// ... and outputs 998..1000 of the same call with size=1000.
		{seed: 42, skip: 997, want: []uint32{1116476131, 4235742911, 1946654618}},
	}
	for _, tt := range tests {
		m := newMT19937(tt.seed)
		for range tt.skip {
			m.Uint32()
		}
		got := make([]uint32, len(tt.want))
		for i := range got {
			got[i] = m.Uint32()
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("seed %d after %d: got %v, want %v", tt.seed, tt.skip, got, tt.want)
		}
	}
}

func TestMT19937Interval(t *testing.T) {
	tests := []struct {
		seed uint32
		hi   uint64
		want []uint64
	}{
		// RandomState(7).randint(0, 1001, size=5, dtype=np.uint64): 32-bit masked rejection.
		{7, 1000, []uint64{175, 196, 537, 502, 579}},
		// RandomState(7).randint(0, 2**40+1, size=5, dtype=np.uint64): 64-bit draws, high word first.
		{7, 1 << 40, []uint64{752595690692, 108744157686, 291964244179, 309610205529, 936371205000}},
		{7, 0, []uint64{0, 0}},
	}
	for _, tt := range tests {
		m := newMT19937(tt.seed)
		got := make([]uint64, len(tt.want))
		for i := range got {
			got[i] = interval(m, tt.hi)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("seed %d interval(%d): got %v, want %v", tt.seed, tt.hi, got, tt.want)
		}
	}
}

func TestMT19937Permutation(t *testing.T) {
	tests := []struct {
		seed      uint32
		n         int
		head, end []int // first (up to) 10 and last 3 values of RandomState(seed).permutation(n)
	}{
		{0, 10, []int{2, 8, 4, 9, 1, 6, 7, 3, 0, 5}, []int{3, 0, 5}},
		{42, 10, []int{8, 1, 5, 0, 7, 2, 9, 4, 3, 6}, []int{4, 3, 6}},
		{4294967295, 10, []int{6, 9, 5, 1, 8, 0, 7, 4, 2, 3}, []int{4, 2, 3}},
		{1, 1, []int{0}, []int{0}},
		{3, 2, []int{1, 0}, []int{1, 0}},
		{123, 1000, []int{131, 203, 50, 585, 138, 632, 328, 461, 924, 479}, []int{382, 365, 510}},
	}
	for _, tt := range tests {
		p := NewRandomState(tt.seed).Permutation(tt.n)
		if got := p[:len(tt.head)]; !slices.Equal(got, tt.head) {
			t.Errorf("seed %d n %d: starts %v, want %v", tt.seed, tt.n, got, tt.head)
		}
		if got := p[len(p)-len(tt.end):]; !slices.Equal(got, tt.end) {
			t.Errorf("seed %d n %d: ends %v, want %v", tt.seed, tt.n, got, tt.end)
		}
		sorted := slices.Sorted(slices.Values(p))
		for i, v := range sorted {
			if v != i {
				t.Fatalf("seed %d n %d: not a permutation", tt.seed, tt.n)
			}
		}
	}
	if p := NewRandomState(0).Permutation(0); len(p) != 0 {
		t.Errorf("permutation(0) = %v", p)
	}
}

func BenchmarkMT19937Permutation20640(b *testing.B) {
	for b.Loop() {
		NewRandomState(42).Permutation(20640)
	}
}
