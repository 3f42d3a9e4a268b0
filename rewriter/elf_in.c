// SPDX-License-Identifier: GPL-2.0
/*
 * ELF64 AArch64 inputs: a kernel vmlinux (ET_EXEC/ET_DYN, laid out like the
 * Image), other executables such as xen-syms, and relocatable objects
 * (ET_REL: .o, .ko). The file is parsed with libelf over our own buffer and
 * modified in place, so the output keeps every byte we do not rewrite.
 */
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvrewrite.h"

bool elf_probe(const uint8_t *buf, size_t size)
{
	return size >= 4 && !memcmp(buf, ELFMAG, SELFMAG);
}

static void check_sections(struct image *img, Elf *e)
{
	size_t n, i, j;
	GElf_Shdr a, b;

	if (elf_getshdrnum(e, &n) < 0)
		die("%s: corrupt ELF section table: %s", img->path, elf_errmsg(-1));
	for (i = 1; i < n; i++) {
		if (!gelf_getshdr(elf_getscn(e, i), &a))
			die("%s: corrupt ELF section header %zu: %s", img->path, i, elf_errmsg(-1));
		if (a.sh_type == SHT_NOBITS || !a.sh_size)
			continue;
		if (a.sh_offset > img->size || a.sh_size > img->size - a.sh_offset)
			die("%s: section %zu extends past the end of the file (truncated?)", img->path, i);
		for (j = 1; j < i; j++) {
			gelf_getshdr(elf_getscn(e, j), &b);
			if (b.sh_type == SHT_NOBITS || !b.sh_size)
				continue;
			if (a.sh_offset < b.sh_offset + b.sh_size && b.sh_offset < a.sh_offset + a.sh_size)
				die("%s: sections %zu and %zu overlap in the file", img->path, j, i);
		}
	}
}

static void load_symbols(struct image *img, Elf *e, bool rel)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(e, scn))) {
		Elf_Data *d;
		size_t k, n;

		gelf_getshdr(scn, &sh);
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || !sh.sh_entsize)
			die("%s: unreadable symbol table", img->path);
		n = sh.sh_size / sh.sh_entsize;
		img->syms = xcalloc(n, sizeof(*img->syms));
		for (k = 1; k < n; k++) {
			GElf_Sym s;
			const char *name;
			uint64_t addr = 0;

			if (!gelf_getsym(d, k, &s))
				die("%s: bad symbol %zu", img->path, k);
			name = elf_strptr(e, sh.sh_link, s.st_name);
			if (!name || !*name || GELF_ST_TYPE(s.st_info) == STT_SECTION || GELF_ST_TYPE(s.st_info) == STT_FILE)
				continue;
			if (s.st_shndx == SHN_UNDEF || (s.st_shndx >= SHN_LORESERVE && s.st_shndx != SHN_ABS))
				continue;
			if (rel) {	/* relocatable: address = file offset of the byte */
				GElf_Shdr ts;

				if (s.st_shndx == SHN_ABS || !gelf_getshdr(elf_getscn(e, s.st_shndx), &ts))
					continue;
				addr = ts.sh_offset + s.st_value;
			} else {
				addr = s.st_value;
			}
			img->syms[img->nsyms++] = (struct symbol){ .addr = addr, .size = s.st_size,
				.type = GELF_ST_BIND(s.st_info) == STB_LOCAL ? 't' : 'T', .name = name };
		}
		img->symsrc = "ELF .symtab";
		break;
	}
	syms_sort(img);
}

/* Non-Linux executables and relocatable objects: every executable section. */
static void generic_ranges(struct image *img, Elf *e, bool rel, const struct options *o)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t shstr;

	elf_getshdrstrndx(e, &shstr);
	while ((scn = elf_nextscn(e, scn))) {
		struct code_range *r;
		const char *name;

		gelf_getshdr(scn, &sh);
		if (!(sh.sh_flags & SHF_EXECINSTR) || sh.sh_type != SHT_PROGBITS || !sh.sh_size)
			continue;
		name = elf_strptr(e, shstr, sh.sh_name);
		img->ranges = xrealloc(img->ranges, img->nranges + 1, sizeof(*img->ranges));
		r = &img->ranges[img->nranges++];
		*r = (struct code_range){ .foff = sh.sh_offset, .addr = rel ? sh.sh_offset : sh.sh_addr,
					  .size = sh.sh_size & ~3ull, .name = name ? name : "?" };
		/* Objects: KVM's nVHE hypervisor code is in .hyp.* sections. */
		r->vel2 = o->mode == PV_MODE_VHE || (name && !strncmp(name, ".hyp.", 5));
		/* Objects get a new .text.pvnest section; nVHE hyp objects are
		 * linked into the hyp text, whose mapping .text.pvnest is not in. */
		r->secidx = elf_ndxscn(scn);
		r->tramp_ok = rel && !(o->mode == PV_MODE_NVHE && name && !strncmp(name, ".hyp.", 5));
		r->notramp = !rel ? "non-Linux executable: no known free executable space"
				  : "nVHE hyp object: .text.pvnest would be outside the hyp mapping";
		if (!rel) {
			img->segs = xrealloc(img->segs, img->nsegs + 1, sizeof(*img->segs));
			img->segs[img->nsegs++] = (struct segment){ sh.sh_addr, sh.sh_offset, sh.sh_size };
		}
	}
	if (rel) {
		img->segs = xcalloc(1, sizeof(*img->segs));
		img->segs[0] = (struct segment){ 0, 0, img->size };
		img->nsegs = 1;
		img->area_pages = PV_AREA_MAX_VCPUS;	/* .bss.pvnest */
		img->slack_size = 64 << 10;		/* .text.pvnest, at most */
	}
}

/*
 * A Linux module may end with a signature: the PKCS#7 blob, then struct
 * module_signature (12 bytes, sig_len big-endian in the last 4, signer and
 * key-id lengths at 3 and 4), then the marker. Record where it starts.
 */
#define MODSIG_MARKER "~Module signature appended~\n"

static void find_signature(struct image *img, Elf *e)
{
	size_t ml = sizeof(MODSIG_MARKER) - 1, i, n, end = 0;
	const uint8_t *ms;
	uint64_t len;
	GElf_Ehdr eh;
	GElf_Shdr sh;

	if (img->size < ml + 12 || memcmp(img->buf + img->size - ml, MODSIG_MARKER, ml))
		return;
	ms = img->buf + img->size - ml - 12;
	len = (uint64_t)ms[3] + ms[4] + ((uint32_t)ms[8] << 24 | ms[9] << 16 | ms[10] << 8 | ms[11]);
	if (len > img->size - ml - 12)
		die("%s: module signature longer than the file (corrupt signature block)", img->path);
	gelf_getehdr(e, &eh);
	end = eh.e_shoff + (size_t)eh.e_shnum * eh.e_shentsize;
	elf_getshdrnum(e, &n);
	for (i = 1; i < n; i++)
		if (gelf_getshdr(elf_getscn(e, i), &sh) && sh.sh_type != SHT_NOBITS && sh.sh_offset + sh.sh_size > end)
			end = sh.sh_offset + sh.sh_size;
	img->sig_off = img->size - ml - 12 - len;
	if (end > img->sig_off)
		die("%s: the module signature overlaps the ELF contents (corrupt signature block)", img->path);
}

/*
 * A module's own alternatives: .altinstructions (struct alt_instr, as in the
 * kernel) whose two offset fields are R_AARCH64_PREL32 relocations, zero in
 * the file until the module loader links them. Resolved here to file
 * offsets, the addresses of a relocatable input.
 */

static void rel_alternatives(struct image *img, Elf *e)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh, ash;
	size_t shstr, ai = 0, ri = 0, n, i, k;
	uint64_t *tgt;
	Elf_Data *rd, *sd;

	elf_getshdrstrndx(e, &shstr);
	while ((scn = elf_nextscn(e, scn))) {
		const char *name;

		gelf_getshdr(scn, &sh);
		name = elf_strptr(e, shstr, sh.sh_name);
		if (name && !strcmp(name, ".altinstructions") && sh.sh_type == SHT_PROGBITS)
			ai = elf_ndxscn(scn);
	}
	if (!ai)
		return;
	gelf_getshdr(elf_getscn(e, ai), &ash);
	if (!ash.sh_size)
		return;
	if (ash.sh_size % 12)
		die("%s: .altinstructions is not a whole number of entries", img->path);
	scn = NULL;
	while ((scn = elf_nextscn(e, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_RELA && sh.sh_info == ai)
			ri = elf_ndxscn(scn);
	if (!ri)
		die("%s: .altinstructions has no relocations: cannot tell what it patches", img->path);
	gelf_getshdr(elf_getscn(e, ri), &sh);
	rd = elf_getdata(elf_getscn(e, ri), NULL);
	sd = elf_getdata(elf_getscn(e, sh.sh_link), NULL);
	if (!rd || !sd)
		die("%s: unreadable relocations of .altinstructions", img->path);
	n = ash.sh_size / 12;
	tgt = xcalloc(2 * n, sizeof(*tgt));
	for (i = 0; i < 2 * n; i++)
		tgt[i] = UINT64_MAX;
	for (k = 0; k < sh.sh_size / sizeof(Elf64_Rela); k++) {
		GElf_Rela r;
		GElf_Sym sym;
		GElf_Shdr ts;

		if (!gelf_getrela(rd, k, &r) || !gelf_getsym(sd, GELF_R_SYM(r.r_info), &sym))
			die("%s: bad relocation %zu of .altinstructions", img->path, k);
		if (r.r_offset >= ash.sh_size || r.r_offset % 12 > 4 || r.r_offset % 4 ||
		    GELF_R_TYPE(r.r_info) != R_AARCH64_PREL32)
			die("%s: .altinstructions relocation %zu (type %u at +%#llx) is not an entry's offset field",
			    img->path, k, (unsigned)GELF_R_TYPE(r.r_info), (unsigned long long)r.r_offset);
		if (sym.st_shndx == SHN_UNDEF)	/* a callback in the kernel */
			continue;
		if (sym.st_shndx >= SHN_LORESERVE || !gelf_getshdr(elf_getscn(e, sym.st_shndx), &ts))
			die("%s: .altinstructions relocation %zu has no section", img->path, k);
		tgt[r.r_offset / 12 * 2 + r.r_offset % 12 / 4] = ts.sh_offset + sym.st_value + r.r_addend;
	}
	img->alts = xcalloc(n, sizeof(*img->alts));
	for (i = 0; i < n; i++) {
		const uint8_t *ent = img->buf + ash.sh_offset + 12 * i;

		alts_set(img, i, tgt[2 * i], tgt[2 * i + 1], ent);
		if (!alts_in_code(img, img->alts[i].orig) ||
		    (!img->alts[i].cb && !alts_in_code(img, img->alts[i].repl)))
			die("%s: alternatives entry %zu patches or copies from outside the code sections",
			    img->path, i);
	}
	img->nalts = n;
	free(tgt);
	info("alternatives: %zu entries (.altinstructions)", n);
}

/*
 * vmlinux: the zero-filled tail of .text up to _etext is mapped in the Image
 * but not in the ELF segment. Grow the first PT_LOAD over it when the file
 * gap is there and zero, so both formats get the same trampoline space.
 */
static void grow_text_segment(struct image *img, Elf *e, uint64_t etext)
{
	size_t n, i;
	GElf_Phdr ph, next;

	if (elf_getphdrnum(e, &n) < 0)
		return;
	for (i = 0; i + 1 < n; i++) {
		size_t k, gap_end;

		if (!gelf_getphdr(e, i, &ph) || ph.p_type != PT_LOAD || !(ph.p_flags & PF_X))
			continue;
		if (etext <= ph.p_vaddr + ph.p_filesz || etext - ph.p_vaddr > ph.p_filesz + 0x10000)
			return;
		gap_end = ph.p_offset + (etext - ph.p_vaddr);
		gelf_getphdr(e, i + 1, &next);
		if (gap_end > img->size || (next.p_type == PT_LOAD && gap_end > next.p_offset))
			return;
		for (k = ph.p_offset + ph.p_filesz; k < gap_end; k++)
			if (img->buf[k])
				return;
		{	/* Elf64_Phdr: p_filesz at +32, p_memsz at +40 */
			GElf_Ehdr eh;
			uint8_t *p;
			uint64_t sz = etext - ph.p_vaddr;
			int b;

			gelf_getehdr(e, &eh);
			p = img->buf + eh.e_phoff + i * eh.e_phentsize;
			for (b = 0; b < 8; b++)
				p[32 + b] = p[40 + b] = sz >> (8 * b);
			img_touch(img, p + 32 - img->buf, 16);
			ph.p_filesz = sz;
		}
		img->segs[i].filesz = ph.p_filesz;
		info("grew the text segment to _etext (%#llx)", (unsigned long long)etext);
		return;
	}
}

void elf_load(struct image *img, const struct options *o)
{
	Elf *e;
	GElf_Ehdr eh;
	size_t n, i;
	bool rel;

	elf_version(EV_CURRENT);
	e = elf_memory((char *)img->buf, img->size);
	if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh))
		die("%s: corrupt ELF header: %s", img->path, elf_errmsg(-1));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64)
		die("%s: not ELF64 (32-bit input is not supported)", img->path);
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
		die("%s: big-endian ELF is not supported", img->path);
	if (eh.e_machine != EM_AARCH64)
		die("%s: ELF machine %u is not AArch64", img->path, eh.e_machine);
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN && eh.e_type != ET_REL)
		die("%s: ELF type %u is neither executable nor relocatable", img->path, eh.e_type);
	if (eh.e_shnum && (eh.e_shoff > img->size || (uint64_t)eh.e_shnum * eh.e_shentsize > img->size - eh.e_shoff))
		die("%s: section header table extends past the end of the file (truncated?)", img->path);
	if (eh.e_phnum && (eh.e_phoff > img->size || (uint64_t)eh.e_phnum * eh.e_phentsize > img->size - eh.e_phoff))
		die("%s: program header table extends past the end of the file (truncated?)", img->path);
	check_sections(img, e);
	img->elf = e;
	rel = eh.e_type == ET_REL;
	img->fmt = rel ? FMT_ELF_REL : FMT_ELF_EXEC;
	if (!rel) {
		if (elf_getphdrnum(e, &n) < 0)
			die("%s: corrupt program headers", img->path);
		img->segs = xcalloc(n ? n : 1, sizeof(*img->segs));
		for (i = 0; i < n; i++) {
			GElf_Phdr ph;

			if (!gelf_getphdr(e, i, &ph))
				die("%s: corrupt program header %zu", img->path, i);
			if (ph.p_type == PT_LOAD && (ph.p_offset > img->size || ph.p_filesz > img->size - ph.p_offset))
				die("%s: segment %zu extends past the end of the file (truncated?)", img->path, i);
			img->segs[i] = (struct segment){ ph.p_type == PT_LOAD ? ph.p_vaddr : 0, ph.p_offset,
							 ph.p_type == PT_LOAD ? ph.p_filesz : 0 };
		}
		img->nsegs = n;
	}
	load_symbols(img, e, rel);
	{
		const uint8_t *v = memmem(img->buf, img->size, "Linux version ", 14);

		if (v) {
			snprintf(img->version, sizeof(img->version), "%.*s", (int)sizeof(img->version) - 1, v);
			img->version[strcspn(img->version, "\n")] = 0;
		}
	}
	if (!rel && sym_find(img, "_stext") && sym_find(img, "_etext")) {
		grow_text_segment(img, e, sym_find(img, "_etext")->addr);
		layout_linux(img, o);
	} else {
		generic_ranges(img, e, rel, o);
	}
	if (rel) {
		rel_alternatives(img, e);
		find_signature(img, e);
	}
}


/*
 * ET_REL output: the input's sections as they are (with the rewritten code),
 * plus .text.pvnest (trampolines), .bss.pvnest (PV pages), their section
 * symbols (inserted after the local symbols; every symbol index after them
 * moves up by two), and RELA entries for the branches between old and new
 * code. libelf lays the file out.
 */
static uint64_t rinfo(uint64_t sym, unsigned type) { return sym << 32 | type; }

void elf_write_rel(const struct image *img, const char *path)
{
	Elf *in = img->elf, *out;
	GElf_Ehdr eh;
	size_t nsec, i, shstr, symidx = 0, nlocal = 0, strsz;
	int fd = atomic_tmp_open(path);
	size_t text_idx, bss_idx;
	struct { size_t idx; uint8_t *buf; size_t size; } *extra_rela;
	char *shs;
	GElf_Shdr sh;

	elf_getshdrnum(in, &nsec);
	elf_getshdrstrndx(in, &shstr);
	gelf_getehdr(in, &eh);
	for (i = 1; i < nsec; i++) {
		gelf_getshdr(elf_getscn(in, i), &sh);
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
	extra_rela = xcalloc(nsec, sizeof(*extra_rela));

	if (!(out = elf_begin(fd, ELF_C_WRITE, NULL)) || !gelf_newehdr(out, ELFCLASS64))
		die("%s: libelf: %s", path, elf_errmsg(-1));
	{
		GElf_Ehdr oh = eh;

		oh.e_shnum = 0;
		gelf_update_ehdr(out, &oh);
	}
	/* shstrtab with the new names appended. */
	gelf_getshdr(elf_getscn(in, shstr), &sh);
	strsz = sh.sh_size;
	shs = xcalloc(1, strsz + 4096);
	memcpy(shs, img->buf + sh.sh_offset, sh.sh_size);

	for (i = 1; i < nsec; i++) {
		Elf_Scn *is = elf_getscn(in, i), *os = elf_newscn(out);
		Elf_Data *d;
		GElf_Shdr s2;

		gelf_getshdr(is, &s2);
		d = elf_newdata(os);
		d->d_type = ELF_T_BYTE;
		d->d_align = s2.sh_addralign ? s2.sh_addralign : 1;
		d->d_size = s2.sh_size;
		d->d_buf = s2.sh_type == SHT_NOBITS ? NULL : img->buf + s2.sh_offset;
		if (i == shstr) {
			d->d_buf = shs;
		} else if (i == symidx) {
			/* Insert two local section symbols at nlocal. */
			size_t ent = s2.sh_entsize, n = s2.sh_size / ent;
			uint8_t *nb = xcalloc(n + 2, ent);
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
			r = xcalloc(n + add, sizeof(*r));
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
		Elf64_Rela *r = xcalloc(img->rel.nrels + 1, sizeof(*r));
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

				gelf_getshdr(elf_getscn(in, symidx), &s2);
				n = s2.sh_size / s2.sh_entsize;
				for (j = 1; j < n; j++) {
					size_t rk;

					gelf_getsym(sd, j, &gs);
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
		d = elf_newdata(os);
		*d = (Elf_Data){ .d_version = EV_CURRENT, .d_buf = img->rel.text, .d_size = img->rel.text_size, .d_type = ELF_T_BYTE, .d_align = 8 };
		s2 = (GElf_Shdr){ .sh_name = nameoff[0], .sh_type = SHT_PROGBITS, .sh_flags = SHF_ALLOC | SHF_EXECINSTR,
				  .sh_size = img->rel.text_size, .sh_addralign = 8 };
		gelf_update_shdr(os, &s2);
		os = elf_newscn(out);
		d = elf_newdata(os);
		*d = (Elf_Data){ .d_version = EV_CURRENT, .d_buf = NULL, .d_size = img->rel.bss_size, .d_type = ELF_T_BYTE, .d_align = 4096 };
		s2 = (GElf_Shdr){ .sh_name = nameoff[1], .sh_type = SHT_NOBITS, .sh_flags = SHF_ALLOC | SHF_WRITE,
				  .sh_size = img->rel.bss_size, .sh_addralign = 4096 };
		gelf_update_shdr(os, &s2);
		os = elf_newscn(out);
		d = elf_newdata(os);
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
			GElf_Shdr t;

			if (extra_rela[k].idx)
				continue;
			for (j = 0; j < img->rel.nrels; j++)
				n += img->rel.rels[j].secidx == (int)k;
			if (!n)
				continue;
			rr = xcalloc(n, sizeof(*rr));
			for (j = 0, n = 0; j < img->rel.nrels; j++)
				if (img->rel.rels[j].secidx == (int)k)
					rr[n++] = (Elf64_Rela){ img->rel.rels[j].off, rinfo(nlocal, img->rel.rels[j].type),
								img->rel.rels[j].addend };
			gelf_getshdr(elf_getscn(in, k), &t);
			snprintf(nm, sizeof(nm), ".rela%s", elf_strptr(in, shstr, t.sh_name));
			if (strsz + strlen(nm) + 1 > sh.sh_size + 4096)
				die("%s: too many new section names", img->path);
			strcpy(shs + strsz, nm);
			os = elf_newscn(out);
			d = elf_newdata(os);
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
		Elf_Data *d = elf_getdata(os, NULL);
		GElf_Shdr s2;

		d->d_size = strsz;
		gelf_getshdr(os, &s2);
		s2.sh_size = strsz;
		gelf_update_shdr(os, &s2);
	}
	if (elf_update(out, ELF_C_WRITE) < 0)
		die("%s: libelf: %s", path, elf_errmsg(-1));
	elf_end(out);
	atomic_tmp_commit(path, fd);
}
