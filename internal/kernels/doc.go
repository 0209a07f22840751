// Package kernels holds the arithmetic of gozoo's layers on plain float32
// slices, row-major, with no graph: the convolution as im2col products or
// Winograd's F(m x m, 3 x 3), pooling, the Dense layer's passes, the
// activations and their derivatives, the softmax and cross-entropy, the
// bias gradients' row sums, and the fan-out of large matrix products over
// goroutines. Package nn wraps each forward kernel and its backward ones
// into Gorgonia ops (nn/kernel_op.go); its inference plans call the forward
// kernels directly.
//
// Images are NHWC, Keras's layout, and a convolution kernel is Keras's
// (kh, kw, in, filters) array as it is stored.
//
// Every result is the same bits on any GOMAXPROCS: work is split across
// goroutines by images, rows or columns of an output, never along a sum,
// and where a sum is split (the bias gradient's rows) the parts follow the
// data's size alone.
//
// The matrix products run on the BLAS the caller passes: package nn passes
// its own (the build's: gozoo's GEMM, or OpenBLAS with -tags openblas),
// not Gorgonia's global one.
package kernels
