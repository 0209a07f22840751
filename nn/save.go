package nn

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/gozoo/gozoo/internal/atomicfile"
)

// A model file is the magic line, a little-endian uint32 length, a JSON
// header (kind, config, parameter names and shapes), the parameters' float32
// values in little-endian order, and a CRC-32 of everything before it, so a
// truncated or altered file is caught before any weight is used.
const fileMagic = "gozoo model v1\n"

// ErrNotModel is wrapped by the error of Read, ReadFile and Load when the
// stream is not a gozoo model file at all.
var ErrNotModel = errors.New("not a gozoo model file")

// SavedParam is one parameter as stored in a model file.
type SavedParam struct {
	Name      string    `json:"name"`      // the Param's name, like "dense/kernel"
	Shape     []int     `json:"shape"`     // its shape
	Trainable bool      `json:"trainable"` // whether optimizers update it
	Values    []float32 `json:"-"`         // its values, row-major, stored after the header
}

// ModelFile is a saved model: which zoo model it is, the configuration that
// rebuilds its graph, how many epochs it was trained, and its weights.
type ModelFile struct {
	Kind   string          `json:"kind"`   // the zoo package's name, like "mlpcls"
	Config json.RawMessage `json:"config"` // the zoo package's config, as JSON
	Epochs int             `json:"epochs"` // the epochs the model was trained
	Params []SavedParam    `json:"params"` // the weights, in the model's order
	// Train is what a resumed run needs besides the weights. Files saved
	// before it was added have none: they still load, and resume with a
	// fresh optimizer and the dropout masks of the seed.
	Train *TrainState `json:"train,omitempty"`
}

// TrainState is a model's training state beside its weights: the dropout
// masks' random stream, the optimizer's state (its tensors stored after
// the weights) and the history of the epochs trained.
type TrainState struct {
	Masks     []byte          `json:"masks,omitempty"`     // Model.MaskState
	Optimizer *OptimizerState `json:"optimizer,omitempty"` // the last Fit's optimizer's, if it has one
	History   *History        `json:"history,omitempty"`   // Model.History
}

// tensors lists the file's tensors in the order of their values: the
// parameters, then the optimizer's state.
func (f *ModelFile) tensors() []*SavedParam {
	var out []*SavedParam
	for i := range f.Params {
		out = append(out, &f.Params[i])
	}
	if f.Train != nil && f.Train.Optimizer != nil {
		for i := range f.Train.Optimizer.Slots {
			out = append(out, &f.Train.Optimizer.Slots[i])
		}
	}
	return out
}

// Save writes the model in the model file format to w: its weights, its
// kind (the zoo package's name), its configuration (any value encoding/json
// takes, from which the zoo package rebuilds the graph), the number of
// epochs trained, and the training state a resumed Fit needs (the
// optimizer's state, the dropout masks' stream, the History).
func (m *Model) Save(w io.Writer, kind string, config any, epochs int) error {
	f, err := m.file(kind, config, epochs)
	if err != nil {
		return fmt.Errorf("save: %w", err)
	}
	_, err = f.WriteTo(w)
	return err
}

// SaveFile is Save to the file path, written atomically: a crash leaves the
// previous file whole. Errors name the file.
func (m *Model) SaveFile(path, kind string, config any, epochs int) error {
	f, err := m.file(kind, config, epochs)
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return f.WriteFile(path)
}

// file is what Save writes.
func (m *Model) file(kind string, config any, epochs int) (*ModelFile, error) {
	cfg, err := json.Marshal(config)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	f := &ModelFile{Kind: kind, Config: cfg, Epochs: epochs, Train: &TrainState{Masks: m.MaskState()}}
	for _, p := range m.Params() {
		f.Params = append(f.Params, SavedParam{Name: p.Name, Shape: p.Shape(), Trainable: p.Trainable, Values: p.Data()})
	}
	if so, ok := m.trainOpt.(StatefulOptimizer); ok && so.State() != nil {
		f.Train.Optimizer = so.State()
	} else if m.resume != nil {
		f.Train.Optimizer = m.resume.Optimizer // loaded, not trained since
	}
	if len(m.History.Epoch) > 0 {
		f.Train.History = &m.History
	}
	return f, nil
}

// WriteFile writes f to path in the model file format, atomically.
func (f *ModelFile) WriteFile(path string) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := f.WriteTo(w)
		return err
	})
}

// WriteTo writes f to w in the model file format and returns the number of
// bytes written; it implements io.WriterTo.
func (f *ModelFile) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	err := f.encode(cw)
	return cw.n, err
}

// countWriter counts the bytes written through it, for WriteTo.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (f *ModelFile) encode(w io.Writer) error {
	head, err := json.Marshal(f)
	if err != nil {
		return err
	}
	crc := crc32.NewIEEE()
	mw := io.MultiWriter(w, crc)
	if _, err := io.WriteString(mw, fileMagic); err != nil {
		return err
	}
	if err := binary.Write(mw, binary.LittleEndian, uint32(len(head))); err != nil {
		return err
	}
	if _, err := mw.Write(head); err != nil {
		return err
	}
	buf := make([]byte, 0, 1<<16)
	for _, p := range f.tensors() {
		for _, v := range p.Values {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
			if len(buf) == cap(buf) {
				if _, err := mw.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
	}
	if _, err := mw.Write(buf); err != nil {
		return err
	}
	return binary.Write(w, binary.LittleEndian, crc.Sum32())
}

// MaxParams is the most parameter values a model may have, 32 Mi (128 MiB
// of float32, 24 times the notebook's CNN): every zoo model's constructor
// refuses a config over it before allocating anything, and ReadFile refuses
// a file whose header claims more.
const MaxParams = 1 << 25

// MaxEpochs is the most epochs a model file may record, and a command may
// be asked to train. A resumed run replays the shuffles of the epochs done
// (so that its batches are the uninterrupted run's), which this keeps to
// seconds on the small sets trained that long.
const MaxEpochs = 100_000

// maxHeader bounds a model file's JSON header: names, shapes and config of
// a model of up to MaxParams values fit in far less.
const maxHeader = 1 << 20

// maxFileSize is the largest well-formed model file: magic, header length,
// header, MaxParams values and twice as many of optimizer state, and the
// checksum.
const maxFileSize = int64(len(fileMagic)) + 4 + maxHeader + 4*3*MaxParams + 4

var errChecksum = errors.New("corrupt model file (checksum mismatch: truncated or altered)")

// Read reads a model file from r, checking its magic, its header and its
// checksum. It reads no more than the header says the file holds, and its
// buffers grow with the values that arrive rather than with what the
// header claims, so a short or hostile stream costs no more than its
// length. Nothing of the file is returned unless its checksum holds.
func Read(r io.Reader) (*ModelFile, error) {
	return readModel(r, -1)
}

// ReadFile is Read from the file path. It allocates nothing sized by the
// file before checking it: a regular file's size and checksum are checked
// in a first pass with a small buffer, before the weights are read in a
// second one. Errors name the file.
func ReadFile(path string) (*ModelFile, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: is a folder, not a model file", path)
	}
	size := int64(-1)
	if st.Mode().IsRegular() {
		size = st.Size()
	}
	f, err := readModel(fh, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// readModel reads a model file from r. With size >= 0, r is also an
// io.Seeker over a file of that many bytes, whose checksum is checked
// before anything is decoded; with size < 0 (a pipe) the values are
// read as they come, growing with what arrives, and the checksum checked
// at the end.
func readModel(r io.Reader, size int64) (*ModelFile, error) {
	magic := make([]byte, len(fileMagic))
	n, err := io.ReadFull(r, magic)
	switch {
	case n == len(magic) && string(magic) == fileMagic:
	case n > 0 && n < len(magic) && strings.HasPrefix(fileMagic, string(magic[:n])):
		return nil, errors.New("truncated model file")
	case err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF):
		return nil, err
	default:
		return nil, ErrNotModel
	}
	if size >= 0 {
		if err := checkSum(r, size); err != nil {
			return nil, err
		}
	}
	crc := crc32.NewIEEE()
	crc.Write(magic)
	f, err := decodeBody(io.TeeReader(r, crc), size)
	if err != nil {
		return nil, err
	}
	var sum [4]byte
	if _, err := io.ReadFull(r, sum[:]); err != nil {
		return nil, errChecksum
	}
	if crc.Sum32() != binary.LittleEndian.Uint32(sum[:]) {
		return nil, errChecksum
	}
	if n, _ := io.ReadFull(r, sum[:1]); n != 0 {
		return nil, errChecksum
	}
	return f, nil
}

// checkSum checks the size and the checksum of a regular model file of
// size bytes, r being just past its magic, through a small buffer, and
// seeks back there.
func checkSum(r io.Reader, size int64) error {
	s, ok := r.(io.Seeker)
	if !ok {
		return errors.New("model file: not seekable")
	}
	m := int64(len(fileMagic))
	switch {
	case size < m+8:
		return errors.New("truncated model file")
	case size > maxFileSize:
		return fmt.Errorf("corrupt model file: %d bytes, more than a model of %d parameters takes", size, MaxParams)
	}
	crc := crc32.NewIEEE()
	crc.Write([]byte(fileMagic))
	if _, err := io.CopyN(crc, r, size-m-4); err != nil {
		return errChecksum
	}
	var sum [4]byte
	if _, err := io.ReadFull(r, sum[:]); err != nil {
		return errChecksum
	}
	if crc.Sum32() != binary.LittleEndian.Uint32(sum[:]) {
		return errChecksum
	}
	_, err := s.Seek(m, io.SeekStart)
	return err
}

// decodeBody reads the header length, the header and the values after the
// magic, checking every size the header gives against the limits, and
// against the file's size when known (>= 0), before reading what it sizes.
func decodeBody(r io.Reader, size int64) (*ModelFile, error) {
	var lb [4]byte
	if _, err := io.ReadFull(r, lb[:]); err != nil {
		return nil, errors.New("truncated model file")
	}
	n := binary.LittleEndian.Uint32(lb[:])
	if n > maxHeader {
		return nil, errors.New("corrupt model file (header length)")
	}
	head := make([]byte, n)
	if _, err := io.ReadFull(r, head); err != nil {
		return nil, errChecksum
	}
	var f ModelFile
	if err := json.Unmarshal(head, &f); err != nil {
		return nil, fmt.Errorf("corrupt model file header: %w", err)
	}
	if f.Epochs < 0 || f.Epochs > MaxEpochs {
		return nil, fmt.Errorf("corrupt model file: %d epochs (want 0 to %d)", f.Epochs, MaxEpochs)
	}
	// The optimizer's state holds at most two tensors per parameter.
	total, params := 0, len(f.Params)
	for i, p := range f.tensors() {
		size := 1
		for _, d := range p.Shape {
			if d <= 0 || size > MaxParams/d {
				return nil, fmt.Errorf("corrupt model file: tensor %s has shape %v", p.Name, p.Shape)
			}
			size *= d
		}
		if total += size; i < params && total > MaxParams || total > 3*MaxParams {
			return nil, fmt.Errorf("corrupt model file: more than %d parameters", MaxParams)
		}
	}
	if rest := size - int64(len(fileMagic)) - 4 - int64(n) - 4; size >= 0 && rest != 4*int64(total) {
		return nil, fmt.Errorf("corrupt model file: its header lists %d values, it holds %d bytes of them", total, rest)
	}
	buf := make([]byte, 0, 1<<16)
	for _, p := range f.tensors() {
		want := 1
		for _, d := range p.Shape {
			want *= d
		}
		// Grown as the values arrive, so that a header claiming more than
		// a pipe delivers costs no more than what it delivered.
		p.Values = make([]float32, 0, min(want, 1<<16))
		if size >= 0 { // checked against the file's size above
			p.Values = make([]float32, 0, want)
		}
		for len(p.Values) < want {
			chunk := buf[:4*min(want-len(p.Values), cap(buf)/4)]
			if _, err := io.ReadFull(r, chunk); err != nil {
				return nil, errChecksum
			}
			for j := 0; j < len(chunk); j += 4 {
				p.Values = append(p.Values, math.Float32frombits(binary.LittleEndian.Uint32(chunk[j:])))
			}
		}
	}
	return &f, nil
}

// NumValues is the number of parameter values the file holds.
func (f *ModelFile) NumValues() int {
	n := 0
	for _, p := range f.Params {
		n += len(p.Values)
	}
	return n
}

// DecodeConfig checks that the file holds a model of the given kind and
// decodes its configuration into cfg.
func (f *ModelFile) DecodeConfig(kind string, cfg any) error {
	if f.Kind != kind {
		return fmt.Errorf("the file holds a %q model, not %q", f.Kind, kind)
	}
	if err := json.Unmarshal(f.Config, cfg); err != nil {
		return fmt.Errorf("model config: %w", err)
	}
	return nil
}

// Restore copies the file's weights into m, which must have the same
// parameters with the same shapes (a model built from the file's config).
func (f *ModelFile) Restore(m *Model) error {
	params := m.Params()
	if len(params) != len(f.Params) {
		return fmt.Errorf("the file has %d parameters, the model %d", len(f.Params), len(params))
	}
	for i, p := range params {
		s := f.Params[i]
		if s.Name != p.Name || !slices.Equal(s.Shape, p.Shape()) {
			return fmt.Errorf("parameter %d is %s %v in the file, %s %v in the model", i, s.Name, s.Shape, p.Name, p.Shape())
		}
	}
	if t := f.Train; t != nil && len(t.Masks) > 0 {
		if err := m.SetMaskState(t.Masks); err != nil {
			return err
		}
	}
	for i, p := range params {
		copy(p.Data(), f.Params[i].Values)
	}
	m.WeightsChanged()
	m.resume, m.History = f.Train, History{}
	if f.Train != nil && f.Train.History != nil {
		m.History = *f.Train.History
	}
	for _, l := range m.layers {
		if r, ok := l.(Refresher); ok {
			r.Refresh()
		}
	}
	return nil
}

// Refresher is a layer that keeps values derived from its parameters (such
// as Normalization's inverse standard deviation) and must recompute them
// when its parameters are overwritten by Restore.
type Refresher interface {
	Refresh()
}

// ParamCounter is a model config that counts the parameters it builds
// without building them, and checks its sizes against the limits
// (MaxParams among them). Load asks a config that is one before building
// it, so that a file cannot make a model larger than the weights it holds.
type ParamCounter interface {
	ParamCount() (int, error)
}

// Network is a model built around a *Model, as every zoo model is: each
// embeds one, and so has its Network method. Load restores its weights.
type Network interface {
	Network() *Model
}

// Network returns m itself: a *Model is a Network, and so is every type
// that embeds one.
func (m *Model) Network() *Model { return m }

// Config is a zoo model's configuration as Load knows it: the kind its
// files are saved under, and the constructor of the model M it describes.
// Kind must not depend on the configuration's fields: Load asks a zero
// Config before decoding the file's into it. A Config that is also a
// ParamCounter has its size checked before Build runs.
type Config[M Network] interface {
	Kind() string
	Build() (M, error)
}

// Load reads a model that its zoo package saved to r: it decodes the saved
// configuration of type C, checks its size when C is a ParamCounter,
// rebuilds the model with C's Build and restores the weights and the
// training state, ready for Predict or a resumed Fit. It also returns the
// epochs the model had been trained. One Load serves every zoo package,
// told which by the type of its configuration:
//
//	m, epochs, err := nn.Load[mlpcls.Config](r) // m is a *mlpcls.Model
func Load[C Config[M], M Network](r io.Reader) (M, int, error) {
	f, err := Read(r)
	if err != nil {
		var zero M
		return zero, 0, err
	}
	return load[C](f)
}

// LoadFile is Load from the file path. Errors name the file.
func LoadFile[C Config[M], M Network](path string) (M, int, error) {
	f, err := ReadFile(path)
	if err != nil {
		var zero M
		return zero, 0, err
	}
	m, epochs, err := load[C](f)
	if err != nil {
		return m, 0, fmt.Errorf("%s: %w", path, err)
	}
	return m, epochs, nil
}

// load rebuilds the model f holds from its configuration and restores it.
func load[C Config[M], M Network](f *ModelFile) (M, int, error) {
	var zero M
	var cfg C
	if err := f.DecodeConfig(cfg.Kind(), &cfg); err != nil {
		return zero, 0, err
	}
	if c, ok := any(cfg).(ParamCounter); ok {
		n, err := c.ParamCount()
		if err != nil {
			return zero, 0, fmt.Errorf("model config: %w", err)
		}
		if n != f.NumValues() {
			return zero, 0, fmt.Errorf("its config builds %d parameters, it holds %d", n, f.NumValues())
		}
	}
	m, err := cfg.Build()
	if err != nil {
		return zero, 0, err
	}
	if err := f.Restore(m.Network()); err != nil {
		return zero, 0, err
	}
	return m, f.Epochs, nil
}
