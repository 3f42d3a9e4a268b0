// SPDX-License-Identifier: GPL-2.0
/* Input detection and the symbol/address queries shared by all formats. */
#include <stdlib.h>
#include <string.h>

#include "pvrewrite.h"

static int sym_cmp(const void *a, const void *b)
{
	const struct symbol *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

void syms_sort(struct image *img)
{
	size_t i;

	for (i = 1; i < img->nsyms && img->syms[i - 1].addr <= img->syms[i].addr; i++)
		;
	if (i >= img->nsyms)
		return;	/* kallsyms is already in address order */
	qsort(img->syms, img->nsyms, sizeof(*img->syms), sym_cmp);
}

/* The last symbol at or below addr (mapping symbols $x/$d skipped). */
const struct symbol *sym_lookup(const struct image *img, uint64_t addr)
{
	size_t lo = 0, hi = img->nsyms;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (img->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo > 0 && img->syms[lo - 1].name[0] == '$')
		lo--;
	if (!lo)
		return NULL;
	/* Several names at one address (section markers, aliases): take the
	 * one with the fewest leading underscores, as a person would. */
	{
		size_t best = lo - 1, i = lo - 1;

		while (i > 0 && img->syms[i - 1].addr == img->syms[best].addr) {
			i--;
			if (strspn(img->syms[i].name, "_") < strspn(img->syms[best].name, "_") &&
			    img->syms[i].name[0] != '$')
				best = i;
		}
		return &img->syms[best];
	}
}

/* Name lookups go through a hash index built on first use (kallsyms has
 * 200,000 names; the layout asks for a few dozen). The first symbol of a
 * name in address order wins, as with a linear search. */
static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

const struct symbol *sym_find(const struct image *img, const char *name)
{
	static const struct symbol *built_for;
	static size_t built_n, mask;
	static int32_t *slot;
	size_t i, h;

	if (!img->nsyms)
		return NULL;
	if (built_for != img->syms || built_n != img->nsyms) {
		free(slot);
		for (mask = 1; mask < 2 * img->nsyms; mask <<= 1)
			;
		slot = xcalloc(mask, sizeof(*slot));
		mask--;
		for (i = 0; i < img->nsyms; i++) {
			for (h = name_hash(img->syms[i].name) & mask; slot[h]; h = (h + 1) & mask)
				if (!strcmp(img->syms[slot[h] - 1].name, img->syms[i].name))
					break;
			if (!slot[h])
				slot[h] = i + 1;
		}
		built_for = img->syms;
		built_n = img->nsyms;
	}
	for (h = name_hash(name) & mask; slot[h]; h = (h + 1) & mask)
		if (!strcmp(img->syms[slot[h] - 1].name, name))
			return &img->syms[slot[h] - 1];
	return NULL;
}

bool image_addr_to_foff(const struct image *img, uint64_t addr, size_t *foff)
{
	size_t i;

	for (i = 0; i < img->nsegs; i++) {
		const struct segment *g = &img->segs[i];

		if (addr >= g->addr && addr - g->addr < g->filesz) {
			*foff = g->foff + (addr - g->addr);
			return true;
		}
	}
	return false;
}

void image_load(struct image *img, const char *path, const struct options *o)
{
	img->path = path;
	img->buf = read_file(path, &img->size);
	image_parse(img, o);
}

/* Parse img->buf (img->size bytes, named img->path in messages). */
void image_parse(struct image *img, const struct options *o)
{
	const char *path = img->path;

	if (img->size < 4)
		die("%s: empty or truncated input (%zu bytes)", path, img->size);
	if (elf_probe(img->buf, img->size))
		elf_load(img, o);
	else if (arm64_image_probe(img->buf, img->size))
		arm64_image_load(img, o);
	else if (img->buf[0] == 0x1f && img->buf[1] == 0x8b)
		die("%s: gzip-compressed; decompress the kernel Image first", path);
	else if (!memcmp(img->buf, "MZ", 2) && img->size > 8 && !memcmp(img->buf + 4, "zimg", 4))
		die("%s: EFI zboot image; extract the payload Image first", path);
	else
		die("%s: neither an ELF file nor an arm64 kernel Image", path);
	if (!img->nranges)
		die("%s: no executable code found", path);
}
