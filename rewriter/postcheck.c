// SPDX-License-Identifier: GPL-2.0
/*
 * The post-check: after verification, every word of the output that the
 * file's own headers call executable is looked at once more. The code
 * ranges come from symbols (kallsyms, System.map, .symtab), and a damaged
 * or incomplete symbol source yields fewer ranges and a plausible but wrong
 * image; the headers (PE sections, PF_X segments, SHF_EXECINSTR) do not
 * depend on it.
 *
 * An EL2-class word is found by its fields alone, not by the register
 * database: MRS/MSR with op1 4 (EL2) or 5 (_EL12/_EL02), SYS with op1 4
 * (EL2 TLBI/AT), ERET/ERETAA/ERETAB. Inside a code range it must be a site
 * the plan left as it is (native, EL1 context, unhandled or callback: each
 * listed). Outside every range it is either data (read-only data shares the
 * Image's executable PE section) or code the symbols do not bound; the
 * second becomes an unhandled site, so the run stops unless
 * --allow-unhandled, and the report lists it.
 */
#include <capstone/capstone.h>
#include <stdlib.h>

#include "a64.h"
#include "postcheck.h"
#include "scan.h"
#include "util.h"

/*
 * Code or data, from the 16 words around the candidate: in code almost all
 * decode (capstone 4 rejects some newer encodings), in data most do not.
 * Measured with capstone 4.0.2 on Debian 6.1.176 and 7.2.13 Images: words in
 * code ranges have at most 4 undecodable neighbours (all but 3 of 12,870
 * have at most 3), data words outside them at least 6.
 */
#define CTX_WORDS		8	/* on each side */
#define CTX_MAX_UNDECODABLE	4	/* at most this many: code */

static const struct code_range unbounded = {
	.name = "(outside every code range)",
};

static const char why_loose[] =
	"code outside every code range the symbols give (e.g. kallsyms without CONFIG_KALLSYMS_ALL): "
	"pass --system-map to rewrite it";

/* EL2-class by the instruction's fields alone. */
static bool el2_class(uint32_t w)
{
	unsigned op1 = (w >> 16) & 7, crn = (w >> 12) & 15;

	if (a64_is_sysreg(w))
		return (op1 == 4 || op1 == 5) && crn != 11 && crn != 15;	/* IMPDEF space: as scan.c */
	if (a64_is_sys(w))
		return op1 == 4;
	return w == 0xd69f03e0u || w == 0xd69f0bffu || w == 0xd69f0fffu;	/* ERET, ERETAA, ERETAB */
}

static int foff_cmp(const void *a, const void *b)
{
	const struct site *x = *(const struct site *const *)a, *y = *(const struct site *const *)b;

	return x->foff < y->foff ? -1 : x->foff > y->foff;
}

static const struct site *site_at(struct site *const *v, size_t n, size_t foff)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (v[mid]->foff < foff)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo]->foff == foff ? v[lo] : NULL;
}

static bool in_ranges(const struct image *img, size_t foff)
{
	size_t i;

	for (i = 0; i < img->nranges; i++)
		if (foff >= img->ranges[i].foff && foff - img->ranges[i].foff < img->ranges[i].size)
			return true;
	return false;
}

static bool looks_like_code(csh cs, cs_insn *insn, const struct segment *x, size_t foff, const uint8_t *buf)
{
	unsigned bad = 0;
	int k;

	for (k = -CTX_WORDS; k <= CTX_WORDS; k++) {
		size_t p = foff + 4 * k;
		const uint8_t *code = buf + p;
		size_t len = 4;
		uint64_t addr = p;

		if (!k || p < x->foff || p + 4 > x->foff + x->filesz || !rd32(buf + p))
			continue;
		if (!cs_disasm_iter(cs, &code, &len, &addr, insn))
			bad++;
	}
	return bad <= CTX_MAX_UNDECODABLE;
}

static void add_loose(const struct image *img, struct siteset *ss, size_t foff, uint32_t w)
{
	const struct segment *g;
	struct site *s;
	size_t i;
	int row;
	enum site_class cls;
	bool wr;
	uint64_t addr = foff;

	for (i = 0; i < img->nsegs; i++) {
		g = &img->segs[i];
		if (g->filesz && foff >= g->foff && foff - g->foff < g->filesz)
			addr = g->addr + (foff - g->foff);
	}
	if (!classify_word(w, &row, &cls, &wr))
		cls = C_UNKNOWN;
	if (ss->n == ss->cap)
		ss->v = xrealloc(ss->v, ss->cap = ss->cap ? 2 * ss->cap : 16, sizeof(*ss->v));
	s = &ss->v[ss->n++];
	*s = (struct site){ .addr = addr, .foff = foff, .insn = w, .new_insn = w, .row = row, .cls = cls,
			    .write = wr, .range = &unbounded, .strat = S_UNHANDLED, .why = why_loose };
}

size_t postcheck_image(const struct image *img, struct siteset *ss, struct postcheck *pk)
{
	struct site **by_foff = xcalloc(ss->n ? ss->n : 1, sizeof(*by_foff));
	size_t i, n = ss->n, off, *loose = NULL;
	csh cs;
	cs_insn *insn;

	*pk = (struct postcheck){ 0 };
	for (i = 0; i < n; i++)
		by_foff[i] = &ss->v[i];
	qsort(by_foff, n, sizeof(*by_foff), foff_cmp);
	if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &cs) != CS_ERR_OK || !(insn = cs_malloc(cs)))
		die("capstone: cannot open the AArch64 decoder");
	for (i = 0; i < img->nexec; i++) {
		const struct segment *x = &img->exec[i];

		pk->exec_bytes += x->filesz;
		for (off = (x->foff + 3) & ~(size_t)3; off + 4 <= x->foff + x->filesz; off += 4) {
			uint32_t w;
			const struct site *s;

			if (!a64_top_maybe_sensitive(img->buf[off + 3]) || !el2_class(w = rd32(img->buf + off)))
				continue;
			pk->el2_words++;
			if (!in_ranges(img, off)) {
				if (looks_like_code(cs, insn, x, off, img->buf)) {
					/* Added after the loop: ss->v may move, by_foff points into it. */
					loose = xrealloc(loose, pk->loose + 1, sizeof(*loose));
					loose[pk->loose++] = off;
				} else {
					pk->data_like++;
				}
				continue;
			}
			s = site_at(by_foff, n, off);
			if (s && s->new_insn == w && (s->strat == S_NATIVE || s->strat == S_EL1_ONLY ||
						      s->strat == S_UNHANDLED || s->strat == S_CALLBACK)) {
				pk->in_code++;
				continue;
			}
			warnx_("post-check: file offset %#zx: EL2-class word %08x in code range %s %s", off, w,
			       s ? s->range->name : "?",
			       !s ? "is not in the plan" : s->new_insn != w ? "was planned to be rewritten" : "is left unlisted");
			pk->bad++;
		}
	}
	cs_free(insn, 1);
	cs_close(&cs);
	free(by_foff);
	for (i = 0; i < pk->loose; i++)
		add_loose(img, ss, loose[i], rd32(img->buf + loose[i]));
	free(loose);
	return pk->bad;
}
