/* SPDX-License-Identifier: GPL-2.0 */
/* Find and classify the sensitive instructions of an image. */
#ifndef SCAN_H
#define SCAN_H

#include "sites.h"

/* only_dirty: look only at pages the rewriter changed (verification). */
void scan_image(const struct image *img, struct siteset *ss, bool only_dirty);
bool classify_word(uint32_t w, int *row, enum site_class *cls, bool *write);

#endif
