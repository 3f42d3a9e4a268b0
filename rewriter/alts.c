// SPDX-License-Identifier: GPL-2.0
/* The arm64 alternatives table (struct alt_instr, 12 bytes each):
 *   s32 orig_offset, s32 alt_offset (both relative to the field itself),
 *   u16 cpucap (bit 15: patched by a callback, alt_offset -> callback),
 *   u8 orig_len, u8 alt_len.
 * Replacement instructions live in the same text section as the code they
 * patch and are copied over it at boot; the kernel re-targets branches and
 * ADRP that leave the replacement (arch/arm64/kernel/alternative.c). */
#include "pvrewrite.h"

#define ALT_CB_BIT 0x8000u

void alts_load(struct image *img, uint64_t start, uint64_t end)
{
	size_t foff, n, i;

	if (end <= start || (end - start) % 12)
		die("%s: alternatives table [%#llx, %#llx) is not a whole number of entries",
		    img->path, (unsigned long long)start, (unsigned long long)end);
	if (!image_addr_to_foff(img, start, &foff) || foff + (end - start) > img->size)
		die("%s: alternatives table lies outside the file", img->path);
	n = (end - start) / 12;
	img->alts = xcalloc(n, sizeof(*img->alts));
	for (i = 0; i < n; i++) {
		const uint8_t *e = img->buf + foff + 12 * i;
		uint64_t at = start + 12 * i;
		struct alt_entry *a = &img->alts[i];

		a->orig = at + (int64_t)(int32_t)rd32(e);
		a->repl = at + 4 + (int64_t)(int32_t)rd32(e + 4);
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
	img->nalts = n;
	info("alternatives: %zu entries", n);
}
