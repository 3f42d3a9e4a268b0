// PV-call fuzzer entry. QEMU -kernel enters _start at (virtual) EL2 with the
// MMU off. On a PV-mode L0 the CPU runs this at EL1 without any NV bit, so,
// like a rewritten guest hypervisor, the fuzzer reaches EL2 state through PV
// calls only; its own ERETs are PV calls too (eret_slot, filled in by main).
	.section .text.start, "ax"
	.globl	_start
_start:
	ldr	x1, =stack_top
	mov	sp, x1
	bl	main
1:	wfi
	b	1b

// x0..x29 from or to BASE[0..29] (OP: ldr or str)
	.macro	regs op, base
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29
	\op	x\n, [\base, #(\n * 8)]
	.endr
	.endm

// fuzz_stub(vals): load x0..x30 from vals[0..30], run the call in pv_slot,
// store x0..x30 back into vals (what a read returned), keep the C state.
	.globl	fuzz_stub
fuzz_stub:
	stp	x19, x20, [sp, #-96]!
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	str	x0, [sp, #-16]!
	mov	x30, x0
	regs	ldr, x30
	ldr	x30, [x30, #240]
	.globl	pv_slot
pv_slot:
	nop				// the call under test (main patches it)
	str	x30, [sp, #8]
	ldr	x30, [sp]
	regs	str, x30
	ldr	x0, [sp, #8]
	str	x0, [x30, #240]
	add	sp, sp, #16
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	ldp	x19, x20, [sp], #96
	ret

// Exceptions taken at virtual EL2. A synchronous one (the UNDEF an invalid
// call must get) goes to on_sync(esr, elr), which returns where to resume;
// the return is made at EL2: v8.0 hardware recorded EL1 in SPSR.M.
	.macro	vec handler
	.balign	0x80
	b	\handler
	.endm
	.balign	0x800
	.globl	vectors
vectors:
	.rept	4
	vec	bad_entry
	.endr
	vec	sync_entry		// current EL, SPx: synchronous
	.rept	11
	vec	bad_entry
	.endr

sync_entry:
	sub	sp, sp, #256
	regs	str, sp
	str	x30, [sp, #240]
	mrs	x0, esr_el1		// the vEL2 ESR/ELR/SPSR live in the EL1 registers
	mrs	x1, elr_el1
	bl	on_sync
	msr	elr_el1, x0
	mrs	x1, spsr_el1
	bic	x1, x1, #0xf
	mov	x2, #0x9		// EL2h
	orr	x1, x1, x2
	msr	spsr_el1, x1
	regs	ldr, sp
	ldr	x30, [sp, #240]
	add	sp, sp, #256
	.globl	eret_slot
eret_slot:
	eret				// main makes it the PV call for ERET

bad_entry:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	bl	on_bad
1:	wfi
	b	1b
