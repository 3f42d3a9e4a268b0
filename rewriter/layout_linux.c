// SPDX-License-Identifier: GPL-2.0
/*
 * Where a Linux arm64 kernel keeps its code, found from its symbols
 * (arch/arm64/kernel/vmlinux.lds.S): which ranges run at virtual EL2 in VHE
 * and non-VHE mode, which have no usable stack, where the free executable
 * space for trampolines is, and where the PV pages can live.
 */
#include "alts.h"
#include "layout.h"
#include "util.h"

enum {
	R_HYP = 1,	/* KVM nVHE hypervisor text: vEL2 in both modes */
	R_EL2BOOT = 2,	/* runs at EL2 while booting (both modes) */
	R_NOSTACK = 4,	/* MMU off or no stack set up */
};

struct rdef {
	const char *start, *end, *name;
	unsigned flags;
};

/* Executable output sections, by their bounding symbols. */
static const struct rdef code[] = {
	{ "_stext", "_etext", ".text", 0 },
	{ "__entry_tramp_text_start", "__entry_tramp_text_end", ".entry.tramp.text", 0 },
	{ "__hibernate_exit_text_start", "__hibernate_exit_text_end", ".hibernate_exit.text", R_NOSTACK },
	{ "__relocate_new_kernel_start", "__relocate_new_kernel_end", ".kexec_relocate.text", R_NOSTACK },
	{ "__idmap_text_start", "__idmap_text_end", ".idmap.text", R_EL2BOOT | R_NOSTACK },
	{ "_sinittext", "_einittext", ".init.text", 0 },
	{ "__exittext_begin", "__exittext_end", ".exit.text", 0 },
};

/* Attributes of parts of those sections. */
static const struct rdef parts[] = {
	{ "__hyp_idmap_text_start", "__hyp_text_end", ".hyp.text", R_HYP },
	{ "__hyp_idmap_text_start", "__hyp_idmap_text_end", ".hyp.idmap.text", R_HYP | R_NOSTACK },
	/* The hyp stub (vectors + handlers, one page) runs at EL2 with no stack. */
	{ "__hyp_stub_vectors", NULL, "hyp-stub", R_HYP | R_EL2BOOT | R_NOSTACK },
};

static bool bounds(const struct image *img, const struct rdef *d, uint64_t *s, uint64_t *e)
{
	const struct symbol *a = sym_find(&img->st, d->start), *b = d->end ? sym_find(&img->st, d->end) : NULL;

	if (!a || (d->end && !b))
		return false;
	*s = a->addr;
	*e = d->end ? b->addr : (a->addr | 0xfff) + 1;
	return *e > *s;
}

static void add_range(struct image *img, uint64_t s, uint64_t e, const char *name, unsigned fl,
		      const struct options *o)
{
	struct code_range *r = image_add_range(img, s, e, name);

	r->vel2 = o->mode == PV_MODE_VHE || (fl & (R_HYP | R_EL2BOOT));
	r->nostack = fl & R_NOSTACK;
	/* nVHE hyp code runs in its own address space that maps only hyp sections. */
	r->tramp_ok = !r->nostack && !(o->mode == PV_MODE_NVHE && (fl & R_HYP));
	r->notramp = r->nostack ? "no usable stack here (boot, idmap or hyp-stub code)"
				: "nVHE hyp code: the trampolines are outside the hyp mapping";
}

/* Split [s, e) at every boundary of the parts and give each piece its flags. */
static void add_split(struct image *img, uint64_t s, uint64_t e, const struct rdef *d, const struct options *o)
{
	uint64_t cut[2 * sizeof(parts) / sizeof(parts[0]) + 2], ps[8], pe[8];
	size_t nc = 0, i, j, np = sizeof(parts) / sizeof(parts[0]);
	bool have[8];

	cut[nc++] = s;
	cut[nc++] = e;
	for (i = 0; i < np; i++) {
		have[i] = bounds(img, &parts[i], &ps[i], &pe[i]);
		if (!have[i])
			continue;
		if (ps[i] > s && ps[i] < e)
			cut[nc++] = ps[i];
		if (pe[i] > s && pe[i] < e)
			cut[nc++] = pe[i];
	}
	for (i = 0; i < nc; i++)	/* tiny insertion sort */
		for (j = i; j > 0 && cut[j] < cut[j - 1]; j--) {
			uint64_t t = cut[j];

			cut[j] = cut[j - 1];
			cut[j - 1] = t;
		}
	for (i = 0; i + 1 < nc; i++) {
		unsigned fl = d->flags;
		const char *name = d->name;

		if (cut[i] == cut[i + 1])
			continue;
		for (j = 0; j < np; j++)
			if (have[j] && cut[i] >= ps[j] && cut[i] < pe[j]) {
				fl |= parts[j].flags;
				name = parts[j].name;
			}
		add_range(img, cut[i], cut[i + 1], name, fl, o);
	}
}

/* Zero words at the end of .text, before _etext: room for trampolines. */
static void find_slack(struct image *img, uint64_t etext)
{
	size_t end, p;

	if (!image_addr_to_foff(img, etext - 4, &end))
		return;
	end += 4;
	for (p = end; p >= 4 && rd32(img->buf + p - 4) == 0; p -= 4)
		;
	p = (p + 63) & ~(size_t)63;	/* keep a gap after the last real code */
	if (p + 64 > end)
		return;
	img->slack_foff = p;
	img->slack_addr = etext - (end - p);
	img->slack_size = end - p;
}

void layout_linux(struct image *img, const struct options *o)
{
	const struct symbol *a, *b;
	uint64_t s, e;
	size_t i;

	for (i = 0; i < sizeof(code) / sizeof(code[0]); i++) {
		if (!bounds(img, &code[i], &s, &e)) {
			if (i == 0)
				die("%s: no _stext/_etext symbols: not a Linux kernel, or symbols missing", img->path);
			continue;
		}
		if (i == 0) {
			find_slack(img, e);
			if (img->slack_size)
				e = img->slack_addr;
		}
		add_split(img, s, e, &code[i], o);
	}
	/* PV pages: the SEGMENT_ALIGN padding between the early boot stack and
	 * _end is reserved, mapped read-write, and used by nothing. */
	a = sym_find(&img->st, "early_init_stack");
	b = sym_find(&img->st, "_end");
	if (a && b && b->addr > a->addr) {
		img->area_addr = (a->addr + 4095) & ~4095ull;
		img->area_pages = b->addr > img->area_addr ? (b->addr - img->area_addr) / 4096 : 0;
		if (img->area_pages > 16)
			img->area_pages = 16;
	}
	a = sym_find(&img->st, "__alt_instructions");
	b = sym_find(&img->st, "__alt_instructions_end");
	if (a && b)
		alts_load(img, a->addr, b->addr);
	else if ((a = sym_find(&img->st, "_einittext")))
		alts_find(img, a->addr, 4u << 20);
}
