// Bare-metal entry for the micro-benchmarks: QEMU -kernel loads this ELF and
// enters _start at EL1 with the MMU off. Secondary CPUs (PSCI CPU_ON) enter
// at secondary_entry with their stack top in x0.
	.section .text.start, "ax"
	.globl	_start
_start:
	ldr	x1, =stack_top
	mov	sp, x1
	ldr	x1, =vectors
	msr	vbar_el1, x1
	isb
	bl	main
1:	wfi
	b	1b

	.globl	secondary_entry
secondary_entry:
	mov	sp, x0
	ldr	x1, =vectors
	msr	vbar_el1, x1
	isb
	bl	secondary_main
1:	wfi
	b	1b

// Exceptions: IRQs go to irq_handler (virtual IPI benchmark); anything else
// is a bug in the benchmark and is reported with its syndrome.
	.macro	vec handler
	.balign	0x80
	b	\handler
	.endm
	.balign	0x800
vectors:
	.rept	4
	vec	bad_exception
	.endr
	vec	bad_exception		// current EL, SP_EL1: sync
	vec	irq_entry		// current EL, SP_EL1: IRQ
	vec	bad_exception
	vec	bad_exception
	.rept	8
	vec	bad_exception
	.endr

irq_entry:
	stp	x29, x30, [sp, #-16]!
	stp	x0, x1, [sp, #-16]!
	stp	x2, x3, [sp, #-16]!
	stp	x4, x5, [sp, #-16]!
	stp	x6, x7, [sp, #-16]!
	stp	x8, x9, [sp, #-16]!
	stp	x10, x11, [sp, #-16]!
	stp	x12, x13, [sp, #-16]!
	stp	x14, x15, [sp, #-16]!
	stp	x16, x17, [sp, #-16]!
	stp	x18, x19, [sp, #-16]!
	bl	irq_handler
	ldp	x18, x19, [sp], #16
	ldp	x16, x17, [sp], #16
	ldp	x14, x15, [sp], #16
	ldp	x12, x13, [sp], #16
	ldp	x10, x11, [sp], #16
	ldp	x8, x9, [sp], #16
	ldp	x6, x7, [sp], #16
	ldp	x4, x5, [sp], #16
	ldp	x2, x3, [sp], #16
	ldp	x0, x1, [sp], #16
	ldp	x29, x30, [sp], #16
	eret

bad_exception:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	bl	report_bad_exception
1:	wfi
	b	1b
