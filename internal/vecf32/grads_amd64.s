#include "textflag.h"

// func maskPositiveAVX(dz, a, da *float32, n int)
// dz[i] = da[i] with its bits kept where a[i] > 0 and cleared elsewhere
// (NaN included: the comparison is ordered), for i < n, a multiple of 8.
TEXT ·maskPositiveAVX(SB), NOSPLIT, $0-32
	MOVQ   dz+0(FP), DI
	MOVQ   a+8(FP), SI
	MOVQ   da+16(FP), DX
	MOVQ   n+24(FP), CX
	VXORPS Y0, Y0, Y0
	XORQ   AX, AX
	CMPQ   CX, $16
	JLT    mp8

mp16:
	VCMPPS $0x11, (SI)(AX*4), Y0, Y1   // 0 < a, ordered
	VCMPPS $0x11, 32(SI)(AX*4), Y0, Y2
	VANDPS (DX)(AX*4), Y1, Y1
	VANDPS 32(DX)(AX*4), Y2, Y2
	VMOVUPS Y1, (DI)(AX*4)
	VMOVUPS Y2, 32(DI)(AX*4)
	ADDQ   $16, AX
	LEAQ   16(AX), BX
	CMPQ   BX, CX
	JLE    mp16

mp8:
	CMPQ   AX, CX
	JGE    mpdone
	VCMPPS $0x11, (SI)(AX*4), Y0, Y1
	VANDPS (DX)(AX*4), Y1, Y1
	VMOVUPS Y1, (DI)(AX*4)
	ADDQ   $8, AX
	JMP    mp8

mpdone:
	VZEROUPPER
	RET

// func maxPool2GradAVX(d0, d1, a0, a1, up *float32, outW, c int)
// One output row of a 2x2 max pooling's gradient, c channels a multiple of
// 8: a0 and a1 are the two input rows of the windows, d0 and d1 where
// their gradient goes, up the output row's gradient. Window ow covers
// pixels 2ow and 2ow+1 of both rows; each channel's gradient goes to the
// first of the four values (a0's two, then a1's) equal to their maximum,
// and the other three get +0. A window with a NaN gets +0 everywhere, as
// Go's max makes its maximum NaN, equal to nothing.
TEXT ·maxPool2GradAVX(SB), NOSPLIT, $0-56
	MOVQ d0+0(FP), DI
	MOVQ d1+8(FP), R8
	MOVQ a0+16(FP), SI
	MOVQ a1+24(FP), R9
	MOVQ up+32(FP), DX
	MOVQ outW+40(FP), R10
	MOVQ c+48(FP), CX
	SHLQ $2, CX          // a pixel's bytes
	TESTQ R10, R10
	JLE  pgdone

pgpix:
	XORQ AX, AX          // byte offset of the channel vector

pgch:
	LEAQ    (AX)(CX*1), BX
	VMOVUPS (SI)(AX*1), Y0   // v0
	VMOVUPS (SI)(BX*1), Y1   // v1
	VMOVUPS (R9)(AX*1), Y2   // v2
	VMOVUPS (R9)(BX*1), Y3   // v3
	VMAXPS  Y1, Y0, Y4
	VMAXPS  Y3, Y2, Y5
	VMAXPS  Y5, Y4, Y4       // m, up to NaNs
	VCMPPS  $3, Y1, Y0, Y6   // unordered: a NaN in the window
	VCMPPS  $3, Y3, Y2, Y7
	VORPS   Y7, Y6, Y6       // NaN anywhere
	VCMPPS  $0, Y4, Y0, Y0   // e0 = v0 == m
	VANDNPS Y0, Y6, Y0       // e0 &^= nan
	VCMPPS  $0, Y4, Y1, Y1
	VORPS   Y0, Y6, Y6       // taken = nan | e0
	VANDNPS Y1, Y6, Y1       // e1 &^= taken
	VCMPPS  $0, Y4, Y2, Y2
	VORPS   Y1, Y6, Y6
	VANDNPS Y2, Y6, Y2       // e2
	VCMPPS  $0, Y4, Y3, Y3
	VORPS   Y2, Y6, Y6
	VANDNPS Y3, Y6, Y3       // e3
	VMOVUPS (DX)(AX*1), Y5   // the window's gradient
	VANDPS  Y5, Y0, Y0
	VANDPS  Y5, Y1, Y1
	VANDPS  Y5, Y2, Y2
	VANDPS  Y5, Y3, Y3
	VMOVUPS Y0, (DI)(AX*1)
	VMOVUPS Y1, (DI)(BX*1)
	VMOVUPS Y2, (R8)(AX*1)
	VMOVUPS Y3, (R8)(BX*1)
	ADDQ    $32, AX
	CMPQ    AX, CX
	JLT     pgch
	LEAQ    (SI)(CX*2), SI
	LEAQ    (R9)(CX*2), R9
	LEAQ    (DI)(CX*2), DI
	LEAQ    (R8)(CX*2), R8
	ADDQ    CX, DX
	DECQ    R10
	JNZ     pgpix

pgdone:
	VZEROUPPER
	RET
