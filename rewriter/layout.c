// SPDX-License-Identifier: GPL-2.0
/* Which kernel's layout rules apply: Xen has start_xen, Linux does not. */
#include "layout.h"

void layout_kernel(struct image *img, const struct options *o)
{
	img->xen = sym_find(&img->st, "start_xen") != NULL;
	if (img->xen)
		layout_xen(img, o);
	else
		layout_linux(img, o);
}
