/* SPDX-License-Identifier: GPL-2.0 */
#ifndef REGDB_LOOKUP_H
#define REGDB_LOOKUP_H

#include <stdbool.h>
#include <stdint.h>
#include <strings.h>

#include "regdb.h"

extern const struct pv_reg pv_regdb[PV_NR_REGS];
extern const struct pv_proxy pv_proxies[PV_NR_PROXIES];
extern const char *const pv_profile_names[PV_NR_PROFILES];
extern const char *const pv_profile_descs[PV_NR_PROFILES];
extern const char *const pv_host_names[PV_NR_HOSTS];

int regdb_find_sysreg(unsigned enc);	/* row or -1 */
int regdb_find_sys(unsigned enc);	/* TLBI/AT row or -1 */
int regdb_find_insn(uint32_t w);	/* ERET family row or -1 */
int regdb_find_name(const char *name);

#endif
