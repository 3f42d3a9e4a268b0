/* SPDX-License-Identifier: GPL-2.0 */
/* Sensitive-instruction sites: what was found, what is done with it. */
#ifndef SITES_H
#define SITES_H

#include <stdio.h>

#include "pvrewrite.h"
#include "regdb_lookup.h"

enum site_class {
	C_EL2,		/* MRS/MSR of an EL2 register (op1 = 4) */
	C_EL12,		/* MRS/MSR of an _EL12/_EL02 alias (op1 = 5) */
	C_EL1,		/* MRS/MSR of an EL1/EL0 register in the database */
	C_CURRENTEL,
	C_TLBI_EL2, C_TLBI_EL1,
	C_AT_EL2, C_AT_EL1,
	C_ERET,
	C_HVC,		/* the guest's own hypercall */
	C_SMC,
	C_UNKNOWN,	/* EL2-class encoding missing from the database */
	NR_CLASSES
};

enum strategy {
	S_NATIVE,	/* left as is: does at EL1 what the profile does */
	S_EL1_ONLY,	/* EL1-class site outside vEL2 code: runs at EL1, left */
	S_HVC,		/* in place: hvc #imm, an architectural trap */
	S_EL1REG,	/* in place: the EL1 twin register */
	S_CONST,	/* in place: movz Xt, #value */
	S_PROXY,	/* in place: the proxy EL1 register (see sysregs.db) */
	S_TRAMPOLINE,	/* b to a trampoline that loads/stores the PV page */
	S_ARTIFACT,	/* smc: an emulation artifact the host must not count as a trap */
	S_PASSTHRU,	/* guest's own hvc/smc: still traps, untouched */
	S_CALLBACK,	/* inside a callback-patched alternative: left, listed */
	S_UNHANDLED,
	NR_STRATEGIES
};

struct site {
	uint64_t addr;
	size_t foff;
	uint32_t insn;
	uint32_t new_insn;
	int row;		/* database row, -1 if none */
	enum site_class cls;
	enum strategy strat;
	bool write;
	bool in_repl;		/* inside an alternative's replacement */
	bool in_cb;		/* inside code a boot-time callback rewrites */
	const struct code_range *range;
	uint64_t tramp;		/* trampoline address (S_TRAMPOLINE) */
	unsigned memoff;	/* PV page offset (memory redirection) */
	const char *why;	/* reason for ARTIFACT/UNHANDLED/CALLBACK */
};

struct siteset {
	struct site *v;
	size_t n, cap;
};

extern const char *const class_names[NR_CLASSES];
extern const char *const strategy_names[NR_STRATEGIES];

/* scan.c */
void scan_image(const struct image *img, struct siteset *ss, bool only_dirty);
bool classify_word(uint32_t w, int *row, enum site_class *cls, bool *write);

/* plan.c. What planning needs beyond the sites. The proxy originals are
 * computed on the input, before any rewriting: verification plans the
 * output again, whose alternative replacements no longer name the proxied
 * register. */
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

/* emit.c: sets img->slack_used; a trampoline that does not fit becomes an artifact. */
void emit_sites(struct image *img, struct siteset *ss);

/* verify.c: the number of places that differ from the plan (0: good). */
size_t verify_sites(const struct image *img, const struct siteset *ss, const struct plan_ctx *pc);

/* report.c */
void report_write(const char *path, const struct image *img, const struct siteset *ss,
		  const struct profile *p, const struct options *o, const char *out);
void report_summary(FILE *f, const struct image *img, const struct siteset *ss, const struct profile *p,
		    const struct options *o);

#endif
