/* SPDX-License-Identifier: GPL-2.0 */
/* Check the rewritten image against the plan with an independent decoder. */
#ifndef VERIFY_H
#define VERIFY_H

#include "plan.h"

/* Returns the number of places that differ from the plan (0: good). */
size_t verify_sites(const struct image *img, const struct siteset *ss, const struct plan_ctx *pc);

#endif
