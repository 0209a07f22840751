package data

import "gonum.org/v1/gonum/mathext/prng"

// numpy's legacy generator (np.random.RandomState), which is what scikit-learn's
// random_state=<int> builds, is the Mersenne Twister MT19937 seeded by init_genrand(seed)
// (not init_by_array, which the split fixtures confirm): gonum's prng.MT19937, whose Seed is
// init_genrand, whose Uint32 is numpy's mt19937_next32 and whose Uint64 combines two outputs
// high word first as numpy's mt19937_next64 does. It exists in gozoo only to reproduce
// scikit-learn bit for bit: TrainTestSplit's splits, and through RandomState the initial
// weights and shuffles of the scikit-learn models. gozoo's own models draw from math/rand/v2
// (nn.NewRand), which stays: their saved files and results were made with it.

// newMT19937 is numpy's RandomState(seed) generator.
func newMT19937(seed uint32) *prng.MT19937 {
	m := prng.NewMT19937()
	m.Seed(uint64(seed))
	return m
}

// interval returns a uniform integer in [0, hi] the way numpy's random_interval does: mask to the
// smallest covering power of two and reject, using 32-bit draws whenever hi fits in 32 bits. The
// exact draw sequence matters, because every rejected draw shifts all later ones.
func interval(m *prng.MT19937, hi uint64) uint64 {
	if hi == 0 {
		return 0
	}
	mask := hi
	mask |= mask >> 1
	mask |= mask >> 2
	mask |= mask >> 4
	mask |= mask >> 8
	mask |= mask >> 16
	mask |= mask >> 32
	if hi <= 0xffffffff {
		for {
			v := uint64(m.Uint32()) & mask
			if v <= hi {
				return v
			}
		}
	}
	for {
		v := m.Uint64() & mask
		if v <= hi {
			return v
		}
	}
}
