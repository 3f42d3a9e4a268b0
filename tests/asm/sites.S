// One sensitive instruction per label; tests/expect/sites.txt says what each
// profile and mode must do with it. Assembled for ET_REL (.o) and linked
// into a kernel-like executable (tests/asm/kernel.lds).
	.text
	.globl	_stext
_stext:
	.macro site name, insn:vararg
	.globl	\name
\name:	\insn
	.endm

	site hcr_r,		mrs x0, hcr_el2
	site vttbr_w,		msr vttbr_el2, x1
	site elr2_r,		mrs x2, elr_el2
	site sctlr2_w,		msr sctlr_el2, x3
	site sctlr12_r,		mrs x4, sctlr_el12
	site cntvctl02_w,	msr cntv_ctl_el02, x5
	site sctlr1_r,		mrs x6, sctlr_el1
	site vbar1_w,		msr vbar_el1, x7
	site curel_r,		mrs x8, currentel
	site tlbi_alle2,	tlbi alle2
	site tlbi_vmalle1is,	tlbi vmalle1is
	site at_s1e2r,		at s1e2r, x9
	site at_s1e1r,		at s1e1r, x10
	site tpidr2_r,		mrs x11, tpidr_el2
	site tpidr1_w,		msr tpidr_el1, x12
	site ichlr3_w,		msr ich_lr3_el2, x13
	site ichmisr_r,		mrs x14, ich_misr_el2
	site hcr_r16,		mrs x16, hcr_el2
	site hcr_w30,		msr hcr_el2, x30
	site mdscr_r,		mrs x15, mdscr_el1
	site hvc0,		hvc #0
	site hvcxen,		hvc #0xea1
	site smc0,		smc #0
	site eret_,		eret
	site mpidr_r,		mrs x0, mpidr_el1
	ret

	.section .hyp.text, "ax"
	site hyp_hcr_r,		mrs x0, hcr_el2
	site hyp_vbar1_r,	mrs x1, vbar_el1
	site hyp_elr1_r,	mrs x2, elr_el1
	site hyp_curel,		mrs x3, currentel
	site hyp_eret,		eret
	ret
