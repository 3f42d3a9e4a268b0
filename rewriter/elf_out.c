// SPDX-License-Identifier: GPL-2.0
/*
 * ET_REL output: the input's sections as they are (with the rewritten code),
 * plus .text.pvnest (trampolines), .bss.pvnest (PV pages), their section
 * symbols (inserted after the local symbols; every symbol index after them
 * moves up by two), and RELA entries for the branches between old and new
 * code. libelf lays the file out. The reader is elf_in.c.
 */
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_out.h"
#include "util.h"

static uint64_t rinfo(uint64_t sym, unsigned type) { return sym << 32 | type; }

/* elf_in.c checked the input's tables; these guard against what it did
 * not foresee, so a bad file is an error and never a NULL dereference. */
static void in_shdr(const struct image *img, size_t i, GElf_Shdr *sh)
{
	if (!gelf_getshdr(elf_getscn(img->elf, i), sh))
		die("%s: unreadable section header %zu: %s", img->path, i, elf_errmsg(-1));
}

static Elf_Data *out_data(Elf_Scn *os, const char *path)
{
	Elf_Data *d = os ? elf_newdata(os) : NULL;

	if (!d)
		die("%s: libelf: %s", path, elf_errmsg(-1));
	return d;
}

/* Buffers handed to libelf as section data: alive until elf_update wrote them. */
struct owned {
	void **v;
	size_t n;
};

static void *own(struct owned *o, void *p)
{
	o->v = xrealloc(o->v, o->n + 1, sizeof(*o->v));
	o->v[o->n++] = p;
	return p;
}

void elf_write_rel(const struct image *img, const char *path)
{
	struct owned ow = { 0 };
	Elf *in = img->elf, *out;
	GElf_Ehdr eh;
	size_t nsec, i, shstr, symidx = 0, nlocal = 0, strsz;
	int fd;
	size_t text_idx, bss_idx;
	struct { size_t idx; uint8_t *buf; size_t size; } *extra_rela;
	char *shs;
	GElf_Shdr sh;

	if (elf_getshdrnum(in, &nsec) < 0 || elf_getshdrstrndx(in, &shstr) < 0 || !gelf_getehdr(in, &eh))
		die("%s: corrupt ELF header: %s", img->path, elf_errmsg(-1));
	if (shstr == SHN_UNDEF || shstr >= nsec)
		die("%s: section name table index %zu is out of range", img->path, shstr);
	for (i = 1; i < nsec; i++) {
		in_shdr(img, i, &sh);
		if (sh.sh_type == SHT_SYMTAB) {
			symidx = i;
			nlocal = sh.sh_info;
		}
	}
	if (!symidx)
		die("%s: relocatable input without a symbol table", img->path);
	/* New sections go at the end: their indexes. One RELA per old section
	 * that gains relocations and has none yet. */
	text_idx = nsec;
	bss_idx = nsec + 1;
	extra_rela = own(&ow, xcalloc(nsec, sizeof(*extra_rela)));
	fd = atomic_tmp_open(path);

	if (!(out = elf_begin(fd, ELF_C_WRITE, NULL)) || !gelf_newehdr(out, ELFCLASS64))
		die("%s: libelf: %s", path, elf_errmsg(-1));
	{
		GElf_Ehdr oh = eh;

		oh.e_shnum = 0;
		gelf_update_ehdr(out, &oh);
	}
	/* shstrtab with the new names appended. */
	in_shdr(img, shstr, &sh);
	strsz = sh.sh_size;
	shs = own(&ow, xcalloc(1, strsz + 4096));
	memcpy(shs, img->buf + sh.sh_offset, sh.sh_size);

	for (i = 1; i < nsec; i++) {
		Elf_Scn *os = elf_newscn(out);
		Elf_Data *d;
		GElf_Shdr s2;

		in_shdr(img, i, &s2);
		d = out_data(os, path);
		d->d_type = ELF_T_BYTE;
		d->d_align = s2.sh_addralign ? s2.sh_addralign : 1;
		d->d_size = s2.sh_size;
		d->d_buf = s2.sh_type == SHT_NOBITS ? NULL : img->buf + s2.sh_offset;
		if (i == shstr) {
			d->d_buf = shs;
		} else if (i == symidx) {
			/* Insert two local section symbols at nlocal. */
			size_t ent = s2.sh_entsize, n = s2.sh_size / ent;
			uint8_t *nb = own(&ow, xcalloc(n + 2, ent));
			Elf64_Sym *sy;

			memcpy(nb, img->buf + s2.sh_offset, nlocal * ent);
			sy = (Elf64_Sym *)(nb + nlocal * ent);
			sy[0] = (Elf64_Sym){ .st_info = ELF64_ST_INFO(STB_LOCAL, STT_SECTION), .st_shndx = text_idx };
			sy[1] = (Elf64_Sym){ .st_info = ELF64_ST_INFO(STB_LOCAL, STT_SECTION), .st_shndx = bss_idx };
			memcpy(nb + (nlocal + 2) * ent, img->buf + s2.sh_offset + nlocal * ent, (n - nlocal) * ent);
			d->d_buf = nb;
			d->d_size = (n + 2) * ent;
			s2.sh_size = d->d_size;
			s2.sh_info = nlocal + 2;
		} else if (s2.sh_type == SHT_RELA && s2.sh_link == symidx) {
			/* Renumber symbols past the insertion point; append ours. */
			size_t n = s2.sh_size / sizeof(Elf64_Rela), k, add = 0;
			Elf64_Rela *r;

			for (k = 0; k < img->rel.nrels; k++)
				add += img->rel.rels[k].secidx == (int)s2.sh_info;
			r = own(&ow, xcalloc(n + add, sizeof(*r)));
			memcpy(r, img->buf + s2.sh_offset, n * sizeof(*r));
			for (k = 0; k < n; k++)
				if (ELF64_R_SYM(r[k].r_info) >= nlocal)
					r[k].r_info = rinfo(ELF64_R_SYM(r[k].r_info) + 2, ELF64_R_TYPE(r[k].r_info));
			for (k = 0; k < img->rel.nrels; k++) {
				const struct new_reloc *nr = &img->rel.rels[k];

				if (nr->secidx != (int)s2.sh_info)
					continue;
				r[n++] = (Elf64_Rela){ nr->off, rinfo(nlocal, nr->type), nr->addend };
			}
			d->d_buf = r;
			d->d_size = n * sizeof(*r);
			s2.sh_size = d->d_size;
			extra_rela[s2.sh_info].idx = i;	/* has one already */
		} else if (s2.sh_type == SHT_GROUP && s2.sh_link == symidx && s2.sh_info >= nlocal) {
			s2.sh_info += 2;
		} else if (s2.sh_type == SHT_REL) {
			die("%s: REL relocations are not supported (AArch64 objects use RELA)", img->path);
		}
		s2.sh_offset = 0;
		gelf_update_shdr(os, &s2);
	}
	/* .text.pvnest, .bss.pvnest, .rela.text.pvnest, then new RELAs. */
	{
		static const char *const names[] = { ".text.pvnest", ".bss.pvnest", ".rela.text.pvnest" };
		size_t nameoff[3], k, nr = 0;
		Elf64_Rela *r = own(&ow, xcalloc(img->rel.nrels + 1, sizeof(*r)));
		Elf_Scn *os;
		Elf_Data *d;
		GElf_Shdr s2;

		for (k = 0; k < 3; k++) {
			nameoff[k] = strsz;
			strcpy(shs + strsz, names[k]);
			strsz += strlen(names[k]) + 1;
		}
		for (k = 0; k < img->rel.nrels; k++) {
			const struct new_reloc *x = &img->rel.rels[k];
			size_t sym = x->target == REL_TARGET_TEXT ? nlocal : x->target == REL_TARGET_BSS ? nlocal + 1 : 0;

			if (x->secidx != REL_TARGET_TEXT)
				continue;
			if (!sym) {
				/* A branch back into an input section: against its section
				 * symbol, else a local (then a non-weak global) symbol of
				 * that section with the addend adjusted (LLVM omits unused
				 * section symbols). */
				size_t j, n, best = 0, rank = 0;
				Elf_Data *sd = elf_getdata(elf_getscn(in, symidx), NULL);
				GElf_Sym gs, bs = { 0 };

				if (!sd)
					die("%s: unreadable symbol table: %s", img->path, elf_errmsg(-1));
				in_shdr(img, symidx, &s2);
				n = s2.sh_size / s2.sh_entsize;
				for (j = 1; j < n; j++) {
					size_t rk;

					if (!gelf_getsym(sd, j, &gs))
						die("%s: bad symbol %zu", img->path, j);
					if (gs.st_shndx != x->target)
						continue;
					rk = GELF_ST_TYPE(gs.st_info) == STT_SECTION ? 3
					   : GELF_ST_BIND(gs.st_info) == STB_LOCAL ? 2
					   : GELF_ST_BIND(gs.st_info) == STB_GLOBAL ? 1 : 0;
					if (rk > rank) {
						rank = rk;
						best = j;
						bs = gs;
					}
				}
				if (!rank)
					die("%s: no symbol to relocate against in section %d", img->path, x->target);
				sym = best < nlocal ? best : best + 2;
				r[nr++] = (Elf64_Rela){ x->off, rinfo(sym, x->type), x->addend - (int64_t)bs.st_value };
				continue;
			}
			r[nr++] = (Elf64_Rela){ x->off, rinfo(sym, x->type), x->addend };
		}
		os = elf_newscn(out);
		d = out_data(os, path);
		*d = (Elf_Data){ .d_version = EV_CURRENT, .d_buf = img->rel.text, .d_size = img->rel.text_size, .d_type = ELF_T_BYTE, .d_align = 8 };
		s2 = (GElf_Shdr){ .sh_name = nameoff[0], .sh_type = SHT_PROGBITS, .sh_flags = SHF_ALLOC | SHF_EXECINSTR,
				  .sh_size = img->rel.text_size, .sh_addralign = 8 };
		gelf_update_shdr(os, &s2);
		os = elf_newscn(out);
		d = out_data(os, path);
		*d = (Elf_Data){ .d_version = EV_CURRENT, .d_buf = NULL, .d_size = img->rel.bss_size, .d_type = ELF_T_BYTE, .d_align = 4096 };
		s2 = (GElf_Shdr){ .sh_name = nameoff[1], .sh_type = SHT_NOBITS, .sh_flags = SHF_ALLOC | SHF_WRITE,
				  .sh_size = img->rel.bss_size, .sh_addralign = 4096 };
		gelf_update_shdr(os, &s2);
		os = elf_newscn(out);
		d = out_data(os, path);
		*d = (Elf_Data){ .d_version = EV_CURRENT, .d_buf = r, .d_size = nr * sizeof(*r), .d_type = ELF_T_BYTE, .d_align = 8 };
		s2 = (GElf_Shdr){ .sh_name = nameoff[2], .sh_type = SHT_RELA, .sh_flags = SHF_INFO_LINK,
				  .sh_size = nr * sizeof(*r), .sh_link = symidx, .sh_info = text_idx,
				  .sh_addralign = 8, .sh_entsize = sizeof(Elf64_Rela) };
		gelf_update_shdr(os, &s2);
		/* Old sections that gained branches but had no RELA section. */
		for (k = 1; k < nsec; k++) {
			size_t j, n = 0;
			Elf64_Rela *rr;
			char nm[256];
			const char *sname;
			GElf_Shdr t;

			if (extra_rela[k].idx)
				continue;
			for (j = 0; j < img->rel.nrels; j++)
				n += img->rel.rels[j].secidx == (int)k;
			if (!n)
				continue;
			rr = own(&ow, xcalloc(n, sizeof(*rr)));
			for (j = 0, n = 0; j < img->rel.nrels; j++)
				if (img->rel.rels[j].secidx == (int)k)
					rr[n++] = (Elf64_Rela){ img->rel.rels[j].off, rinfo(nlocal, img->rel.rels[j].type),
								img->rel.rels[j].addend };
			in_shdr(img, k, &t);
			if (!(sname = elf_strptr(in, shstr, t.sh_name)))
				die("%s: section %zu has no name: %s", img->path, k, elf_errmsg(-1));
			snprintf(nm, sizeof(nm), ".rela%s", sname);
			if (strsz + strlen(nm) + 1 > sh.sh_size + 4096)
				die("%s: too many new section names", img->path);
			strcpy(shs + strsz, nm);
			os = elf_newscn(out);
			d = out_data(os, path);
			*d = (Elf_Data){ .d_version = EV_CURRENT, .d_buf = rr, .d_size = n * sizeof(*rr), .d_type = ELF_T_BYTE, .d_align = 8 };
			s2 = (GElf_Shdr){ .sh_name = strsz, .sh_type = SHT_RELA, .sh_flags = SHF_INFO_LINK,
					  .sh_size = n * sizeof(*rr), .sh_link = symidx, .sh_info = k,
					  .sh_addralign = 8, .sh_entsize = sizeof(Elf64_Rela) };
			gelf_update_shdr(os, &s2);
			strsz += strlen(nm) + 1;
		}
	}
	/* The section-name table grew. */
	{
		Elf_Scn *os = elf_getscn(out, shstr);
		Elf_Data *d = os ? elf_getdata(os, NULL) : NULL;
		GElf_Shdr s2;

		if (!d || !gelf_getshdr(os, &s2))
			die("%s: libelf: %s", path, elf_errmsg(-1));
		d->d_size = strsz;
		s2.sh_size = strsz;
		gelf_update_shdr(os, &s2);
	}
	if (elf_update(out, ELF_C_WRITE) < 0)
		die("%s: libelf: %s", path, elf_errmsg(-1));
	elf_end(out);
	atomic_tmp_close(path, fd);
	for (i = 0; i < ow.n; i++)
		free(ow.v[i]);
	free(ow.v);
}
