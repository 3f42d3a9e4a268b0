// SPDX-License-Identifier: GPL-2.0
/* Print every database row as "kind name word capstone-text", where word is
 * the instruction the rewriter would match (MRS x0 / SYS x0 / the insn). */
#include <capstone/capstone.h>
#include <stdio.h>
#include <string.h>

#include "regdb_lookup.h"

int main(void)
{
	static const char *const kinds[] = { "sysreg", "tlbi", "at", "insn" };
	csh cs;
	int i;

	if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &cs) != CS_ERR_OK)
		return 1;
	for (i = 0; i < PV_NR_REGS; i++) {
		const struct pv_reg *r = &pv_regdb[i];
		uint32_t w = r->kind == PV_KIND_INSN ? r->enc
			   : r->kind == PV_KIND_SYSREG ? (0xd5300000u | r->enc << 5)
						      : (0xd5000000u | r->enc << 5);
		uint8_t b[4] = { w, w >> 8, w >> 16, w >> 24 };
		cs_insn *ci;
		char text[256] = "?";

		if (cs_disasm(cs, b, 4, 0, 1, &ci) == 1) {
			snprintf(text, sizeof(text), "%s %s", ci->mnemonic, ci->op_str);
			cs_free(ci, 1);
		}
		printf("%s %s %08x %s\n", kinds[r->kind], r->name, w, text);
	}
	cs_close(&cs);
	return 0;
}
