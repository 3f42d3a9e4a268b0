// SPDX-License-Identifier: GPL-2.0
/* The arm64 alternatives table (struct alt_instr, 12 bytes each):
 *   s32 orig_offset, s32 alt_offset (both relative to the field itself),
 *   u16 cpucap (bit 15: patched by a callback, alt_offset -> callback),
 *   u8 orig_len, u8 alt_len.
 * Replacement instructions live in the same text section as the code they
 * patch and are copied over it at boot; the kernel re-targets branches and
 * ADRP that leave the replacement (arch/arm64/kernel/alternative.c). */
#include "alts.h"
#include "util.h"

#define ALT_CB_BIT 0x8000u

/* Entry i from its bytes e, with the addresses its two offset fields
 * resolve to (the caller knows how: PC-relative in an Image, relocations in
 * an object). */
void alts_set(struct image *img, size_t i, uint64_t orig, uint64_t repl, const uint8_t *e)
{
	struct alt_entry *a = &img->alts[i];

	a->orig = orig;
	a->repl = repl;
	a->cap = (e[8] | e[9] << 8) & ~ALT_CB_BIT;
	a->cb = (e[8] | e[9] << 8) & ALT_CB_BIT;
	a->orig_len = e[10];
	a->alt_len = e[11];
	/* Xen marks callback-patched entries by an empty replacement. */
	if (!a->alt_len)
		a->cb = true;
	if (a->orig_len % 4 || (!a->cb && a->alt_len != a->orig_len))
		die("%s: alternatives entry %zu is malformed (orig_len %u, alt_len %u)",
		    img->path, i, a->orig_len, a->alt_len);
}

void alts_load(struct image *img, uint64_t start, uint64_t end)
{
	size_t foff, n, i;

	if (end == start) {	/* no alternatives: a kernel may have none */
		info("alternatives: none");
		return;
	}
	if (end < start || (end - start) % 12)
		die("%s: alternatives table [%#llx, %#llx) is not a whole number of entries",
		    img->path, (unsigned long long)start, (unsigned long long)end);
	if (!image_addr_to_foff(img, start, &foff) || foff + (end - start) > img->size)
		die("%s: alternatives table lies outside the file", img->path);
	n = (end - start) / 12;
	img->alts = xcalloc(n, sizeof(*img->alts));
	for (i = 0; i < n; i++) {
		const uint8_t *e = img->buf + foff + 12 * i;
		uint64_t at = start + 12 * i;

		alts_set(img, i, at + (int64_t)(int32_t)rd32(e), at + 4 + (int64_t)(int32_t)rd32(e + 4), e);
	}
	img->nalts = n;
	info("alternatives: %zu entries", n);
}

static bool plausible(const struct image *img, const uint8_t *e, uint64_t at)
{
	uint64_t orig = at + (int64_t)(int32_t)rd32(e), repl = at + 4 + (int64_t)(int32_t)rd32(e + 4);
	unsigned cap = e[8] | e[9] << 8, ol = e[10], al = e[11];

	if (!ol || ol % 4 || ol > 128 || (cap & ~ALT_CB_BIT) > 0x400)
		return false;
	if (cap & ALT_CB_BIT)
		return al == 0 && image_addr_in_code(img, orig) && image_addr_in_code(img, repl);
	return al == ol && image_addr_in_code(img, orig) && image_addr_in_code(img, repl);
}

/*
 * Kernels built without CONFIG_KALLSYMS_ALL have no __alt_instructions
 * symbol. The table follows the init/exit text: find the longest run of
 * entries whose offsets all land in code, and take it if it is long.
 */
void alts_find(struct image *img, uint64_t from, size_t span)
{
	size_t foff, end, p, best = 0, best_n = 0;

	if (!image_addr_to_foff(img, from, &foff))
		return;
	end = foff + span < img->size ? foff + span : img->size;
	for (p = (foff + 3) & ~(size_t)3; p + 12 <= end; p += 4) {
		size_t n = 0;

		while (p + 12 * (n + 1) <= end && plausible(img, img->buf + p + 12 * n, from + (p - foff) + 12 * n))
			n++;
		if (n > best_n) {
			best_n = n;
			best = p;
		}
		if (n)
			p += 12 * n - 4;
	}
	if (best_n < 64)
		return;
	info("alternatives: %zu entries found by scanning at file offset %#zx", best_n, best);
	alts_load(img, from + (best - foff), from + (best - foff) + 12 * best_n);
}
