package data

import (
	"fmt"

	"gonum.org/v1/gonum/mathext/prng"
)

// RandomState is numpy's legacy np.random.RandomState(seed) for an integer seed: the generator
// scikit-learn builds from random_state=<int>. Its methods draw exactly what numpy's methods of
// the same names draw, in the same order, so a model that draws its initial weights and its
// shuffles from it starts and trains on the same numbers as scikit-learn's.
//
// A RandomState is not safe for concurrent use.
type RandomState struct{ mt *prng.MT19937 }

// NewRandomState seeds like np.random.RandomState(seed).
func NewRandomState(seed uint32) *RandomState {
	return &RandomState{mt: newMT19937(seed)}
}

// Float64 is numpy's random_sample(): a double in [0, 1) with 53 random bits, made of the top 27
// bits of one 32-bit output and the top 26 of the next (numpy's legacy_double).
func (r *RandomState) Float64() float64 {
	a := r.mt.Uint32() >> 5
	b := r.mt.Uint32() >> 6
	return (float64(a)*67108864 + float64(b)) / 9007199254740992
}

// Uniform fills dst like uniform(low, high, size=len(dst)): low + (high-low)*Float64(), element
// by element in C order.
func (r *RandomState) Uniform(low, high float64, dst []float64) {
	span := high - low
	for i := range dst {
		dst[i] = low + span*r.Float64()
	}
}

// Intn is randint(low, high) for one value: an integer in [low, high), drawn by numpy's masked
// rejection on 32-bit outputs (or 64-bit ones for a range past 2^32).
func (r *RandomState) Intn(low, high int64) (int64, error) {
	if high <= low {
		return 0, fmt.Errorf("random state: randint(%d, %d): empty range", low, high)
	}
	return low + int64(interval(r.mt, uint64(high-1-low))), nil
}

// Shuffle permutes p in place like RandomState.shuffle on a one-dimensional array: Fisher-Yates
// from the last element down.
func (r *RandomState) Shuffle(p []int) {
	for i := len(p) - 1; i > 0; i-- {
		j := int(interval(r.mt, uint64(i)))
		p[i], p[j] = p[j], p[i]
	}
}

// Permutation is permutation(n): arange(n) shuffled.
func (r *RandomState) Permutation(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	r.Shuffle(p)
	return p
}
