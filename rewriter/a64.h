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
#define A64_ENC_MASK	(0xffffu << 5)
#define A64_ENC(w)	(((w) >> 5) & 0xffffu)	/* op0:op1:CRn:CRm:op2, as PV_ENC */
#define A64_RT(w)	((w) & 31u)

#define A64_HVC_MASK	0xffe0001fu
#define A64_HVC_VAL	0xd4000002u
#define A64_SMC_VAL	0xd4000003u
#define A64_HVC_IMM(w)	(((w) >> 5) & 0xffffu)	/* HVC and SMC alike */

#define A64_NOP		0xd503201fu
#define A64_RET		0xd65f03c0u

static inline bool a64_is_sysreg(uint32_t w) { return (w & A64_SYSREG_MASK) == A64_SYSREG_VAL; }
static inline bool a64_is_sys(uint32_t w) { return (w & A64_SYS_MASK) == A64_SYS_VAL; }
static inline bool a64_is_hvc(uint32_t w) { return (w & A64_HVC_MASK) == A64_HVC_VAL; }
static inline bool a64_is_smc(uint32_t w) { return (w & A64_HVC_MASK) == A64_SMC_VAL; }

/* The candidate filter of the fast scan, on the top byte of a word alone:
 * every MRS/MSR/SYS/SYSL (0xd5), HVC/SMC (0xd4) and the ERET family (0xd6). */
static inline bool a64_top_maybe_sensitive(uint8_t top) { return top >= 0xd4 && top <= 0xd6; }

static inline uint32_t a64_mrs(unsigned enc, unsigned rt) { return 0xd5300000u | enc << 5 | rt; }
/* The same MRS/MSR (direction, Rt) on another system register. */
static inline uint32_t a64_with_enc(uint32_t w, unsigned enc) { return (w & ~A64_ENC_MASK) | (enc & 0xffffu) << 5; }
static inline uint32_t a64_hvc(unsigned imm) { return A64_HVC_VAL | (imm & 0xffffu) << 5; }
static inline uint32_t a64_smc(unsigned imm) { return A64_SMC_VAL | (imm & 0xffffu) << 5; }

/* B/BL imm26: pc-relative, +-128 MiB. Returns false when out of range. */
static inline bool a64_b(uint64_t from, uint64_t to, bool link, uint32_t *out)
{
	int64_t d = (int64_t)(to - from);

	if (d & 3 || d < -(1LL << 27) || d >= (1LL << 27))
		return false;
	*out = (link ? 0x94000000u : 0x14000000u) | ((uint32_t)(d >> 2) & 0x3ffffffu);
	return true;
}

/* B with a zero offset: the placeholder a JUMP26 relocation fills in. */
#define A64_B_RELOC	0x14000000u

/* ADRP Xd, page of 'to' (from 'from'): +-4 GiB. */
static inline bool a64_adrp(uint64_t from, uint64_t to, unsigned rd, uint32_t *out)
{
	int64_t d = ((int64_t)(to & ~0xfffULL) - (int64_t)(from & ~0xfffULL)) >> 12;

	if (d < -(1LL << 20) || d >= (1LL << 20))
		return false;
	*out = 0x90000000u | ((uint32_t)d & 3) << 29 | ((uint32_t)(d >> 2) & 0x7ffff) << 5 | rd;
	return true;
}

/* ADRP Xd with a zero offset: the placeholder an ADR_PREL_PG_HI21 relocation fills in. */
static inline uint32_t a64_adrp_reloc(unsigned rd) { return 0x90000000u | rd; }

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
/* EOR Xd, Xn, Xm */
static inline uint32_t a64_eor_reg(unsigned rd, unsigned rn, unsigned rm) { return 0xca000000u | rm << 16 | rn << 5 | rd; }
/* CBZ Xt forward by 'insns' instructions */
static inline uint32_t a64_cbz(unsigned rt, int insns) { return 0xb4000000u | ((uint32_t)insns & 0x7ffff) << 5 | rt; }

#endif
