// SPDX-License-Identifier: GPL-2.0
/* Where Xen keeps its code, from its symbols. Xen runs entirely at EL2:
 * every executable range is vEL2 code, in both modes (Xen on arm64 is a
 * non-VHE hypervisor: main defaults to --mode nvhe and refuses vhe). */
#include "alts.h"
#include "layout.h"
#include "util.h"

static const struct { const char *start, *end, *name; } xen[] = {
	{ "_stext", "_etext", ".text" },
	{ "_sinittext", "_einittext", ".init.text" },
};

/*
 * Xen keeps its alternative replacements in .init.text after _einittext
 * (xen.lds.S): no symbol bounds them, but the alternatives table points at
 * each. Boot copies them over .text, so they run at EL2 as well.
 */
static void add_replacements(struct image *img)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	struct code_range *r;
	size_t i;

	for (i = 0; i < img->nalts; i++) {
		const struct alt_entry *a = &img->alts[i];

		if (a->cb || !a->alt_len || image_addr_in_code(img, a->repl))
			continue;
		if (a->repl < lo)
			lo = a->repl;
		if (a->repl + a->alt_len > hi)
			hi = a->repl + a->alt_len;
	}
	if (lo >= hi)
		return;
	r = image_add_range(img, lo, hi, ".altinstr_replacement");
	r->vel2 = true;
	r->tramp_ok = false;
	r->notramp = "Xen: no trampoline space or PV area located yet";
}

void layout_xen(struct image *img, const struct options *o)
{
	const struct symbol *a, *b;
	size_t i;

	(void)o;
	for (i = 0; i < sizeof(xen) / sizeof(xen[0]); i++) {
		struct code_range *r;

		a = sym_find(&img->st, xen[i].start);
		b = sym_find(&img->st, xen[i].end);
		if (!a || !b || b->addr <= a->addr)
			continue;
		r = image_add_range(img, a->addr, b->addr, xen[i].name);
		r->vel2 = true;
		r->tramp_ok = false;
		r->notramp = "Xen: no trampoline space or PV area located yet";
	}
	a = sym_find(&img->st, "__alt_instructions");
	b = sym_find(&img->st, "__alt_instructions_end");
	if (a && b)
		alts_load(img, a->addr, b->addr);
	add_replacements(img);
}
