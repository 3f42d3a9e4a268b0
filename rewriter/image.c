// SPDX-License-Identifier: GPL-2.0
/* Address queries and in-place changes on an image, for every format. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "image.h"
#include "util.h"

#define PG 4096u

bool image_addr_to_foff(const struct image *img, uint64_t addr, size_t *foff)
{
	size_t i;

	for (i = 0; i < img->nsegs; i++) {
		const struct segment *g = &img->segs[i];

		if (addr >= g->addr && addr - g->addr < g->filesz) {
			*foff = g->foff + (addr - g->addr);
			return true;
		}
	}
	return false;
}

bool image_addr_in_code(const struct image *img, uint64_t a)
{
	size_t i;

	for (i = 0; i < img->nranges; i++)
		if (a >= img->ranges[i].addr && a - img->ranges[i].addr < img->ranges[i].size)
			return true;
	return false;
}

struct code_range *image_add_range(struct image *img, uint64_t s, uint64_t e, const char *name)
{
	struct code_range *r;
	size_t foff;

	if (!image_addr_to_foff(img, s, &foff) || foff + (e - s) > img->size)
		die("%s: %s [%#llx, %#llx) lies outside the file: symbols do not match the input",
		    img->path, name, (unsigned long long)s, (unsigned long long)e);
	img->ranges = xrealloc(img->ranges, img->nranges + 1, sizeof(*img->ranges));
	r = &img->ranges[img->nranges++];
	*r = (struct code_range){ .foff = foff, .addr = s, .size = e - s, .name = name };
	return r;
}

void image_add_exec(struct image *img, size_t foff, size_t size)
{
	if (foff >= img->size || !size)
		return;
	if (size > img->size - foff)
		size = img->size - foff;
	img->exec = xrealloc(img->exec, img->nexec + 1, sizeof(*img->exec));
	img->exec[img->nexec++] = (struct segment){ .foff = foff, .filesz = size };
}

void image_find_version(struct image *img)
{
	const char *v = memmem(img->buf, img->size, "Linux version ", 14);
	size_t n;

	if (!v)
		return;
	n = strnlen(v, img->size - (size_t)((const uint8_t *)v - img->buf));
	if (n > sizeof(img->version) - 1)
		n = sizeof(img->version) - 1;
	memcpy(img->version, v, n);
	img->version[n] = 0;
	img->version[strcspn(img->version, "\n")] = 0;
}

void img_touch(struct image *img, size_t foff, size_t len)
{
	size_t p;

	if (!img->dirty)
		img->dirty = xcalloc(img->size / PG / 8 + 1, 1);
	for (p = foff / PG; p <= (foff + len - 1) / PG; p++)
		img->dirty[p / 8] |= 1u << (p % 8);
}

void img_put32(struct image *img, size_t foff, uint32_t w)
{
	if (foff + 4 > img->size)
		die("internal: write at %#zx beyond the file", foff);
	wr32(img->buf + foff, w);
	img_touch(img, foff, 4);
}

bool image_page_dirty(const struct image *img, size_t p)
{
	return img->dirty && (img->dirty[p / 8] >> (p % 8) & 1);
}

void image_disagree(const struct image *img, const char *who, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	die("%s: %s disagrees with the image: %s", img->path, who, msg);
}
