// SPDX-License-Identifier: GPL-2.0
/* Every instruction helper of rewriter/a64.h with sample operands, one
 * "WORD<TAB>assembly" line each, for tests/a64-encodings.sh to check
 * against llvm-mc. Branch-type helpers are encoded at address 0x10000. */
#include <stdio.h>

#include "a64.h"

#define AT 0x10000ull

static void p(uint32_t w, const char *as) { printf("%08x\t%s\n", w, as); }

int main(void)
{
	uint32_t w;

	p(a64_mrs(0xc684, 3), "mrs x3, s3_0_c13_c0_4");	/* TPIDR_EL1 */
	p(a64_with_enc(0xd51cd044, 0xc684), "msr s3_0_c13_c0_4, x4");	/* msr tpidr_el2 -> tpidr_el1 */
	p(a64_hvc(0x8123), "hvc #0x8123");
	p(a64_smc(0x8123), "smc #0x8123");
	if (a64_b(AT, AT + 0x40, false, &w))
		p(w, "b #0x40");
	if (a64_b(AT, AT - 0x40, true, &w))
		p(w, "bl #-0x40");
	p(A64_B_RELOC, "b #0");
	if (a64_adrp(AT, AT + 0x5000, 17, &w))
		p(w, "adrp x17, #0x5000");
	p(a64_adrp_reloc(17), "adrp x17, #0");
	p(a64_add_imm(17, 17, 0x123), "add x17, x17, #0x123");
	p(a64_ldr(3, 16, 0x120), "ldr x3, [x16, #0x120]");
	p(a64_str(3, 17, 0x1f8), "str x3, [x17, #0x1f8]");
	p(a64_ldr_lit(AT, AT + 0x20, 15), "ldr x15, #0x20");
	p(a64_push2(16, 30), "stp x16, x30, [sp, #-16]!");
	p(a64_pop2(16, 30), "ldp x16, x30, [sp], #16");
	p(a64_pop1(16), "ldr x16, [sp], #16");
	p(a64_ubfiz(16, 16, 12, 4), "ubfiz x16, x16, #12, #4");
	p(a64_add_reg(16, 16, 17), "add x16, x16, x17");
	p(a64_eor_reg(17, 17, 15), "eor x17, x17, x15");
	p(a64_cbz(17, 2), "cbz x17, #8");
	p(A64_NOP, "nop");
	p(A64_RET, "ret");
	return 0;
}
