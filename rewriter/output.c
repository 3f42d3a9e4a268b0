// SPDX-License-Identifier: GPL-2.0
/*
 * Writing the output: clone the input file into a temporary beside the
 * target (copy_file_range: no user-space copy, like cp), write the pages we
 * changed over it, fsync; main renames it with the report (util.c). A
 * kernel Image is 48 MB of which the rewriter changes a few hundred pages.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "util.h"

#define PG 4096u

void image_write(const struct image *img, const char *path)
{
	int in = open(img->path, O_RDONLY), out = atomic_tmp_open(path);
	size_t done = 0, p, np = (img->size + PG - 1) / PG;
	/* A changed module loses its signature (see struct image). */
	size_t keep = img->sig_off && img->dirty ? img->sig_off : img->size;

	if (in < 0)
		die("%s: %s", img->path, strerror(errno));
	while (done < img->size) {
		ssize_t n = copy_file_range(in, NULL, out, NULL, img->size - done, 0);

		if (n < 0 && errno != EXDEV && errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP)
			die("%s: write failed: %s", path, strerror(errno));
		if (n <= 0) {	/* no kernel support, or another filesystem: plain write */
			write_all(out, img->buf, img->size, 0, path);
			done = img->size;
			break;
		}
		done += n;
	}
	close(in);
	for (p = 0; p < np; p++) {
		size_t q = p, off, len;

		if (!image_page_dirty(img, p))
			continue;
		while (q + 1 < np && image_page_dirty(img, q + 1))
			q++;
		off = p * PG;
		len = ((q + 1) * PG > img->size ? img->size : (q + 1) * PG) - off;
		write_all(out, img->buf + off, len, off, path);
		p = q;
	}
	if (keep < img->size && ftruncate(out, keep))
		die("%s: truncate failed: %s", path, strerror(errno));
	atomic_tmp_close(path, out);
}
