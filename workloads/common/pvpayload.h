/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the single-vCPU payloads at virtual EL2 (pvfuzz, pvvalues) share
 * with their entry (pvfuzz/start.S): the seeded generator, instruction
 * words patched at run time into the call slot, and the vectors' C side,
 * which takes an exception at the slot as the access's answer and any
 * other one as the payload's own bug.
 */
#ifndef PVNEST_PVPAYLOAD_H
#define PVNEST_PVPAYLOAD_H

#include "baremetal.h"

extern uint32_t pv_slot[], eret_slot[];
extern char vectors[];
void fuzz_stub(uint64_t *vals);

static uint64_t rng;
static inline uint64_t rnd(void)	/* xorshift64* */
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

/* Instruction words change at run time: make the fetch see the store. */
static inline void patch(uint32_t *at, uint32_t insn)
{
	*(volatile uint32_t *)at = insn;
	asm volatile("dc cvau, %0; dsb ish; ic ivau, %0; dsb ish; isb" :: "r"(at) : "memory");
}

/* Register names: the payloads pick rows of the database by name. */
static inline int has_prefix(const char *s, const char *p)
{
	while (*p)
		if (*s++ != *p++)
			return 0;
	return 1;
}

/* What the exception vectors saw, for the access in progress. */
static volatile uint64_t exceptions, last_esr;

#define PAYLOAD_VECTORS(name)								\
uint64_t on_sync(uint64_t esr, uint64_t elr)						\
{											\
	if (elr != (uint64_t)pv_slot) {							\
		puts_("PVNEST ERROR " name ": exception outside the call slot esr=");	\
		putx(esr);								\
		puts_(" elr=");								\
		putx(elr);								\
		puts_("\n");								\
		for (;;)								\
			asm volatile("wfi");						\
	}										\
	exceptions++;									\
	last_esr = esr;									\
	return elr + 4;									\
}											\
void on_bad(uint64_t esr, uint64_t elr)							\
{											\
	puts_("PVNEST ERROR " name ": unexpected exception esr=");			\
	putx(esr);									\
	puts_(" elr=");									\
	putx(elr);									\
	puts_("\n");									\
}

#endif
