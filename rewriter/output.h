/* SPDX-License-Identifier: GPL-2.0 */
/* Writing a rewritten image in its input format, by changed pages. */
#ifndef OUTPUT_H
#define OUTPUT_H

#include "image.h"

void image_write(const struct image *img, const char *path);

#endif
