package data

import "fmt"

// Images is a set of labelled images, pixel values in [0,1], stored row-major
// N x Height x Width x Channels (NHWC, like Keras).
//
// The values are in Pixels, as float32, or, for 8-bit images such as the
// IDX files' (Fashion-MNIST, MNIST), in Bytes, one byte per value standing
// for [ByteValues]()[b] = b/255: a quarter of the memory, 47 MB rather than
// 188 MB for Fashion-MNIST's training images. One of the two is set, the
// other nil; [Images.Float32] gives the float32 values either way.
//
// Labels is nil for unlabelled images (sample photos); otherwise it has N
// entries, each an index into ClassNames.
type Images struct {
	N, Height, Width, Channels int
	Pixels                     []float32
	Bytes                      []byte
	Labels                     []int
	ClassNames                 []string
}

// FashionClassNames are the ten Fashion-MNIST classes, indexed by label.
var FashionClassNames = []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}

// DigitClassNames are the ten MNIST classes, "0" to "9", indexed by label.
var DigitClassNames = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// ByteValues returns the value of each byte of [Images].Bytes: b/255 as
// float32, computed once, so that everything that widens bytes (the IDX
// readers, [Images.Float32], a model's batches through nn.Data.ByteValues)
// gets exactly the same float32 for the same byte. The table is a copy: the
// caller may keep it.
func ByteValues() *[256]float32 {
	t := idxScale
	return &t
}

// widen turns bytes into their float32 values.
func widen(b []byte) []float32 {
	out := make([]float32, len(b))
	for i, v := range b {
		out[i] = idxScale[v]
	}
	return out
}

// Size is the number of values in one image: Height*Width*Channels.
func (im Images) Size() int { return im.Height * im.Width * im.Channels }

// Float32 returns all the values as float32: Pixels itself, or a new array
// widened from Bytes.
func (im Images) Float32() []float32 {
	if im.Bytes != nil {
		return widen(im.Bytes[:im.N*im.Size()])
	}
	return im.Pixels
}

// Image returns the values of image i (Height x Width x Channels). For
// images in Pixels the slice shares their storage; for images in Bytes it
// is a new array. It panics if i is out of range, like indexing a slice.
func (im Images) Image(i int) []float32 {
	if i < 0 || i >= im.N {
		panic(fmt.Sprintf("data: Images.Image(%d) out of range [0, %d)", i, im.N))
	}
	s := im.Size()
	if im.Bytes != nil {
		return widen(im.Bytes[i*s : (i+1)*s])
	}
	return im.Pixels[i*s : (i+1)*s : (i+1)*s]
}

// Slice returns images from..to-1. It shares storage with im, so it costs
// nothing; use Subset for an independent copy. It panics unless
// 0 <= from <= to <= N, like slicing a slice.
func (im Images) Slice(from, to int) Images {
	if from < 0 || from > to || to > im.N {
		panic(fmt.Sprintf("data: Images.Slice(%d, %d) out of range [0, %d]", from, to, im.N))
	}
	s := im.Size()
	out := im
	out.N = to - from
	// The capacity is cut too, so that appending to one slice can never
	// overwrite the images of the next one.
	if im.Bytes != nil {
		out.Bytes = im.Bytes[from*s : to*s : to*s]
	} else {
		out.Pixels = im.Pixels[from*s : to*s : to*s]
	}
	if im.Labels != nil {
		out.Labels = im.Labels[from:to:to]
	}
	return out
}

// Subset returns a copy of the images at the given indices, in the order
// given (an index may repeat, so Subset also draws bootstrap samples or
// shuffles), stored as im's are (Pixels or Bytes). It panics if an index is
// out of range.
func (im Images) Subset(idx []int) Images {
	s := im.Size()
	out := im
	out.N = len(idx)
	if im.Bytes != nil {
		out.Bytes = make([]byte, len(idx)*s)
	} else {
		out.Pixels = make([]float32, len(idx)*s)
	}
	if im.Labels != nil {
		out.Labels = make([]int, len(idx))
	}
	for k, i := range idx {
		if i < 0 || i >= im.N {
			panic(fmt.Sprintf("data: Images.Subset: index %d out of range [0, %d)", i, im.N))
		}
		if im.Bytes != nil {
			copy(out.Bytes[k*s:(k+1)*s], im.Bytes[i*s:(i+1)*s])
		} else {
			copy(out.Pixels[k*s:(k+1)*s], im.Pixels[i*s:(i+1)*s])
		}
		if im.Labels != nil {
			out.Labels[k] = im.Labels[i]
		}
	}
	return out
}

// CheckShape tells whether the images have the shape shape of a model's
// input: (height, width) for grey images, (height, width, channels).
func (im Images) CheckShape(shape []int) error {
	want := append([]int(nil), shape...)
	if len(want) == 2 {
		want = append(want, 1)
	}
	if len(want) != 3 || want[0] != im.Height || want[1] != im.Width || want[2] != im.Channels {
		return fmt.Errorf("the images are %dx%d with %d channel(s), the model takes input %v", im.Height, im.Width, im.Channels, shape)
	}
	return nil
}
