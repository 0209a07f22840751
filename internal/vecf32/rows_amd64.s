#include "textflag.h"

DATA rowsign<>+0(SB)/4, $0x80000000
GLOBL rowsign<>(SB), RODATA|NOPTR, $4

// Eight lanes on, then eight off: loaded from masktab+4*(8-t), the first t
// lanes are on.
DATA masktab<>+0(SB)/8, $-1
DATA masktab<>+8(SB)/8, $-1
DATA masktab<>+16(SB)/8, $-1
DATA masktab<>+24(SB)/8, $-1
DATA masktab<>+32(SB)/8, $0
DATA masktab<>+40(SB)/8, $0
DATA masktab<>+48(SB)/8, $0
DATA masktab<>+56(SB)/8, $0
GLOBL masktab<>(SB), RODATA|NOPTR, $64

// func addRowsAVX(z, b *float32, rows, cols int, relu bool)
// For each of rows rows of cols values at z: z[i] += b[i] (b nil: no
// bias), then with relu z[i] = max(z[i], 0) by the sequence the Go
// compiler emits for max(v, 0) (negate, two MINs against -0 and the value,
// OR, negate), so NaN stays NaN and -0 becomes +0. A row's last cols%8
// values go through masked loads and stores, so no value outside the rows
// is read or written.
TEXT ·addRowsAVX(SB), NOSPLIT, $0-33
	MOVQ    z+0(FP), DI
	MOVQ    b+8(FP), R8
	MOVQ    rows+16(FP), R9
	MOVQ    cols+24(FP), CX
	MOVBQZX relu+32(FP), R10
	VBROADCASTSS rowsign<>(SB), Y7
	MOVQ    CX, R11
	ANDQ    $7, R11          // tail
	MOVQ    CX, R12
	SUBQ    R11, R12         // whole vectors
	LEAQ    masktab<>+32(SB), AX
	MOVQ    R11, DX
	SHLQ    $2, DX
	SUBQ    DX, AX
	VMOVDQU (AX), Y6         // tail mask
	TESTQ   R9, R9
	JLE     done

row:
	XORQ SI, SI

vec:
	CMPQ    SI, R12
	JGE     tail
	VMOVUPS (DI)(SI*4), Y0
	TESTQ   R8, R8
	JZ      vrelu
	VADDPS  (R8)(SI*4), Y0, Y0

vrelu:
	TESTQ   R10, R10
	JZ      vstore
	VXORPS  Y7, Y0, Y0
	VMINPS  Y7, Y0, Y1
	VMINPS  Y0, Y1, Y2
	VORPS   Y1, Y2, Y2
	VXORPS  Y7, Y2, Y0

vstore:
	VMOVUPS Y0, (DI)(SI*4)
	ADDQ    $8, SI
	JMP     vec

tail:
	TESTQ      R11, R11
	JZ         next
	VMASKMOVPS (DI)(SI*4), Y6, Y0
	TESTQ      R8, R8
	JZ         trelu
	VMASKMOVPS (R8)(SI*4), Y6, Y1
	VADDPS     Y1, Y0, Y0

trelu:
	TESTQ   R10, R10
	JZ      tstore
	VXORPS  Y7, Y0, Y0
	VMINPS  Y7, Y0, Y1
	VMINPS  Y0, Y1, Y2
	VORPS   Y1, Y2, Y2
	VXORPS  Y7, Y2, Y0

tstore:
	VMASKMOVPS Y0, Y6, (DI)(SI*4)

next:
	LEAQ (DI)(CX*4), DI
	DECQ R9
	JNZ  row

done:
	VZEROUPPER
	RET
