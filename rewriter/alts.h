/* SPDX-License-Identifier: GPL-2.0 */
/* The arm64 alternatives table of an image. */
#ifndef ALTS_H
#define ALTS_H

#include "image.h"

void alts_load(struct image *img, uint64_t start, uint64_t end);
void alts_find(struct image *img, uint64_t from, size_t span);
void alts_set(struct image *img, size_t i, uint64_t orig, uint64_t repl, const uint8_t *e);

#endif
