/* SPDX-License-Identifier: GPL-2.0 */
/* pvrewrite: shared types of the rewriter. */
#ifndef PVREWRITE_H
#define PVREWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "regdb.h"
#include "pvabi.h"

enum img_format { FMT_ARM64_IMAGE, FMT_ELF_EXEC, FMT_ELF_REL };

/* A run of instructions: a file range with the address it executes at. */
struct code_range {
	size_t foff;
	uint64_t addr;
	size_t size;
	const char *name;	/* section or symbol pair that bounds it */
	bool vel2;		/* runs at virtual EL2 in the chosen mode */
	bool nostack;		/* no usable stack (boot, idmap, hyp stub) */
	bool tramp_ok;		/* trampolines in the slack are reachable & mapped */
	const char *notramp;	/* why not, when !tramp_ok */
	int secidx;		/* ET_REL: ELF section index (addr = file offset) */
};

/* ET_REL output: the new sections and the relocations they need. */
enum { REL_TARGET_TEXT = -1, REL_TARGET_BSS = -2 };	/* the new sections */

struct new_reloc {
	int secidx;		/* section the relocation applies to (-1: .text.pvnest) */
	uint64_t off;		/* offset in that section */
	unsigned type;		/* R_AARCH64_* */
	int target;		/* section index, or REL_TARGET_* */
	int64_t addend;
};

struct rel_out {
	uint8_t *text;		/* .text.pvnest contents */
	size_t text_size;
	size_t bss_size;	/* .bss.pvnest: the PV pages */
	struct new_reloc *rels;
	size_t nrels, caprels;
};

struct symbol {
	uint64_t addr;
	uint64_t size;		/* 0 when unknown (kallsyms): up to the next one */
	char type;
	const char *name;
};

struct alt_entry {
	uint64_t orig, repl;	/* addresses */
	uint16_t cap;
	uint8_t orig_len, alt_len;
	bool cb;		/* callback-patched: replacement not visible */
};

/* A file-backed piece of the address space (ELF PT_LOAD, or the whole Image). */
struct segment {
	uint64_t addr;
	size_t foff, filesz;
};

struct image {
	const char *path;
	enum img_format fmt;
	uint8_t *buf;		/* whole file, modified in place */
	size_t size;
	uint64_t base;		/* ARM64 Image: address of file offset 0 (_text) */

	struct segment *segs;
	size_t nsegs;

	struct code_range *ranges;
	size_t nranges;

	struct symbol *syms;	/* sorted by address */
	size_t nsyms;
	const char *symsrc;	/* "kallsyms", "ELF .symtab", "System.map" */

	struct alt_entry *alts;
	size_t nalts;

	/* Free executable space for trampolines (file range + address). */
	size_t slack_foff;
	uint64_t slack_addr;
	size_t slack_size;
	size_t slack_used;	/* bytes the emitter filled */

	/* Reserved RW memory for per-vCPU PV pages (not in the file). */
	uint64_t area_addr;
	size_t area_pages;

	char version[128];	/* "Linux version ..." when found */
	struct rel_out rel;	/* ET_REL: sections to add on output */
	uint8_t *dirty;		/* one bit per 4 KiB page changed in buf */
	void *elf;		/* libelf handle for ELF inputs */
	/* ET_REL: where an appended module signature starts (0: none). A
	 * rewrite invalidates it, and Linux refuses a module whose signature
	 * does not verify even when signatures are not required: the output
	 * ends here instead. */
	size_t sig_off;
};

/* Options that drive classification and rewriting. */
struct options {
	enum pv_mode mode;
	int host;			/* -1: none, else index of host trap set */
	bool allow_unhandled;
	bool list_only;
	bool no_proxy;
	const char *sysmap;		/* System.map for Image inputs */
};

/* util.c */
__attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void warnx_(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void info(const char *fmt, ...);
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t n, size_t sz);
char *xstrdup(const char *s);
uint8_t *read_file(const char *path, size_t *size);
void write_file_atomic(const char *path, const void *buf, size_t size);
int atomic_tmp_open(const char *path);
void atomic_tmp_commit(const char *path, int fd);
extern bool g_verbose;
/* When set (the fuzzer), die() returns here instead of exiting. */
extern void *g_die_jmp;

static inline uint32_t rd32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static inline uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static inline void wr32(uint8_t *p, uint32_t v) { p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }

/* output.c: every change to buf goes through img_put32/img_touch, so the
 * output is the input file cloned plus the changed pages written over it. */
void img_put32(struct image *img, size_t foff, uint32_t w);
void img_touch(struct image *img, size_t foff, size_t len);
void image_write(const struct image *img, const char *path);

/* input.c: detect the format and fill in ranges, symbols, slack, area. */
void image_load(struct image *img, const char *path, const struct options *o);
void image_parse(struct image *img, const struct options *o);
bool image_addr_to_foff(const struct image *img, uint64_t addr, size_t *foff);
const struct symbol *sym_lookup(const struct image *img, uint64_t addr);
const struct symbol *sym_find(const struct image *img, const char *name);
void syms_sort(struct image *img);

/* image_arm64.c, kallsyms.c, sysmap.c, elf_in.c, elf_out.c */
bool arm64_image_probe(const uint8_t *buf, size_t size);
void arm64_image_load(struct image *img, const struct options *o);
bool kallsyms_load(struct image *img);
void sysmap_load(struct image *img, const char *path);
bool elf_probe(const uint8_t *buf, size_t size);
void elf_load(struct image *img, const struct options *o);
void layout_linux(struct image *img, const struct options *o);
void elf_write_rel(const struct image *img, const char *path);
void alts_load(struct image *img, uint64_t start, uint64_t end);
void alts_find(struct image *img, uint64_t from, size_t span);
void alts_set(struct image *img, size_t i, uint64_t orig, uint64_t repl, const uint8_t *e);
bool alts_in_code(const struct image *img, uint64_t a);

/* An appended module signature, and what became of it in the output. */
static inline const char *modsig_state(const struct image *img, bool written)
{
	if (!img->sig_off)
		return "none";
	return written && (img->dirty || img->rel.text_size) ? "dropped" : "kept";
}

#endif
