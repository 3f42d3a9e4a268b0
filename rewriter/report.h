/* SPDX-License-Identifier: GPL-2.0 */
/* The summary on stdout and the JSON report of every site. */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "postcheck.h"
#include "profile.h"
#include "sites.h"

void report_write(const char *path, const struct image *img, const struct siteset *ss,
		  const struct profile *p, const struct options *o, const char *out, const struct postcheck *pk);
void report_summary(FILE *f, const struct image *img, const struct siteset *ss, const struct profile *p,
		    const struct options *o, const struct postcheck *pk);

#endif
