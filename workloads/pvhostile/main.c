// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile guest hypervisor: what a buggy or malicious guest at virtual EL2
 * can do to L0's PV nested mode beyond random calls (workloads/pvfuzz).
 * Run by testbed config pv-hostile with N vCPUs. vCPU 0 runs the scenarios
 * (each prints "PVNEST HOSTILE <name> ok|FAIL ..."), then a random campaign
 * (HCR_EL2 values, native ERETs to EL0, ERETs to vEL1 probes, calls and
 * page stores), while the other vCPUs attack its PV page and the registry;
 * the last phase hands every secondary to a "victim" that writes random
 * SCTLR/VBAR/SP/HCR values and returns into them (it may hang: that is the
 * guest's loss). L0 must stay up and count every invalid call; the driver
 * checks its console and counters (tests/pv-hostile.sh).
 *
 * Parameters (-device loader): PARAM_ITERS campaign iterations, PARAM_SEED,
 * PARAM_CPUS the vCPU count (-smp), PARAM_SKIP scenarios to leave out (to
 * see one finding at a time on a host that has not fixed them all).
 */
#include "baremetal.h"
#include "pvrules.h"

#define PARAM_CPUS	0x40300008ul
#define PARAM_SKIP	0x4030000cul	/* scenarios to leave out: bit N = scenario N */
#define MAX_CPUS	17
#define RAM_LIMIT	0x44000000ul	/* -m 64M */
#define PSCI_CPU_ON	0xc4000003ul
#define PSCI_CPU_OFF	0x84000002ul

#define HCR_VM	(1ul << 0)
#define HCR_FMO	(1ul << 3)
#define HCR_IMO	(1ul << 4)
#define HCR_AMO	(1ul << 5)
#define HCR_TWI	(1ul << 13)
#define HCR_TWE	(1ul << 14)
#define HCR_TID3 (1ul << 18)
#define HCR_TSC	(1ul << 19)
#define HCR_TVM	(1ul << 26)
#define HCR_TGE	(1ul << 27)
#define HCR_TRVM (1ul << 30)
#define HCR_E2H	(1ul << 34)
#define HCR_NV	(1ul << 42)
#define HCR_NV1	(1ul << 43)
#define HCR_AT	(1ul << 44)
#define HCR_NV2	(1ul << 45)
#define HCR_NVBITS (HCR_NV | HCR_NV1 | HCR_NV2 | HCR_AT)
#define HCR_RANDOM (HCR_VM | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TWI | HCR_TWE | HCR_TID3 | HCR_TSC | \
		    HCR_TVM | HCR_TGE | HCR_TRVM | HCR_E2H | HCR_NVBITS)
/*
 * What vCPU 0's campaign (and the scribblers on its page) draw from: not the
 * interrupt routing bits, which send interrupts to a vEL2 that has no
 * interrupt controller set up (its L2 then spins on an interrupt nobody
 * takes), nor TSC. The victims draw from all of HCR_RANDOM.
 */
#define HCR_CAMPAIGN (HCR_RANDOM & ~(HCR_IMO | HCR_FMO | HCR_AMO | HCR_TSC))
/*
 * What the scribblers store in vCPU 0's HCR_EL2 slot while its invalid calls
 * are counted: TGE is left alone there, since a TGE of theirs that L0 takes
 * in at an exit of vCPU 0 at EL2 (as it must: a store to the page is a
 * write of the register) decides whether vCPU 0's next native ERET to EL0
 * is an illegal return, which vCPU 0 could not predict. The TGE storm comes
 * after the counted part.
 */
#define HCR_SCRIBBLE (HCR_CAMPAIGN & ~HCR_TGE)

#define SPSR_EL0t	0x3c0ul		/* DAIF masked */
#define SPSR_EL1h	0x3c5ul
#define SCTLR_EL1_OFF	0x30d00800ul	/* RES1 bits, MMU and caches off */

/* A PV call with a constant immediate: Rt = x0. */
#define PVW(row, v) do { register uint64_t x0_ asm("x0") = (v); \
	asm volatile("hvc %[i]" : "+r"(x0_) : [i] "i"(PV_IMM(row, 0, 1)) : "memory"); } while (0)
#define PVR(row) ({ register uint64_t x0_ asm("x0"); \
	asm volatile("hvc %[i]" : "=r"(x0_) : [i] "i"(PV_IMM(row, 0, 0)) : "memory"); x0_; })
#define PV_ERET() asm volatile("hvc %[i]" :: [i] "i"(PV_IMM(PVREG_ERET, 0, 0)) : "memory")
static inline void set_page(uint64_t va)
{
	register uint64_t x0 asm("x0") = va;

	asm volatile("hvc %[i]" : "+r"(x0) : [i] "i"(PV_CTRL_SET_PAGE(0)) : "memory");
}

extern char vectors1[], vectors2[], probe_el1_hvc[], probe_el0_mmio[];
extern uint32_t pv_any_slot[];
uint64_t pv_any(uint64_t x0);	/* runs the word main put in pv_any_slot */
int try(void (*fn)(uint64_t), uint64_t arg);
void eret_native(uint64_t elr, uint64_t spsr);
void sec_entry(void);

static uint64_t pages[MAX_CPUS + 2][PV_PAGE_SIZE / 8] __attribute__((aligned(PV_PAGE_SIZE)));
uint8_t sec_stacks[MAX_CPUS + 1][4096] __attribute__((aligned(16)));
static uint8_t el1_stack[4096] __attribute__((aligned(16)));
uint64_t jmpbufs[MAX_CPUS][16];

/* Per vCPU: what its vectors saw, what it predicts L0 refuses. */
static struct cpu {
	volatile uint64_t nexc, esr, vec, el1_exc, predicted, state, rng, boots;
	volatile int skip;	/* an UNDEF at vEL2 resumes after the call */
} cpus[MAX_CPUS];
static volatile uint64_t phase;	/* what vCPU 0 asks the others to do */
static uint64_t ncpus, hcr0, fails;
static const struct pv_proxy proxies[PV_NR_PROXIES] = { PV_PROXY_ROWS };
#define PV_PROXY_OFF	(proxies[0].off)

/* HCR_EL2's page slot: where a profile of the database sends it. */
static unsigned int mem_off(unsigned int row)
{
	unsigned int p, m;

	for (p = 0; p < PV_NR_PROFILES; p++)
		for (m = 0; m < PV_NR_MODES; m++)
			if (pv_rows[row].beh[p][m].action == PV_MEM)
				return pv_rows[row].beh[p][m].arg;
	return PV_PAGE_OFF_VNCR;
}

static unsigned int hcr_off(void) { return mem_off(PVREG_HCR_EL2); }

/* Instruction words change at run time: make the fetch see the store. */
static void patch(uint32_t *at, uint32_t insn)
{
	*(volatile uint32_t *)at = insn;
	asm volatile("dc cvau, %0; dsb ish; ic ivau, %0; dsb ish; isb" :: "r"(at) : "memory");
}

static unsigned int me(void)
{
	uint64_t v;

	asm volatile("mrs %0, tpidrro_el0" : "=r"(v));
	return v;
}

static uint64_t rnd(void)	/* xorshift64*, per vCPU */
{
	struct cpu *c = &cpus[me()];
	uint64_t r = c->rng;

	r ^= r >> 12;
	r ^= r << 25;
	r ^= r >> 27;
	c->rng = r;
	return r * 0x2545f4914f6cdd1dull;
}

/* The vectors (start.S): return where to resume, 0 to recover in try(). */
uint64_t on_exc(uint64_t vec, uint64_t esr, uint64_t elr, uint64_t spsr)
{
	struct cpu *c = &cpus[me()];

	(void)spsr;
	if (vec >> 8 == 1 && c->state == 1) {	/* a probe at vEL1: step over */
		c->el1_exc++;
		return elr + 4;
	}
	c->nexc++;
	c->esr = esr;
	c->vec = vec;
	if (c->skip && (vec & 0xff) == 4 && esr >> 26 == 0)	/* the UNDEF of a call */
		return elr + 4;
	return 0;
}

static void report(const char *name, int ok, const char *what, uint64_t v)
{
	puts_("PVNEST HOSTILE ");
	puts_(name);
	puts_(ok ? " ok " : " FAIL ");
	puts_(what);
	puts_(" ");
	putx(v);
	puts_("\n");
	fails += !ok;
}

/* Run CALL, which the ABI makes invalid here: did it get its UNDEF? */
#define EXPECT_UNDEF(call) ({ struct cpu *c_ = &cpus[me()]; uint64_t n_ = c_->nexc; \
	c_->skip = 1; call; c_->skip = 0; c_->predicted++; \
	c_->nexc == n_ + 1 && c_->esr >> 26 == 0; })
#define EXPECT_OK(call) ({ struct cpu *c_ = &cpus[me()]; uint64_t n_ = c_->nexc; \
	c_->skip = 1; call; c_->skip = 0; c_->nexc == n_; })

/*
 * The guest hypervisor's stage 2 for a probe entered with HCR_EL2.VM = 1:
 * identity, 1 GB blocks (4K granule, 32-bit IPA, start level 1), devices
 * below RAM. Without it an L2 runs on whatever VTTBR_EL2 points at and can
 * spin in garbage for ever (the guest's loss, but the campaign's end).
 */
static uint64_t s2[512] __attribute__((aligned(4096)));
#define VTCR_4K_32BIT	(32ul | 1ul << 6 | 1ul << 8 | 1ul << 10 | 3ul << 12 | 1ul << 31)
#define S2_BLOCK(pa, attr)	((pa) | (attr) << 2 | 3ul << 6 | 1ul << 10 | 1ul)

/*
 * The page slots of the registers enter_vel1() sets for a probe: a store
 * from another vCPU between those calls and the ERET would send the probe
 * into garbage that never comes back (HCR_EL2.HCD: no hvc back to vEL2).
 * The scribblers store HCR_EL2 within HCR_CAMPAIGN; the victims anywhere.
 */
static int lifeline(unsigned int slot)
{
	static const unsigned int rows[] = { PVREG_HCR_EL2, PVREG_VTTBR_EL2, PVREG_VTCR_EL2, PVREG_SCTLR_EL12,
					     PVREG_VBAR_EL12, PVREG_SP_EL1, PVREG_ELR_EL2, PVREG_SPSR_EL2 };
	unsigned int i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (slot == mem_off(rows[i]) / 8)
			return 1;
	return 0;
}

static void stage2_init(void)
{
	s2[0] = S2_BLOCK(0ul, 1ul);			/* Device-nGnRE */
	s2[1] = S2_BLOCK(0x40000000ul, 0xful) | 3ul << 8;	/* Normal WB, inner shareable */
}

/* vEL1 as the probes need it, then a return to (elr, spsr) by a PV ERET. */
static void enter_vel1(uint64_t hcr, uint64_t elr, uint64_t spsr)
{
	PVW(PVREG_VTCR_EL2, VTCR_4K_32BIT);
	PVW(PVREG_VTTBR_EL2, (uint64_t)s2 | 1ul << 48);
	PVW(PVREG_SCTLR_EL12, SCTLR_EL1_OFF);
	PVW(PVREG_VBAR_EL12, (uint64_t)vectors1);
	PVW(PVREG_SP_EL1, (uint64_t)el1_stack + sizeof(el1_stack));
	PVW(PVREG_ELR_EL2, elr);
	PVW(PVREG_SPSR_EL2, spsr);
	PVW(PVREG_HCR_EL2, hcr);
	cpus[me()].state = 1;
	PV_ERET();
}

static void restore(void)
{
	cpus[me()].state = 0;
	PVW(PVREG_HCR_EL2, hcr0);
}

static void go_vel1(uint64_t hcr) { enter_vel1(hcr, (uint64_t)probe_el1_hvc, SPSR_EL1h); }
static void go_el0(uint64_t hcr)
{
	PVW(PVREG_HCR_EL2, hcr);
	eret_native((uint64_t)probe_el0_mmio, SPSR_EL0t);
}

/*
 * 1. The TPIDR proxy across registration (finding 6). Rewritten code keeps
 * TPIDR_EL2 in hardware TPIDR_EL1 from its first instruction: SET_PAGE must
 * leave it there and make it TPIDR_EL2, fill the page slot (the guest's own
 * TPIDR_EL1), and carry the slot over to a second page.
 */
static void sc_proxy(void)
{
	uint64_t a = 0xa11ce000 + me(), c = 0xc0c00000 + me(), d = 0xd0d00000 + me(), t;

	asm volatile("msr tpidr_el1, %0" :: "r"(a));	/* a rewritten "msr tpidr_el2" */
	set_page((uint64_t)pages[0]);
	asm volatile("mrs %0, tpidr_el1" : "=r"(t));
	report("proxy-kept", t == a, "tpidr_el1 after SET_PAGE (want what it held)", t);
	t = PVR(PVREG_TPIDR_EL2);
	report("proxy-is-el2", t == a, "TPIDR_EL2 after SET_PAGE (want tpidr_el1)", t);
	report("page-magic", pages[0][0] == PV_PAGE_MAGIC, "magic", pages[0][0]);
	pages[0][PV_PROXY_OFF / 8] = c;
	PVW(PVREG_TPIDR_EL2, d);
	asm volatile("mrs %0, tpidr_el1" : "=r"(t));
	report("proxy-write", t == d && pages[0][PV_PROXY_OFF / 8] == c && PVR(PVREG_TPIDR_EL2) == d,
	       "tpidr_el1 after a TPIDR_EL2 call (want it, slot untouched)", t);
	set_page((uint64_t)pages[MAX_CPUS]);	/* a second page carries the slot over */
	asm volatile("mrs %0, tpidr_el1" : "=r"(t));
	report("proxy-moved", t == d && pages[MAX_CPUS][PV_PROXY_OFF / 8] == c, "tpidr_el1", t);
	set_page((uint64_t)pages[0]);
}

/* 2. SET_PAGE that must fail: unaligned, ROM, MMIO, outside RAM, by smc. */
static void sc_bad_pages(void)
{
	report("page-unaligned", EXPECT_UNDEF(set_page((uint64_t)pages[0] + 8)), "", 0);
	report("page-flash-ro", EXPECT_UNDEF(set_page(0)), "", 0);
	report("page-mmio", EXPECT_UNDEF(set_page(UART)), "", 0);
	report("page-outside-ram", EXPECT_UNDEF(set_page(RAM_LIMIT + 0x100000)), "", 0);
	report("page-by-smc", EXPECT_UNDEF(({ register uint64_t x0 asm("x0") = (uint64_t)pages[0];
		asm volatile("smc %[i]" : "+r"(x0) : [i] "i"(PV_CTRL_SET_PAGE(0)) : "memory"); })), "", 0);
}

/* 3. Calls from vEL1 with VM = 0 do what their instruction does at EL1 (finding 4). */
static volatile uint64_t vel1_el;
void vel1_calls(void)	/* runs at vEL1 */
{
	PVW(PVREG_VBAR_EL2, (uint64_t)vectors1);
	PVW(PVREG_HCR_EL2, ~0ul);
	PVW(PVREG_ELR_EL2, 0);
	PVW(PVREG_SPSR_EL2, 0);
	PVW(PVREG_ALLE2, 0);
	set_page((uint64_t)pages[MAX_CPUS + 1]);
	PV_ERET();
	vel1_el = PVR(PVREG_CURRENTEL);
	asm volatile("hvc #1");
}

static void go_vel1_calls(uint64_t unused)
{
	(void)unused;
	enter_vel1(hcr0 & ~(HCR_TGE | HCR_VM), (uint64_t)vel1_calls, SPSR_EL1h);
}

static void sc_vel1(void)
{
	struct cpu *c = &cpus[0];
	uint64_t e0 = c->el1_exc, vbar, back;

	back = try(go_vel1_calls, 0);
	restore();
	vbar = PVR(PVREG_VBAR_EL2);
	c->predicted += 7;
	report("vel1-back", back && (c->vec & 0xff) == 8 && c->esr >> 26 == 0x16, "vEL2 got the hvc, esr", c->esr);
	report("vel1-undefs", c->el1_exc - e0 == 7, "UNDEFs at vEL1 (want 7)", c->el1_exc - e0);
	report("vel1-vbar", vbar == (uint64_t)vectors2, "VBAR_EL2 after", vbar);
	report("vel1-currentel", vel1_el == 4, "CurrentEL at vEL1", vel1_el);
	report("vel1-page", pages[MAX_CPUS + 1][0] != PV_PAGE_MAGIC, "page registered from vEL1", pages[MAX_CPUS + 1][0]);
}

/* An L2 (vEL1, VM = 1) that makes a PV call: its own hvc, for vEL2. */
void l2_pvcall(void)
{
	PVW(PVREG_VBAR_EL2, (uint64_t)vectors1);
	for (;;)
		;
}

static void go_l2_pvcall(uint64_t hcr) { enter_vel1(hcr, (uint64_t)l2_pvcall, SPSR_EL1h); }

/* 4. NV bits for the guest hypervisor's guest on a host without NV (finding 1). */
static void sc_nv(void)
{
	struct cpu *c = &cpus[0];
	uint64_t hcr;
	int back = try(go_vel1, (hcr0 & ~(HCR_TGE | HCR_VM)) | HCR_NVBITS);

	hcr = PVR(PVREG_HCR_EL2);
	restore();
	report("nv-l2-entered", back && (c->vec & 0xff) == 8 && c->esr >> 26 == 0x16, "esr", c->esr);
	report("nv-bits-res0", !(hcr & HCR_NVBITS), "HCR_EL2 read back", hcr);
	back = try(go_l2_pvcall, (hcr0 & ~HCR_TGE) | HCR_VM);
	restore();
	hcr = PVR(PVREG_VBAR_EL2);
	report("l2-pvcall", back && (c->vec & 0xff) == 8 && c->esr == (0x16ul << 26 | 1ul << 25 |
	       PV_IMM(PVREG_VBAR_EL2, 0, 1)) && hcr == (uint64_t)vectors2, "forwarded to vEL2, esr", c->esr);
}

/* 5. A native ERET to EL0 that NV hardware would have trapped (finding 2). */
static void sc_native_eret(void)
{
	struct cpu *c = &cpus[0];
	int back = try(go_el0, hcr0 & ~HCR_TGE);

	restore();
	c->predicted++;
	report("eret-el0-tge0", back && (c->vec & 0xff) == 4 && c->esr >> 26 == 0x0e,
	       "illegal return at vEL2, esr", c->esr);
	back = try(go_el0, hcr0 | HCR_TGE);
	restore();
	report("eret-el0-host", back && (c->vec & 0xff) == 8 && c->esr >> 26 == 0x15, "svc from EL0, esr", c->esr);
}

static void cpu_on(unsigned int i)
{
	register uint64_t x0 asm("x0") = PSCI_CPU_ON, x1 asm("x1") = (i & 15) | (uint64_t)(i >> 4) << 8,
			 x2 asm("x2") = (uint64_t)sec_entry, x3 asm("x3") = i;

	/* SMCCC: the call returns in x0-x3 (KVM sets all four) */
	asm volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
}

static void wait_state(unsigned int i, uint64_t s, uint64_t secs)
{
	uint64_t end = ticks() + secs * tick_freq();

	while (cpus[i].state != s && ticks() < end)
		;
}

/*
 * The others. At their first start: vCPU 16 claims vCPU 0's page (what the
 * trampolines' Aff0 & 0xf pick), vCPUs 1 and 2 race for one page; every
 * vCPU registers its own. vCPU 1 then turns itself off with its page
 * registered and is started again (a reset). In phase 2 each scribbles on
 * vCPU 0's page (HCR_EL2 above all) while vCPU 0 runs its campaign; in
 * phase 3, after the counted part, they flip its TGE too (the TGE storm);
 * in phase 4 each turns into a victim.
 */
static volatile uint64_t race_won, race_go, race_done;
void sec_main(uint64_t i)
{
	struct cpu *c = &cpus[i];
	unsigned int hcr = hcr_off() / 8;

	asm volatile("msr tpidrro_el0, %0" :: "r"(i));
	PVW(PVREG_VBAR_EL2, (uint64_t)vectors2);
	c->rng = (cpus[0].rng ^ (i * 0x9e3779b97f4a7c15ull)) | 1;
	if (++c->boots == 1) {
		if (i == 16 || i == 1)
			report(i == 16 ? "alias-vcpu16" : "alias-vcpu1", EXPECT_UNDEF(set_page((uint64_t)pages[0])), "", 0);
		if ((i == 1 || i == 2) && ncpus > 2) {	/* at once: one wins, one gets an UNDEF */
			c->state = 5;
			while (!race_go)
				;
			if (EXPECT_OK(set_page((uint64_t)pages[MAX_CPUS])))
				race_won++;
			else
				c->predicted++;
			c->state = 6;
			while (!race_done)	/* the winner holds it until vCPU 0 has counted */
				;
		}
	}
	if (!EXPECT_OK(set_page((uint64_t)pages[i])))
		report("own-page", 0, "vcpu", i);
	c->state = 2;
	if (i == 1 && c->boots == 1) {
		register uint64_t x0 asm("x0") = PSCI_CPU_OFF;

		while (phase < 1)
			;
		c->state = 4;
		asm volatile("smc #0" : "+r"(x0) :: "memory");
	}
	while (phase < 4) {	/* scribble: HCR_EL2 above all */
		uint64_t r = rnd();

		if (phase < 2)
			continue;
		pages[0][hcr] = (hcr0 & ~HCR_RANDOM) | (r & (phase == 2 ? HCR_SCRIBBLE : HCR_CAMPAIGN));
		if (r >> 56 == 0) {	/* now and then any other slot */
			unsigned int slot = PV_PAGE_OFF_VNCR / 8 + rnd() % (PV_PAGE_SIZE / 8 - 4);

			if (!lifeline(slot))
				pages[0][slot] = rnd();
		}
	}
	c->state = 3;
	for (;;) {	/* victim: anything goes, then a return into it */
		uint64_t r = rnd();

		switch (r & 7) {
		case 0: PVW(PVREG_SCTLR_EL2, rnd()); break;
		case 1: PVW(PVREG_VBAR_EL2, rnd() & ~0x7ffull); break;
		case 2: PVW(PVREG_SP_EL1, rnd()); break;
		case 3: PVW(PVREG_HCR_EL2, (hcr0 & ~HCR_RANDOM) | (rnd() & HCR_RANDOM)); break;
		case 4: pages[i][PV_PAGE_OFF_VNCR / 8 + rnd() % (PV_PAGE_SIZE / 8 - 4)] = rnd(); break;
		case 5: eret_native(rnd() & ~3ull, rnd() & 0x3cf); break;
		case 6: PVW(PVREG_ELR_EL2, rnd()); PVW(PVREG_SPSR_EL2, rnd() & 0x3cf); PV_ERET(); break;
		case 7: asm volatile("mov x0, %0; msr spsel, #1; mov sp, x0; svc #0" :: "r"(rnd()) : "x0", "memory"); break;
		}
		c->nexc++;
	}
}

static void sc_smp(void)
{
	unsigned int i;

	for (i = 1; i < ncpus; i++) {
		cpu_on(i);
		wait_state(i, (i == 1 || i == 2) && ncpus > 2 ? 5 : 2, 30);
	}
	if (ncpus > 2) {
		race_go = 1;
		wait_state(1, 6, 30);
		wait_state(2, 6, 30);
		report("page-race", race_won == 1, "winners of one page (want 1)", race_won);
		race_done = 1;
	}
	for (i = 1; i < ncpus; i++) {
		wait_state(i, 2, 30);
		if (cpus[i].state != 2)
			report("secondary-up", 0, "vcpu", i);
	}
	if (ncpus < 2)
		return;
	phase = 1;	/* vCPU 1 goes off with its page registered */
	wait_state(1, 4, 30);
	settle();
	report("page-of-off-vcpu", EXPECT_UNDEF(set_page((uint64_t)pages[1])), "claimed until its reset", 0);
	cpus[1].state = 0;
	cpu_on(1);
	wait_state(1, 2, 30);
	report("psci-reset", cpus[1].state == 2 && cpus[1].boots == 2, "vCPU 1 registered its page again, boots",
	       cpus[1].boots);
}

/* The random campaign on vCPU 0, with the others scribbling on its page. */
static uint64_t campaign(uint64_t n)
{
	struct cpu *c = &cpus[0];
	uint64_t i, calls = 0;

	for (i = 0; i < n; i++) {
		uint64_t r = rnd(), hcr = (hcr0 & ~HCR_RANDOM) | (rnd() & HCR_CAMPAIGN);
		uint32_t row = rnd() % PV_NR_REGS;

		if (i % 100 == 0) {
			puts_("PVNEST HOSTILE campaign at ");
			putu(i);
			puts_(" a=");
			putu(r & 3);
			puts_(" hcr=");
			putx(hcr);
			puts_(" row=");
			putu(row);
			puts_("\n");
		}
		switch (r & 3) {
		case 0: try(go_vel1, hcr); break;
		case 1: try(go_el0, hcr); c->predicted += !(hcr & HCR_TGE); break;
		case 2: {	/* a random call, but not the registers this code stands on */
			const struct pv_reg *p = &pv_rows[row];
			int write = r >> 8 & 1;

			if (p->kind == PV_KIND_INSN || row == PVREG_VBAR_EL2 || row == PVREG_SCTLR_EL2 ||
			    row == PVREG_SP_EL1 || row == PVREG_HCR_EL2 || row == PVREG_TPIDR_EL2)
				break;
			c->predicted += pv_abi_invalid(row, write, 0, 0);
			patch(pv_any_slot, PV_HVC(PV_IMM(row, 0, write)));
			c->skip = 1;
			pv_any(rnd());
			c->skip = 0;
			break;
		}
		case 3: {	/* page stores, then into vEL1 with them */
			unsigned int k;

			for (k = 0; k < 8; k++)
				pages[0][PV_PAGE_OFF_VNCR / 8 + rnd() % (PV_PAGE_SIZE / 8 - 4)] = rnd();
			try(go_vel1, hcr);
			break;
		}
		}
		restore();
		calls++;
	}
	return calls;
}

int main(void)
{
	uint64_t n = r32(PARAM_ITERS) ? r32(PARAM_ITERS) : 300, seed = r32(PARAM_SEED), calls, pred, t0;
	unsigned int i;

	ncpus = r32(PARAM_CPUS) ? r32(PARAM_CPUS) : 1;
	if (ncpus > MAX_CPUS)
		ncpus = MAX_CPUS;
	asm volatile("msr tpidrro_el0, xzr");
	puts_("PVNEST BENCH UP\n");
	if (!seed)
		seed = ticks() & 0xffffffff;
	cpus[0].rng = seed * 2 + 1;
	stage2_init();
	PVW(PVREG_VBAR_EL2, (uint64_t)vectors2);
	hcr0 = PVR(PVREG_HCR_EL2);
	puts_("PVNEST HOSTILE start seed=");
	putu(seed);
	puts_(" cpus=");
	putu(ncpus);
	puts_(" iters=");
	putu(n);
	puts_(" hcr=");
	putx(hcr0);
	puts_("\n");
	window("BEGIN", "pvhostile", 120);
	t0 = ticks();
	{
		static void (*const sc[])(void) = { sc_proxy, sc_bad_pages, sc_vel1, sc_nv, sc_native_eret, sc_smp };
		uint32_t skip = r32(PARAM_SKIP);

		for (i = 0; i < sizeof(sc) / sizeof(sc[0]); i++)
			if (!(skip >> i & 1))
				sc[i]();
	}
	phase = 2;
	calls = campaign(n);
	pred = 0;
	for (i = 0; i < ncpus; i++)
		pred += cpus[i].predicted;
	t0 = ticks() - t0;
	window("END", "pvhostile", 120);
	puts_("PVNEST HOSTILE seed=");
	putu(seed);
	puts_(" cpus=");
	putu(ncpus);
	puts_(" campaign_calls=");
	putu(calls);
	puts_(" predicted_invalid=");
	putu(pred);
	puts_(" failed=");
	putu(fails);
	puts_("\n");
	result("pvhostile", calls, t0);
	if (ncpus > 1) {	/* the TGE storm: vCPU 0 at EL0 of vEL2's host context */
		uint64_t back = 0, k;

		phase = 3;
		for (k = 0; k < 50; k++) {
			try(go_el0, hcr0 | HCR_TGE);
			restore();
			back += (cpus[0].vec & 0xff) == 8 || ((cpus[0].vec & 0xff) == 4 && cpus[0].esr >> 26 == 0x0e);
		}
		report("tge-storm", back == 50, "returns from EL0 while others flip TGE in the page (of 50)", back);
	}
	phase = 4;	/* the victims: not counted, L0 must only survive them */
	for (i = 1; i < ncpus; i++)
		wait_state(i, 3, 10);
	t0 = ticks();
	while (ticks() - t0 < 3 * tick_freq())
		;
	puts_("PVNEST HOSTILE victims=");
	putu(ncpus - 1);
	puts_(" survived 3 s\n");
	puts_("PVNEST BENCH DONE\n");
	system_off();
	return 0;
}
