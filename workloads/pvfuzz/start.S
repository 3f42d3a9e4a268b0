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
	ldp	x0, x1, [x30, #0]
	ldp	x2, x3, [x30, #16]
	ldp	x4, x5, [x30, #32]
	ldp	x6, x7, [x30, #48]
	ldp	x8, x9, [x30, #64]
	ldp	x10, x11, [x30, #80]
	ldp	x12, x13, [x30, #96]
	ldp	x14, x15, [x30, #112]
	ldp	x16, x17, [x30, #128]
	ldp	x18, x19, [x30, #144]
	ldp	x20, x21, [x30, #160]
	ldp	x22, x23, [x30, #176]
	ldp	x24, x25, [x30, #192]
	ldp	x26, x27, [x30, #208]
	ldp	x28, x29, [x30, #224]
	ldr	x30, [x30, #240]
	.globl	pv_slot
pv_slot:
	nop				// the call under test (main patches it)
	str	x30, [sp, #8]
	ldr	x30, [sp]
	stp	x0, x1, [x30, #0]
	stp	x2, x3, [x30, #16]
	stp	x4, x5, [x30, #32]
	stp	x6, x7, [x30, #48]
	stp	x8, x9, [x30, #64]
	stp	x10, x11, [x30, #80]
	stp	x12, x13, [x30, #96]
	stp	x14, x15, [x30, #112]
	stp	x16, x17, [x30, #128]
	stp	x18, x19, [x30, #144]
	stp	x20, x21, [x30, #160]
	stp	x22, x23, [x30, #176]
	stp	x24, x25, [x30, #192]
	stp	x26, x27, [x30, #208]
	stp	x28, x29, [x30, #224]
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
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
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
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
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
