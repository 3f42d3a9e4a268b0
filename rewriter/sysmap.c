// SPDX-License-Identifier: GPL-2.0
/* System.map ("ADDR TYPE NAME" per line) as the symbol source of an Image. */
#include <stdio.h>
#include <string.h>

#include "sysmap.h"
#include "util.h"

void sysmap_load(struct image *img, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t cap = 0, lineno = 0;
	const struct symbol *text;

	if (!f)
		die("%s: cannot open System.map", path);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long a;
		char t, name[512];

		lineno++;
		if (strstr(line, "real System.map is in"))
			die("%s: Debian's placeholder System.map; use the one from the -dbg package", path);
		if (sscanf(line, "%llx %c %511s", &a, &t, name) != 3)
			die("%s:%zu: not a System.map line", path, lineno);
		if (img->st.n == cap)
			img->st.v = xrealloc(img->st.v, cap = cap ? 2 * cap : 4096, sizeof(*img->st.v));
		img->st.v[img->st.n++] = (struct symbol){ .addr = a, .type = t, .name = symtab_own(&img->st, xstrdup(name)) };
	}
	fclose(f);
	img->st.src = "System.map";
	symtab_finish(&img->st);
	text = sym_find(&img->st, "_text");	/* Linux: file offset 0 of the Image */
	if (!text)
		text = sym_find(&img->st, "_start");	/* Xen */
	if (!text)
		die("%s: no _text or _start symbol to place the Image", path);
	img->base = text->addr;
}
