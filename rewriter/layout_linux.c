// SPDX-License-Identifier: GPL-2.0
/*
 * Where a Linux arm64 kernel keeps its code, found from its symbols
 * (arch/arm64/kernel/vmlinux.lds.S): which ranges run at virtual EL2 in VHE
 * and non-VHE mode, which have no usable stack, where the free executable
 * space for trampolines is, and where the PV pages can live.
 */
#include <stdio.h>
#include <string.h>

#include "a64.h"
#include "alts.h"
#include "image.h"
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
	/* Inside .text in older kernels (.idmap.text before 6.6, hibernate and
	 * kexec code in 5.10): parts of it, with their own attributes. */
	{ "__hibernate_exit_text_start", "__hibernate_exit_text_end", ".hibernate_exit.text", R_NOSTACK },
	{ "__relocate_new_kernel_start", "__relocate_new_kernel_end", ".kexec_relocate.text", R_NOSTACK },
	{ "__idmap_text_start", "__idmap_text_end", ".idmap.text", R_EL2BOOT | R_NOSTACK },
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


/*
 * Room beyond the slack, for kernels whose _etext tail is small (Debian's
 * 16k flavour: 7,232 bytes for 533 trampolines): the linker fills the gap
 * before each page-aligned section (hyp text, idmap text, entry text, ...)
 * with zeros. A gap counts when it ends at a symbol, no symbol starts
 * inside it but an end marker at its start (__kprobes_text_end), it lies in
 * trampoline-capable .text, and after guards of 64 bytes behind the last
 * non-zero word (a zero literal of the code before) and 16 bytes before the
 * section (ftrace's pre-function words) at least 128 bytes are left.
 */
static const struct code_range *range_at(const struct image *img, uint64_t a);

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && !strcmp(s + n - t, tail);
}

static void find_room(struct image *img, uint64_t stext, uint64_t end)
{
	uint64_t last = 0;
	size_t i;

	for (i = 0; i < img->st.n; i++) {
		uint64_t b = img->st.v[i].addr, q, u, v;
		const struct code_range *r;
		const struct symbol *prev;
		size_t fb, fq;

		if (b & 4095 || b <= stext || b >= end || b == last || !image_addr_to_foff(img, b, &fb))
			continue;
		last = b;
		for (fq = fb; fq >= 4 && !rd32(img->buf + fq - 4); fq -= 4)
			;
		q = b - (fb - fq);
		u = ((q + 63) & ~63ull) + 64;
		v = b - 16;
		r = range_at(img, q);
		prev = sym_lookup(&img->st, b - 4);
		if (u + 128 > v || !r || r != range_at(img, b - 4) || !r->tramp_ok || strcmp(r->name, ".text") ||
		    (prev && prev->addr > q) || (prev && prev->addr == q && !ends_with(prev->name, "_end")))
			continue;
		img->room = xrealloc(img->room, img->nroom + 1, sizeof(*img->room));
		img->room[img->nroom++] = (struct segment){ .addr = u, .foff = fb - (b - u), .filesz = v - u };
		img->room_size += v - u;
	}
}

static const struct code_range *range_at(const struct image *img, uint64_t a)
{
	size_t i;

	for (i = 0; i < img->nranges; i++)
		if (a >= img->ranges[i].addr && a - img->ranges[i].addr < img->ranges[i].size)
			return &img->ranges[i];
	return NULL;
}

static bool word_at(const struct image *img, uint64_t a, uint32_t *w)
{
	size_t f;

	if (!image_addr_to_foff(img, a, &f) || f + 4 > img->size)
		return false;
	*w = rd32(img->buf + f);
	return true;
}

/* The code ranges must be where the symbols say the code is: checked
 * against what the kernel's own bytes are, so that a symbol table placed
 * wrong (or damaged) is refused instead of giving a plausible image. */
static void check_layout(const struct image *img)
{
	static const char *const need[] = { "_sinittext", "_einittext", "__idmap_text_start", "__idmap_text_end",
					    "__hyp_stub_vectors" };
	const struct symbol *v, *a;
	const struct code_range *r;
	uint32_t w;
	size_t i, f;
	bool eret = false;

	/* A table we decoded ourselves must have them all; a given one (ELF,
	 * System.map) is checked where it has them. */
	for (i = 0; i < sizeof(need) / sizeof(need[0]) && img->st.src && !strcmp(img->st.src, "kallsyms"); i++)
		if (!sym_find(&img->st, need[i]))
			image_disagree(img, img->st.src ? img->st.src : "the symbol table", "no symbol %s (every arm64 Linux has one)", need[i]);
	if (!sym_find(&img->st, "__hyp_idmap_text_start") != !sym_find(&img->st, "__hyp_text_end"))
		image_disagree(img, img->st.src ? img->st.src : "the symbol table", "only one of __hyp_idmap_text_start and __hyp_text_end");
	/* __hyp_stub_vectors: 2 KiB aligned, 16 entries that each begin with a
	 * branch into the stub's page, an ERET in that page, at EL2 in either mode. */
	if (!(v = sym_find(&img->st, "__hyp_stub_vectors")))
		goto stub_done;
	r = range_at(img, v->addr);
	if (v->addr & 0x7ff || !r || !r->vel2 || !r->nostack)
		image_disagree(img, img->st.src ? img->st.src : "the symbol table", "__hyp_stub_vectors at %#llx is not a 2 KiB aligned vector table in EL2 code",
			 (unsigned long long)v->addr);
	for (i = 0; i < 16; i++) {
		uint64_t pc = v->addr + 0x80 * i, t;

		if (!word_at(img, pc, &w) || (w & 0xfc000000u) != A64_B_RELOC)
			image_disagree(img, img->st.src ? img->st.src : "the symbol table", "__hyp_stub_vectors entry %zu (%#llx) is %#x, not a branch",
				 i, (unsigned long long)pc, w);
		t = pc + 4 * (int64_t)((int32_t)(w << 6) >> 6);
		if ((t & ~0xfffull) != v->addr)
			image_disagree(img, img->st.src ? img->st.src : "the symbol table", "__hyp_stub_vectors entry %zu branches out of the hyp stub, to %#llx",
				 i, (unsigned long long)t);
	}
	for (i = 0; i < 4096 && !eret; i += 4)
		eret = word_at(img, v->addr + i, &w) && (w & 0xfffffbffu) == 0xd69f03e0u;	/* eret, eretaa/ab */
	if (!eret)
		image_disagree(img, img->st.src ? img->st.src : "the symbol table", "no ERET in the hyp stub page at %#llx", (unsigned long long)v->addr);
stub_done:
	/* init_el2 (a local symbol: not in every table) sets up EL2 at boot. */
	if ((a = sym_find(&img->st, "init_el2"))) {
		r = range_at(img, a->addr);
		if (!r || !r->vel2 || !(r->nostack))
			image_disagree(img, img->st.src ? img->st.src : "the symbol table", "init_el2 at %#llx is not in the EL2 boot code (.idmap.text)",
				 (unsigned long long)a->addr);
	}
	/* The banner is where linux_banner says (tables with data symbols). */
	if ((a = sym_find(&img->st, "linux_banner")) &&
	    (!image_addr_to_foff(img, a->addr, &f) || f + 14 > img->size || memcmp(img->buf + f, "Linux version ", 14)))
		image_disagree(img, img->st.src ? img->st.src : "the symbol table", "linux_banner at %#llx does not hold the \"Linux version\" banner",
			 (unsigned long long)a->addr);
}

void layout_linux(struct image *img, const struct options *o)
{
	const struct symbol *a, *b;
	uint64_t s, e, text_s = 0, text_e = 0;
	size_t i;
	char missing[160] = "";

	for (i = 0; i < sizeof(code) / sizeof(code[0]); i++) {
		if (!bounds(img, &code[i], &s, &e)) {
			if (i == 0)
				die("%s: no _stext/_etext symbols: not a Linux kernel, or symbols missing", img->path);
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), " %s", code[i].name);
			continue;
		}
		/* Already inside .text (.idmap.text before 6.6): a part of it. */
		if (i && image_addr_in_code(img, s) && image_addr_in_code(img, e - 1))
			continue;
		if (i == 0) {
			find_slack(img, e);
			if (img->slack_size)
				e = img->slack_addr;
			text_s = s;
			text_e = e;
		}
		add_split(img, s, e, &code[i], o);
	}
	check_layout(img);
	if (img->slack_size)
		find_room(img, text_s, text_e);
	/* kallsyms without CONFIG_KALLSYMS_ALL (Debian 5.10, 6.1) holds only the
	 * symbols of .text and .init.text: the bounds of the other code sections
	 * are not there, and nothing else in the Image names them. */
	if (*missing && img->st.src && !strcmp(img->st.src, "kallsyms") && !sym_find(&img->st, "__exittext_begin"))
		warnx_("%s: kallsyms has only text symbols (no CONFIG_KALLSYMS_ALL): no bounds for%s; "
		       "the post-check finds what runs there (pass --system-map, from the kernel's -dbg package, to rewrite it)",
		       img->path, missing);
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
