// SPDX-License-Identifier: GPL-2.0
/* The generated register database and lookups into it. */
#include <string.h>

#include "regdb_lookup.h"

const struct pv_reg pv_regdb[PV_NR_REGS] = { PV_REGDB_ROWS };
const struct pv_proxy pv_proxies[PV_NR_PROXIES] = { PV_PROXY_ROWS };
const char *const pv_profile_names[PV_NR_PROFILES] = PV_PROFILE_NAMES;
const char *const pv_profile_descs[PV_NR_PROFILES] = PV_PROFILE_DESCS;
const char *const pv_host_names[PV_NR_HOSTS] = PV_HOST_NAMES;

/* enc (16 bits) -> row + 1, separately for MRS/MSR and SYS encodings. */
static int16_t by_sysreg[1 << 16], by_sys[1 << 16];
static bool ready;

static void build(void)
{
	int i;

	for (i = 0; i < PV_NR_REGS; i++) {
		const struct pv_reg *r = &pv_regdb[i];

		if (r->kind == PV_KIND_SYSREG)
			by_sysreg[r->enc] = i + 1;
		else if (r->kind == PV_KIND_TLBI || r->kind == PV_KIND_AT)
			by_sys[r->enc] = i + 1;
	}
	ready = true;
}

int regdb_find_sysreg(unsigned enc)
{
	if (!ready)
		build();
	return by_sysreg[enc & 0xffff] - 1;
}

int regdb_find_sys(unsigned enc)
{
	if (!ready)
		build();
	return by_sys[enc & 0xffff] - 1;
}

int regdb_find_insn(uint32_t w)
{
	int i;

	if ((w >> 16) != 0xd69f)	/* the ERET family; skips RET/BR/BLR cheaply */
		return -1;
	for (i = 0; i < PV_NR_REGS; i++)
		if (pv_regdb[i].kind == PV_KIND_INSN && pv_regdb[i].enc == w)
			return i;
	return -1;
}

int regdb_find_name(const char *name)
{
	int i;

	for (i = 0; i < PV_NR_REGS; i++)
		if (!strcasecmp(pv_regdb[i].name, name))
			return i;
	return -1;
}
