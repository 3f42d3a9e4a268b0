// SPDX-License-Identifier: GPL-2.0
/*
 * Nested-virtualization micro-benchmarks, run bare-metal as the innermost
 * guest (after the NEVE paper and kvm-unit-tests' arm micro-bench). Each one
 * repeats one operation and reports CNTVCT ticks per operation:
 *   hvc         PSCI_VERSION hypercall, handled by the guest hypervisor's kernel
 *   mmio-kernel read of the GIC distributor (GICD_IIDR), emulated in-kernel
 *   mmio-user   read of the PL011 flag register, emulated by the VMM in user space
 *   eoi         write of ICC_EOIR1_EL1 (spurious INTID: the virtual EOI path)
 *   ipi         SGI from CPU 0 to CPU 1 and back (virtual IPI round trip)
 * Output lines: "PVNEST RESULT bench=NAME iters=N ticks=T freq=F".
 */
#include "baremetal.h"

#define GICD		0x08000000ul
#define GICR		0x080a0000ul	/* redistributor of CPU 0; 0x20000 per CPU */
#define PSCI_VERSION	0x84000000ul
#define PSCI_CPU_ON	0xc4000003ul
#define DEFAULT_ITERS	1000

static uint64_t smc_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 asm("x0") = fn, x1 asm("x1") = a1, x2 asm("x2") = a2, x3 asm("x3") = a3;

	asm volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
	return x0;
}

static void begin(const char *name)
{
	marker("BEGIN", name);
	settle();
}

/* The end marker outside the measured loop, then the result. */
static void end(const char *name, uint64_t iters, uint64_t t)
{
	settle();
	marker("END", name);
	result(name, iters, t);
}

/* GIC CPU interface of the calling CPU: system registers, group 1 on. */
static void gic_cpu_init(int cpu)
{
	uintptr_t rd = GICR + 0x20000ul * cpu, sgi = rd + 0x10000;
	uint64_t v;

	w32(rd + 0x14, r32(rd + 0x14) & ~(1u << 1));	/* GICR_WAKER.ProcessorSleep */
	while (r32(rd + 0x14) & (1u << 2))		/* ChildrenAsleep */
		;
	w32(sgi + 0x80, 0xffffffff);			/* GICR_IGROUPR0: group 1 */
	w32(sgi + 0x100, 1);				/* GICR_ISENABLER0: SGI 0 */
	asm volatile("mrs %0, S3_0_C12_C12_5" : "=r"(v));	/* ICC_SRE_EL1 */
	asm volatile("msr S3_0_C12_C12_5, %0; isb" :: "r"(v | 1));
	asm volatile("msr S3_0_C4_C6_0, %0" :: "r"(0xfful));	/* ICC_PMR_EL1 */
	asm volatile("msr S3_0_C12_C12_7, %0; isb" :: "r"(1ul));	/* ICC_IGRPEN1_EL1 */
}

static volatile uint64_t ipi_seen;
static volatile int cpu1_ready;

void irq_handler(void)
{
	uint64_t iar;

	asm volatile("mrs %0, S3_0_C12_C12_0" : "=r"(iar));	/* ICC_IAR1_EL1 */
	if ((iar & 0xffffff) < 1020)
		ipi_seen++;
	asm volatile("msr S3_0_C12_C12_1, %0; isb" :: "r"(iar));	/* ICC_EOIR1_EL1 */
}

void secondary_main(void)
{
	gic_cpu_init(1);
	cpu1_ready = 1;
	asm volatile("msr daifclr, #2" ::: "memory");
	for (;;)
		asm volatile("wfi");
}

void report_bad_exception(uint64_t esr, uint64_t elr)
{
	puts_("PVNEST ERROR unexpected exception esr=");
	putu(esr);
	puts_(" elr=");
	putu(elr);
	puts_("\n");
}

extern char secondary_entry[], stack1_top[];

int main(void)
{
	uint64_t t, i, ITERS = r32(PARAM_ITERS) ? r32(PARAM_ITERS) : DEFAULT_ITERS;
	volatile uint32_t sink;

	puts_("PVNEST BENCH UP\n");
	w32(GICD, (1u << 4) | (1u << 1));	/* GICD_CTLR: ARE, EnableGrp1NS */
	gic_cpu_init(0);

	begin("hvc");
	t = ticks();
	for (i = 0; i < ITERS; i++)
		smc_hvc(PSCI_VERSION, 0, 0, 0);
	end("hvc", ITERS, ticks() - t);

	begin("mmio-kernel");
	t = ticks();
	for (i = 0; i < ITERS; i++)
		sink = r32(GICD + 0x08);	/* GICD_IIDR */
	end("mmio-kernel", ITERS, ticks() - t);

	begin("mmio-user");
	t = ticks();
	for (i = 0; i < ITERS; i++)
		sink = r32(UART + 0x18);	/* UARTFR */
	end("mmio-user", ITERS, ticks() - t);

	begin("eoi");
	t = ticks();
	for (i = 0; i < ITERS; i++)
		asm volatile("msr S3_0_C12_C12_1, %0" :: "r"(1023ul));	/* ICC_EOIR1_EL1 */
	asm volatile("isb");
	end("eoi", ITERS, ticks() - t);

	/* Virtual IPI: CPU 1 comes up through PSCI and counts SGIs. */
	if (smc_hvc(PSCI_CPU_ON, 1, (uint64_t)secondary_entry, (uint64_t)stack1_top) == 0) {
		while (!cpu1_ready)
			;
		begin("ipi");
		t = ticks();
		for (i = 0; i < ITERS; i++) {
			uint64_t want = ipi_seen + 1;

			asm volatile("msr S3_0_C12_C11_5, %0; isb" :: "r"(1ul << 1));	/* ICC_SGI1R_EL1: SGI 0 -> CPU 1 */
			while (ipi_seen < want)
				;
		}
		end("ipi", ITERS, ticks() - t);
	} else {
		puts_("PVNEST SKIP bench=ipi reason=no-second-cpu\n");
	}
	(void)sink;
	puts_("PVNEST BENCH DONE\n");
	/* PSCI SYSTEM_OFF: the guest hypervisor's VMM exits. */
	smc_hvc(0x84000008ul, 0, 0, 0);
	return 0;
}
