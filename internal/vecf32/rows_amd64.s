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

// func addTiledAVX(z, b *float32, n, period int, relu bool)
// addRowsAVX's arithmetic over n values at z as one flat run (n a
// multiple of 8), the bias read from b[j], j cycling through period
// values (a multiple of 8): a matrix of few columns, with its bias
// repeated to a whole number of vectors, takes no masked stores, which
// cost AMD's cores a dozen cycles each.
TEXT ·addTiledAVX(SB), NOSPLIT, $0-33
	MOVQ    z+0(FP), DI
	MOVQ    b+8(FP), R8
	MOVQ    n+16(FP), CX
	MOVQ    period+24(FP), R9
	MOVBQZX relu+32(FP), R10
	VBROADCASTSS rowsign<>(SB), Y7
	XORQ    SI, SI
	XORQ    DX, DX

tloop:
	CMPQ    SI, CX
	JGE     tdone
	VMOVUPS (DI)(SI*4), Y0
	TESTQ   R8, R8
	JZ      tvrelu
	VADDPS  (R8)(DX*4), Y0, Y0
	ADDQ    $8, DX
	CMPQ    DX, R9
	JLT     tvrelu
	XORQ    DX, DX

tvrelu:
	TESTQ   R10, R10
	JZ      tvstore
	VXORPS  Y7, Y0, Y0
	VMINPS  Y7, Y0, Y1
	VMINPS  Y0, Y1, Y2
	VORPS   Y1, Y2, Y2
	VXORPS  Y7, Y2, Y0

tvstore:
	VMOVUPS Y0, (DI)(SI*4)
	ADDQ    $8, SI
	JMP     tloop

tdone:
	VZEROUPPER
	RET

// func maxShiftAVX(e *float64, z *float32, rows, cols int)
// For each row of cols values at z: m is the row's first value, replaced
// by each later value v greater than it (VMAXSS v, m: v > m ? v : m, so a
// NaN never replaces m and -0 after +0 keeps +0); then e[j] =
// float64(z[j] - m). Go's branch on v > m mispredicts on half the rows of
// random logits; VMAXSS has no branch.
TEXT ·maxShiftAVX(SB), NOSPLIT, $0-32
	MOVQ e+0(FP), DI
	MOVQ z+8(FP), SI
	MOVQ rows+16(FP), R9
	MOVQ cols+24(FP), CX
	TESTQ R9, R9
	JLE  mdone

mrow:
	VMOVSS (SI), X0
	MOVQ   $1, AX

mmax:
	CMPQ   AX, CX
	JGE    mshift
	VMOVSS (SI)(AX*4), X1
	VMAXSS X0, X1, X0
	INCQ   AX
	JMP    mmax

mshift:
	XORQ AX, AX

mloop:
	VMOVSS    (SI)(AX*4), X1
	VSUBSS    X0, X1, X1
	VCVTSS2SD X1, X1, X1
	VMOVSD    X1, (DI)(AX*8)
	INCQ      AX
	CMPQ      AX, CX
	JLT       mloop
	LEAQ      (SI)(CX*4), SI
	LEAQ      (DI)(CX*8), DI
	DECQ      R9
	JNZ       mrow

mdone:
	RET

DATA onef64<>+0(SB)/8, $1.0
GLOBL onef64<>(SB), RODATA|NOPTR, $8

// func normRowsAVX(dst *float32, e *float64, rows, cols int)
// For each row of cols values at e: sum = e[0] + e[1] + ... in order
// from 0, inv = float32(1 / sum), dst[j] = float32(e[j]) * inv.
TEXT ·normRowsAVX(SB), NOSPLIT, $0-32
	MOVQ   dst+0(FP), DI
	MOVQ   e+8(FP), SI
	MOVQ   rows+16(FP), R9
	MOVQ   cols+24(FP), CX
	VMOVSD onef64<>(SB), X3
	TESTQ  R9, R9
	JLE    ndone

nrow:
	VXORPD X0, X0, X0
	XORQ   AX, AX

nsum:
	VADDSD (SI)(AX*8), X0, X0
	INCQ   AX
	CMPQ   AX, CX
	JLT    nsum
	VDIVSD    X0, X3, X1
	VCVTSD2SS X1, X1, X1
	XORQ      AX, AX

nout:
	VMOVSD    (SI)(AX*8), X2
	VCVTSD2SS X2, X2, X2
	VMULSS    X1, X2, X2
	VMOVSS    X2, (DI)(AX*4)
	INCQ      AX
	CMPQ      AX, CX
	JLT       nout
	LEAQ      (SI)(CX*8), SI
	LEAQ      (DI)(CX*4), DI
	DECQ      R9
	JNZ       nrow

ndone:
	RET

// func subMulTiledAVX(dst, x, m, s *float32, n, period int)
// dst[i] = (x[i] - m[j]) * s[j] for i < n (a multiple of 8), j cycling
// through period values (a multiple of 8): VSUBPS then VMULPS, each
// rounded, as the Go expression float32(x-m) * s.
TEXT ·subMulTiledAVX(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ s+24(FP), R10
	MOVQ n+32(FP), CX
	MOVQ period+40(FP), R9
	XORQ AX, AX
	XORQ DX, DX

sloop:
	CMPQ    AX, CX
	JGE     sdone
	VMOVUPS (SI)(AX*4), Y0
	VSUBPS  (R8)(DX*4), Y0, Y0
	VMULPS  (R10)(DX*4), Y0, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ    $8, AX
	ADDQ    $8, DX
	CMPQ    DX, R9
	JLT     sloop
	XORQ    DX, DX
	JMP     sloop

sdone:
	VZEROUPPER
	RET
