package kernels

import "math"

// MomentumStep is Keras's SGD with momentum on one tensor: v = m v - lr g;
// w += v, value by value.
func MomentumStep(w, g, v []float32, m, lr float32) {
	// Reslicing to w's length lets the compiler drop the bounds checks.
	g, v = g[:len(w)], v[:len(w)]
	for j, vj := range v {
		vj = m*vj - lr*g[j]
		v[j] = vj
		w[j] += vj
	}
}

// Adam holds the per-step constants of Keras's Adam update: the decay
// rates b1 and b2, their complements c1 = 1-b1 and c2 = 1-b2 (in float32,
// as the update has always taken them), the step's rate Alpha (the
// learning rate with both bias corrections folded in), Eps, and L2 added
// as L2*w to a kernel's gradient (0 for biases).
type Adam struct {
	B1, B2, C1, C2, Alpha, Eps, L2 float32
}

// Step updates w and its moving averages m and v from the gradient g:
// m = b1 m + c1 g; v = b2 v + c2 g²; w -= alpha m / (sqrt(v) + eps).
func (a Adam) Step(w, g, m, v []float32) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for j, wj := range w {
		gj := g[j] + a.L2*wj
		mj := a.B1*m[j] + a.C1*gj
		vj := a.B2*v[j] + a.C2*gj*gj
		m[j], v[j] = mj, vj
		// float32(math.Sqrt(float64(x))) compiles to one float32
		// square root (SQRTSS on amd64), correctly rounded.
		w[j] = wj - a.Alpha*mj/(float32(math.Sqrt(float64(vj)))+a.Eps)
	}
}

// WidenBytes sets x[k] = table[b[k]]: images kept as bytes become the
// network's float32 inputs a batch at a time.
func WidenBytes(x []float32, b []byte, table *[256]float32) {
	x = x[:len(b)]
	for k, v := range b {
		x[k] = table[v]
	}
}
