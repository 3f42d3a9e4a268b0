/* SPDX-License-Identifier: GPL-2.0 */
/* The whole output once more, bounded by the file's own headers instead of
 * the symbols: every EL2-class instruction must be one the plan knows. */
#ifndef POSTCHECK_H
#define POSTCHECK_H

#include "sites.h"

struct postcheck {
	size_t exec_bytes;	/* executable bytes the headers declare */
	size_t el2_words;	/* EL2-class words found there (fields, not the database) */
	size_t in_code;		/* ... inside a code range, each as planned */
	size_t data_like;	/* ... outside every range, in bytes that do not decode as code */
	size_t loose;		/* ... outside every range, in code: added to ss as unhandled */
	size_t bad;		/* inside a code range but not as planned */
};

/* Appends each loose word to ss as an unhandled site. Returns pk->bad. */
size_t postcheck_image(const struct image *img, struct siteset *ss, struct postcheck *pk);

#endif
