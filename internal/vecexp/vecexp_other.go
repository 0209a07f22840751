//go:build !amd64

package vecexp

const available = false

func expAVX(x *float64, n int) int { panic("vecexp: no assembly on this architecture") }
