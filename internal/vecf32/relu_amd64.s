#include "textflag.h"

DATA signbit<>+0(SB)/4, $0x80000000
GLOBL signbit<>(SB), RODATA|NOPTR, $4

// func addReLUAVX(z, b *float32, n int)
// z[i] = max(z[i]+b[i], 0) for i < n, n a multiple of 8, b nil for no
// bias, with Go's max: per lane the sequence the compiler emits for it
// (negate, two MINs against -0 and the value, OR, negate), so NaN stays
// NaN and -0 becomes +0, bit for bit as the Go loop.
TEXT ·addReLUAVX(SB), NOSPLIT, $0-24
	MOVQ z+0(FP), DI
	MOVQ b+8(FP), R8
	MOVQ n+16(FP), CX
	VBROADCASTSS signbit<>(SB), Y7
	XORQ SI, SI

loop:
	CMPQ SI, CX
	JGE  done
	VMOVUPS (DI)(SI*4), Y0
	TESTQ   R8, R8
	JZ      relu
	VADDPS  (R8)(SI*4), Y0, Y0

relu:
	VXORPS  Y7, Y0, Y0
	VMINPS  Y7, Y0, Y1
	VMINPS  Y0, Y1, Y2
	VORPS   Y1, Y2, Y2
	VXORPS  Y7, Y2, Y2
	VMOVUPS Y2, (DI)(SI*4)
	ADDQ    $8, SI
	JMP     loop

done:
	VZEROUPPER
	RET
