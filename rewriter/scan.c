// SPDX-License-Identifier: GPL-2.0
/*
 * Find sensitive-instruction sites. The fast path tests one byte of every
 * aligned word (system instructions, exception generation and ERET share
 * the top bytes 0xd4-0xd6) and decodes only those candidates by their
 * fields; the register database names what it finds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "a64.h"
#include "scan.h"
#include "util.h"

/* Decode one word. Returns false if it is not a sensitive instruction. */
bool classify_word(uint32_t w, int *row, enum site_class *cls, bool *write)
{
	unsigned enc, op1;

	*row = -1;
	*write = false;
	if (a64_is_sysreg(w)) {
		enc = A64_ENC(w);
		op1 = PV_ENC_OP1(enc);
		*write = !(w & A64_L_BIT);
		*row = regdb_find_sysreg(enc);
		if (*row >= 0) {
			if (*row == PVREG_CURRENTEL)
				*cls = C_CURRENTEL;
			else
				*cls = op1 == 4 ? C_EL2 : op1 == 5 ? C_EL12 : C_EL1;
			return true;
		}
		/* op1 4/5 (EL2) and 6 (EL3) UNDEF at EL1; IMPDEF space (CRn 11/15) is left. */
		if (op1 >= 4 && PV_ENC_CRN(enc) != 11 && PV_ENC_CRN(enc) != 15) {
			*cls = C_UNKNOWN;
			return true;
		}
		return false;
	}
	if (a64_is_sys(w)) {
		enc = A64_ENC(w);
		op1 = PV_ENC_OP1(enc);
		*write = true;
		*row = regdb_find_sys(enc);
		if (*row >= 0) {
			bool el2 = op1 == 4;

			*cls = pv_regdb[*row].kind == PV_KIND_TLBI ? (el2 ? C_TLBI_EL2 : C_TLBI_EL1)
								  : (el2 ? C_AT_EL2 : C_AT_EL1);
			return true;
		}
		if (op1 >= 4) {
			*cls = C_UNKNOWN;
			return true;
		}
		return false;
	}
	if (a64_is_hvc(w)) {
		*cls = C_HVC;
		return true;
	}
	if (a64_is_smc(w)) {
		*cls = C_SMC;
		return true;
	}
	*row = regdb_find_insn(w);
	if (*row >= 0) {
		*cls = C_ERET;
		return true;
	}
	return false;
}

struct span {
	uint64_t s, e;
};

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->s < y->s ? -1 : x->s > y->s;
}

/* Sorted spans of alternative replacements (cb == false) or callback-patched
 * originals (cb == true), for binary search. */
static struct span *spans(const struct image *img, bool cb, size_t *n)
{
	struct span *v = xcalloc(img->nalts, sizeof(*v));
	size_t i, k = 0;

	for (i = 0; i < img->nalts; i++) {
		const struct alt_entry *a = &img->alts[i];

		if (a->cb != cb)
			continue;
		v[k].s = cb ? a->orig : a->repl;
		v[k].e = v[k].s + (cb ? a->orig_len : a->alt_len);
		k++;
	}
	qsort(v, k, sizeof(*v), span_cmp);
	*n = k;
	return v;
}

static bool in_spans(const struct span *v, size_t n, uint64_t a)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (v[mid].s <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* spans may nest or repeat: look back over those starting at or below a */
	while (lo > 0 && v[lo - 1].s + 0x1000 > a) {
		if (a < v[lo - 1].e)
			return true;
		lo--;
	}
	return false;
}

void scan_image(const struct image *img, struct siteset *ss, bool only_dirty)
{
	size_t i, off, nrep, ncb;
	struct span *rep = spans(img, false, &nrep), *cbs = spans(img, true, &ncb);

	for (i = 0; i < img->nranges; i++) {
		const struct code_range *r = &img->ranges[i];

		for (off = 0; off + 4 <= r->size; off += 4) {
			const uint8_t *p = img->buf + r->foff + off;
			size_t pg = (r->foff + off) / 4096;

			/* Re-verification looks only at pages the rewriter changed. */
			if (only_dirty && !image_page_dirty(img, pg)) {
				off = (pg + 1) * 4096 - r->foff - 4;
				continue;
			}
			struct site *s;
			uint32_t w;
			int row;
			enum site_class cls;
			bool wr;

			if (!a64_top_maybe_sensitive(p[3]))
				continue;
			w = rd32(p);
			if (!classify_word(w, &row, &cls, &wr))
				continue;
			if (ss->n == ss->cap)
				ss->v = xrealloc(ss->v, ss->cap = ss->cap ? 2 * ss->cap : 1024, sizeof(*ss->v));
			s = &ss->v[ss->n++];
			*s = (struct site){ .addr = r->addr + off, .foff = r->foff + off, .insn = w,
					    .new_insn = w, .row = row, .cls = cls, .write = wr, .range = r };
			s->in_repl = in_spans(rep, nrep, s->addr);
			s->in_cb = in_spans(cbs, ncb, s->addr);
		}
	}
	free(rep);
	free(cbs);
}
