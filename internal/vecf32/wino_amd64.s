#include "textflag.h"

// Winograd's F(4x4, 3x3) transforms, for 8 channels of one tile at a
// time: a 1-D transform along one axis of the tile into 36 vectors on
// the stack of the caller (tmp, L1-resident), then along the other axis
// into the destination. The 1-D transforms are Lavin and Gray's matrices
// factored into sums and differences shared between rows (see the
// comments of the Go declarations), about half the multiply-adds of
// applying the matrices row by row.

DATA winoC<>+0(SB)/4, $4.0
DATA winoC<>+4(SB)/4, $5.0
DATA winoC<>+8(SB)/4, $2.0
DATA winoC<>+12(SB)/4, $8.0
GLOBL winoC<>(SB), RODATA|NOPTR, $16

// BT is Bᵀ d for d in Y0..Y5 with Y13 = 4, Y14 = 5, Y15 = 2, into
// r0 Y6, r1 Y8, r2 Y9, r3 Y12, r4 Y10, r5 Y11 (Y7 a temporary):
//   r0 = 4 d0 + (d4 - 5 d2)
//   r1 = (d3 + d4) - 4 (d1 + d2)
//   r2 = (d4 - d3) + 4 (d1 - d2)
//   r3 = (d4 - d2) - 2 (d1 - d3)
//   r4 = (d4 - d2) + 2 (d1 - d3)
//   r5 = 4 d1 + (d5 - 5 d3)
#define BT \
	VMOVAPS      Y4, Y6;  \
	VFNMADD231PS Y14, Y2, Y6;  \
	VFMADD231PS  Y13, Y0, Y6;  \
	VMOVAPS      Y5, Y11; \
	VFNMADD231PS Y14, Y3, Y11; \
	VFMADD231PS  Y13, Y1, Y11; \
	VADDPS       Y2, Y1, Y7;   \
	VADDPS       Y4, Y3, Y8;   \
	VFNMADD231PS Y13, Y7, Y8;  \
	VSUBPS       Y2, Y1, Y7;   \
	VSUBPS       Y3, Y4, Y9;   \
	VFMADD231PS  Y13, Y7, Y9;  \
	VSUBPS       Y2, Y4, Y10;  \
	VSUBPS       Y3, Y1, Y7;   \
	VMOVAPS      Y10, Y12;     \
	VFNMADD231PS Y15, Y7, Y12; \
	VFMADD231PS  Y15, Y7, Y10

// func winoInF4AVX(dst *float32, ps int, src *float32, rl, tiles, ch int, tmp *float32)
// For tiles tiles side by side: tile j's 6x6 input d is src[u*rl + (4j +
// w)*ch + c] (row u, column w, channel c), and Bᵀ d B goes to dst[(a*6 +
// b)*ps + j*ch + c]. ch is a multiple of 8.
TEXT ·winoInF4AVX(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ ps+8(FP), R11
	MOVQ src+16(FP), SI
	MOVQ rl+24(FP), R8
	MOVQ tiles+32(FP), R10
	MOVQ ch+40(FP), R9
	MOVQ tmp+48(FP), R13
	SHLQ $2, R11               // bytes
	SHLQ $2, R8
	SHLQ $2, R9
	LEAQ (R11)(R11*2), R12     // 3 ps
	VBROADCASTSS winoC<>+0(SB), Y13
	VBROADCASTSS winoC<>+4(SB), Y14
	VBROADCASTSS winoC<>+8(SB), Y15
	TESTQ R10, R10
	JLE   indone

intile:
	XORQ AX, AX                // channel byte offset

inch:
	// Along the height, column by column, into tmp[a*6 + w].
	LEAQ (SI)(AX*1), BX
	MOVQ R13, CX
	MOVQ $6, DX

incol:
	LEAQ    (BX)(R8*2), R14
	ADDQ    R8, R14
	VMOVUPS (BX), Y0
	VMOVUPS (BX)(R8*1), Y1
	VMOVUPS (BX)(R8*2), Y2
	VMOVUPS (R14), Y3
	VMOVUPS (R14)(R8*1), Y4
	VMOVUPS (R14)(R8*2), Y5
	BT
	VMOVUPS Y6, (CX)
	VMOVUPS Y8, 192(CX)
	VMOVUPS Y9, 384(CX)
	VMOVUPS Y12, 576(CX)
	VMOVUPS Y10, 768(CX)
	VMOVUPS Y11, 960(CX)
	ADDQ    R9, BX
	ADDQ    $32, CX
	DECQ    DX
	JNZ     incol

	// Along the width, row by row, into dst.
	LEAQ (DI)(AX*1), BX
	MOVQ R13, CX
	MOVQ $6, DX

inrow:
	VMOVUPS (CX), Y0
	VMOVUPS 32(CX), Y1
	VMOVUPS 64(CX), Y2
	VMOVUPS 96(CX), Y3
	VMOVUPS 128(CX), Y4
	VMOVUPS 160(CX), Y5
	BT
	LEAQ    (BX)(R11*4), R14
	VMOVUPS Y6, (BX)
	VMOVUPS Y8, (BX)(R11*1)
	VMOVUPS Y9, (BX)(R11*2)
	VMOVUPS Y12, (BX)(R12*1)
	VMOVUPS Y10, (R14)
	VMOVUPS Y11, (R14)(R11*1)
	LEAQ    (R14)(R11*2), BX   // the next row's first position
	ADDQ    $192, CX
	DECQ    DX
	JNZ     inrow

	ADDQ $32, AX
	CMPQ AX, R9
	JLT  inch
	LEAQ (SI)(R9*4), SI        // 4 columns on
	ADDQ R9, DI
	DECQ R10
	JNZ  intile

indone:
	VZEROUPPER
	RET

// AT is Aᵀ m for m in Y0..Y5 with Y13 = 2, Y14 = 4, Y15 = 8, into
// y0 Y10, y1 Y11, y2 Y6, y3 Y7 (Y8, Y9 temporaries):
//   y0 = (m0 + (m1 + m2)) + (m3 + m4)
//   y1 = (m1 - m2) + 2 (m3 - m4)
//   y2 = (m1 + m2) + 4 (m3 + m4)
//   y3 = ((m1 - m2) + 8 (m3 - m4)) + m5
#define AT \
	VADDPS      Y2, Y1, Y6;  \
	VSUBPS      Y2, Y1, Y7;  \
	VADDPS      Y4, Y3, Y8;  \
	VSUBPS      Y4, Y3, Y9;  \
	VADDPS      Y6, Y0, Y10; \
	VADDPS      Y8, Y10, Y10; \
	VMOVAPS     Y7, Y11;     \
	VFMADD231PS Y13, Y9, Y11; \
	VFMADD231PS Y14, Y8, Y6; \
	VFMADD231PS Y15, Y9, Y7; \
	VADDPS      Y5, Y7, Y7

// func winoOutF4AVX(dst *float32, drow int, src *float32, ps, tiles, ch int, tmp *float32)
// For tiles tiles side by side: tile j's 6x6 products m are src[(a*6 +
// b)*ps + j*ch + c], and Aᵀ m A goes to dst[p*drow + (4j + q)*ch + c],
// rows p and columns q from 0 to 3. ch is a multiple of 8.
TEXT ·winoOutF4AVX(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ drow+8(FP), R8
	MOVQ src+16(FP), SI
	MOVQ ps+24(FP), R11
	MOVQ tiles+32(FP), R10
	MOVQ ch+40(FP), R9
	MOVQ tmp+48(FP), R13
	SHLQ $2, R11
	SHLQ $2, R8
	SHLQ $2, R9
	LEAQ (R11)(R11*2), R12
	VBROADCASTSS winoC<>+8(SB), Y13
	VBROADCASTSS winoC<>+0(SB), Y14
	VBROADCASTSS winoC<>+12(SB), Y15
	TESTQ R10, R10
	JLE   outdone

outtile:
	XORQ AX, AX

outch:
	// Along the width, row a of m by row a, into tmp[a*4 + q].
	LEAQ (SI)(AX*1), BX
	MOVQ R13, CX
	MOVQ $6, DX

outrow:
	LEAQ    (BX)(R11*4), R14
	VMOVUPS (BX), Y0
	VMOVUPS (BX)(R11*1), Y1
	VMOVUPS (BX)(R11*2), Y2
	VMOVUPS (BX)(R12*1), Y3
	VMOVUPS (R14), Y4
	VMOVUPS (R14)(R11*1), Y5
	AT
	VMOVUPS Y10, (CX)
	VMOVUPS Y11, 32(CX)
	VMOVUPS Y6, 64(CX)
	VMOVUPS Y7, 96(CX)
	LEAQ    (R14)(R11*2), BX
	ADDQ    $128, CX
	DECQ    DX
	JNZ     outrow

	// Along the height, column q by column q, into dst.
	LEAQ (DI)(AX*1), BX
	MOVQ R13, CX
	MOVQ $4, DX

outcol:
	VMOVUPS (CX), Y0
	VMOVUPS 128(CX), Y1
	VMOVUPS 256(CX), Y2
	VMOVUPS 384(CX), Y3
	VMOVUPS 512(CX), Y4
	VMOVUPS 640(CX), Y5
	AT
	LEAQ    (BX)(R8*2), R14
	VMOVUPS Y10, (BX)
	VMOVUPS Y11, (BX)(R8*1)
	VMOVUPS Y6, (R14)
	VMOVUPS Y7, (R14)(R8*1)
	ADDQ    R9, BX
	ADDQ    $32, CX
	DECQ    DX
	JNZ     outcol

	ADDQ $32, AX
	CMPQ AX, R9
	JLT  outch
	ADDQ R9, SI
	LEAQ (DI)(R9*4), DI
	DECQ R10
	JNZ  outtile

outdone:
	VZEROUPPER
	RET

// AG is A e for e in Y0..Y3 with Y14 = 4, Y15 = 8, into o0 Y0, o1 Y8,
// o2 Y9, o3 Y12, o4 Y10, o5 Y3 (Y6, Y7, Y11 temporaries):
//   o1 = (e0 + e2) + (e1 + e3),   o2 = (e0 + e2) - (e1 + e3)
//   o3 = (e0 + 4 e2) + (2 e1 + 8 e3),   o4 = (e0 + 4 e2) - (2 e1 + 8 e3)
#define AG \
	VADDPS      Y2, Y0, Y6;  \
	VADDPS      Y3, Y1, Y7;  \
	VADDPS      Y7, Y6, Y8;  \
	VSUBPS      Y7, Y6, Y9;  \
	VMOVAPS     Y0, Y10;     \
	VFMADD231PS Y14, Y2, Y10; \
	VADDPS      Y1, Y1, Y11; \
	VFMADD231PS Y15, Y3, Y11; \
	VADDPS      Y11, Y10, Y12; \
	VSUBPS      Y11, Y10, Y10

// func winoGradF4AVX(dst *float32, ps int, src *float32, rl, tiles, ch int, tmp *float32)
// For tiles tiles side by side: tile j's 4x4 output gradient e is
// src[u*rl + (4j + w)*ch + c], and A e Aᵀ goes to dst[(a*6 + b)*ps + j*ch
// + c]. ch is a multiple of 8.
TEXT ·winoGradF4AVX(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ ps+8(FP), R11
	MOVQ src+16(FP), SI
	MOVQ rl+24(FP), R8
	MOVQ tiles+32(FP), R10
	MOVQ ch+40(FP), R9
	MOVQ tmp+48(FP), R13
	SHLQ $2, R11
	SHLQ $2, R8
	SHLQ $2, R9
	LEAQ (R11)(R11*2), R12
	VBROADCASTSS winoC<>+0(SB), Y14
	VBROADCASTSS winoC<>+12(SB), Y15
	TESTQ R10, R10
	JLE   gdone

gtile:
	XORQ AX, AX

gch:
	// Along the height, column w by column w, into tmp[a*4 + w].
	LEAQ (SI)(AX*1), BX
	MOVQ R13, CX
	MOVQ $4, DX

gcol:
	LEAQ    (BX)(R8*2), R14
	VMOVUPS (BX), Y0
	VMOVUPS (BX)(R8*1), Y1
	VMOVUPS (R14), Y2
	VMOVUPS (R14)(R8*1), Y3
	AG
	VMOVUPS Y0, (CX)
	VMOVUPS Y8, 128(CX)
	VMOVUPS Y9, 256(CX)
	VMOVUPS Y12, 384(CX)
	VMOVUPS Y10, 512(CX)
	VMOVUPS Y3, 640(CX)
	ADDQ    R9, BX
	ADDQ    $32, CX
	DECQ    DX
	JNZ     gcol

	// Along the width, row a by row a, into dst.
	LEAQ (DI)(AX*1), BX
	MOVQ R13, CX
	MOVQ $6, DX

grow:
	VMOVUPS (CX), Y0
	VMOVUPS 32(CX), Y1
	VMOVUPS 64(CX), Y2
	VMOVUPS 96(CX), Y3
	AG
	LEAQ    (BX)(R11*4), R14
	VMOVUPS Y0, (BX)
	VMOVUPS Y8, (BX)(R11*1)
	VMOVUPS Y9, (BX)(R11*2)
	VMOVUPS Y12, (BX)(R12*1)
	VMOVUPS Y10, (R14)
	VMOVUPS Y3, (R14)(R11*1)
	LEAQ    (R14)(R11*2), BX
	ADDQ    $128, CX
	DECQ    DX
	JNZ     grow

	ADDQ $32, AX
	CMPQ AX, R9
	JLT  gch
	LEAQ (SI)(R9*4), SI
	ADDQ R9, DI
	DECQ R10
	JNZ  gtile

gdone:
	VZEROUPPER
	RET
