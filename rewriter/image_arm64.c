// SPDX-License-Identifier: GPL-2.0
/* Raw arm64 kernel Image (Documentation/arch/arm64/booting.rst): a 64-byte
 * header, then the kernel exactly as linked from _text on. */
#include "image_arm64.h"
#include "kallsyms.h"
#include "layout.h"
#include "sysmap.h"
#include "util.h"

#define ARM64_MAGIC	0x644d5241u	/* "ARM\x64" at 0x38 */
#define DEFAULT_BASE	0xffff800080000000ull	/* KIMAGE_VADDR, 48-bit VA, Linux >= 6.5 */

bool arm64_image_probe(const uint8_t *buf, size_t size)
{
	return size >= 64 && rd32(buf + 0x38) == ARM64_MAGIC;
}

/*
 * An EFI-stub Image is also a PE file (arch/arm64/kernel/efi-header.S):
 * its section table says which bytes execute and where the file data ends.
 * Records the executable sections and returns the end of the last section's
 * file data, or 0 when there is no PE header (then the whole file counts
 * as executable). image_size cannot tell the end: it counts BSS.
 */
#define PE_SCN_MEM_EXECUTE	0x20000000u

static size_t pe_sections(struct image *img)
{
	size_t pe, sec, i, n, end = 0;

	if (img->buf[0] != 'M' || img->buf[1] != 'Z')
		return 0;
	pe = rd32(img->buf + 0x3c);
	if (pe > 0x1000 || rd32(img->buf + pe) != 0x4550)	/* "PE\0\0" */
		return 0;
	n = rd16(img->buf + pe + 6);
	sec = pe + 24 + rd16(img->buf + pe + 20);
	for (i = 0; i < n && sec + 40 * (i + 1) <= 0x10000; i++) {
		const uint8_t *sh = img->buf + sec + 40 * i;
		size_t raw = rd32(sh + 20), rawsz = rd32(sh + 16);

		if (raw + rawsz > end)
			end = raw + rawsz;
		if (rd32(sh + 36) & PE_SCN_MEM_EXECUTE)
			image_add_exec(img, raw, rawsz);
	}
	return end;
}

void arm64_image_load(struct image *img, const struct options *o)
{
	uint64_t image_size, flags;
	size_t pe_end;
	const char *why;

	if (img->size < 0x10000)
		die("%s: truncated arm64 Image (%zu bytes)", img->path, img->size);
	image_size = rd64(img->buf + 0x10);
	flags = rd64(img->buf + 0x18);
	if (flags & 1)
		die("%s: big-endian arm64 Image is not supported", img->path);
	if (image_size && image_size < img->size - 4096)
		die("%s: header image_size %#llx is smaller than the file (%#zx): corrupt or not a kernel Image",
		    img->path, (unsigned long long)image_size, img->size);
	pe_end = pe_sections(img);
	if (pe_end > img->size)
		die("%s: truncated arm64 Image: its PE header says %#zx bytes, the file has %#zx", img->path, pe_end,
		    img->size);
	if (!img->nexec)
		image_add_exec(img, 0, img->size);
	img->fmt = FMT_ARM64_IMAGE;
	img->base = DEFAULT_BASE;
	img->segs = xcalloc(1, sizeof(*img->segs));
	img->nsegs = 1;
	image_find_version(img);
	if (o->sysmap)
		sysmap_load(img, o->sysmap);
	else if (!kallsyms_load(img, &why))
		die("%s: no usable kallsyms table: %s; pass --system-map FILE (or the vmlinux)", img->path, why);
	symtab_finish(&img->st);
	img->segs[0] = (struct segment){ .addr = img->base, .foff = 0, .filesz = img->size };
	layout_kernel(img, o);
	/* The Image grows into BSS: everything past the file must be below image_size. */
	if (img->area_pages && img->area_addr + img->area_pages * 4096 > img->base + image_size)
		die("%s: symbol _end lies beyond image_size: symbols do not match this Image", img->path);
}
