// SPDX-License-Identifier: GPL-2.0
/*
 * Write the planned instructions, and build the memory-redirection
 * trampolines in the free executable space at the end of the text:
 *
 *   site:  b   tramp                  tramp: stp  xS, x30, [sp, #-16]!
 *                                            bl   pv_page_xS
 *                                            ldr/str xT, [xS, #OFF]
 *                                            ldp  xS, x30, [sp], #16
 *                                            b    site + 4
 *
 *   pv_page_xS: xS = PV area + (MPIDR_EL1.Aff0 << 12); on the first use on
 *   this vCPU (page not yet stamped with PV_PAGE_MAGIC) it registers the
 *   page with the host (hvc PV_CTRL_SET_PAGE). Flags (NZCV) are untouched;
 *   only xS, x30 change, and both are restored by the trampoline.
 * S is x16, or x17 when the site's own register is x16.
 */
#include <elf.h>	/* R_AARCH64_* */
#include <stdio.h>
#include <string.h>

#include "a64.h"
#include "emit.h"
#include "util.h"

struct pool {
	struct image *img;
	bool rel;		/* ET_REL: build .text.pvnest, branch by relocation */
	uint64_t cur, end;
	uint64_t start;		/* of the current region */
	size_t next_room;	/* img->room[] not yet used */
	size_t used;		/* bytes filled in regions left behind */
	uint64_t page_fn[2];	/* pv_page_x16, pv_page_x17 (0 until emitted) */
	uint64_t magic;		/* address of the PV_PAGE_MAGIC literal */
};

static void add_rel(struct image *img, int sec, uint64_t off, unsigned type, int target, int64_t addend)
{
	struct rel_out *r = &img->rel;

	if (r->nrels == r->caprels)
		r->rels = xrealloc(r->rels, r->caprels = r->caprels ? 2 * r->caprels : 256, sizeof(*r->rels));
	r->rels[r->nrels++] = (struct new_reloc){ sec, off, type, target, addend };
}

static void put(struct pool *pl, uint32_t w)
{
	size_t foff;

	if (pl->rel) {
		wr32(pl->img->rel.text + pl->cur, w);
		pl->cur += 4;
		return;
	}
	if (!image_addr_to_foff(pl->img, pl->cur, &foff))
		die("internal: trampoline address %#llx outside the file", (unsigned long long)pl->cur);
	img_put32(pl->img, foff, w);
	pl->cur += 4;
}

static bool room(const struct pool *pl, size_t bytes)
{
	return pl->cur + bytes <= pl->end;
}

/* Trampolines (not pv_page, whose literal must stay within 1 MiB) go on
 * into the next region of img->room once the current one is full. */
static bool room_or_next(struct pool *pl, size_t bytes)
{
	while (!room(pl, bytes)) {
		const struct segment *g;

		if (pl->rel || pl->next_room >= pl->img->nroom)
			return false;
		g = &pl->img->room[pl->next_room++];
		pl->used += pl->cur - pl->start;
		pl->start = pl->cur = g->addr;
		pl->end = g->addr + g->filesz;
	}
	return true;
}

static bool emit_magic(struct pool *pl)
{
	uint64_t at = (pl->cur + 7) & ~7ull;

	if (at + 8 > pl->end)
		return false;
	while (pl->cur < at)
		put(pl, A64_NOP);
	pl->magic = at;
	put(pl, (uint32_t)PV_PAGE_MAGIC);
	put(pl, (uint32_t)(PV_PAGE_MAGIC >> 32));
	return true;
}

static const char *const no_space = "trampoline space exhausted";
static const char *const no_reach = "trampoline out of branch range";

/* pv_page_xS; returns why not, or NULL. */
static const char *emit_page_fn(struct pool *pl, unsigned s)
{
	unsigned t = s == 16 ? 17 : 16, u = 15;
	uint32_t adrp, lit_insn;
	uint64_t start, lit_at;

	if ((!pl->magic && !emit_magic(pl)) || !room(pl, 13 * 4))
		return no_space;
	start = pl->cur;
	lit_at = start + 7 * 4;
	if (pl->rel) {	/* .bss.pvnest: the linker fills in the page address */
		adrp = a64_adrp_reloc(t);
		add_rel(pl->img, REL_TARGET_TEXT, start + 12, R_AARCH64_ADR_PREL_PG_HI21, REL_TARGET_BSS, 0);
		add_rel(pl->img, REL_TARGET_TEXT, start + 16, R_AARCH64_ADD_ABS_LO12_NC, REL_TARGET_BSS, 0);
	} else if (!a64_adrp(start + 3 * 4, pl->img->area_addr, t, &adrp)) {
		return no_reach;
	}
	lit_insn = a64_ldr_lit(lit_at, pl->magic, u);
	put(pl, a64_push2(t, u));
	put(pl, a64_mrs(pv_regdb[PVREG_MPIDR_EL1].enc, s));
	put(pl, a64_ubfiz(s, s, 12, 4));
	put(pl, adrp);
	put(pl, a64_add_imm(t, t, pl->rel ? 0 : pl->img->area_addr & 0xfff));
	put(pl, a64_add_reg(s, s, t));
	put(pl, a64_ldr(t, s, PV_PAGE_OFF_MAGIC));
	put(pl, lit_insn);
	put(pl, a64_eor_reg(t, t, u));
	put(pl, a64_cbz(t, 2));		/* registered: skip the hvc */
	put(pl, a64_hvc(PV_CTRL_SET_PAGE(s)));
	put(pl, a64_pop2(t, u));
	put(pl, A64_RET);
	pl->page_fn[s - 16] = start;
	return NULL;
}

static const char *emit_tramp(struct pool *pl, struct site *s)
{
	unsigned rt = A64_RT(s->insn), sc = rt == 16 ? 17 : 16;
	uint32_t b_in, bl, b_out;
	uint64_t t;
	const char *why;

	if (!pl->page_fn[sc - 16] && (why = emit_page_fn(pl, sc)))
		return why;
	if (!room_or_next(pl, 5 * 4))
		return no_space;
	t = pl->cur;
	if (!a64_b(t + 4, pl->page_fn[sc - 16], true, &bl))
		return no_reach;
	if (pl->rel) {	/* across sections: JUMP26 relocations both ways */
		uint64_t soff = s->foff - s->range->foff;

		b_in = b_out = A64_B_RELOC;
		add_rel(pl->img, s->range->secidx, soff, R_AARCH64_JUMP26, REL_TARGET_TEXT, t);
		add_rel(pl->img, REL_TARGET_TEXT, t + 16, R_AARCH64_JUMP26, s->range->secidx, soff + 4);
	} else if (!a64_b(s->addr, t, false, &b_in) || !a64_b(t + 16, s->addr + 4, false, &b_out)) {
		return no_reach;
	}
	put(pl, a64_push2(sc, 30));
	put(pl, bl);
	put(pl, s->write ? a64_str(rt, sc, s->memoff) : a64_ldr(rt, sc, s->memoff));
	put(pl, !s->write && rt == 30 ? a64_pop1(sc) : a64_pop2(sc, 30));
	put(pl, b_out);
	s->tramp = t;
	s->page_fn = pl->page_fn[sc - 16];
	s->new_insn = b_in;
	return NULL;
}

void emit_sites(struct image *img, struct siteset *ss)
{
	struct pool pl = { .img = img, .cur = img->slack_addr, .end = img->slack_addr + img->slack_size,
			   .start = img->slack_addr };
	size_t i;

	if (img->fmt == FMT_ELF_REL) {
		pl.rel = true;
		pl.cur = pl.start = 0;
		pl.end = img->slack_size;
		img->rel.text = xcalloc(1, img->slack_size);
	}
	for (i = 0; i < ss->n; i++) {
		struct site *s = &ss->v[i];
		const char *why;

		if (s->strat == S_TRAMPOLINE && (why = emit_tramp(&pl, s))) {
			s->strat = S_ARTIFACT;
			s->why = why;
			s->new_insn = a64_smc(PV_IMM(s->row, A64_RT(s->insn), s->write));
			img->tramp_missed++;
		}
		if (s->new_insn != s->insn)
			img_put32(img, s->foff, s->new_insn);
	}
	img->slack_used = pl.used + pl.cur - pl.start;
	if (pl.rel) {
		img->rel.text_size = pl.cur;
		img->rel.bss_size = pl.cur ? img->area_pages * 4096 : 0;
	}
}
