/* SPDX-License-Identifier: GPL-2.0 */
/* Reading an input: detect the format and let its reader fill the image. */
#ifndef INPUT_H
#define INPUT_H

#include "image.h"

void image_load(struct image *img, const char *path, const struct options *o);
/* Free what image_load made; image_release keeps buf (the caller's). */
void image_unload(struct image *img);
void image_release(struct image *img);
/* Parse img->buf (img->size bytes, named img->path in messages). */
void image_parse(struct image *img, const struct options *o);

#endif
