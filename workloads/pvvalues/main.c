// SPDX-License-Identifier: GPL-2.0
/*
 * Register values, for the oracle that compares PV mode with NV2 hardware.
 * Run at virtual EL2 (testbed configs pv-values and nv2-values), it writes a
 * seeded random value to every register row of the database that a guest
 * hypervisor can write without pulling its own floor away, makes L0 exit
 * to userspace and back (console lines), and reads every row back.
 *
 * On NV2 hardware (no PV mode: KVM offers FEAT_NV) each access is
 * the row's own MRS/MSR. In PV mode each access is what pvrewrite makes of
 * it for the nv2 profile in VHE mode (pvhooks/sysregs.db): the instruction
 * itself, the EL1 register it is redirected to, a load or store at the PV
 * page, or a PV call. Both runs print one line per row; with the same seed
 * they must print the same lines (tests/pv-values.sh), UNDEFs included.
 *
 * Output: "PVNEST VALUES mode=... e2h=... seed=... rows=N", then
 * "PVNEST VALUE NAME ACTION written read" per row (ACTION: what the nv2
 * profile does with it; read is "undef:EC" when the read faulted, written
 * "undef:EC" when the write did), then PSCI SYSTEM_OFF.
 */
#include "baremetal.h"
#include "pvrules.h"
#include "pvpayload.h"

#define PROFILE_NV2	2	/* PV_PROFILE_NAMES[2] */

PAYLOAD_VECTORS("values")

static uint64_t vals[31];
static int pv;		/* PV mode (else NV2 hardware) */
static volatile uint64_t page[PV_PAGE_SIZE / 8] __attribute__((aligned(PV_PAGE_SIZE)));

/* One instruction in the slot with x1 = *v; returns 0 or the ESR's EC + 1. */
static unsigned int run(uint32_t insn, uint64_t *v)
{
	uint64_t before = exceptions;

	vals[1] = *v;
	patch(pv_slot, insn);
	fuzz_stub(vals);
	*v = vals[1];
	return exceptions != before ? (unsigned int)(last_esr >> 26) + 1 : 0;
}

static uint32_t sysreg_insn(uint32_t enc, int write)
{
	return (write ? 0xd5000000u : 0xd5200000u) | enc << 5 | 1;	/* Rt = x1 */
}

/* The access the guest makes to ROW (the rewritten one in PV mode). */
static unsigned int access(unsigned int row, int write, uint64_t *v)
{
	const struct pv_beh *b = &pv_rows[row].beh[PROFILE_NV2][PV_MODE_VHE];

	if (!pv)
		return run(sysreg_insn(pv_rows[row].enc, write), v);
	switch (b->action) {
	case PV_NATIVE:
		return run(sysreg_insn(pv_rows[row].enc, write), v);
	case PV_EL1:
		return run(sysreg_insn(pv_rows[b->arg].enc, write), v);
	case PV_MEM:
		if (write)
			page[b->arg / 8] = *v;
		else
			*v = page[b->arg / 8];
		return 0;
	case PV_TRAP:
		return run(PV_HVC(PV_IMM(row, 1, write)), v);
	}
	return 0x100;	/* PV_CONST: not a row this payload writes */
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/*
 * The rows this oracle applies to: registers a guest hypervisor reads and
 * writes as plain state. Left out: what this payload runs on (its control,
 * vectors, exception return, stack, FP/debug traps), what moves by itself
 * or fires (timers, the GIC interface, PMU, debug, trace), what resets the
 * CPU (RMR), what makes KVM map memory (VNCR_EL2), features KVM hides or
 * this CPU lacks (SVE/SME/MPAM/MTE, branch records), and the TPIDR proxy
 * (tests/pv-hostile.sh checks it across registration).
 */
static int applies(const struct pv_reg *r)
{
	static const char *const own[] = {
		"HCR_EL2", "VNCR_EL2", "SCTLR_EL1", "SCTLR_EL2", "SCTLR2_EL1", "SCTLR2_EL2",
		"VBAR_EL1", "VBAR_EL2", "ELR_EL1", "ELR_EL2", "SPSR_EL1", "SPSR_EL2", "SP_EL1",
		"CPACR_EL1", "CPTR_EL2", "MDCR_EL2", "MDSCR_EL1", "RMR_EL2", "TPIDR_EL1",
		"TPIDR_EL2", 0 };
	static const char *const moving[] = {
		"CNT", "ICH_", "ICC_", "PM", "DBG", "TRF", "BRB", "ZCR", "SMCR", "SMPRI", "MPAM",
		"TFSR", 0 };
	int i;

	if (r->kind != PV_KIND_SYSREG || r->dir != PV_DIR_RW ||
	    r->beh[PROFILE_NV2][PV_MODE_VHE].action == PV_CONST)
		return 0;
	for (i = 0; own[i]; i++)
		if (streq(r->name, own[i]))
			return 0;
	for (i = 0; moving[i]; i++)
		if (has_prefix(r->name, moving[i]))
			return 0;
	return 1;
}

static void put_val(uint64_t v, unsigned int ec)
{
	if (ec) {
		puts_("undef:");
		putu(ec - 1);
	} else {
		putx(v);
	}
}

static const char *const action_names[] = { "native", "trap", "mem", "el1", "const" };
static uint64_t written[PV_NR_REGS];
static unsigned int wfault[PV_NR_REGS];

int main(void)
{
	uint64_t seed = r32(PARAM_SEED), v, mmfr2, mmfr4, e2h, t0;
	unsigned int i, n = 0, ec;

	puts_("PVNEST BENCH UP\n");
	if (!seed)
		seed = 1;
	rng = seed * 2 + 1;
	/* FEAT_NV as KVM offers it: MMFR2.NV or MMFR4.NV_frac, both 0 in PV mode. */
	asm volatile("mrs %0, s3_0_c0_c7_2" : "=r"(mmfr2));	/* ID_AA64MMFR2_EL1 */
	asm volatile("mrs %0, s3_0_c0_c7_4" : "=r"(mmfr4));	/* ID_AA64MMFR4_EL1 */
	pv = (mmfr2 >> 24 & 15) == 0 && (mmfr4 >> 20 & 15) == 0;
	if (pv)
		patch(eret_slot, PV_HVC(PV_IMM(PVREG_ERET, 0, 0)));
	v = (uint64_t)vectors;
	if (access(PVREG_VBAR_EL2, 1, &v)) {
		puts_("PVNEST ERROR values: cannot set VBAR_EL2\n");
		return 1;
	}
	if (pv) {
		v = (uint64_t)page;
		if (run(PV_HVC(PV_CTRL_SET_PAGE(1)), &v)) {
			puts_("PVNEST ERROR values: SET_PAGE refused\n");
			return 1;
		}
	}
	access(PVREG_HCR_EL2, 0, &e2h);
	e2h = e2h >> 34 & 1;

	window("BEGIN", "pvvalues", 120);
	t0 = ticks();
	for (i = 0; i < PV_NR_REGS; i++) {
		if (!applies(&pv_rows[i]))
			continue;
		written[i] = v = rnd();
		wfault[i] = access(i, 1, &v);
		n++;
	}
	/* Console lines: each is an exit to QEMU, so L0 puts and loads the
	 * vCPU (and in PV mode syncs the page) between writes and reads. */
	puts_("PVNEST VALUES mode=");
	puts_(pv ? "pv" : "nv2");
	puts_(" e2h=");
	putu(e2h);
	puts_(" seed=");
	putu(seed);
	puts_(" rows=");
	putu(n);
	puts_("\n");
	for (i = 0; i < PV_NR_REGS; i++) {
		if (!applies(&pv_rows[i]))
			continue;
		v = 0;
		ec = access(i, 0, &v);
		puts_("PVNEST VALUE ");
		puts_(pv_rows[i].name);
		puts_(" ");
		puts_(action_names[pv_rows[i].beh[PROFILE_NV2][PV_MODE_VHE].action]);
		puts_(" ");
		put_val(written[i], wfault[i]);
		puts_(" ");
		put_val(v, ec);
		puts_("\n");
	}
	t0 = ticks() - t0;
	window("END", "pvvalues", 120);
	result("pvvalues", n, t0);
	puts_("PVNEST BENCH DONE\n");
	system_off();
	return 0;
}
