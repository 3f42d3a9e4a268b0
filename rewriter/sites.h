/* SPDX-License-Identifier: GPL-2.0 */
/* Sensitive-instruction sites: what was found, what is done with it
 * (filled by scan, decided by plan, carried out by emit). */
#ifndef SITES_H
#define SITES_H

#include "image.h"
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
	uint64_t page_fn;	/* the pv_page_xS it calls (S_TRAMPOLINE) */
	unsigned memoff;	/* PV page offset (memory redirection) */
	const char *why;	/* reason for ARTIFACT/UNHANDLED/CALLBACK */
};

struct siteset {
	struct site *v;
	size_t n, cap;
};

extern const char *const class_names[NR_CLASSES];
extern const char *const strategy_names[NR_STRATEGIES];

#endif
