/* SPDX-License-Identifier: GPL-2.0 */
/* Write the planned instructions and the trampolines they branch to. */
#ifndef EMIT_H
#define EMIT_H

#include "sites.h"

/* Sets img->slack_used; a trampoline that does not fit or reach becomes an
 * artifact, counted in img->tramp_missed. Only memory is changed: --list
 * runs it too, so its counts are the real run's. */
void emit_sites(struct image *img, struct siteset *ss);

#endif
