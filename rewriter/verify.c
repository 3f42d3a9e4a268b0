// SPDX-License-Identifier: GPL-2.0
/*
 * Verify the rewritten image against the plan. Each rewritten site and each
 * trampoline word must be the exact encoding the plan implies, stated here
 * a second time from the plan's inputs (profile, mode, site, addresses)
 * rather than taken from the emitter; capstone, an independent decoder,
 * must agree on the mnemonics and targets. Then the changed pages are
 * scanned again and nothing sensitive may be left that the plan did not
 * account for.
 */
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "a64.h"
#include "scan.h"
#include "util.h"
#include "verify.h"

#define TRAMP_INSNS	5
#define PAGE_FN_INSNS	13

struct verifier {
	csh cs;
	const struct image *img;
	const struct plan_ctx *pc;
	uint64_t page_fn_seen[2];	/* pv_page_x16/x17 checked, + 1 (0: not yet) */
};

/* A word of the image, or of .text.pvnest (ET_REL, tramp). */
static bool word_at(const struct image *img, uint64_t addr, bool tramp, uint32_t *w)
{
	size_t foff;

	if (tramp && img->fmt == FMT_ELF_REL) {
		if (addr + 4 > img->rel.text_size)
			return false;
		*w = rd32(img->rel.text + addr);
		return true;
	}
	if (!image_addr_to_foff(img, addr, &foff) || foff + 4 > img->size)
		return false;
	*w = rd32(img->buf + foff);
	return true;
}

static bool dis_at(const struct verifier *v, uint64_t addr, bool tramp, char *mn, size_t mnsz, char *ops, size_t opsz)
{
	uint8_t b[4];
	cs_insn *insn;
	uint32_t w;
	size_t n;

	if (!word_at(v->img, addr, tramp, &w))
		return false;
	wr32(b, w);
	n = cs_disasm(v->cs, b, 4, addr, 1, &insn);
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

/* The system register an EL1-register or proxy site must now name. */
static int planned_el1_row(const struct verifier *v, const struct site *s)
{
	const struct pv_beh *b = &v->pc->p->beh[s->row][v->pc->o->mode];

	if (s->strat == S_PROXY)
		return v->pc->px ? v->pc->px->el1 : -1;
	return b->action == PV_EL1 ? b->arg : -1;
}

/* The PV page offset a trampoline site must load or store. */
static int planned_memoff(const struct verifier *v, const struct site *s)
{
	const struct pv_proxy *px = v->pc->px;
	const struct pv_beh *b = &v->pc->p->beh[s->row][v->pc->o->mode];

	if (px && s->row == px->el1)
		return px->off;
	return b->action == PV_MEM ? b->arg : -1;
}

/* pv_page_xS at 'start' (see emit.c), word by word. */
static int check_page_fn(struct verifier *v, const struct site *s, unsigned sc, uint64_t start)
{
	const struct image *img = v->img;
	bool rel = img->fmt == FMT_ELF_REL;
	unsigned t = sc == 16 ? 17 : 16, u = 15;
	uint32_t want[PAGE_FN_INSNS], w, lo, hi;
	char mn[32], ops[160];
	uint64_t magic;
	int i;

	/* Each pv_page once: its sites share it, a bad word is one place. */
	if (v->page_fn_seen[sc - 16] == start + 1)
		return 0;
	v->page_fn_seen[sc - 16] = start + 1;
	/* The literal the page is compared with, where its ldr points. */
	if (!dis_at(v, start + 7 * 4, true, mn, sizeof(mn), ops, sizeof(ops)) || strcmp(mn, "ldr"))
		return fail(s, "pv_page: no literal load of the page magic", mn, ops);
	magic = num(ops);
	if (!word_at(img, magic, true, &lo) || !word_at(img, magic + 4, true, &hi) ||
	    ((uint64_t)hi << 32 | lo) != PV_PAGE_MAGIC)
		return fail(s, "pv_page: the literal is not PV_PAGE_MAGIC", mn, ops);
	want[0] = a64_push2(t, u);
	want[1] = a64_mrs(pv_regdb[PVREG_MPIDR_EL1].enc, sc);
	want[2] = a64_ubfiz(sc, sc, 12, 4);
	if (rel)
		want[3] = a64_adrp_reloc(t);
	else if (!a64_adrp(start + 3 * 4, img->area_addr, t, &want[3]))
		return fail(s, "pv_page: PV area out of adrp reach", "", "");
	want[4] = a64_add_imm(t, t, rel ? 0 : img->area_addr & 0xfff);
	want[5] = a64_add_reg(sc, sc, t);
	want[6] = a64_ldr(t, sc, PV_PAGE_OFF_MAGIC);
	want[7] = a64_ldr_lit(start + 7 * 4, magic, u);
	want[8] = a64_eor_reg(t, t, u);
	want[9] = a64_cbz(t, 2);
	want[10] = a64_hvc(PV_CTRL_SET_PAGE(sc));
	want[11] = a64_pop2(t, u);
	want[12] = A64_RET;
	for (i = 0; i < PAGE_FN_INSNS; i++) {
		if (!word_at(img, start + 4 * i, true, &w))
			return fail(s, "pv_page outside the trampoline space", "", "");
		if (w != want[i]) {
			char what[96];

			dis_at(v, start + 4 * i, true, mn, sizeof(mn), ops, sizeof(ops));
			snprintf(what, sizeof(what), "pv_page word %d is %08x, planned %08x", i, w, want[i]);
			return fail(s, what, mn, ops);
		}
	}
	return 0;
}

static int check_tramp(struct verifier *v, const struct site *s, uint32_t w, const char *mn, const char *ops)
{
	static const char *const tr_ld[] = { "stp", "bl", "ldr", "ldp", "b" };
	static const char *const tr_st[] = { "stp", "bl", "str", "ldp", "b" };
	static const char *const tr_ld30[] = { "stp", "bl", "ldr", "ldr", "b" };
	bool rel = v->img->fmt == FMT_ELF_REL;
	unsigned rt = A64_RT(s->insn), sc = rt == 16 ? 17 : 16;
	uint32_t want[TRAMP_INSNS], b_in, got;
	int off = planned_memoff(v, s), i;
	const char *const *mns = s->write ? tr_st : rt == 30 ? tr_ld30 : tr_ld;
	char m2[32], o2[160];

	/* ET_REL: the branches are resolved by JUMP26 relocations at link time. */
	if (rel)
		b_in = A64_B_RELOC;
	else if (!a64_b(s->addr, s->tramp, false, &b_in))
		return fail(s, "trampoline out of branch range", mn, ops);
	if (w != b_in || strcmp(mn, "b") || (!rel && num(ops) != s->tramp))
		return fail(s, "expected a branch to its trampoline", mn, ops);
	if (off < 0 || (unsigned)off != s->memoff)
		return fail(s, "trampoline PV page offset is not the profile's", mn, ops);
	want[0] = a64_push2(sc, 30);
	if (!a64_b(s->tramp + 4, s->page_fn, true, &want[1]))
		return fail(s, "pv_page out of bl range", mn, ops);
	want[2] = s->write ? a64_str(rt, sc, off) : a64_ldr(rt, sc, off);
	want[3] = !s->write && rt == 30 ? a64_pop1(sc) : a64_pop2(sc, 30);
	if (rel)
		want[4] = A64_B_RELOC;
	else if (!a64_b(s->tramp + 16, s->addr + 4, false, &want[4]))
		return fail(s, "trampoline return out of branch range", mn, ops);
	for (i = 0; i < TRAMP_INSNS; i++) {
		if (!word_at(v->img, s->tramp + 4 * i, true, &got) ||
		    !dis_at(v, s->tramp + 4 * i, true, m2, sizeof(m2), o2, sizeof(o2)))
			return fail(s, "capstone cannot decode the trampoline", "?", "");
		if (got != want[i] || strcmp(m2, mns[i])) {
			char what[96];

			snprintf(what, sizeof(what), "trampoline word %d is %08x, planned %08x", i, got, want[i]);
			return fail(s, what, m2, o2);
		}
	}
	if (!rel && num(o2) != s->addr + 4)
		return fail(s, "trampoline does not return after the site", m2, o2);
	return check_page_fn(v, s, sc, s->page_fn);
}

static int check_site(struct verifier *v, const struct site *s)
{
	char mn[32], ops[160];
	uint32_t w = rd32(v->img->buf + s->foff);
	int r;

	if (w != s->new_insn)
		return fail(s, "word in the output differs from the plan", "", "");
	if (!dis_at(v, s->addr, false, mn, sizeof(mn), ops, sizeof(ops)))
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
		/* The exact register the profile (or the proxy) names, same Rt and direction. */
		r = planned_el1_row(v, s);
		if (r < 0 || strcmp(mn, s->write ? "msr" : "mrs") || w != a64_with_enc(s->insn, pv_regdb[r].enc))
			return fail(s, r < 0 ? "EL1-register site without an EL1 register in the plan"
					     : "expected an MRS/MSR of the planned register", mn, ops);
		break;
	case S_TRAMPOLINE:
		return check_tramp(v, s, w, mn, ops);
	default:
		if (w != s->insn)
			return fail(s, "changed although planned to stay", mn, ops);
	}
	return 0;
}

size_t verify_sites(const struct image *img, const struct siteset *ss, const struct plan_ctx *pc)
{
	struct verifier v = { .img = img, .pc = pc };
	struct siteset again = { 0 };
	size_t bad = 0, i, j = 0;

	if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &v.cs) != CS_ERR_OK)
		die("capstone: cannot open the AArch64 decoder");
	for (i = 0; i < ss->n; i++)
		bad += check_site(&v, &ss->v[i]);
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
	cs_close(&v.cs);
	return bad;
}
