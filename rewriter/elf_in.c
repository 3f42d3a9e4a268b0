// SPDX-License-Identifier: GPL-2.0
/*
 * ELF64 AArch64 inputs (the writer is elf_out.c): a kernel vmlinux (ET_EXEC/ET_DYN, laid out like the
 * Image), other executables such as xen-syms, and relocatable objects
 * (ET_REL: .o, .ko). The file is parsed with libelf over our own buffer and
 * modified in place, so the output keeps every byte we do not rewrite.
 */
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alts.h"
#include "elf_in.h"
#include "layout.h"
#include "util.h"

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
			if (!gelf_getshdr(elf_getscn(e, j), &b))
				die("%s: corrupt ELF section header %zu: %s", img->path, j, elf_errmsg(-1));
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

		if (!gelf_getshdr(scn, &sh))
			die("%s: corrupt ELF section header: %s", img->path, elf_errmsg(-1));
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || !sh.sh_entsize)
			die("%s: unreadable symbol table", img->path);
		n = sh.sh_size / sh.sh_entsize;
		img->st.v = xcalloc(n, sizeof(*img->st.v));
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
			img->st.v[img->st.n++] = (struct symbol){ .addr = addr, .size = s.st_size,
				.type = GELF_ST_BIND(s.st_info) == STB_LOCAL ? 't' : 'T', .name = name };
		}
		img->st.src = "ELF .symtab";
		break;
	}
	symtab_finish(&img->st);
}

/* Relocatable objects: every executable section. */
static void rel_ranges(struct image *img, Elf *e, const struct options *o)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t shstr;

	elf_getshdrstrndx(e, &shstr);
	while ((scn = elf_nextscn(e, scn))) {
		struct code_range *r;
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			die("%s: corrupt ELF section header: %s", img->path, elf_errmsg(-1));
		if (!(sh.sh_flags & SHF_EXECINSTR) || sh.sh_type != SHT_PROGBITS || !sh.sh_size)
			continue;
		name = elf_strptr(e, shstr, sh.sh_name);
		image_add_exec(img, sh.sh_offset, sh.sh_size);
		img->ranges = xrealloc(img->ranges, img->nranges + 1, sizeof(*img->ranges));
		r = &img->ranges[img->nranges++];
		*r = (struct code_range){ .foff = sh.sh_offset, .addr = sh.sh_offset,
					  .size = sh.sh_size & ~3ull, .name = name ? name : "?" };
		/* Objects: KVM's nVHE hypervisor code is in .hyp.* sections. */
		r->vel2 = o->mode == PV_MODE_VHE || (name && !strncmp(name, ".hyp.", 5));
		/* Objects get a new .text.pvnest section; nVHE hyp objects are
		 * linked into the hyp text, whose mapping .text.pvnest is not in. */
		r->secidx = elf_ndxscn(scn);
		r->tramp_ok = !(o->mode == PV_MODE_NVHE && name && !strncmp(name, ".hyp.", 5));
		r->notramp = "nVHE hyp object: .text.pvnest would be outside the hyp mapping";
	}
	img->segs = xcalloc(1, sizeof(*img->segs));
	img->segs[0] = (struct segment){ 0, 0, img->size };
	img->nsegs = 1;
	img->area_pages = PV_AREA_MAX_VCPUS;	/* .bss.pvnest */
	img->slack_size = 64 << 10;		/* .text.pvnest, at most */
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
	if (!gelf_getehdr(e, &eh))
		die("%s: corrupt ELF header: %s", img->path, elf_errmsg(-1));
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

		if (!gelf_getshdr(scn, &sh))
			die("%s: corrupt ELF section header: %s", img->path, elf_errmsg(-1));
		name = elf_strptr(e, shstr, sh.sh_name);
		if (name && !strcmp(name, ".altinstructions") && sh.sh_type == SHT_PROGBITS)
			ai = elf_ndxscn(scn);
	}
	if (!ai)
		return;
	if (!gelf_getshdr(elf_getscn(e, ai), &ash) || !ash.sh_size)
		return;
	if (ash.sh_size % 12)
		die("%s: .altinstructions is not a whole number of entries", img->path);
	scn = NULL;
	while ((scn = elf_nextscn(e, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_RELA && sh.sh_info == ai)
			ri = elf_ndxscn(scn);
	if (!ri)
		die("%s: .altinstructions has no relocations: cannot tell what it patches", img->path);
	if (!gelf_getshdr(elf_getscn(e, ri), &sh))
		die("%s: unreadable relocations of .altinstructions", img->path);
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
		if (!image_addr_in_code(img, img->alts[i].orig) ||
		    (!img->alts[i].cb && !image_addr_in_code(img, img->alts[i].repl)))
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
		if (!gelf_getphdr(e, i + 1, &next))
			return;
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

			if (!gelf_getehdr(e, &eh))
				return;
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
	img->elf = e;	/* before any die(): whoever recovers from it can elf_end it */
	/* elf_errmsg(-1) says "no error" when libelf set none (elf_kind of
	 * a file it does not recognise): then say so ourselves. */
	if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh)) {
		int err = elf_errno();

		die("%s: corrupt ELF header: %s", img->path,
		    err ? elf_errmsg(err) : img->size < sizeof(Elf64_Ehdr) ? "truncated (shorter than an ELF header)"
									 : "not recognised by libelf");
	}
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
	/* Section names are read through e_shstrndx everywhere: one check here. */
	if (elf_getshdrnum(e, &n) < 0 || elf_getshdrstrndx(e, &i) < 0)
		die("%s: corrupt ELF section table: %s", img->path, elf_errmsg(-1));
	if (n && (i == SHN_UNDEF || i >= n))
		die("%s: section name table index %zu is out of range (%zu sections): corrupt ELF header",
		    img->path, i, n);
	if (n && !elf_getdata(elf_getscn(e, i), NULL))
		die("%s: unreadable section name table: %s", img->path, elf_errmsg(-1));
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
			if (ph.p_type == PT_LOAD && (ph.p_flags & PF_X))
				image_add_exec(img, ph.p_offset, ph.p_filesz);
		}
		img->nsegs = n;
	}
	load_symbols(img, e, rel);
	image_find_version(img);
	if (rel) {
		rel_ranges(img, e, o);
	} else if (sym_find(&img->st, "_stext") && sym_find(&img->st, "_etext")) {
		grow_text_segment(img, e, sym_find(&img->st, "_etext")->addr);
		layout_kernel(img, o);
	} else {
		/* Without a kernel's symbols there is no known code layout, free
		 * space or PV area: a rewrite would change nothing or guess. */
		die("%s: not a Linux or Xen image, nor a relocatable object: an %s without _stext/_etext symbols%s",
		    img->path, eh.e_type == ET_DYN ? "ELF shared object/PIE" : "ELF executable",
		    img->st.n ? "" : " (no .symtab: stripped?)");
	}
	if (rel) {
		rel_alternatives(img, e);
		find_signature(img, e);
	}
}

