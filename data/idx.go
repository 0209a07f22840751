package data

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
)

// IDX magic numbers: two zero bytes, the element type (0x08 = unsigned byte),
// then the number of dimensions.
const (
	idxMagicImages = 0x00000803
	idxMagicLabels = 0x00000801
)

// Sanity limits on IDX headers. They are far above any real dataset
// (Fashion-MNIST: 60,000 images of 784 pixels) yet keep a corrupt or hostile
// header from asking for terabytes.
const (
	idxMaxCount      = 10_000_000
	idxMaxImageSize  = 1 << 20 // rows*cols
	idxMaxPixels     = 1 << 30 // count*rows*cols, 4 GiB of float32
	idxFirstReadSize = 1 << 20
)

// idxScale maps a byte to [0,1] by a table, so that every loader in the
// package turns byte b into exactly the same float32 b/255.
var idxScale = func() (t [256]float32) {
	for i := range t {
		t[i] = float32(i) / 255
	}
	return t
}()

// idxSource undoes gzip compression when the stream starts with the gzip
// magic 1f 8b; isGzip tells the error messages which kind of damage to name.
func idxSource(r io.Reader) (src io.Reader, isGzip bool, err error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(2)
	if err != nil && err != io.EOF {
		return nil, false, err
	}
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, true, fmt.Errorf("bad gzip header: %w", err)
		}
		return zr, true, nil
	}
	return br, false, nil
}

// idxRead reads want bytes. Unlike io.ReadFull it returns io.EOF for a clean
// short stream and passes other errors through unchanged, so that a short
// file and a cut gzip stream (io.ErrUnexpectedEOF from gzip) stay apart. The
// buffer grows as the bytes arrive instead of being allocated from the
// header's claim.
func idxRead(r io.Reader, want int) ([]byte, error) {
	buf := make([]byte, 0, min(want, idxFirstReadSize))
	for len(buf) < want {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(want-len(buf), len(buf)))
		}
		m, err := r.Read(buf[len(buf):min(cap(buf), want)])
		buf = buf[:len(buf)+m]
		if err != nil {
			if err == io.EOF && len(buf) == want {
				break
			}
			return buf, err
		}
	}
	return buf, nil
}

// idxReadErr names what went wrong while reading part ("header", "pixels",
// "labels") of which want bytes got arrived.
func idxReadErr(err error, isGzip bool, part string, want, got int) error {
	switch {
	case err == io.EOF:
		return fmt.Errorf("truncated: want %d bytes of %s, got %d", want, part, got)
	case isGzip && errors.Is(err, io.ErrUnexpectedEOF) && got == want:
		return fmt.Errorf("truncated gzip stream: its trailer is missing after the %s: %w", part, err)
	case isGzip && errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("truncated gzip stream after %d of %d bytes of %s: %w", got, want, part, err)
	case isGzip && idxIsGzipDamage(err):
		return fmt.Errorf("bad gzip data after %d of %d bytes of %s: %w", got, want, part, err)
	default:
		return fmt.Errorf("read %s: %w", part, err)
	}
}

func idxIsGzipDamage(err error) bool {
	var corrupt flate.CorruptInputError
	return errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.As(err, &corrupt)
}

// idxCheckEnd makes sure nothing follows the data the header announced: extra
// bytes mean the header lies about the count. Reading past the end also makes
// gzip verify its CRC and length trailer.
func idxCheckEnd(r io.Reader, isGzip bool, what string) error {
	var one [1]byte
	m, err := io.ReadFull(r, one[:])
	switch {
	case m > 0:
		return fmt.Errorf("more data after the %s the header announces", what)
	case err == io.EOF:
		return nil
	case isGzip && errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("truncated gzip stream (trailer missing after the %s): %w", what, err)
	case isGzip && idxIsGzipDamage(err):
		return fmt.Errorf("bad gzip data after the %s: %w", what, err)
	default:
		return fmt.Errorf("read past the %s: %w", what, err)
	}
}

func idxMagicErr(got, want uint32) error {
	kind := map[uint32]string{idxMagicImages: "an IDX image file", idxMagicLabels: "an IDX label file"}
	msg := fmt.Sprintf("wrong magic number 0x%08x (want 0x%08x, %s)", got, want, kind[want])
	if k, ok := kind[got]; ok {
		msg += "; this is " + k
	}
	return errors.New(msg)
}

// idxHeader reads the magic number and then the dims sizes. The magic comes
// first on its own so that a label file handed to the image reader, shorter
// than an image header, is still named for what it is.
func idxHeader(r io.Reader, isGzip bool, want uint32, dims int) ([]uint32, error) {
	b, err := idxRead(r, 4)
	if err != nil {
		return nil, idxReadErr(err, isGzip, "header", 4+4*dims, len(b))
	}
	if magic := binary.BigEndian.Uint32(b); magic != want {
		return nil, idxMagicErr(magic, want)
	}
	b, err = idxRead(r, 4*dims)
	if err != nil {
		return nil, idxReadErr(err, isGzip, "header", 4+4*dims, 4+len(b))
	}
	sizes := make([]uint32, dims)
	for i := range sizes {
		sizes[i] = binary.BigEndian.Uint32(b[4*i:])
	}
	return sizes, nil
}

// ReadIDXImages reads an IDX image file (magic 0x00000803: unsigned bytes,
// count x rows x cols), gzip-compressed or not, and scales the bytes to
// [0,1] by dividing by 255. The pixels come out row-major,
// n x rows x cols, ready for an [Images] with one channel.
//
// Headers that claim more than 10,000,000 images, more than 1<<20 pixels per
// image or more than 1<<30 pixels in all are rejected before anything is
// allocated, and the data must end exactly where the header says.
func ReadIDXImages(r io.Reader) (n, rows, cols int, pixels []float32, err error) {
	n, rows, cols, b, err := readIDXImageBytes(r, nil)
	if err != nil {
		return 0, 0, 0, nil, err
	}
	return n, rows, cols, widen(b), nil
}

// ReadIDXImageBytes is ReadIDXImages without the scaling: the pixels stay
// the file's bytes, a quarter of the memory of float32 values, for
// [Images].Bytes. Byte b stands for [ByteValues]()[b], b/255.
func ReadIDXImageBytes(r io.Reader) (n, rows, cols int, pixels []byte, err error) {
	return readIDXImageBytes(r, nil)
}

// readIDXImageBytes is ReadIDXImageBytes, calling expect (when not nil)
// with the header's sizes before reading the pixels: a loader that knows
// what the file must hold refuses a header that lies (a small gzip file can
// claim a billion pixels of zeros) before decompressing any of it.
func readIDXImageBytes(r io.Reader, expect func(n, rows, cols int) error) (n, rows, cols int, pixels []byte, err error) {
	src, isGzip, err := idxSource(r)
	if err != nil {
		return 0, 0, 0, nil, err
	}
	head, err := idxHeader(src, isGzip, idxMagicImages, 3)
	if err != nil {
		return 0, 0, 0, nil, err
	}
	un, ur, uc := uint64(head[0]), uint64(head[1]), uint64(head[2])
	switch {
	case un > idxMaxCount:
		return 0, 0, 0, nil, fmt.Errorf("header claims %d images (limit %d): corrupt header?", un, idxMaxCount)
	case ur == 0 || uc == 0:
		return 0, 0, 0, nil, fmt.Errorf("header claims %dx%d images: corrupt header?", ur, uc)
	case ur*uc > idxMaxImageSize:
		return 0, 0, 0, nil, fmt.Errorf("header claims %dx%d images (limit %d pixels each): corrupt header?", ur, uc, idxMaxImageSize)
	case un*ur*uc > idxMaxPixels:
		return 0, 0, 0, nil, fmt.Errorf("header claims %d images of %dx%d (limit %d pixels in all): corrupt header?", un, ur, uc, idxMaxPixels)
	}
	n, rows, cols = int(un), int(ur), int(uc)
	if expect != nil {
		if err := expect(n, rows, cols); err != nil {
			return 0, 0, 0, nil, err
		}
	}
	want := n * rows * cols
	body, err := idxRead(src, want)
	if err != nil {
		return 0, 0, 0, nil, idxReadErr(err, isGzip, "pixels", want, len(body))
	}
	if err := idxCheckEnd(src, isGzip, fmt.Sprintf("%d images", n)); err != nil {
		return 0, 0, 0, nil, err
	}
	return n, rows, cols, body, nil
}

// ReadIDXLabels reads an IDX label file (magic 0x00000801: count unsigned
// bytes), gzip-compressed or not. Labels are returned as they are, 0 to 255;
// checking them against a class count is the caller's business.
func ReadIDXLabels(r io.Reader) ([]int, error) {
	return readIDXLabels(r, nil)
}

// readIDXLabels is ReadIDXLabels, calling expect (when not nil) with the
// header's count before reading the labels.
func readIDXLabels(r io.Reader, expect func(n int) error) ([]int, error) {
	src, isGzip, err := idxSource(r)
	if err != nil {
		return nil, err
	}
	head, err := idxHeader(src, isGzip, idxMagicLabels, 1)
	if err != nil {
		return nil, err
	}
	un := uint64(head[0])
	if un > idxMaxCount {
		return nil, fmt.Errorf("header claims %d labels (limit %d): corrupt header?", un, idxMaxCount)
	}
	n := int(un)
	if expect != nil {
		if err := expect(n); err != nil {
			return nil, err
		}
	}
	body, err := idxRead(src, n)
	if err != nil {
		return nil, idxReadErr(err, isGzip, "labels", n, len(body))
	}
	if err := idxCheckEnd(src, isGzip, fmt.Sprintf("%d labels", n)); err != nil {
		return nil, err
	}
	labels := make([]int, n)
	for i, b := range body {
		labels[i] = int(b)
	}
	return labels, nil
}

// idxImagesFile is readIDXImageBytes on the file name of fsys, with the
// file named as path in errors.
func idxImagesFile(fsys fs.FS, name, path string, expect func(n, rows, cols int) error) (n, rows, cols int, pixels []byte, err error) {
	f, err := idxOpen(fsys, name, path)
	if err != nil {
		return 0, 0, 0, nil, err
	}
	defer f.Close()
	n, rows, cols, pixels, err = readIDXImageBytes(f, expect)
	if err != nil {
		return 0, 0, 0, nil, fmt.Errorf("read %s: %w", path, err)
	}
	return n, rows, cols, pixels, nil
}

// idxLabelsFile is readIDXLabels on the file name of fsys, with the file
// named as path in errors.
func idxLabelsFile(fsys fs.FS, name, path string, expect func(n int) error) ([]int, error) {
	f, err := idxOpen(fsys, name, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	labels, err := readIDXLabels(f, expect)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return labels, nil
}

// idxOpen opens name in fsys, its error naming the file as path (the
// folder's path joined, where fsys sees only the name).
func idxOpen(fsys fs.FS, name, path string) (fs.File, error) {
	f, err := fsys.Open(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return f, nil
}
