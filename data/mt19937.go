package data

// The Mersenne Twister below is numpy's legacy generator (np.random.RandomState), which is what
// scikit-learn's random_state=<int> builds. It exists only to reproduce scikit-learn bit for bit:
// TrainTestSplit's splits, and through RandomState the initial weights and shuffles of the
// scikit-learn models; gozoo's own models draw from math/rand/v2.

const (
	splitMTN         = 624
	splitMTM         = 397
	splitMTMatrixA   = 0x9908b0df
	splitMTUpperMask = 0x80000000
	splitMTLowerMask = 0x7fffffff
)

// splitMT19937 is the state of one MT19937 generator.
type splitMT19937 struct {
	key [splitMTN]uint32
	pos int
}

// newSplitMT19937 seeds like RandomState(seed) with an integer seed: numpy's legacy seeding calls
// init_genrand(seed) directly (not init_by_array), which the split fixtures confirm.
func newSplitMT19937(seed uint32) *splitMT19937 {
	m := &splitMT19937{}
	m.key[0] = seed
	for i := 1; i < splitMTN; i++ {
		prev := m.key[i-1]
		m.key[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	// Forces a twist before the first output, as numpy does after seeding.
	m.pos = splitMTN
	return m
}

func (m *splitMT19937) twist() {
	k := &m.key
	mix := func(i, next, far int) {
		y := k[i]&splitMTUpperMask | k[next]&splitMTLowerMask
		v := k[far] ^ (y >> 1)
		if y&1 != 0 {
			v ^= splitMTMatrixA
		}
		k[i] = v
	}
	// Three loops instead of one with "% splitMTN", which costs a division per word.
	i := 0
	for ; i < splitMTN-splitMTM; i++ {
		mix(i, i+1, i+splitMTM)
	}
	for ; i < splitMTN-1; i++ {
		mix(i, i+1, i+splitMTM-splitMTN)
	}
	mix(splitMTN-1, 0, splitMTM-1)
	m.pos = 0
}

// uint32 returns the next tempered 32-bit output (numpy's mt19937_next32).
func (m *splitMT19937) uint32() uint32 {
	if m.pos >= splitMTN {
		m.twist()
	}
	y := m.key[m.pos]
	m.pos++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// uint64 combines two 32-bit outputs high word first, as numpy's mt19937_next64 does.
func (m *splitMT19937) uint64() uint64 {
	hi := uint64(m.uint32())
	return hi<<32 | uint64(m.uint32())
}

// interval returns a uniform integer in [0, hi] the way numpy's random_interval does: mask to the
// smallest covering power of two and reject, using 32-bit draws whenever hi fits in 32 bits. The
// exact draw sequence matters, because every rejected draw shifts all later ones.
func (m *splitMT19937) interval(hi uint64) uint64 {
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
			v := uint64(m.uint32()) & mask
			if v <= hi {
				return v
			}
		}
	}
	for {
		v := m.uint64() & mask
		if v <= hi {
			return v
		}
	}
}
