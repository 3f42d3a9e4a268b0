/* SPDX-License-Identifier: GPL-2.0 */
/* A symbol table: sorted by address, with a name index. */
#ifndef SYMTAB_H
#define SYMTAB_H

#include <stddef.h>
#include <stdint.h>

struct symbol {
	uint64_t addr;
	uint64_t size;		/* 0 when unknown (kallsyms): up to the next one */
	char type;
	const char *name;
};

struct symtab {
	struct symbol *v;	/* sorted by address once finished */
	size_t n;
	const char *src;	/* "kallsyms", "ELF .symtab", "System.map" */
	/* Name index (open addressing, idx = symbol index + 1, with the name's
	 * hash so that a probe compares strings only when the hashes match),
	 * built by symtab_finish. */
	struct symslot { int32_t idx; uint32_t hash; } *slot;
	size_t mask;
	/* Memory the names live in, when the loader made them (kallsyms, System.map). */
	char **blocks;
	size_t nblocks, capblocks;
};

/* The symbol table frees BLOCK (names point into it) with the rest. */
char *symtab_own(struct symtab *st, char *block);
void symtab_free(struct symtab *st);
/* Sort by address and build the name index: call once the loader is done. */
void symtab_finish(struct symtab *st);
/* The last symbol at or below addr (mapping symbols $x/$d skipped). */
const struct symbol *sym_lookup(const struct symtab *st, uint64_t addr);
/* The first symbol of that name in address order, or NULL. */
const struct symbol *sym_find(const struct symtab *st, const char *name);

#endif
