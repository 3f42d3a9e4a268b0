/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every bare-metal payload of the testbed needs on QEMU virt with the
 * MMU off: the PL011 console, the virtual counter, the parameter block the
 * driver fills with QEMU's generic loader, and the run markers the levels
 * above follow ("PVNEST BEGIN/END/RESULT ...", testbed/init.sh).
 */
#ifndef PVNEST_BAREMETAL_H
#define PVNEST_BAREMETAL_H

#include <stdint.h>

#define UART		0x09000000ul	/* PL011 */
/* Parameters: -device loader,addr=PARAM_ITERS,data=N,data-len=4 (0: default). */
#define PARAM_ITERS	0x40300000ul
#define PARAM_SEED	0x40300004ul

static inline void w32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint32_t r32(uintptr_t a) { return *(volatile uint32_t *)a; }

static inline uint64_t ticks(void)
{
	uint64_t v;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v) :: "memory");
	return v;
}

static inline uint64_t tick_freq(void)
{
	uint64_t f;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
}

static inline void putc_(char c)
{
	while (r32(UART + 0x18) & (1 << 5))	/* TXFF */
		;
	w32(UART, c);
}

static inline void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static inline void putu(uint64_t v)
{
	char b[24];
	int i = 0;

	do
		b[i++] = '0' + v % 10;
	while ((v /= 10));
	while (i)
		putc_(b[--i]);
}

static inline void putx(uint64_t v)
{
	int i;

	puts_("0x");
	for (i = 60; i >= 0; i -= 4)
		putc_("0123456789abcdef"[(v >> i) & 15]);
}

/* Give the level that follows this console time to react to a marker (it
 * sees the line only after it has crossed every level's console). */
static inline void settle(void)
{
	uint64_t f = tick_freq(), t0 = ticks();

	while (ticks() - t0 < f)	/* 1 s of guest time (200 ms was too little under load) */
		;
}

static inline void marker(const char *what, const char *name)
{
	puts_("PVNEST ");
	puts_(what);
	puts_(" bench=");
	puts_(name);
	puts_("\n");
}

/* PSCI SYSTEM_OFF from (virtual) EL2: smc #0, not a PV call (imm[15] = 0),
 * goes to L0's firmware emulation; an hvc at EL2 would come back to EL2. */
static inline void system_off(void)
{
	register uint64_t x0 asm("x0") = 0x84000008ul;

	asm volatile("smc #0" : "+r"(x0) :: "memory");
}

/*
 * A window edge the level running this payload acknowledges: the marker, then
 * a byte on the console's input, which testbed/init.sh sends once it has
 * paused the vCPUs and reset or read L0's counters. A fixed wait was not
 * enough: on 17 vCPUs the reset sometimes came after counted calls. Returns
 * when the byte came; if none came in SECS seconds, it says so and powers off.
 */
static inline void window(const char *what, const char *name, unsigned int secs)
{
	uint64_t f = tick_freq(), t0;

	marker(what, name);
	w32(UART + 0x30, 0x301);	/* UARTCR: UARTEN, TXE, RXE (no input without them) */
	t0 = ticks();
	while (r32(UART + 0x18) & (1 << 4))	/* UARTFR.RXFE */
		if (ticks() - t0 > secs * f) {
			puts_("PVNEST ERROR no acknowledgement of the ");
			puts_(what);
			puts_(" marker on the console\n");
			system_off();
		}
	(void)r32(UART);
}

static inline void result(const char *name, uint64_t iters, uint64_t t)
{
	puts_("PVNEST RESULT bench=");
	puts_(name);
	puts_(" iters=");
	putu(iters);
	puts_(" ticks=");
	putu(t);
	puts_(" freq=");
	putu(tick_freq());
	puts_("\n");
}

#endif
