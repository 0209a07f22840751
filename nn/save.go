package nn

import (
	"bytes"
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

// ErrNotModel is wrapped by ReadFile's error when the file is not a gozoo
// model at all.
var ErrNotModel = errors.New("not a gozoo model file")

// SavedParam is one parameter as stored in a model file.
type SavedParam struct {
	Name      string    `json:"name"`
	Shape     []int     `json:"shape"`
	Trainable bool      `json:"trainable"`
	Values    []float32 `json:"-"`
}

// ModelFile is a saved model: which zoo model it is, the configuration that
// rebuilds its graph, how many epochs it was trained, and its weights.
type ModelFile struct {
	Kind   string          `json:"kind"`
	Config json.RawMessage `json:"config"`
	Epochs int             `json:"epochs"`
	Params []SavedParam    `json:"params"`
}

// Save writes the model's weights with its kind (the zoo package's name),
// its configuration and the number of epochs trained, atomically: a crash
// leaves the previous file whole.
func (m *Model) Save(path, kind string, config any, epochs int) error {
	cfg, err := json.Marshal(config)
	if err != nil {
		return fmt.Errorf("save %s: config: %w", path, err)
	}
	f := ModelFile{Kind: kind, Config: cfg, Epochs: epochs}
	for _, p := range m.Params() {
		f.Params = append(f.Params, SavedParam{Name: p.Name, Shape: p.Shape(), Trainable: p.Trainable, Values: p.Data()})
	}
	return atomicfile.Write(path, f.encode)
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
	for _, p := range f.Params {
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

// ReadFile reads a model file, checking its magic, its header and its
// checksum. Errors name the file.
func ReadFile(path string) (*ModelFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := decode(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

func decode(b []byte) (*ModelFile, error) {
	if len(b) > 0 && len(b) < len(fileMagic) && strings.HasPrefix(fileMagic, string(b)) {
		return nil, errors.New("truncated model file")
	}
	if !bytes.HasPrefix(b, []byte(fileMagic)) {
		return nil, ErrNotModel
	}
	if len(b) < len(fileMagic)+8 {
		return nil, errors.New("truncated model file")
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, errors.New("corrupt model file (checksum mismatch: truncated or altered)")
	}
	rest := body[len(fileMagic):]
	n := binary.LittleEndian.Uint32(rest)
	rest = rest[4:]
	if uint64(n) > uint64(len(rest)) {
		return nil, errors.New("corrupt model file (header length)")
	}
	var f ModelFile
	if err := json.Unmarshal(rest[:n], &f); err != nil {
		return nil, fmt.Errorf("corrupt model file header: %w", err)
	}
	rest = rest[n:]
	for i := range f.Params {
		p := &f.Params[i]
		size := 1
		for _, d := range p.Shape {
			if d <= 0 || size > math.MaxInt32/d {
				return nil, fmt.Errorf("corrupt model file: parameter %s has shape %v", p.Name, p.Shape)
			}
			size *= d
		}
		if len(rest) < 4*size {
			return nil, fmt.Errorf("corrupt model file: parameter %s is cut short", p.Name)
		}
		p.Values = make([]float32, size)
		for j := range p.Values {
			p.Values[j] = math.Float32frombits(binary.LittleEndian.Uint32(rest[4*j:]))
		}
		rest = rest[4*size:]
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("corrupt model file: %d bytes after the weights", len(rest))
	}
	return &f, nil
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
	for i, p := range params {
		copy(p.Data(), f.Params[i].Values)
	}
	for _, l := range m.Layers {
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

// Load reads a model file of the given kind: it decodes the saved
// configuration, rebuilds the model from it with build (which returns the
// zoo model and its nn.Model), and restores the weights. It also returns the
// epochs the model had been trained. Errors name the file.
func Load[C, M any](path, kind string, build func(C) (M, *Model, error)) (M, int, error) {
	var zero M
	f, err := ReadFile(path)
	if err != nil {
		return zero, 0, err
	}
	var cfg C
	if err := f.DecodeConfig(kind, &cfg); err != nil {
		return zero, 0, fmt.Errorf("%s: %w", path, err)
	}
	m, net, err := build(cfg)
	if err != nil {
		return zero, 0, fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Restore(net); err != nil {
		return zero, 0, fmt.Errorf("%s: %w", path, err)
	}
	return m, f.Epochs, nil
}
