// A miniature arm64 alternatives table: the per-CPU offset pattern that a
// VHE kernel patches at boot (tpidr_el1 -> tpidr_el2), and a replacement
// that holds a VNCR-redirected register (no trampoline possible there).
	.text
	.globl	percpu_orig, hcr_orig, percpu_repl, hcr_repl
percpu_orig:
	mrs	x0, tpidr_el1
hcr_orig:
	mrs	x1, hcr_el2
	ret

	.subsection 1
percpu_repl:
	mrs	x0, tpidr_el2
hcr_repl:
	mrs	x1, hcr_el2
	.previous

	.section .altinstructions, "a"
	.word	percpu_orig - .
	.word	percpu_repl - .
	.hword	5
	.byte	4, 4
	.word	hcr_orig - .
	.word	hcr_repl - .
	.hword	6
	.byte	4, 4
