package data

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
)

// NewRNG returns the generator gozoo shuffles minibatches with: math/rand/v2's PCG seeded from seed.
// The same seed gives the same stream, and so the same batch order, on every run and platform.
func NewRNG(seed int64) *rand.Rand {
	// PCG takes two words; the fixed second word only separates gozoo's streams from a bare
	// NewPCG(seed, 0) someone else might use.
	return rand.New(rand.NewPCG(uint64(seed), 0x676f7a6f6f))
}

// Permutation fills dst with a random permutation of 0..len(dst)-1 drawn from rng and returns it.
// It allocates nothing, so a training loop can reuse one slice every epoch:
//
//	perm := make([]int, train.Len())
//	for epoch := range epochs {
//		data.Permutation(rng, perm)
//		...
//	}
//
// The shuffle is gozoo's own Fisher-Yates on rng.Uint64 rather than rand.Shuffle, so the order for
// a given seed depends only on the PCG stream and cannot change with the Go release.
func Permutation(rng *rand.Rand, dst []int) []int {
	for i := range dst {
		dst[i] = i
	}
	for i := len(dst) - 1; i > 0; i-- {
		j := batchUniform(rng, uint64(i)+1)
		dst[i], dst[j] = dst[j], dst[i]
	}
	return dst
}

// batchUniform returns a uniform integer in [0, n) by Lemire's multiply-and-reject method, which
// avoids the modulo bias of rng.Uint64() % n.
func batchUniform(rng *rand.Rand, n uint64) uint64 {
	hi, lo := bits.Mul64(rng.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(rng.Uint64(), n)
		}
	}
	return hi
}

// Batches cuts n rows into consecutive windows [start, end) of size rows, the last one shorter when
// size does not divide n, as Keras's fit does. It returns nil when n is 0; it panics when size is
// not positive, which is a programming error that callers should catch when they read flags.
func Batches(n, size int) [][2]int {
	if size <= 0 {
		panic(fmt.Sprintf("data: batch size %d is not positive", size))
	}
	if n <= 0 {
		return nil
	}
	out := make([][2]int, 0, (n+size-1)/size)
	for start := 0; start < n; {
		end := n
		if n-start > size { // compared as a difference so that start+size cannot overflow
			end = start + size
		}
		out = append(out, [2]int{start, end})
		start = end
	}
	return out
}
