/* SPDX-License-Identifier: GPL-2.0 */
/* Write the planned instructions and the trampolines they branch to. */
#ifndef EMIT_H
#define EMIT_H

#include "sites.h"

/* Sets img->slack_used; a trampoline that does not fit becomes an artifact. */
void emit_sites(struct image *img, struct siteset *ss);

#endif
