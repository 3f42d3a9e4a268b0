// Hostile guest hypervisor: entry, secondary entry, exception vectors and
// the try/recover pair the scenarios stand on (main.c). QEMU -kernel enters
// _start at virtual EL2 with the MMU off; PSCI CPU_ON enters secondaries at
// sec_entry with their index in x0. On a PV-mode L0 all of this runs at
// physical EL1, so the vectors read the EL1 registers and return natively.
	.section .text.start, "ax"
	.globl	_start
_start:
	ldr	x1, =stack_top
	mov	sp, x1
	bl	main
1:	wfi
	b	1b

	.globl	sec_entry
sec_entry:
	ldr	x1, =sec_stacks
	add	x2, x0, #1
	lsl	x2, x2, #12		// 4 KiB per vCPU
	add	x1, x1, x2
	mov	sp, x1
	bl	sec_main
1:	wfi
	b	1b

// try(fn, arg): run fn(arg); returns 0 when fn returns, or 1 when an
// exception the handler does not resume from (on_exc returned 0) comes
// back here through recover. One jump buffer per vCPU (index in TPIDRRO_EL0).
	.globl	try
try:
	mrs	x9, tpidrro_el0
	ldr	x10, =jmpbufs
	add	x10, x10, x9, lsl #7	// 128 bytes each
	stp	x19, x20, [x10, #0]
	stp	x21, x22, [x10, #16]
	stp	x23, x24, [x10, #32]
	stp	x25, x26, [x10, #48]
	stp	x27, x28, [x10, #64]
	stp	x29, x30, [x10, #80]
	mov	x11, sp
	str	x11, [x10, #96]
	mov	x9, x0
	mov	x0, x1
	blr	x9
	mov	x0, #0
	mrs	x9, tpidrro_el0
	ldr	x10, =jmpbufs
	add	x10, x10, x9, lsl #7
	ldp	x29, x30, [x10, #80]
	ret

recover:
	mrs	x9, tpidrro_el0
	ldr	x10, =jmpbufs
	add	x10, x10, x9, lsl #7
	ldp	x19, x20, [x10, #0]
	ldp	x21, x22, [x10, #16]
	ldp	x23, x24, [x10, #32]
	ldp	x25, x26, [x10, #48]
	ldp	x27, x28, [x10, #64]
	ldp	x29, x30, [x10, #80]
	ldr	x11, [x10, #96]
	mov	sp, x11
	mov	x0, #1
	ret

// x0..x29 to or from the frame at sp
	.macro	regs op
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29
	\op	x\n, [sp, #(\n * 8)]
	.endr
	.endm

// One vector: frame, then on_exc(level << 8 | vector, esr, elr, spsr),
// which returns where to resume (0: recover at vEL2). The return is a
// native ERET to physical EL1 (the vCPU's vEL2, or vEL1 for table 1).
	.macro	vec level, n
	.balign	0x80
	sub	sp, sp, #256
	str	x30, [sp, #240]
	b	common_\level\()_\n
	.endm

	.macro	common level, n
common_\level\()_\n:
	regs	str
	mov	x0, #((\level << 8) | \n)
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	bl	on_exc
	cbz	x0, 2f
	msr	elr_el1, x0
	mrs	x1, spsr_el1
	bic	x1, x1, #(1 << 20)	// PSTATE.IL: an illegal return is not repeated
	and	x2, x1, #0xc		// an exception L0 injected at vEL2 records
	cmp	x2, #0x8		// EL2 (NV hardware would): natively, this is
	b.ne	1f			// physical EL1
	sub	x1, x1, #4
1:	msr	spsr_el1, x1
	regs	ldr
	ldr	x30, [sp, #240]
	add	sp, sp, #256
	eret
2:	add	sp, sp, #256
	b	recover
	.endm

	.macro	table level
	.balign	0x800
	.globl	vectors\level
vectors\level:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vec	\level, \n
	.endr
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	common	\level, \n
	.endr
	.endm

	table	2		// virtual EL2 (VBAR_EL2)
	table	1		// virtual EL1 of the probes (VBAR_EL12)

// Probes: code the scenarios return to at a lower level.
	.globl	probe_el1_hvc
probe_el1_hvc:			// vEL1: back to vEL2 by a plain hvc (forwarded)
	hvc	#1
	b	probe_el1_hvc

	.globl	probe_el0_mmio
probe_el0_mmio:			// EL0: an MMIO read (GICD_CTLR: an exit), then svc
	mov	x1, #0x08000000
	ldr	w0, [x1]
	svc	#0
	b	probe_el0_mmio

	.globl	pv_any
pv_any:				// pv_any(x0): the call main patched in, Rt = x0
	.globl	pv_any_slot
pv_any_slot:
	nop
	ret

	.globl	eret_native
eret_native:			// eret_native(elr, spsr): a native ERET
	msr	elr_el1, x0
	msr	spsr_el1, x1
	isb
	eret
