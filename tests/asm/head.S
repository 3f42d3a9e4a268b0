// arm64 Image header (Documentation/arch/arm64/booting.rst) for the
// kernel-like test image: objcopy -O binary of the linked ELF is an Image.
	.section .head.text, "ax"
	.globl	_text
_text:
	nop				// code0
	b	_stext			// code1
	.quad	0			// text_offset
	.quad	_end - _text		// image_size
	.quad	0xa			// flags: LE, 4K pages
	.quad	0, 0, 0			// res2-4
	.ascii	"ARM\x64"		// magic
	.long	0			// res5
