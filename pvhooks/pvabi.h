/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pvnest paravirtual ABI between a rewritten guest hypervisor and the host.
 * docs/pv-abi.md explains the choices; this header is the normative form and
 * is included unchanged by the rewriter and by the host kernel patches.
 */
#ifndef PVNEST_PVABI_H
#define PVNEST_PVABI_H

#define PV_ABI_VERSION 1

/*
 * A trapped access becomes `hvc #imm16`; an emulation artifact (a site the
 * profile's hardware would NOT trap, e.g. a VNCR-page access that got no
 * trampoline) becomes `smc #imm16` with the same layout, so the host can
 * emulate both with one decoder yet never count an artifact as an
 * architectural trap (HCR_EL2.TSC makes SMC trap on every v8.0 host).
 *   imm[15]    1 = pvnest call; 0 = the guest's own hvc/smc (Linux and KVM
 *              use #0, Xen #0xEA1), passed through untouched.
 *   imm[14]    direction: 1 = write (MSR, TLBI, AT), 0 = read (MRS).
 *   imm[13:5]  row of pvhooks/sysregs.db (PVREG_*), or PV_IDX_CTRL.
 *   imm[4:0]   Rt, the general-purpose register operand (31 = xzr).
 * ERET/ERETAA/ERETAB are rows of the database too (Rt = 0).
 */
#define PV_IMM_PV		(1u << 15)
#define PV_IMM_WRITE		(1u << 14)
#define PV_IMM_IDX_SHIFT	5
#define PV_IMM_IDX_MASK		0x1ffu
#define PV_IMM_RT_MASK		0x1fu

#define PV_IMM(idx, rt, write)							\
	(PV_IMM_PV | ((write) ? PV_IMM_WRITE : 0) |				\
	 (((idx) & PV_IMM_IDX_MASK) << PV_IMM_IDX_SHIFT) | ((rt) & PV_IMM_RT_MASK))
#define PV_IMM_IDX(imm)		(((imm) >> PV_IMM_IDX_SHIFT) & PV_IMM_IDX_MASK)
#define PV_IMM_RT(imm)		((imm) & PV_IMM_RT_MASK)
#define PV_IMM_IS_PV(imm)	(((imm) & PV_IMM_PV) != 0)

/* HVC #imm16 (architectural trap) and SMC #imm16 (emulation artifact). */
#define PV_HVC(imm)		(0xd4000002u | ((unsigned)(imm) & 0xffffu) << 5)
#define PV_SMC(imm)		(0xd4000003u | ((unsigned)(imm) & 0xffffu) << 5)

/*
 * Control calls: hvc with row index PV_IDX_CTRL, imm[14] set; Rt names the register
 * that carries the argument.
 *   PV_CTRL_SET_PAGE: Rt = virtual address (in the guest hypervisor's own
 *   translation regime) of this vCPU's PV page. Issued once per vCPU by the
 *   first memory-redirection trampoline that finds the page unregistered.
 *   The host translates it, checks it is page-aligned normal RAM of this VM,
 *   and writes PV_PAGE_MAGIC at PV_PAGE_OFF_MAGIC. Counted as an artifact.
 */
#define PV_IDX_CTRL		0x1ffu
#define PV_CTRL_SET_PAGE(rt)	(PV_IMM_PV | PV_IMM_WRITE | (PV_IDX_CTRL << PV_IMM_IDX_SHIFT) | ((rt) & PV_IMM_RT_MASK))

/*
 * The PV page has the architected VNCR_EL2 layout (offsets in
 * sysregs.db `mem:` behaviours, same as FEAT_NV2 hardware), so a host treats a
 * PV guest and an NV2 guest with one code path. Offsets 0x000-0x01f are
 * unused by the architecture; pvnest keeps its registration word there.
 */
#define PV_PAGE_SIZE		4096u
#define PV_PAGE_OFF_MAGIC	0x000u
/*
 * The first offset of the architected layout (VTTBR_EL2). A `mem:OFF`
 * behaviour, in sysregs.db or a user profile, must be 8-aligned in
 * [PV_PAGE_OFF_VNCR, PV_PAGE_SIZE); below it is pvnest's: the magic and the
 * EL1 proxy slots (sysregs.db `proxy`). gen-regdb.awk reads these two
 * #define lines, so this is the one place the limit is written.
 */
#define PV_PAGE_OFF_VNCR	0x020u
#define PV_PAGE_MAGIC		0x31305650564e5650ull	/* "PVNVPV01" */

/*
 * Per-vCPU page selection: the trampolines index the rewriter's PV area by
 * MPIDR_EL1.Aff0 (KVM sets Aff0 = vcpu_id % 16), so the area holds
 * PV_AREA_MAX_VCPUS pages at most; the host refuses vCPU ids beyond the
 * number of pages the image carries (in its pvnest note / report).
 */
#define PV_AREA_MAX_VCPUS	16u

#endif
