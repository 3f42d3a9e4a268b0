/* SPDX-License-Identifier: GPL-2.0 */
/* AArch64 instruction fields the rewriter reads and the few it writes.
 * Encodings from the Arm ARM (C4/C6); checked by tests against llvm-mc. */
#ifndef A64_H
#define A64_H

#include <stdbool.h>
#include <stdint.h>

/* System instructions: 1101 0101 00 L op0 op1 CRn CRm op2 Rt. */
#define A64_SYSREG_MASK	0xffd00000u	/* MRS/MSR (register), op0 >= 2 */
#define A64_SYSREG_VAL	0xd5100000u
#define A64_SYS_MASK	0xffd80000u	/* SYS/SYSL, op0 == 1 (TLBI, AT, DC, IC) */
#define A64_SYS_VAL	0xd5080000u
#define A64_L_BIT	(1u << 21)	/* 1 = MRS/SYSL (read) */
#define A64_ENC(w)	(((w) >> 5) & 0xffffu)	/* op0:op1:CRn:CRm:op2, as PV_ENC */
#define A64_RT(w)	((w) & 31u)

#define A64_HVC_MASK	0xffe0001fu
#define A64_HVC_VAL	0xd4000002u
#define A64_HVC_IMM(w)	(((w) >> 5) & 0xffffu)

#define A64_NOP		0xd503201fu
#define A64_RET		0xd65f03c0u

static inline bool a64_is_sysreg(uint32_t w) { return (w & A64_SYSREG_MASK) == A64_SYSREG_VAL; }
static inline bool a64_is_sys(uint32_t w) { return (w & A64_SYS_MASK) == A64_SYS_VAL; }
static inline bool a64_is_hvc(uint32_t w) { return (w & A64_HVC_MASK) == A64_HVC_VAL; }

/* The candidate filter of the fast scan: one mask test per word reaches
 * every MRS/MSR/SYS/SYSL, HVC, and the ERET family (0xd69f...). */
static inline bool a64_maybe_sensitive(uint32_t w)
{
	uint32_t top = w >> 24;

	return top == 0xd5 || top == 0xd4 || top == 0xd6;
}

static inline uint32_t a64_mrs(unsigned enc, unsigned rt) { return 0xd5300000u | enc << 5 | rt; }
static inline uint32_t a64_msr(unsigned enc, unsigned rt) { return 0xd5100000u | enc << 5 | rt; }
static inline uint32_t a64_hvc(unsigned imm) { return A64_HVC_VAL | (imm & 0xffffu) << 5; }
static inline uint32_t a64_smc(unsigned imm) { return 0xd4000003u | (imm & 0xffffu) << 5; }
static inline uint32_t a64_movz(unsigned rd, unsigned imm16) { return 0xd2800000u | (imm16 & 0xffffu) << 5 | rd; }

/* B/BL imm26: pc-relative, +-128 MiB. Returns false when out of range. */
static inline bool a64_b(uint64_t from, uint64_t to, bool link, uint32_t *out)
{
	int64_t d = (int64_t)(to - from);

	if (d & 3 || d < -(1LL << 27) || d >= (1LL << 27))
		return false;
	*out = (link ? 0x94000000u : 0x14000000u) | ((uint32_t)(d >> 2) & 0x3ffffffu);
	return true;
}

static inline bool a64_is_b(uint32_t w) { return (w & 0xfc000000u) == 0x14000000u; }
static inline bool a64_is_bl(uint32_t w) { return (w & 0xfc000000u) == 0x94000000u; }
static inline int64_t a64_b_off(uint32_t w) { return (int64_t)((int32_t)(w << 6) >> 4); }

/* ADRP Xd, page of 'to' (from 'from'): +-4 GiB. */
static inline bool a64_adrp(uint64_t from, uint64_t to, unsigned rd, uint32_t *out)
{
	int64_t d = ((int64_t)(to & ~0xfffULL) - (int64_t)(from & ~0xfffULL)) >> 12;

	if (d < -(1LL << 20) || d >= (1LL << 20))
		return false;
	*out = 0x90000000u | ((uint32_t)d & 3) << 29 | ((uint32_t)(d >> 2) & 0x7ffff) << 5 | rd;
	return true;
}

static inline bool a64_is_adrp(uint32_t w) { return (w & 0x9f000000u) == 0x90000000u; }

/* ADD Xd, Xn, #imm12 */
static inline uint32_t a64_add_imm(unsigned rd, unsigned rn, unsigned imm12)
{
	return 0x91000000u | (imm12 & 0xfff) << 10 | rn << 5 | rd;
}

/* LDR/STR Xt, [Xn, #off] (unsigned offset, off % 8 == 0, off < 32 KiB) */
static inline uint32_t a64_ldr(unsigned rt, unsigned rn, unsigned off) { return 0xf9400000u | (off / 8) << 10 | rn << 5 | rt; }
static inline uint32_t a64_str(unsigned rt, unsigned rn, unsigned off) { return 0xf9000000u | (off / 8) << 10 | rn << 5 | rt; }
/* LDR Xt, literal (pc-relative, +-1 MiB) */
static inline uint32_t a64_ldr_lit(uint64_t from, uint64_t to, unsigned rt)
{
	return 0x58000000u | ((uint32_t)((int64_t)(to - from) >> 2) & 0x7ffff) << 5 | rt;
}

/* STP Xa, Xb, [sp, #-16]!  and  LDP Xa, Xb, [sp], #16 */
static inline uint32_t a64_push2(unsigned a, unsigned b) { return 0xa9800000u | 0x7eu << 15 | b << 10 | 31 << 5 | a; }
static inline uint32_t a64_pop2(unsigned a, unsigned b) { return 0xa8c00000u | 2u << 15 | b << 10 | 31 << 5 | a; }
/* LDR Xt, [sp], #16 */
static inline uint32_t a64_pop1(unsigned t) { return 0xf8400400u | 16u << 12 | 31 << 5 | t; }

/* UBFIZ Xd, Xn, #lsb, #width */
static inline uint32_t a64_ubfiz(unsigned rd, unsigned rn, unsigned lsb, unsigned width)
{
	return 0xd3400000u | ((64 - lsb) & 63) << 16 | (width - 1) << 10 | rn << 5 | rd;
}

/* ADD Xd, Xn, Xm */
static inline uint32_t a64_add_reg(unsigned rd, unsigned rn, unsigned rm) { return 0x8b000000u | rm << 16 | rn << 5 | rd; }
/* CMP Xn, Xm */
static inline uint32_t a64_cmp_reg(unsigned rn, unsigned rm) { return 0xeb00001fu | rm << 16 | rn << 5; }
/* B.EQ forward by 'insns' instructions */
static inline uint32_t a64_beq(int insns) { return 0x54000000u | ((uint32_t)insns & 0x7ffff) << 5; }

#endif
