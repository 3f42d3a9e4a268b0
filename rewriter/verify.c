// SPDX-License-Identifier: GPL-2.0
/*
 * Verify the rewritten image: every rewritten site (and every trampoline
 * instruction) is re-decoded with capstone, an independent decoder, and
 * must be the instruction that was meant; then the whole text is scanned
 * again and nothing sensitive may be left that the plan did not account for.
 */
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "a64.h"
#include "scan.h"
#include "util.h"
#include "verify.h"

/* Decode one instruction of the image, or of .text.pvnest (ET_REL, tramp). */
static bool dis_at(csh cs, const struct image *img, uint64_t addr, bool tramp, char *mn, size_t mnsz, char *ops, size_t opsz)
{
	const uint8_t *p;
	cs_insn *insn;
	size_t foff, n;

	if (tramp && img->fmt == FMT_ELF_REL) {
		if (addr + 4 > img->rel.text_size)
			return false;
		p = img->rel.text + addr;
	} else if (image_addr_to_foff(img, addr, &foff)) {
		p = img->buf + foff;
	} else {
		return false;
	}
	n = cs_disasm(cs, p, 4, addr, 1, &insn);
	if (n != 1)
		return false;
	snprintf(mn, mnsz, "%s", insn->mnemonic);
	snprintf(ops, opsz, "%s", insn->op_str);
	cs_free(insn, n);
	return true;
}

/* "#0x1234" -> branch target or immediate */
static unsigned long long num(const char *ops)
{
	const char *h = strchr(ops, '#');

	return h ? strtoull(h + 1, NULL, 0) : 0;
}

static int fail(const struct site *s, const char *what, const char *mn, const char *ops)
{
	warnx_("verify: site %#llx: %s (decoded: %s %s)", (unsigned long long)s->addr, what, mn, ops);
	return 1;
}

static int check_site(csh cs, const struct image *img, const struct site *s)
{
	char mn[32], ops[160];
	uint32_t w = rd32(img->buf + s->foff);
	static const char *const tr_ld[] = { "stp", "bl", "ldr", "ldp", "b" };
	static const char *const tr_st[] = { "stp", "bl", "str", "ldp", "b" };
	const char *const *want;
	int i;

	if (w != s->new_insn)
		return fail(s, "word in the output differs from the plan", "", "");
	if (!dis_at(cs, img, s->addr, false, mn, sizeof(mn), ops, sizeof(ops)))
		return fail(s, "capstone cannot decode the rewritten instruction", "?", "");
	switch (s->strat) {
	case S_HVC:
	case S_ARTIFACT:
		if (strcmp(mn, s->strat == S_ARTIFACT ? "smc" : "hvc") || num(ops) != A64_HVC_IMM(s->new_insn) ||
		    PV_IMM_IDX(num(ops)) != (unsigned)s->row || !!(num(ops) & PV_IMM_WRITE) != s->write)
			return fail(s, "expected the planned hvc/smc", mn, ops);
		break;
	case S_EL1REG:
	case S_PROXY:
		if (strcmp(mn, s->write ? "msr" : "mrs") || A64_RT(w) != A64_RT(s->insn) || regdb_find_sysreg(A64_ENC(w)) < 0)
			return fail(s, "expected an MRS/MSR of a database register", mn, ops);
		break;
	case S_TRAMPOLINE:
		/* ET_REL: the branch is resolved by a JUMP26 relocation at link time. */
		if (strcmp(mn, "b") || (img->fmt == FMT_ELF_REL ? w != A64_B_RELOC : num(ops) != s->tramp))
			return fail(s, "expected a branch to its trampoline", mn, ops);
		want = s->write ? tr_st : tr_ld;
		for (i = 0; i < 5; i++) {
			if (!dis_at(cs, img, s->tramp + 4 * i, true, mn, sizeof(mn), ops, sizeof(ops)))
				return fail(s, "capstone cannot decode the trampoline", "?", "");
			if (i == 3 && !s->write && A64_RT(s->insn) == 30)
				want = (const char *const[]){ "stp", "bl", "ldr", "ldr", "b" };
			if (strcmp(mn, want[i]))
				return fail(s, "trampoline instruction differs", mn, ops);
		}
		if (img->fmt != FMT_ELF_REL && num(ops) != s->addr + 4)
			return fail(s, "trampoline does not return after the site", mn, ops);
		break;
	default:
		if (w != s->insn)
			return fail(s, "changed although planned to stay", mn, ops);
	}
	return 0;
}

size_t verify_sites(const struct image *img, const struct siteset *ss, const struct plan_ctx *pc)
{
	struct siteset again = { 0 };
	csh cs;
	size_t bad = 0, i, j = 0;

	if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &cs) != CS_ERR_OK)
		die("capstone: cannot open the AArch64 decoder");
	for (i = 0; i < ss->n; i++)
		bad += check_site(cs, img, &ss->v[i]);
	/* Rescan the changed pages: what is left unchanged there must be exactly
	 * what the plan meant to leave (untouched pages are the input's). */
	scan_image(img, &again, true);
	plan_sites(pc, img, &again);
	for (i = 0; i < again.n; i++) {
		const struct site *a = &again.v[i];

		while (j < ss->n && ss->v[j].addr < a->addr)
			j++;
		if (j < ss->n && ss->v[j].addr == a->addr && ss->v[j].new_insn != ss->v[j].insn)
			continue;	/* rewritten: checked above */
		if (a->strat == S_HVC || a->strat == S_ARTIFACT || a->strat == S_EL1REG ||
		    a->strat == S_PROXY || a->strat == S_TRAMPOLINE) {
			warnx_("verify: %#llx: sensitive instruction %08x left unrewritten", (unsigned long long)a->addr,
			       a->insn);
			bad++;
		}
	}
	free(again.v);
	cs_close(&cs);
	return bad;
}
