/* SPDX-License-Identifier: GPL-2.0 */
/* Decide per site what to do; writes nothing to the image. */
#ifndef PLAN_H
#define PLAN_H

#include "profile.h"
#include "sites.h"

/* What planning needs beyond the sites. The proxy originals are computed on
 * the input, before any rewriting: verification plans the output again,
 * whose alternative replacements no longer name the proxied register. */
struct plan_ctx {
	const struct profile *p;
	const struct options *o;
	const struct pv_proxy *px;	/* the proxy in force, or NULL */
	uint64_t *origs;		/* sorted: alternative originals of the proxy */
	size_t norig;
};

void plan_init(struct plan_ctx *pc, const struct image *img, const struct profile *p, const struct options *o);
void plan_sites(const struct plan_ctx *pc, const struct image *img, struct siteset *ss);
void plan_free(struct plan_ctx *pc);

#endif
