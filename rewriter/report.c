// SPDX-License-Identifier: GPL-2.0
/* The JSON report (every site) and the human summary (counts). */
#include <capstone/capstone.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "util.h"

static const char *const fmt_names[] = { "arm64-image", "elf-exec", "elf-rel" };

/* Length of the well-formed UTF-8 sequence at s (RFC 3629), 0 if none. */
static int utf8_len(const unsigned char *s)
{
	int n = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3 :
		s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0, i;

	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) || (s[0] == 0xf0 && s[1] < 0x90) ||
	    (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* A JSON string, valid UTF-8 whatever the input: control characters and
 * bytes that are not well-formed UTF-8 are written as \u00XX (the byte). */
static void jstr(FILE *f, const char *s)
{
	fputc('"', f);
	while (s && *s) {
		const unsigned char *u = (const unsigned char *)s;
		int n = utf8_len(u);

		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if (u[0] < 0x20 || u[0] == 0x7f || !n)
			fprintf(f, "\\u%04x", u[0]);
		else
			fwrite(s, 1, n, f);
		s += n ? n : 1;
	}
	fputc('"', f);
}

static void counts(const struct siteset *ss, size_t cls[NR_CLASSES][NR_STRATEGIES])
{
	size_t i;

	memset(cls, 0, sizeof(size_t) * NR_CLASSES * NR_STRATEGIES);
	for (i = 0; i < ss->n; i++)
		cls[ss->v[i].cls][ss->v[i].strat]++;
}

void report_summary(FILE *f, const struct image *img, const struct siteset *ss, const struct profile *p,
		    const struct options *o, const struct postcheck *pk)
{
	size_t c[NR_CLASSES][NR_STRATEGIES], tot[NR_STRATEGIES] = { 0 };
	int i, j;

	counts(ss, c);
	fprintf(f, "%s: %s, %zu code ranges, %zu symbols (%s), %zu alternatives\n", img->path, fmt_names[img->fmt],
		img->nranges, img->st.n, img->st.src ? img->st.src : "none", img->nalts);
	if (img->version[0])
		fprintf(f, "  %s\n", img->version);
	fprintf(f, "profile %s, %s guest hypervisor, host traps: %s\n", p->name,
		o->mode == PV_MODE_VHE ? "VHE" : "non-VHE", o->host >= 0 ? pv_host_names[o->host] : "none");
	fprintf(f, "%-10s", "class");
	for (j = 0; j < NR_STRATEGIES; j++)
		fprintf(f, " %*.*s", 8, 8, strategy_names[j]);
	fprintf(f, "    total\n");
	for (i = 0; i < NR_CLASSES; i++) {
		size_t t = 0;

		for (j = 0; j < NR_STRATEGIES; j++)
			t += c[i][j];
		if (!t)
			continue;
		fprintf(f, "%-10s", class_names[i]);
		for (j = 0; j < NR_STRATEGIES; j++) {
			fprintf(f, " %8zu", c[i][j]);
			tot[j] += c[i][j];
		}
		fprintf(f, " %8zu\n", t);
	}
	fprintf(f, "%-10s", "total");
	for (j = 0; j < NR_STRATEGIES; j++)
		fprintf(f, " %8zu", tot[j]);
	fprintf(f, " %8zu\n", ss->n);
	fprintf(f, "trampoline space: %zu of %zu bytes", img->slack_used, img->slack_size + img->room_size);
	if (img->nroom)
		fprintf(f, " (%zu at _etext, %zu in %zu alignment gaps in .text)", img->slack_size, img->room_size,
			img->nroom);
	fprintf(f, "; PV area: %zu page(s) at %#llx\n", img->area_pages, (unsigned long long)img->area_addr);
	if (img->tramp_missed)
		fprintf(f, "no trampoline for %zu site(s) (space exhausted or out of branch range): artifact-smc\n",
			img->tramp_missed);
	fprintf(f, "post-check: %zu executable bytes by the file's headers, %zu EL2-class words: %zu in code as planned, "
		   "%zu in data, %zu in code outside every range (unhandled), %zu not as planned\n",
		pk->exec_bytes, pk->el2_words, pk->in_code, pk->data_like, pk->loose, pk->bad);
}

void report_write(const char *path, const struct image *img, const struct siteset *ss, const struct profile *p,
		  const struct options *o, const char *out, const struct postcheck *pk)
{
	size_t c[NR_CLASSES][NR_STRATEGIES], i;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	csh cs;
	int k, j;
	bool first;

	if (!f || cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &cs) != CS_ERR_OK)
		die("report: cannot start");
	counts(ss, c);
	fprintf(f, "{\n  \"tool\": \"pvrewrite\",\n  \"abi_version\": %d,\n  \"regdb_hash\": \"%08x\",\n", PV_ABI_VERSION,
		PV_REGDB_HASH);
	fprintf(f, "  \"input\": ");
	jstr(f, img->path);
	fprintf(f, ",\n  \"output\": ");
	if (out)
		jstr(f, out);
	else
		fputs("null", f);
	fprintf(f, ",\n  \"format\": \"%s\",\n  \"kernel_version\": ", fmt_names[img->fmt]);
	jstr(f, img->version);
	fprintf(f, ",\n  \"symbols\": {\"source\": ");
	jstr(f, img->st.src);
	fprintf(f, ", \"count\": %zu},\n  \"profile\": ", img->st.n);
	jstr(f, p->name);
	fprintf(f, ",\n  \"profile_description\": ");
	jstr(f, p->desc);
	fprintf(f, ",\n  \"mode\": \"%s\",\n  \"host_traps\": %s%s%s,\n", o->mode == PV_MODE_VHE ? "vhe" : "nvhe",
		o->host >= 0 ? "\"" : "", o->host >= 0 ? pv_host_names[o->host] : "null", o->host >= 0 ? "\"" : "");
	fprintf(f, "  \"trampolines\": {\"slack_addr\": \"%#llx\", \"slack_bytes\": %zu, \"gaps\": %zu, \"gap_bytes\": %zu, "
		   "\"used_bytes\": %zu, \"missed\": %zu},\n",
		(unsigned long long)img->slack_addr, img->slack_size, img->nroom, img->room_size, img->slack_used,
		img->tramp_missed);
	fprintf(f, "  \"pv_area\": {\"addr\": \"%#llx\", \"pages\": %zu},\n", (unsigned long long)img->area_addr,
		img->area_pages);
	fprintf(f, "  \"module_signature\": \"%s\",\n", modsig_state(img, out != NULL));
	fprintf(f, "  \"postcheck\": {\"exec_bytes\": %zu, \"el2_words\": %zu, \"in_code\": %zu, \"data_like\": %zu, "
		   "\"outside_code\": %zu, \"not_as_planned\": %zu},\n",
		pk->exec_bytes, pk->el2_words, pk->in_code, pk->data_like, pk->loose, pk->bad);
	fprintf(f, "  \"alternatives\": %zu,\n  \"ranges\": [\n", img->nalts);
	for (i = 0; i < img->nranges; i++) {
		const struct code_range *r = &img->ranges[i];

		fprintf(f, "    {\"name\": ");
		jstr(f, r->name);
		fprintf(f, ", \"addr\": \"%#llx\", \"foff\": %zu, \"size\": %zu, \"vel2\": %s, \"nostack\": %s, \"trampolines\": %s}%s\n",
			(unsigned long long)r->addr, r->foff, r->size, r->vel2 ? "true" : "false", r->nostack ? "true" : "false",
			r->tramp_ok ? "true" : "false", i + 1 < img->nranges ? "," : "");
	}
	fprintf(f, "  ],\n  \"counts\": {\n");
	for (k = 0, first = true; k < NR_CLASSES; k++) {
		size_t t = 0;

		for (j = 0; j < NR_STRATEGIES; j++)
			t += c[k][j];
		if (!t)
			continue;
		fprintf(f, "%s    \"%s\": {", first ? "" : ",\n", class_names[k]);
		first = false;
		for (j = 0, t = 0; j < NR_STRATEGIES; j++)
			if (c[k][j])
				fprintf(f, "%s\"%s\": %zu", t++ ? ", " : "", strategy_names[j], c[k][j]);
		fputc('}', f);
	}
	fprintf(f, "\n  },\n  \"sites\": [\n");
	for (i = 0; i < ss->n; i++) {
		const struct site *s = &ss->v[i];
		const struct symbol *sym = sym_lookup(&img->st, s->addr);
		uint8_t b[4];
		cs_insn *ci;
		char text[256] = "";

		wr32(b, s->insn);
		if (cs_disasm(cs, b, 4, s->addr, 1, &ci) == 1) {
			snprintf(text, sizeof(text), "%s %s", ci->mnemonic, ci->op_str);
			cs_free(ci, 1);
		}
		fprintf(f, "    {\"addr\": \"%#llx\", \"symbol\": ", (unsigned long long)s->addr);
		if (sym) {
			char sb[600];

			snprintf(sb, sizeof(sb), "%s+%#llx", sym->name, (unsigned long long)(s->addr - sym->addr));
			jstr(f, sb);
		} else {
			fputs("null", f);
		}
		fprintf(f, ", \"range\": ");
		jstr(f, s->range->name);
		fprintf(f, ", \"insn\": \"%08x\", \"text\": ", s->insn);
		jstr(f, text);
		fprintf(f, ", \"class\": \"%s\", \"reg\": ", class_names[s->cls]);
		if (s->row >= 0)
			jstr(f, pv_regdb[s->row].name);
		else
			fputs("null", f);
		fprintf(f, ", \"dir\": \"%s\", \"action\": \"%s\", \"new\": \"%08x\"", s->write ? "w" : "r",
			strategy_names[s->strat], s->new_insn);
		if (s->strat == S_TRAMPOLINE)
			fprintf(f, ", \"trampoline\": \"%#llx\", \"vncr_offset\": \"%#x\"", (unsigned long long)s->tramp,
				s->memoff);
		if (s->in_repl)
			fputs(", \"alternative_replacement\": true", f);
		if (s->why) {
			fputs(", \"why\": ", f);
			jstr(f, s->why);
		}
		fprintf(f, "}%s\n", i + 1 < ss->n ? "," : "");
	}
	fputs("  ]\n}\n", f);
	fclose(f);
	cs_close(&cs);
	write_file_atomic(path, buf, len);
	free(buf);
}
