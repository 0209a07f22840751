package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gorgonia.org/tensor"
)

// Param is one named weight array of a model. Its Value is shared by every
// graph the model builds, so an optimizer step is seen by all of them.
type Param struct {
	Name      string        // the layer's name and the weight's, like "dense/kernel"
	Value     *tensor.Dense // float32
	Trainable bool          // whether optimizers update it (Normalization's are not)
	// ElemBytes is the size of one value as Keras stores it, for Summary's
	// byte counts: 4 (float32) unless set, 8 for Normalization's int64 count.
	ElemBytes int

	// data is the values of made, the Value NewParam made: the tensor's
	// Data boxes its slice in an interface, two allocations a call, which
	// a prediction of one example would make for every weight it reads.
	data []float32
	made *tensor.Dense
}

// NewParam allocates a zeroed float32 parameter of the given shape.
func NewParam(name string, trainable bool, shape ...int) *Param {
	v := tensor.New(tensor.WithShape(shape...), tensor.Of(tensor.Float32))
	return &Param{Name: name, Value: v, Trainable: trainable, data: v.Data().([]float32), made: v}
}

// Data is the parameter's values, row-major; writing to it changes the model.
func (p *Param) Data() []float32 {
	if p.Value == p.made && p.made != nil {
		return p.data
	}
	return p.Value.Data().([]float32)
}

// Bytes is the parameter's size in memory as Keras counts it.
func (p *Param) Bytes() int {
	if p.ElemBytes > 0 {
		return p.Size() * p.ElemBytes
	}
	return p.Size() * 4
}

// Shape is the parameter's shape.
func (p *Param) Shape() []int { return []int(p.Value.Shape()) }

// Size is the number of values in the parameter.
func (p *Param) Size() int { return p.Value.Shape().TotalSize() }

// Initializer fills a weight array whose layer has fanIn inputs and fanOut
// outputs per unit.
type Initializer func(rng *rand.Rand, fanIn, fanOut int, dst []float32)

// GlorotUniform is Keras's default kernel initializer: U(-l, l) with
// l = sqrt(6 / (fanIn + fanOut)).
func GlorotUniform(rng *rand.Rand, fanIn, fanOut int, dst []float32) {
	limit := math.Sqrt(6 / float64(fanIn+fanOut))
	for i := range dst {
		dst[i] = float32((rng.Float64()*2 - 1) * limit)
	}
}

// HeNormal is Keras's "he_normal": a normal law with standard deviation
// sqrt(2 / fanIn), truncated at two standard deviations like Keras's.
func HeNormal(rng *rand.Rand, fanIn, fanOut int, dst []float32) {
	truncatedNormal(rng, math.Sqrt(2/float64(fanIn)), dst)
}

// GlorotNormal is Keras's "glorot_normal": truncated normal with standard
// deviation sqrt(2 / (fanIn + fanOut)).
func GlorotNormal(rng *rand.Rand, fanIn, fanOut int, dst []float32) {
	truncatedNormal(rng, math.Sqrt(2/float64(fanIn+fanOut)), dst)
}

// Zeros leaves the array at zero (Keras's default bias initializer).
func Zeros(_ *rand.Rand, _, _ int, dst []float32) { clear(dst) }

func truncatedNormal(rng *rand.Rand, stddev float64, dst []float32) {
	// Keras divides by .87962566103423978, the standard deviation of a unit
	// normal truncated at +-2, so that the truncated law keeps the asked-for spread.
	stddev /= .87962566103423978
	for i := range dst {
		for {
			v := rng.NormFloat64()
			if v >= -2 && v <= 2 {
				dst[i] = float32(v * stddev)
				break
			}
		}
	}
}

// NewRand is the deterministic random source gozoo uses for weights, shuffling
// and dropout masks: the same seed gives the same stream on every machine.
func NewRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
}

func shapeString(s []int) string {
	out := "("
	for i, d := range s {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprint(d)
	}
	if len(s) == 1 {
		return out + ",)"
	}
	return out + ")"
}
