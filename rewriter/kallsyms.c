// SPDX-License-Identifier: GPL-2.0
/*
 * Recover the symbol table a Linux kernel embeds in itself (kallsyms) from a
 * raw arm64 Image. Layout facts (scripts/kallsyms.c):
 *   >= 6.4:   num_syms, names, markers, token_table, token_index, offsets,
 *             [relative_base (< 7.0)], seqs_of_names
 *   6.2, 6.3: offsets, relative_base, num_syms, names, markers,
 *             seqs_of_names, token_table, token_index (Debian's 6.1 too:
 *             the stable backport of seqs_of_names)
 *   < 6.2:    the same without seqs_of_names
 * Arrays are 8-aligned before 7.0 and 4-aligned from 7.0 on. Offsets are
 * u32 from relative_base before 7.0 and place-relative s32 from 7.0 on.
 * Every step is validated; any mismatch returns false (no guessing).
 *
 * u32 offsets say nothing about where relative_base (the lowest symbol) is
 * in the file: without CONFIG_KALLSYMS_ALL that is _stext, 64 KiB into the
 * Image, not _text. The anchor comes from the image itself -- _text/_head
 * when kallsyms has them, the header's branch to primary_entry, and the
 * relocation (or the stored value) of relative_base -- and every source
 * there is must agree, or the table is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "kallsyms.h"
#include "util.h"

struct ks {
	const uint8_t *b;
	size_t n;
	size_t tok, tok_end, idx, markers, nmarkers, names, offsets;
	uint32_t nsyms;
	size_t relbase;		/* file offset of kallsyms_relative_base (u32 offsets) */
	bool seqs;		/* seqs_of_names between markers and tokens (6.2, 6.3) */
	bool first;		/* offsets before num_syms (< 6.4) */
	bool place_rel;		/* Linux >= 7.0: offsets relative to themselves */
	uint16_t tokoff[256];
};

/* Parse 256 strings from tok; the index table that follows must list their
 * offsets. */
static bool tokens_at(struct ks *k, size_t tok)
{
	size_t q = tok;
	int i;

	for (i = 0; i < 256; i++) {
		if (q - tok > 0xffff)
			return false;
		k->tokoff[i] = q - tok;
		while (q < k->n && k->b[q])
			q++;
		if (++q >= k->n)
			return false;
	}
	k->tok = tok;
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
	return false;
}

/* The single-digit tokens "0".."9" sit back to back in every token table
 * (other tables, e.g. NLS code pages, have them too: each candidate is
 * validated in full, and two valid ones are refused as ambiguous). */
static bool find_token_table(struct ks *k)
{
	static const char digits[] = "0\0" "1\0" "2\0" "3\0" "4\0" "5\0" "6\0" "7\0" "8\0" "9";
	const uint8_t *p = k->b;
	size_t left = k->n, hit = 0, hit_idx = 0, hit_end = 0;
	uint16_t hit_off[256];
	int nhits = 0;

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
		if (i != 0x30 || s % 4 || !tokens_at(k, s))
			continue;
		if (nhits++)
			return false;	/* ambiguous: refuse rather than guess */
		hit = k->tok, hit_idx = k->idx, hit_end = k->tok_end;
		memcpy(hit_off, k->tokoff, sizeof(hit_off));
	}
	if (!nhits)
		return false;
	k->tok = hit, k->idx = hit_idx, k->tok_end = hit_end;
	memcpy(k->tokoff, hit_off, sizeof(hit_off));
	return true;
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
		k->seqs = false;
		return true;
	}
	/* 6.2, 6.3: markers, seqs_of_names (3 bytes per symbol), token_table. Try
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
			k->seqs = true;
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

/* < 6.4: offsets (u32, 8-aligned end), relative_base (u64), num_syms, names. */
static bool offsets_first(struct ks *k, int64_t *foffs)
{
	size_t rb = k->names - 16, n4 = 4ul * k->nsyms, o8;
	uint32_t i;

	if (k->names < 16 || rb < n4)
		return false;
	o8 = (rb - n4) & ~7ul;
	if (rb - o8 - n4 >= 8 || rd32(k->b + o8))
		return false;
	for (i = 0; i < k->nsyms; i++) {
		foffs[i] = rd32(k->b + o8 + 4ul * i);
		if ((i && foffs[i] < foffs[i - 1]) || (size_t)foffs[i] >= k->n)
			return false;
	}
	k->offsets = o8;
	k->relbase = rb;
	k->first = true;
	return true;
}

/* Decide the offsets format by which interpretation yields sorted addresses. */
static bool load_addresses(struct ks *k, int64_t *foffs)
{
	size_t o4 = (k->idx + 512 + 3) & ~3ul, o8 = (k->idx + 512 + 7) & ~7ul;
	uint32_t i;
	bool ok;

	if (k->seqs)
		return offsets_first(k, foffs);
	/* 7.0+: place-relative s32. */
	if (o4 + 4ul * k->nsyms <= k->n) {
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
	/* < 6.2: offsets before num_syms, markers right before the tokens. */
	if (offsets_first(k, foffs))
		return true;
	/* 6.4 .. 6.19: u32 from relative_base, which follows them. */
	if (((o8 + 4ul * k->nsyms + 7) & ~7ul) + 8 > k->n || rd32(k->b + o8))
		return false;
	for (i = 0; i < k->nsyms; i++) {
		foffs[i] = rd32(k->b + o8 + 4ul * i);
		if (i && foffs[i] < foffs[i - 1])
			return false;
	}
	k->offsets = o8;
	k->relbase = (o8 + 4ul * k->nsyms + 7) & ~7ul;
	return true;
}

/* Target of an unconditional B at file offset p, or -1. */
static int64_t branch_target(const struct ks *k, size_t p)
{
	uint32_t w = rd32(k->b + p);
	int64_t t;

	if ((w & 0xfc000000u) != 0x14000000u)
		return -1;
	t = (int64_t)p + 4 * (int64_t)((int32_t)(w << 6) >> 6);
	return t >= 0 && (size_t)t < k->n ? t : -1;
}

/* The R_AARCH64_RELATIVE entries that could fill kallsyms_relative_base at
 * boot: r_offset = base + relbase, base 2 MiB aligned in the kernel's half,
 * the addend (the link address of the lowest symbol, _text or _stext) page
 * aligned inside the file. One says where the image is linked and where the
 * lowest symbol is. Returns how many there are (at most max are kept). */
static int relbase_rela(const struct ks *k, uint64_t *base, uint64_t *addend, int max)
{
	size_t p;
	int n = 0;

	for (p = 0; p + 24 <= k->n; p += 8) {
		uint64_t off, b, a;

		if (rd64(k->b + p + 8) != 1027)	/* R_AARCH64_RELATIVE, symbol 0 */
			continue;
		off = rd64(k->b + p);
		a = rd64(k->b + p + 16);
		b = off - k->relbase;
		if (b >> 48 != 0xffff || (b & 0x1fffff) || a - b >= k->n || ((a - b) & 0xfff))
			continue;
		if (n < max)
			base[n] = b, addend[n] = a;
		n++;
	}
	return n;
}

/* kallsyms_seqs_of_names (>= 6.2, and Debian's 6.1): the symbol indices in
 * name order, 3 bytes each, big-endian. Returns its file offset, or 0 when
 * no permutation of nsyms is at any of the places it can be. */
static size_t find_seqs(const struct ks *k)
{
	size_t cand[4], nc = 0, end, i, j;
	uint8_t *seen;

	if (k->seqs) {			/* 6.2, 6.3: right after the markers */
		end = k->markers + 4ul * k->nmarkers;
		cand[nc++] = end, cand[nc++] = (end + 7) & ~7ul;
	} else if (k->place_rel) {	/* 7.0+: after the offsets */
		end = k->offsets + 4ul * k->nsyms;
		cand[nc++] = (end + 3) & ~3ul, cand[nc++] = (end + 7) & ~7ul;
	} else if (!k->first) {		/* 6.4 .. 6.19: after relative_base */
		cand[nc++] = k->relbase + 8;
	}
	seen = xcalloc(k->nsyms / 8 + 1, 1);
	for (i = 0; i < nc; i++) {
		memset(seen, 0, k->nsyms / 8 + 1);
		if (cand[i] + 3ul * k->nsyms > k->n)
			continue;
		for (j = 0; j < k->nsyms; j++) {
			const uint8_t *p = k->b + cand[i] + 3 * j;
			uint32_t v = (uint32_t)p[0] << 16 | p[1] << 8 | p[2];

			if (v >= k->nsyms || seen[v / 8] & (1u << (v % 8)))
				break;
			seen[v / 8] |= 1u << (v % 8);
		}
		if (j == k->nsyms) {
			free(seen);
			return cand[i];
		}
	}
	free(seen);
	return 0;
}


/* A kallsyms name: its type letter, then characters a symbol can have. */
static bool name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
	       c == '$' || c == '@';
}

static bool name_ok(const char *s)
{
	if (!s[0] || !strchr("aAbBdDgGiIrRsStTuvVwW", s[0]) || !s[1])
		return false;
	for (s++; *s; s++)
		if (!name_char(*s))
			return false;
	return true;
}

bool kallsyms_load(struct image *img, const char **why)
{
	struct ks k = { .b = img->buf, .n = img->size };
	int64_t *foffs, adj = 0, entry = -1;
	int64_t text_rel = -1, entry_rel = -1;	/* from relative_base, by kallsyms */
	size_t q, arena_sz = 0, used = 0, seqs;
	char name[1024], *arena;
	const char *anchor = NULL;
	uint32_t i;

	*why = "no token table (CONFIG_KALLSYMS off, or the table is damaged)";
	if (!find_token_table(&k))
		return false;
	*why = "a token table, but no name markers that fit it (damaged?)";
	if (!find_markers(&k))
		return false;
	*why = "a token table and markers, but no names that fit them (damaged?)";
	if (!find_names(&k))
		return false;
	*why = "names, but no address table that fits them (damaged?)";
	foffs = xcalloc(k.nsyms, sizeof(*foffs));
	if (!load_addresses(&k, foffs)) {
		free(foffs);
		return false;
	}
	/* Names: the arena is at most the expanded size; grow as needed. */
	arena_sz = (size_t)k.nsyms * 32;
	arena = symtab_own(&img->st, xcalloc(1, arena_sz));
	img->st.v = xcalloc(k.nsyms, sizeof(*img->st.v));
	q = k.names;
	for (i = 0; i < k.nsyms; i++) {
		size_t len = expand(&k, &q, name, sizeof(name));

		if (len < 2)
			die("%s: kallsyms: empty symbol name at %u", img->path, i);
		if (!name_ok(name))
			image_disagree(img, "kallsyms", "symbol %u's name is not a symbol name (token table damaged?)", i);
		if (used + len + 1 > arena_sz) {
			/* Keep earlier pointers valid: start a fresh arena. */
			arena_sz = (size_t)k.nsyms * 32 > len + 1 ? (size_t)k.nsyms * 32 : len + 1;
			arena = symtab_own(&img->st, xcalloc(1, arena_sz));
			used = 0;
		}
		memcpy(arena + used, name + 1, len);
		img->st.v[i].type = name[0];
		img->st.v[i].name = arena + used;
		used += len;
		if (text_rel < 0 && (!strcmp(name + 1, "_text") || !strcmp(name + 1, "_head")))
			text_rel = foffs[i];
		if (entry_rel < 0 && !strcmp(name + 1, "primary_entry"))
			entry_rel = foffs[i];
	}
	/* The names must be in the order kallsyms_seqs_of_names gives: a damaged
	 * token table renames symbols, and breaks it. */
	if ((seqs = find_seqs(&k))) {
		const char *prev = NULL;

		for (i = 0; i < k.nsyms; i++) {
			const uint8_t *p = k.b + seqs + 3ul * i;
			const char *cur = img->st.v[(uint32_t)p[0] << 16 | p[1] << 8 | p[2]].name;

			if (prev && strcmp(prev, cur) > 0)
				image_disagree(img, "kallsyms", "symbol names are out of the order of kallsyms_seqs_of_names (\"%.40s\" before \"%.40s\"): token table damaged?",
					 prev, cur);
			prev = cur;
		}
	}
	/* The Image header's first or second word branches to primary_entry. */
	entry = branch_target(&k, 0);
	if (entry < 0)
		entry = branch_target(&k, 4);
	if (k.place_rel) {
		/* Offsets are file offsets already: the anchors only check. */
		if (text_rel > 0)
			image_disagree(img, "kallsyms", "_text is at file offset %#llx, not 0", (long long)text_rel);
		if (entry_rel >= 0 && entry >= 0 && entry_rel != entry)
			image_disagree(img, "kallsyms", "primary_entry at file offset %#llx, the header branches to %#llx",
				 (long long)entry_rel, (long long)entry);
	} else {
		uint64_t base[4], val[4], v;
		int nrela = relbase_rela(&k, base, val, 4), j, agree = 0, pick = 0;

		if (text_rel >= 0) {
			adj = text_rel;	/* _text has file offset 0 */
			anchor = "_text";
		}
		if (entry_rel >= 0 && entry >= 0) {
			if (anchor && entry_rel - adj != entry)
				image_disagree(img, "kallsyms", "primary_entry is %#llx past _text by kallsyms, the header branches to %#llx",
					 (long long)(entry_rel - adj), (long long)entry);
			if (!anchor) {
				adj = entry_rel - entry;
				anchor = "primary_entry";
			}
		}
		/* The relocation of relative_base: the lowest symbol's link address. */
		for (j = 0; j < nrela && j < 4; j++)
			if (anchor && (int64_t)(val[j] - base[j]) == -adj)
				agree++, pick = j;
		if (anchor && nrela == 1 && !agree)
			image_disagree(img, "kallsyms", "kallsyms_relative_base is relocated to base+%#llx, %s puts the lowest symbol at %#llx",
				 (unsigned long long)(val[0] - base[0]), anchor, (long long)-adj);
		if (!anchor && nrela == 1) {
			adj = -(int64_t)(val[0] - base[0]);
			anchor = "the relocation of kallsyms_relative_base";
			agree = 1;
		}
		if (agree == 1 && nrela <= 4) {
			img->base = base[pick];
		} else if ((v = rd64(k.b + k.relbase)) >> 48 == 0xffff && anchor) {
			/* Not relocated at boot (RELR, or not relocatable): the value is there. */
			img->base = v + adj;
		} else if (anchor) {
			warnx_("%s: kallsyms: the link address is not in the image; assuming %#llx",
			       img->path, (unsigned long long)img->base);
		}
		if (!anchor)
			image_disagree(img, "kallsyms", "nothing in the image says where the lowest symbol is (no _text, no primary_entry branch, no relocation of kallsyms_relative_base)");
		if (adj > 0)
			image_disagree(img, "kallsyms", "the lowest symbol would lie %#llx before the start of the Image", (long long)adj);
	}
	for (i = 0; i < k.nsyms; i++) {
		img->st.v[i].addr = img->base + (uint64_t)(foffs[i] - adj);
		img->st.v[i].size = 0;
	}
	img->st.n = k.nsyms;
	img->st.src = "kallsyms";
	free(foffs);
	info("kallsyms: %u symbols (token table at %#zx, offsets at %#zx%s%s%s), base %#llx",
	     k.nsyms, k.tok, k.offsets, anchor ? ", anchored by " : "", anchor ? anchor : "",
	     seqs ? ", names in seqs_of_names order" : "",
	     (unsigned long long)img->base);
	return true;
}
