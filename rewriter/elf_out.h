/* SPDX-License-Identifier: GPL-2.0 */
/* ELF64 relocatable output: the input plus .text.pvnest and .bss.pvnest. */
#ifndef ELF_OUT_H
#define ELF_OUT_H

#include "image.h"

void elf_write_rel(const struct image *img, const char *path);

#endif
