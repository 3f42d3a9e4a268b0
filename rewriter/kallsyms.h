/* SPDX-License-Identifier: GPL-2.0 */
/* Symbols of a raw Image from its embedded kallsyms table. */
#ifndef KALLSYMS_H
#define KALLSYMS_H

#include <stdbool.h>

#include "image.h"

/* False, with *why saying which part is missing, when there is no table
 * whose parts fit together. */
bool kallsyms_load(struct image *img, const char **why);

#endif
