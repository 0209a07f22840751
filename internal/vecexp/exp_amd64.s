#include "textflag.h"

// The constants and every operation below are those of the FMA path of
// math.archExp (GOROOT/src/math/exp_amd64.s), lane by lane: the same
// IEEE operations in the same order give the same bits.

DATA expconst<>+0(SB)/8, $1.4426950408889634073599246810018920     // LOG2E
DATA expconst<>+8(SB)/8, $0.69314718055966295651160180568695068359375 // LN2U
DATA expconst<>+16(SB)/8, $0.28235290563031577122588448175013436025525412068e-12 // LN2L
DATA expconst<>+24(SB)/8, $0.0625
DATA expconst<>+32(SB)/8, $2.4801587301587301587e-5
DATA expconst<>+40(SB)/8, $1.9841269841269841270e-4
DATA expconst<>+48(SB)/8, $1.3888888888888888889e-3
DATA expconst<>+56(SB)/8, $8.3333333333333333333e-3
DATA expconst<>+64(SB)/8, $4.1666666666666666667e-2
DATA expconst<>+72(SB)/8, $1.6666666666666666667e-1
DATA expconst<>+80(SB)/8, $0.5
DATA expconst<>+88(SB)/8, $1.0
DATA expconst<>+96(SB)/8, $2.0
DATA expconst<>+104(SB)/8, $0x3FF
DATA expconst<>+112(SB)/8, $-708.0
DATA expconst<>+120(SB)/8, $708.0
GLOBL expconst<>(SB), RODATA|NOPTR, $128

// func expAVX(x *float64, n int) int
// x[i] = math.Exp(x[i]) for i < n, n a multiple of 4, four at a time, up
// to the first group of four with a value outside [-708, 708] or a NaN:
// within that range the exponent needs no overflow or denormal step. It
// returns how many values it did (a multiple of 4); the caller takes the
// group it stopped at through math.Exp.
TEXT ·expAVX(SB), NOSPLIT, $0-24
	MOVQ x+0(FP), DI
	MOVQ n+8(FP), CX
	VBROADCASTSD expconst<>+0(SB), Y8  // LOG2E
	VBROADCASTSD expconst<>+8(SB), Y9  // LN2U
	VBROADCASTSD expconst<>+16(SB), Y10 // LN2L
	VBROADCASTSD expconst<>+24(SB), Y11 // 1/16
	VBROADCASTSD expconst<>+96(SB), Y12 // 2
	VBROADCASTSD expconst<>+88(SB), Y13 // 1
	VPBROADCASTQ expconst<>+104(SB), Y14 // exponent bias
	VBROADCASTSD expconst<>+112(SB), Y15 // -708
	XORQ SI, SI

loop:
	CMPQ SI, CX
	JGE  done
	VMOVUPD (DI)(SI*8), Y0
	// In range: -708 <= x (ordered: false for NaN) and x <= 708.
	VCMPPD  $0x1d, Y15, Y0, Y5 // x >= -708, ordered
	VBROADCASTSD expconst<>+120(SB), Y6
	VCMPPD  $0x12, Y6, Y0, Y6  // x <= 708, ordered
	VANDPD  Y6, Y5, Y5
	VMOVMSKPD Y5, AX
	CMPQ    AX, $15
	JNE     done
	VMULPD  Y8, Y0, Y1
	VCVTPD2DQY Y1, X3          // exponent, rounded to nearest
	VCVTDQ2PD X3, Y1
	VFNMADD231PD Y9, Y1, Y0
	VFNMADD231PD Y10, Y1, Y0
	VMULPD  Y11, Y0, Y0
	VBROADCASTSD expconst<>+32(SB), Y1
	VBROADCASTSD expconst<>+40(SB), Y2
	VFMADD213PD Y2, Y0, Y1
	VBROADCASTSD expconst<>+48(SB), Y2
	VFMADD213PD Y2, Y0, Y1
	VBROADCASTSD expconst<>+56(SB), Y2
	VFMADD213PD Y2, Y0, Y1
	VBROADCASTSD expconst<>+64(SB), Y2
	VFMADD213PD Y2, Y0, Y1
	VBROADCASTSD expconst<>+72(SB), Y2
	VFMADD213PD Y2, Y0, Y1
	VBROADCASTSD expconst<>+80(SB), Y2
	VFMADD213PD Y2, Y0, Y1
	VFMADD213PD Y13, Y0, Y1
	VMULPD  Y1, Y0, Y0
	VADDPD  Y12, Y0, Y1
	VMULPD  Y1, Y0, Y0
	VADDPD  Y12, Y0, Y1
	VMULPD  Y1, Y0, Y0
	VADDPD  Y12, Y0, Y1
	VMULPD  Y1, Y0, Y0
	VADDPD  Y12, Y0, Y1
	VFMADD213PD Y13, Y1, Y0
	VPMOVSXDQ X3, Y4
	VPADDQ  Y14, Y4, Y4
	VPSLLQ  $52, Y4, Y4
	VMULPD  Y4, Y0, Y0
	VMOVUPD Y0, (DI)(SI*8)
	ADDQ    $4, SI
	JMP     loop

done:
	MOVQ SI, ret+16(FP)
	VZEROUPPER
	RET
