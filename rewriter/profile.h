/* SPDX-License-Identifier: GPL-2.0 */
/* Architecture profiles: built-in columns of sysregs.db or a user file. */
#ifndef PROFILE_H
#define PROFILE_H

#include <stddef.h>

#include "regdb.h"

/* What each register does at vEL2, per mode, on the modelled hardware. */
struct profile {
	char name[64];
	char desc[256];
	struct pv_beh beh[PV_NR_REGS][PV_NR_MODES];
};

/* Fill p from a built-in profile name or a profile file; dies on error. */
void profile_get(struct profile *p, const char *name_or_path);
int parse_behaviour(const char *tok, struct pv_beh *out, char *err, size_t errsz);

#endif
