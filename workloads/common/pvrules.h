/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PV ABI's validity rule for a call from virtual EL2 (docs/pv-abi.md),
 * from the register database: what the payloads that attack L0's PV mode
 * (pvfuzz, pvhostile) predict L0 must refuse.
 */
#ifndef PVNEST_PVRULES_H
#define PVNEST_PVRULES_H

#include "pvabi.h"
#include "regdb.h"

static const struct pv_reg pv_rows[PV_NR_REGS] = { PV_REGDB_ROWS };

static inline int pv_abi_invalid(uint32_t row, int write, int smc, uint32_t rt)
{
	const struct pv_reg *r;

	if (row == PV_IDX_CTRL)
		return !write || smc;
	if (row == PVREG_CURRENTEL)
		return write;
	if (row >= PV_NR_REGS)
		return 1;
	r = &pv_rows[row];
	switch (r->kind) {
	case PV_KIND_SYSREG:
		return !(r->dir & (write ? PV_DIR_W : PV_DIR_R));
	case PV_KIND_TLBI:
	case PV_KIND_AT:
		return !write;
	case PV_KIND_INSN:
		return write || rt;
	}
	return 1;
}

#endif
