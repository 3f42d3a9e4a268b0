// SPDX-License-Identifier: GPL-2.0
/*
 * PV-call fuzzer: a hostile guest hypervisor for L0's PV nested mode. Run at
 * virtual EL2 (testbed config pv-fuzz), it issues random PV calls (pvabi.h:
 * hvc/smc #imm with random row, direction and Rt, and random values in every
 * general-purpose register) and predicts from the register database which
 * ones the ABI makes invalid. L0 must inject an UNDEF at each invalid call
 * and count it (vCPU stat pv_invalid), and must survive the valid ones.
 *
 * Bounded by a count (PARAM_ITERS, default 20000) and 60 s of guest time;
 * PARAM_SEED picks the seed (0: from the counter; printed either way).
 * Output: "PVNEST FUZZ ..." (what was tried and seen) between the BEGIN and
 * END markers L0 uses to read its counters, then PSCI SYSTEM_OFF.
 */
#include "baremetal.h"
#include "pvrules.h"
#include "pvpayload.h"

#define DEFAULT_CALLS	20000
#define TIME_LIMIT_S	60
#define RAM_BASE	0x40000000ul
#define RAM_LIMIT	0x44000000ul	/* -m 64M */


PAYLOAD_VECTORS("fuzzer")

/* One call: returns whether an exception came back. */
static int call(uint32_t insn, uint64_t *vals)
{
	uint64_t before = exceptions;

	patch(pv_slot, insn);
	fuzz_stub(vals);
	return exceptions != before;
}

/*
 * Registers the fuzzer itself stands on (its vectors, exception return,
 * MMU and stack, debug): written back with the value just read, so the
 * write path is exercised without pulling the floor away.
 */
static int keeps_fuzzer_alive(const struct pv_reg *r)
{
	static const char *const own[] = { "HCR_EL2", "SCTLR", "VBAR", "ELR_", "SPSR_EL", "SP_EL", "MDSCR", 0 };
	int i;

	for (i = 0; own[i]; i++)
		if (has_prefix(r->name, own[i]))
			return 1;
	return 0;
}

static uint64_t vals[31];
static uint8_t page_area[2 * PV_PAGE_SIZE] __attribute__((aligned(PV_PAGE_SIZE)));

int main(void)
{
	uint64_t n = r32(PARAM_ITERS) ? r32(PARAM_ITERS) : DEFAULT_CALLS, seed = r32(PARAM_SEED);
	uint64_t i, calls = 0, smcs = 0, predicted = 0, missed = 0, undef_valid = 0, pages = 0, wb = 0;
	uint64_t t0, deadline, first_missed = 0, first_undef_valid = 0;
	int k;

	puts_("PVNEST BENCH UP\n");
	if (!seed)	/* 32 bits: what the loader can pass back to reproduce it */
		seed = ticks() & 0xffffffff;
	rng = seed * 2 + 1;	/* odd, and a different stream for every seed */
	/* The vectors, and the ERET the handler returns with, as a rewritten
	 * guest hypervisor would have them: PV calls. */
	patch(eret_slot, PV_HVC(PV_IMM(PVREG_ERET, 0, 0)));
	vals[0] = (uint64_t)vectors;
	if (call(PV_HVC(PV_IMM(PVREG_VBAR_EL2, 0, 1)), vals)) {
		puts_("PVNEST ERROR fuzzer: cannot set VBAR_EL2\n");
		return 1;
	}

	puts_("PVNEST FUZZ start seed=");
	putu(seed);
	puts_(" calls=");
	putu(n);
	puts_("\n");
	window("BEGIN", "pvfuzz", 120);
	t0 = ticks();
	deadline = t0 + TIME_LIMIT_S * tick_freq();
	for (i = 0; i < n && ticks() < deadline; i++) {
		uint64_t r = rnd();
		int write = r & 1, smc = (r >> 1 & 15) == 0, bad, took;
		uint32_t rt = r >> 5 & 31, row;

		if (i % 1000 == 0) {	/* where a hang happened, with the seed */
			puts_("PVNEST FUZZ at ");
			putu(i);
			puts_("\n");
		}

		/* Mostly rows of the database, the rest anything the 9 bits hold. */
		row = (r >> 10 & 7) ? (uint32_t)(r >> 13) % PV_NR_REGS : (uint32_t)(r >> 13) & PV_IMM_IDX_MASK;
		if ((r >> 50 & 63) == 0)
			row = PV_IDX_CTRL;
		for (k = 0; k < 31; k++)
			vals[k] = rnd();
		/* A valid ERET would leave the fuzzer: only invalid forms. */
		if (row < PV_NR_REGS && pv_rows[row].kind == PV_KIND_INSN && !write && !rt)
			rt = 1 + r % 30;
		if (row == PV_IDX_CTRL && write && !smc) {
			/* SET_PAGE: now and then a real page of ours, else an
			 * address that is unaligned or outside RAM. */
			if (rt == 31 || rt == 30)	/* xzr, or the stub's own link register */
				rt = 1;
			switch (r >> 40 & 3) {
			case 0: vals[rt] = (uint64_t)page_area; break;
			case 1: vals[rt] = (uint64_t)page_area + 8 * (1 + (r >> 44 & 511)); break;
			default: vals[rt] = RAM_LIMIT + (vals[rt] & 0xfffffffff000ull); break;
			}
		}
		bad = pv_abi_invalid(row, write, smc, rt);
		if (row == PV_IDX_CTRL && !bad)
			bad = vals[rt] != (uint64_t)page_area;
		if (!bad && write && row < PV_NR_REGS && pv_rows[row].kind == PV_KIND_SYSREG &&
		    keeps_fuzzer_alive(&pv_rows[row])) {
			if (!(pv_rows[row].dir & PV_DIR_R))
				continue;
			if (rt == 31)	/* xzr reads as 0: it cannot carry the value back */
				rt = 1;
			took = call(PV_HVC(PV_IMM(row, rt, 0)), vals);
			calls++;
			if (took) {	/* unreadable here: no value to write back */
				undef_valid++;
				continue;
			}
			wb++;
		}
		took = call(smc ? PV_SMC(PV_IMM(row, rt, write)) : PV_HVC(PV_IMM(row, rt, write)), vals);
		calls++;
		{	/* the vectors must survive any call: say which one moved them */
			uint64_t vbar;

			asm volatile("mrs %0, vbar_el1" : "=r"(vbar));	/* vEL2's VBAR, live */
			if (vbar != (uint64_t)vectors) {
				puts_("PVNEST ERROR fuzzer: VBAR_EL2 became ");
				putx(vbar);
				puts_(" after call ");
				putx(PV_IMM(row, rt, write) | (uint64_t)smc << 16);
				puts_(" (");
				puts_(row < PV_NR_REGS ? pv_rows[row].name : "?");
				puts_(") value ");
				putx(vals[rt]);
				puts_("\n");
				break;
			}
		}
		smcs += smc;
		if (bad) {
			predicted++;
			if (!took || (last_esr >> 26) != 0) {	/* EC 0: unknown, the UNDEF */
				if (!missed++)
					first_missed = PV_IMM(row, rt, write) | (uint64_t)smc << 16;
			}
		} else if (took) {
			if (!undef_valid++)
				first_undef_valid = PV_IMM(row, rt, write) | (uint64_t)smc << 16;
		} else if (row == PV_IDX_CTRL) {
			pages++;
		}
	}
	t0 = ticks() - t0;
	window("END", "pvfuzz", 120);
	puts_("PVNEST FUZZ seed=");
	putu(seed);
	puts_(" calls=");
	putu(calls);
	puts_(" smc=");
	putu(smcs);
	puts_(" writebacks=");
	putu(wb);
	puts_(" predicted_invalid=");
	putu(predicted);
	puts_(" missed_undef=");
	putu(missed);
	puts_(" first_missed=");
	putx(first_missed);
	puts_(" undef_on_valid=");
	putu(undef_valid);
	puts_(" first_undef_on_valid=");
	putx(first_undef_valid);
	puts_(" pages_set=");
	putu(pages);
	puts_(" exceptions=");
	putu(exceptions);
	puts_("\n");
	result("pvfuzz", calls, t0);
	puts_("PVNEST BENCH DONE\n");
	system_off();
	return 0;
}
