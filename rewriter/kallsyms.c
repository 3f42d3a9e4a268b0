// SPDX-License-Identifier: GPL-2.0
/*
 * Recover the symbol table a Linux kernel embeds in itself (kallsyms) from a
 * raw arm64 Image. Layout facts (scripts/kallsyms.c, Linux >= 6.4 order):
 *   num_syms, names, markers, token_table, token_index, offsets,
 *   [relative_base (< 7.0)], seqs_of_names
 * Arrays are 8-aligned before 7.0 and 4-aligned from 7.0 on. Offsets are
 * u32 from relative_base before 7.0 and place-relative s32 from 7.0 on.
 * Every step is validated; any mismatch returns false (no guessing).
 */
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "util.h"

struct ks {
	const uint8_t *b;
	size_t n;
	size_t tok, tok_end, idx, markers, nmarkers, names, offsets;
	uint32_t nsyms;
	bool old_order;		/* before Linux 6.4: offsets come first */
	bool place_rel;		/* Linux >= 7.0: offsets relative to themselves */
	uint16_t tokoff[256];
};

/* The single-digit tokens "0".."9" sit back to back in every token table. */
static bool find_token_table(struct ks *k)
{
	static const char digits[] = "0\0" "1\0" "2\0" "3\0" "4\0" "5\0" "6\0" "7\0" "8\0" "9";
	const uint8_t *hit = NULL, *p = k->b;
	size_t left = k->n;

	for (;;) {
		const uint8_t *h = memmem(p, left, digits, sizeof(digits));
		size_t s, e;
		int i;

		if (!h)
			break;
		p = h + 1;
		left = k->n - (p - k->b);
		/* Walk back 0x30 strings from "0" to token 0. */
		s = h - k->b;
		for (i = 0; i < 0x30 && s > 0; i++) {
			e = s - 1;	/* NUL ending the previous token */
			if (k->b[e])
				break;
			while (e > 0 && k->b[e - 1] && k->b[e - 1] >= 0x20 && k->b[e - 1] < 0x7f && s - e < 64)
				e--;
			s = e;
		}
		if (i != 0x30 || s % 4)
			continue;
		if (hit)
			return false;	/* ambiguous: refuse rather than guess */
		hit = k->b + s;
	}
	if (!hit)
		return false;
	k->tok = hit - k->b;
	/* Parse 256 strings; the index table that follows must list their offsets. */
	{
		size_t q = k->tok;
		int i;

		for (i = 0; i < 256; i++) {
			if (q - k->tok > 0xffff)
				return false;
			k->tokoff[i] = q - k->tok;
			while (q < k->n && k->b[q])
				q++;
			if (++q >= k->n)
				return false;
		}
		k->tok_end = q;
		for (q = (k->tok_end + 3) & ~3ul; q <= k->tok_end + 8 && q + 512 <= k->n; q += 4) {
			for (i = 0; i < 256; i++)
				if ((k->b[q + 2 * i] | k->b[q + 2 * i + 1] << 8) != k->tokoff[i])
					break;
			if (i == 256) {
				k->idx = q;
				return true;
			}
		}
	}
	return false;
}

/* markers[]: u32, markers[0] == 0, strictly increasing, ending at 'end'
 * (>= 6.4: just before the token table). */
static bool markers_ending_at(struct ks *k, size_t end)
{
	size_t p = end & ~3ul;
	uint32_t prev;
	int pad;

	for (pad = 0; pad < 2 && p >= 4 && rd32(k->b + p - 4) == 0; pad++)
		p -= 4;
	if (p < 8)
		return false;
	p -= 4;
	prev = rd32(k->b + p);
	k->nmarkers = 1;
	while (p >= 4) {
		uint32_t v = rd32(k->b + p - 4);

		if (v >= prev)
			return false;
		p -= 4;
		k->nmarkers++;
		if (v == 0)
			break;
		prev = v;
	}
	if (rd32(k->b + p) != 0 || k->nmarkers < 2)
		return false;
	k->markers = p;
	return true;
}

static bool find_markers(struct ks *k)
{
	size_t p, lo;

	if (markers_ending_at(k, k->tok)) {
		k->old_order = false;
		return true;
	}
	/* < 6.4: markers, seqs_of_names (3 bytes per symbol), token_table. Try
	 * every aligned end below the tokens whose marker count fits the gap. */
	lo = k->tok > (4u << 20) ? k->tok - (4u << 20) : 0;
	for (p = (k->tok - 8) & ~7ul; p > lo; p -= 4) {
		size_t gap;
		uint32_t n_lo, n_hi;

		if (rd32(k->b + p - 4) == 0 || !markers_ending_at(k, p))
			continue;
		gap = k->tok - (k->markers + 4 * k->nmarkers);
		n_lo = 256 * (k->nmarkers - 1) + 1;
		n_hi = 256 * k->nmarkers;
		if (gap / 3 + 3 >= n_lo && gap / 3 <= n_hi + 3) {
			k->old_order = true;
			return true;
		}
	}
	return false;
}

static bool walk_names(const struct ks *k, size_t s, uint32_t n, size_t *end)
{
	size_t q = s;
	uint32_t i;

	for (i = 0; i < n; i++) {
		unsigned len;

		if ((i & 255) == 0 && rd32(k->b + k->markers + 4 * (i >> 8)) != q - s)
			return false;
		if (q >= k->markers)
			return false;
		len = k->b[q++];
		if (len & 0x80)
			len = (len & 0x7f) | k->b[q++] << 7;
		if (!len)
			return false;
		q += len;
	}
	*end = q;
	return q <= k->markers && k->markers - q < 8;
}

/* num_syms precedes names; names end at most 7 bytes before markers. */
static bool find_names(struct ks *k)
{
	uint32_t last = rd32(k->b + k->markers + 4 * (k->nmarkers - 1));
	size_t lo, s, end;

	if (last > k->markers)
		return false;
	s = k->markers - last;
	lo = s > 256 * 0x4002 ? s - 256 * 0x4002 : 0;
	for (s &= ~3ul; s > lo + 4; s -= 4) {
		uint32_t n = rd32(k->b + s - 4);

		if (n == 0 && s >= 8)	/* 8-aligned names: num_syms, 4 bytes pad */
			n = rd32(k->b + s - 8);
		if (n <= 256 * (k->nmarkers - 1) || n > 256 * k->nmarkers)
			continue;
		if (walk_names(k, s, n, &end)) {
			k->names = s;
			k->nsyms = n;
			return true;
		}
	}
	return false;
}

static size_t expand(const struct ks *k, size_t *q, char *out, size_t cap)
{
	unsigned len = k->b[(*q)++], i;
	size_t o = 0;

	if (len & 0x80)
		len = (len & 0x7f) | k->b[(*q)++] << 7;
	for (i = 0; i < len; i++) {
		const char *t = (const char *)k->b + k->tok + k->tokoff[k->b[*q + i]];

		while (*t && o + 1 < cap)
			out[o++] = *t++;
	}
	*q += len;
	out[o] = 0;
	return o;
}

/* Decide the offsets format by which interpretation yields sorted addresses. */
static bool load_addresses(struct ks *k, int64_t *foffs)
{
	size_t o4 = (k->idx + 512 + 3) & ~3ul, o8 = (k->idx + 512 + 7) & ~7ul;
	uint32_t i;
	bool ok;

	/* 7.0+: place-relative s32. */
	if (!k->old_order && o4 + 4ul * k->nsyms <= k->n) {
		ok = true;
		for (i = 0; i < k->nsyms && ok; i++) {
			foffs[i] = (int64_t)(o4 + 4ul * i) + (int32_t)rd32(k->b + o4 + 4ul * i);
			ok = foffs[i] >= 0 && (i == 0 || foffs[i] >= foffs[i - 1]);
		}
		if (ok && foffs[0] >= 0 && (size_t)foffs[0] < 0x20000) {
			k->offsets = o4;
			k->place_rel = true;
			return true;
		}
	}
	if (k->old_order) {	/* < 6.4: offsets, relative_base, num_syms, names */
		size_t rb = k->names - 16, n4 = 4ul * k->nsyms;

		o8 = rb >= n4 ? (rb - n4) & ~7ul : 0;
		if (rb < n4 || rb - o8 - n4 >= 8)
			return false;
	}
	/* 6.4 .. 6.19: u32 from relative_base (anchor: first symbol is _text or _stext). */
	if (o8 + 4ul * k->nsyms > k->n)
		return false;
	for (i = 0; i < k->nsyms; i++) {
		foffs[i] = rd32(k->b + o8 + 4ul * i);
		if (i && foffs[i] < foffs[i - 1])
			return false;
	}
	k->offsets = o8;
	return true;
}

bool kallsyms_load(struct image *img)
{
	struct ks k = { .b = img->buf, .n = img->size };
	int64_t *foffs, adj = 0;
	size_t q, arena_sz = 0, used = 0;
	char name[1024], *arena;
	uint32_t i;

	if (!find_token_table(&k) || !find_markers(&k) || !find_names(&k))
		return false;
	foffs = xcalloc(k.nsyms, sizeof(*foffs));
	if (!load_addresses(&k, foffs)) {
		free(foffs);
		return false;
	}
	/* Names: the arena is at most the expanded size; grow as needed. */
	arena_sz = (size_t)k.nsyms * 32;
	arena = xcalloc(1, arena_sz);
	img->st.v = xcalloc(k.nsyms, sizeof(*img->st.v));
	q = k.names;
	for (i = 0; i < k.nsyms; i++) {
		size_t len = expand(&k, &q, name, sizeof(name));

		if (len < 2)
			die("%s: kallsyms: empty symbol name at %u", img->path, i);
		if (used + len + 1 > arena_sz) {
			/* Keep earlier pointers valid: start a fresh arena. */
			arena_sz = (size_t)k.nsyms * 32 > len + 1 ? (size_t)k.nsyms * 32 : len + 1;
			arena = xcalloc(1, arena_sz);
			used = 0;
		}
		memcpy(arena + used, name + 1, len);
		img->st.v[i].type = name[0];
		img->st.v[i].name = arena + used;
		used += len;
		if (!k.place_rel && (!strcmp(name + 1, "_text") || !strcmp(name + 1, "_head")))
			adj = foffs[i];	/* pre-7.0: _text has file offset 0 */
	}
	for (i = 0; i < k.nsyms; i++) {
		img->st.v[i].addr = img->base + (uint64_t)(foffs[i] - adj);
		img->st.v[i].size = 0;
	}
	img->st.n = k.nsyms;
	img->st.src = "kallsyms";
	free(foffs);
	info("kallsyms: %u symbols (token table at %#zx, offsets at %#zx)", k.nsyms, k.tok, k.offsets);
	return true;
}
