/* SPDX-License-Identifier: GPL-2.0 */
/* Symbols of a raw Image from a System.map file. */
#ifndef SYSMAP_H
#define SYSMAP_H

#include "image.h"

void sysmap_load(struct image *img, const char *path);

#endif
