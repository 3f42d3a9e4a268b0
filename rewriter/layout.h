/* SPDX-License-Identifier: GPL-2.0 */
/* Where a kernel keeps its code, from its symbols: Linux or Xen. */
#ifndef LAYOUT_H
#define LAYOUT_H

#include "image.h"

/* Code ranges, trampoline slack, PV area and alternatives of a kernel. */
void layout_kernel(struct image *img, const struct options *o);
void layout_linux(struct image *img, const struct options *o);
void layout_xen(struct image *img, const struct options *o);

#endif
