// SPDX-License-Identifier: GPL-2.0
/*
 * Decide, per site, what the profile's hardware would do and how to make
 * v8.0 hardware do the same: leave it, trap (hvc), re-encode in place, or
 * send it to the PV page through a trampoline. Nothing is written here.
 */
#include <stdlib.h>
#include <string.h>

#include "a64.h"
#include "plan.h"
#include "util.h"

/* Proxy entries in force for this profile and mode. */
static bool proxy_active(const struct pv_proxy *px, const struct profile *p, const struct options *o)
{
	return px && !o->no_proxy && p->beh[px->reg][o->mode].action == PV_MEM;
}

static int addr_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Original instructions that boot-time alternatives replace by the proxied
 * register (e.g. `mrs x0, tpidr_el1` -> `mrs x0, tpidr_el2` on VHE): they
 * are the same access and stay on the proxy register.
 */
static uint64_t *proxy_origs(const struct image *img, const struct pv_proxy *px, size_t *n)
{
	uint64_t *v = xcalloc(img->nalts, sizeof(*v));
	unsigned el1 = pv_regdb[px->el1].enc, reg = pv_regdb[px->reg].enc;
	size_t i, k = 0, fo, fr, j;

	for (i = 0; i < img->nalts; i++) {
		const struct alt_entry *a = &img->alts[i];

		if (a->cb || !image_addr_to_foff(img, a->orig, &fo) || !image_addr_to_foff(img, a->repl, &fr))
			continue;
		for (j = 0; j + 4 <= a->orig_len; j += 4) {
			uint32_t wo = rd32(img->buf + fo + j), wr = rd32(img->buf + fr + j);

			if (a64_is_sysreg(wo) && A64_ENC(wo) == el1 && a64_is_sysreg(wr) && A64_ENC(wr) == reg &&
			    a64_with_enc(wo, 0) == a64_with_enc(wr, 0))
				v[k++] = a->orig + j;
		}
	}
	qsort(v, k, sizeof(*v), addr_cmp);
	*n = k;
	return v;
}

static void set(struct site *s, enum strategy st, const char *why)
{
	s->strat = st;
	s->why = why;
}

void plan_init(struct plan_ctx *pc, const struct image *img, const struct profile *p, const struct options *o)
{
	const struct pv_proxy *px = PV_NR_PROXIES ? &pv_proxies[0] : NULL;

	*pc = (struct plan_ctx){ .p = p, .o = o };
	if (proxy_active(px, p, o)) {
		pc->px = px;
		pc->origs = proxy_origs(img, px, &pc->norig);
	}
}

void plan_free(struct plan_ctx *pc)
{
	free(pc->origs);
	pc->origs = NULL;
	pc->norig = 0;
}

void plan_sites(const struct plan_ctx *pc, const struct image *img, struct siteset *ss)
{
	const struct profile *p = pc->p;
	const struct options *o = pc->o;
	const struct pv_proxy *px = pc->px;
	bool proxy = px != NULL;
	size_t i;

	for (i = 0; i < ss->n; i++) {
		struct site *s = &ss->v[i];
		unsigned rt = A64_RT(s->insn);
		struct pv_beh b;
		bool el2class = s->cls == C_EL2 || s->cls == C_EL12 || s->cls == C_TLBI_EL2 || s->cls == C_AT_EL2;

		s->new_insn = s->insn;
		/* The guest's own hvc/smc still trap; pvnest's range must be free. */
		if (s->cls == C_HVC || s->cls == C_SMC) {
			if (PV_IMM_IS_PV(A64_HVC_IMM(s->insn)))
				set(s, S_UNHANDLED, "input uses an hvc/smc immediate reserved for pvnest (imm[15] set)");
			else
				set(s, S_PASSTHRU, NULL);
			continue;
		}
		if (s->cls == C_UNKNOWN) {
			set(s, S_UNHANDLED, "EL2/EL3 system register or instruction missing from the register database");
			continue;
		}
		if (!el2class && !s->range->vel2) {
			set(s, S_EL1_ONLY, NULL);
			continue;
		}
		b = p->beh[s->row][o->mode];
		if (proxy && s->row == px->el1) {
			bool is_orig = pc->norig && bsearch(&s->addr, pc->origs, pc->norig, sizeof(*pc->origs), addr_cmp);

			b = is_orig ? (struct pv_beh){ PV_NATIVE, 0 } : (struct pv_beh){ PV_MEM, px->off };
		}
		if (o->host >= 0 && pv_regdb[s->row].host[o->host].action == PV_TRAP)
			b = (struct pv_beh){ PV_TRAP, 0 };
		if (pv_regdb[s->row].kind == PV_KIND_SYSREG &&
		    !(pv_regdb[s->row].dir & (s->write ? PV_DIR_W : PV_DIR_R)))
			b = (struct pv_beh){ PV_TRAP, 0 };	/* UNDEF: the host injects it */
		if (s->in_cb && b.action != PV_NATIVE) {
			set(s, S_CALLBACK, "a boot-time alternative callback rewrites this code");
			continue;
		}
		switch (b.action) {
		case PV_NATIVE:
			set(s, S_NATIVE, NULL);
			break;
		case PV_TRAP:
			set(s, S_HVC, NULL);
			s->new_insn = a64_hvc(PV_IMM(s->row, s->cls == C_ERET ? 0 : rt, s->write));
			break;
		case PV_EL1:
			set(s, S_EL1REG, NULL);
			s->new_insn = a64_with_enc(s->insn, pv_regdb[b.arg].enc);
			break;
		case PV_CONST:
			if (s->write) {
				set(s, S_HVC, NULL);
				s->new_insn = a64_hvc(PV_IMM(s->row, rt, 1));
			} else {
				/* Code that reads CurrentEL also runs at vEL1 (Linux's
				 * boot before finalise_el2, CPU bring-up), where the
				 * answer is EL1: the host answers with the vCPU's level. */
				set(s, S_ARTIFACT, "CurrentEL: the same code runs at vEL1 and vEL2");
				s->new_insn = a64_smc(PV_IMM(s->row, rt, 0));
			}
			break;
		case PV_MEM:
			if (proxy && s->row == px->reg) {
				set(s, S_PROXY, NULL);
				s->new_insn = a64_with_enc(s->insn, pv_regdb[px->el1].enc);
				break;
			}
			s->memoff = b.arg;
			if (s->in_repl)
				set(s, S_ARTIFACT, "inside an alternative replacement (copied elsewhere at boot)");
			else if (!s->range->tramp_ok)
				set(s, S_ARTIFACT, s->range->notramp);
			else if (!img->slack_size)
				set(s, S_ARTIFACT, "no free executable space for trampolines");
			else if (!img->area_pages)
				set(s, S_ARTIFACT, "no reserved memory for PV pages");
			else if (s->write && rt == 30)
				set(s, S_ARTIFACT, "store from x30 (the trampoline call uses it)");
			else
				set(s, S_TRAMPOLINE, NULL);
			if (s->strat == S_ARTIFACT)
				s->new_insn = a64_smc(PV_IMM(s->row, rt, s->write));
			break;
		}
	}
}
