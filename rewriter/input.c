// SPDX-License-Identifier: GPL-2.0
/* Input detection: which format reader gets the file. */
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

void image_release(struct image *img)
{
	if (img->elf)
		elf_end(img->elf);
	free(img->segs);
	free(img->exec);
	free(img->room);
	free(img->ranges);
	free(img->alts);
	free(img->dirty);
	free(img->rel.text);
	free(img->rel.rels);
	symtab_free(&img->st);
	*img = (struct image){ .path = img->path, .buf = img->buf, .size = img->size };
}

void image_unload(struct image *img)
{
	image_release(img);
	if (img->size)
		munmap(img->buf, img->size);	/* read_file maps it */
	else
		free(img->buf);
	img->buf = NULL;
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
