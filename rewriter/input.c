// SPDX-License-Identifier: GPL-2.0
/* Input detection: which format reader gets the file. */
#include <string.h>

#include "elf_in.h"
#include "image_arm64.h"
#include "input.h"
#include "util.h"

void image_load(struct image *img, const char *path, const struct options *o)
{
	img->path = path;
	img->buf = read_file(path, &img->size);
	image_parse(img, o);
}

void image_parse(struct image *img, const struct options *o)
{
	const char *path = img->path;

	if (img->size < 4)
		die("%s: empty or truncated input (%zu bytes)", path, img->size);
	if (elf_probe(img->buf, img->size))
		elf_load(img, o);
	else if (arm64_image_probe(img->buf, img->size))
		arm64_image_load(img, o);
	else if (img->buf[0] == 0x1f && img->buf[1] == 0x8b)
		die("%s: gzip-compressed; decompress the kernel Image first", path);
	else if (!memcmp(img->buf, "MZ", 2) && img->size > 8 && !memcmp(img->buf + 4, "zimg", 4))
		die("%s: EFI zboot image; extract the payload Image first", path);
	else
		die("%s: neither an ELF file nor an arm64 kernel Image", path);
	if (!img->nranges)
		die("%s: no executable code found", path);
}
