// SPDX-License-Identifier: GPL-2.0
/* The symbol table every input format fills and every later stage asks. */
#include <stdlib.h>
#include <string.h>

#include "symtab.h"
#include "util.h"

char *symtab_own(struct symtab *st, char *block)
{
	if (st->nblocks == st->capblocks)
		st->blocks = xrealloc(st->blocks, st->capblocks = st->capblocks ? 2 * st->capblocks : 8,
				      sizeof(*st->blocks));
	st->blocks[st->nblocks++] = block;
	return block;
}

void symtab_free(struct symtab *st)
{
	size_t i;

	for (i = 0; i < st->nblocks; i++)
		free(st->blocks[i]);
	free(st->blocks);
	free(st->v);
	free(st->slot);
	*st = (struct symtab){ 0 };
}

static int sym_cmp(const void *a, const void *b)
{
	const struct symbol *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

/* Name lookups go through a hash index (kallsyms has 200,000 names; the
 * layout asks for a few dozen). The first symbol of a name in address order
 * wins, as with a linear search. */
static void build_index(struct symtab *st)
{
	size_t i, h, size;

	free(st->slot);
	for (size = 1; size < 2 * st->n; size <<= 1)
		;
	st->slot = xcalloc(size, sizeof(*st->slot));
	st->mask = size - 1;
	for (i = 0; i < st->n; i++) {
		uint32_t hv = name_hash(st->v[i].name);

		for (h = hv & st->mask; st->slot[h].idx; h = (h + 1) & st->mask)
			if (st->slot[h].hash == hv && !strcmp(st->v[st->slot[h].idx - 1].name, st->v[i].name))
				break;
		if (!st->slot[h].idx)
			st->slot[h] = (struct symslot){ (int32_t)(i + 1), hv };
	}
}

void symtab_finish(struct symtab *st)
{
	size_t i;

	for (i = 1; i < st->n && st->v[i - 1].addr <= st->v[i].addr; i++)
		;
	if (i < st->n)	/* kallsyms is already in address order */
		qsort(st->v, st->n, sizeof(*st->v), sym_cmp);
	build_index(st);
}

const struct symbol *sym_lookup(const struct symtab *st, uint64_t addr)
{
	size_t lo = 0, hi = st->n, best, i;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (st->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo > 0 && st->v[lo - 1].name[0] == '$')
		lo--;
	if (!lo)
		return NULL;
	/* Several names at one address (section markers, aliases): take the
	 * one with the fewest leading underscores, as a person would. */
	best = i = lo - 1;
	while (i > 0 && st->v[i - 1].addr == st->v[best].addr) {
		i--;
		if (strspn(st->v[i].name, "_") < strspn(st->v[best].name, "_") && st->v[i].name[0] != '$')
			best = i;
	}
	return &st->v[best];
}

const struct symbol *sym_find(const struct symtab *st, const char *name)
{
	uint32_t hv;
	size_t h;

	if (!st->n || !st->slot)
		return NULL;
	hv = name_hash(name);

	for (h = hv & st->mask; st->slot[h].idx; h = (h + 1) & st->mask)
		if (st->slot[h].hash == hv && !strcmp(st->v[st->slot[h].idx - 1].name, name))
			return &st->v[st->slot[h].idx - 1];
	return NULL;
}
