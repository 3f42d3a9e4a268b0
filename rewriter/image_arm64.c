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

void arm64_image_load(struct image *img, const struct options *o)
{
	uint64_t image_size, flags;

	if (img->size < 0x10000)
		die("%s: truncated arm64 Image (%zu bytes)", img->path, img->size);
	image_size = rd64(img->buf + 0x10);
	flags = rd64(img->buf + 0x18);
	if (flags & 1)
		die("%s: big-endian arm64 Image is not supported", img->path);
	if (image_size && image_size < img->size - 4096)
		die("%s: header image_size %#llx is smaller than the file (%#zx): corrupt or not a kernel Image",
		    img->path, (unsigned long long)image_size, img->size);
	img->fmt = FMT_ARM64_IMAGE;
	img->base = DEFAULT_BASE;
	img->segs = xcalloc(1, sizeof(*img->segs));
	img->nsegs = 1;
	image_find_version(img);
	if (o->sysmap)
		sysmap_load(img, o->sysmap);
	else if (!kallsyms_load(img))
		die("%s: no kallsyms table found; pass --system-map FILE (or the vmlinux)", img->path);
	symtab_finish(&img->st);
	img->segs[0] = (struct segment){ .addr = img->base, .foff = 0, .filesz = img->size };
	layout_kernel(img, o);
	/* The Image grows into BSS: everything past the file must be below image_size. */
	if (img->area_pages && img->area_addr + img->area_pages * 4096 > img->base + image_size)
		die("%s: symbol _end lies beyond image_size: symbols do not match this Image", img->path);
}
