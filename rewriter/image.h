/* SPDX-License-Identifier: GPL-2.0 */
/* The image being rewritten: its bytes, address map, code and what the
 * format readers found in it. Format readers fill it; nothing here knows a
 * format. */
#ifndef IMAGE_H
#define IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pvabi.h"	/* PV_AREA_MAX_VCPUS */
#include "regdb.h"	/* enum pv_mode */
#include "symtab.h"

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

	/* Executable bytes as the file's own headers declare them (PE sections,
	 * PF_X segments, SHF_EXECINSTR sections): the post-check's bounds,
	 * which no symbol table can move. addr is unused (0). */
	struct segment *exec;
	size_t nexec;

	struct symtab st;

	struct alt_entry *alts;
	size_t nalts;

	/* Free executable space for trampolines (file range + address). */
	size_t slack_foff;
	uint64_t slack_addr;
	size_t slack_size;
	/* More room, used once the slack is full: zero alignment padding
	 * before page-aligned sections inside the text (layout_linux.c). */
	struct segment *room;
	size_t nroom, room_size;
	size_t slack_used;	/* bytes the emitter filled, slack and room */
	size_t tramp_missed;	/* planned trampolines that did not fit or reach */

	/* Reserved RW memory for per-vCPU PV pages (not in the file). */
	uint64_t area_addr;
	size_t area_pages;

	char version[128];	/* "Linux version ..." when found */
	bool xen;		/* Xen's layout (start_xen), else Linux's or an object */
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

bool image_addr_to_foff(const struct image *img, uint64_t addr, size_t *foff);
/* Inside one of the code ranges found so far. */
bool image_addr_in_code(const struct image *img, uint64_t addr);
/* Append a code range [s, e); dies when it is not inside the file. */
struct code_range *image_add_range(struct image *img, uint64_t s, uint64_t e, const char *name);
/* Record [foff, foff + size) as executable, clipped to the file. */
void image_add_exec(struct image *img, size_t foff, size_t size);
/* Copy the "Linux version ..." banner into img->version, if there is one. */
void image_find_version(struct image *img);

/* Every change to buf goes through img_put32/img_touch, so the output is the
 * input file cloned plus the changed pages written over it. */
void img_put32(struct image *img, size_t foff, uint32_t w);
void img_touch(struct image *img, size_t foff, size_t len);
bool image_page_dirty(const struct image *img, size_t page);
/* Stop: WHO (the symbol source) and the image's own structure disagree. */
__attribute__((noreturn, format(printf, 3, 4))) void image_disagree(const struct image *img, const char *who,
								     const char *fmt, ...);

/* An appended module signature, and what became of it in the output. */
static inline const char *modsig_state(const struct image *img, bool written)
{
	if (!img->sig_off)
		return "none";
	return written && (img->dirty || img->rel.text_size) ? "dropped" : "kept";
}

#endif
