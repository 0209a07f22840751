package vecexp

import "golang.org/x/sys/cpu"

// available: math.Exp takes its FMA path on every CPU with AVX and FMA, so
// the assembly (AVX2 and FMA) matches it wherever it runs.
var available = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// expAVX is in exp_amd64.s.
//
//go:noescape
func expAVX(x *float64, n int) int
