#include "textflag.h"

// func lin4AVX(dst, x0, x1, x2, x3 *float32, n int, c *[4]float32)
// dst[i] = c[0]*x0[i] + c[1]*x1[i] + c[2]*x2[i] + c[3]*x3[i], for i < n.
// dst may be one of the sources: each element is read before it is written.
TEXT ·lin4AVX(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ x0+8(FP), R8
	MOVQ x1+16(FP), R9
	MOVQ x2+24(FP), R10
	MOVQ x3+32(FP), R11
	MOVQ n+40(FP), CX
	MOVQ c+48(FP), AX
	VBROADCASTSS 0(AX), Y0
	VBROADCASTSS 4(AX), Y1
	VBROADCASTSS 8(AX), Y2
	VBROADCASTSS 12(AX), Y3
	XORQ SI, SI

loop16:
	MOVQ CX, DX
	SUBQ SI, DX
	CMPQ DX, $16
	JL   loop8
	VMULPS      (R8)(SI*4), Y0, Y4
	VMULPS      32(R8)(SI*4), Y0, Y5
	VFMADD231PS (R9)(SI*4), Y1, Y4
	VFMADD231PS 32(R9)(SI*4), Y1, Y5
	VFMADD231PS (R10)(SI*4), Y2, Y4
	VFMADD231PS 32(R10)(SI*4), Y2, Y5
	VFMADD231PS (R11)(SI*4), Y3, Y4
	VFMADD231PS 32(R11)(SI*4), Y3, Y5
	VMOVUPS     Y4, (DI)(SI*4)
	VMOVUPS     Y5, 32(DI)(SI*4)
	ADDQ        $16, SI
	JMP         loop16

loop8:
	CMPQ DX, $8
	JL   tail
	VMULPS      (R8)(SI*4), Y0, Y4
	VFMADD231PS (R9)(SI*4), Y1, Y4
	VFMADD231PS (R10)(SI*4), Y2, Y4
	VFMADD231PS (R11)(SI*4), Y3, Y4
	VMOVUPS     Y4, (DI)(SI*4)
	ADDQ        $8, SI

tail:
	CMPQ SI, CX
	JGE  done
	VMOVSS      (R8)(SI*4), X4
	VMULSS      X0, X4, X4
	VMOVSS      (R9)(SI*4), X5
	VFMADD231SS X5, X1, X4
	VMOVSS      (R10)(SI*4), X5
	VFMADD231SS X5, X2, X4
	VMOVSS      (R11)(SI*4), X5
	VFMADD231SS X5, X3, X4
	VMOVSS      X4, (DI)(SI*4)
	INCQ        SI
	JMP         tail

done:
	VZEROUPPER
	RET
