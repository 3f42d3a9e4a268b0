/* SPDX-License-Identifier: GPL-2.0 */
/* Raw arm64 kernel Image input. */
#ifndef IMAGE_ARM64_H
#define IMAGE_ARM64_H

#include <stdbool.h>

#include "image.h"

bool arm64_image_probe(const uint8_t *buf, size_t size);
void arm64_image_load(struct image *img, const struct options *o);

#endif
