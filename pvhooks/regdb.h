/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pvnest register database: types shared by the rewriter (user space) and the
 * instrumented KVM host (kernel). The data comes from regdb-table.h, which
 * gen-regdb.awk generates from sysregs.db.
 */
#ifndef PVNEST_REGDB_H
#define PVNEST_REGDB_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
#endif

enum pv_kind { PV_KIND_SYSREG, PV_KIND_TLBI, PV_KIND_AT, PV_KIND_INSN };

enum pv_dir { PV_DIR_NONE = 0, PV_DIR_R = 1, PV_DIR_W = 2, PV_DIR_RW = 3 };

/* What the profile's hardware does with an access made at virtual EL2. */
enum pv_action {
	PV_NATIVE,	/* runs unchanged at EL1 and does what the profile does */
	PV_TRAP,	/* traps to the host: rewritten to hvc #PV_IMM(...) */
	PV_MEM,		/* load/store at VNCR page + arg */
	PV_EL1,		/* access the register of row arg instead (same format) */
	PV_CONST,	/* reads return arg */
};

/* Guest-hypervisor mode: VHE (HCR_EL2.E2H=1, NV1=0) or non-VHE (E2H=0, NV1=1). */
enum pv_mode { PV_MODE_VHE, PV_MODE_NVHE, PV_NR_MODES };

struct pv_beh {
	u8 action;	/* enum pv_action */
	u16 arg;	/* VNCR offset, row index or constant */
};

/* op0.op1.CRn.CRm.op2 packed as in the MRS/MSR/SYS instruction bits [20:5]. */
#define PV_ENC(op0, op1, crn, crm, op2) \
	((u32)(((op0) & 3) << 14 | ((op1) & 7) << 11 | ((crn) & 15) << 7 | ((crm) & 15) << 3 | ((op2) & 7)))
#define PV_ENC_OP0(e) (((e) >> 14) & 3)
#define PV_ENC_OP1(e) (((e) >> 11) & 7)
#define PV_ENC_CRN(e) (((e) >> 7) & 15)
#define PV_ENC_CRM(e) (((e) >> 3) & 15)
#define PV_ENC_OP2(e) ((e) & 7)

#include "regdb-table.h"

struct pv_reg {
	const char *name;
	u8 kind;	/* enum pv_kind */
	u8 dir;		/* enum pv_dir */
	u32 enc;	/* PV_ENC(...) or, for PV_KIND_INSN, the instruction word */
	struct pv_beh beh[PV_NR_PROFILES][PV_NR_MODES];
	struct pv_beh host[PV_NR_HOSTS];	/* extra traps a host configures */
};

/* A memory-redirected register kept in an EL1 register instead (see sysregs.db). */
struct pv_proxy {
	u16 reg;	/* row redirected to memory by the profile, e.g. TPIDR_EL2 */
	u16 el1;	/* row of the EL1 register that holds it while vEL2 runs */
	u16 off;	/* PV page offset that takes the guest's own el1 accesses */
};

#endif
