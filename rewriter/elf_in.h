/* SPDX-License-Identifier: GPL-2.0 */
/* ELF64 AArch64 input: executables and relocatable objects. */
#ifndef ELF_IN_H
#define ELF_IN_H

#include <stdbool.h>

#include "image.h"

bool elf_probe(const uint8_t *buf, size_t size);
void elf_load(struct image *img, const struct options *o);

#endif
