// SPDX-License-Identifier: GPL-2.0
/* pvrewrite: paravirtualize an AArch64 guest-hypervisor image for an
 * architecture profile. See docs/rewriter.md. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "a64.h"
#include "elf_out.h"
#include "emit.h"
#include "input.h"
#include "output.h"
#include "plan.h"
#include "postcheck.h"
#include "report.h"
#include "scan.h"
#include "util.h"
#include "verify.h"

#define DEFAULT_PROFILE "nv2"
#ifndef PVNEST_VERSION	/* set by rewriter/CMakeLists.txt */
#define PVNEST_VERSION "unreleased"
#endif

/* The options, once: getopt_long's array, the short-option string and the
 * usage text are all made from this table. Long-only options get codes
 * above the char range. */
enum { O_HOST = 256, O_SYSMAP, O_ALLOW_UNHANDLED, O_NO_PROXY, O_LIST_PROFILES, O_VERSION };
enum { L_NONE, L_PROFILES, L_HOSTS };	/* names listed after the help text */

static const struct opt {
	const char *name;
	int key;		/* short option letter, or O_* */
	const char *arg;	/* argument name; NULL: takes none */
	const char *help;
	int list;		/* L_*: append names from the register database */
} opts[] = {
	{ "profile", 'p', "NAME|FILE", "architecture profile, default " DEFAULT_PROFILE, L_PROFILES },
	{ "mode", 'm', "vhe|nvhe", "guest hypervisor uses VHE (E2H=1, default; Xen: nvhe) or not (E2H=0, NV1=1)" },
	{ "host", O_HOST, "HOST|none", "add the traps this host configures at vEL2 (default kvm)", L_HOSTS },
	{ "output", 'o', "FILE", "write the rewritten image (same format as INPUT)" },
	{ "report", 'r', "FILE", "write every site as JSON" },
	{ "list", 'l', NULL, "dry run: list the sites and what the run does (planned and emitted in memory)" },
	{ "system-map", O_SYSMAP, "FILE", "symbols for an Image (default: its embedded kallsyms)" },
	{ "allow-unhandled", O_ALLOW_UNHANDLED, NULL, "write the image even if sensitive sites remain unhandled" },
	{ "no-proxy", O_NO_PROXY, NULL, "do not keep hot VNCR registers in EL1 proxies (TPIDR_EL2)" },
	{ "list-profiles", O_LIST_PROFILES, NULL, "print the built-in profiles" },
	{ "verbose", 'v', NULL, "say what was found where" },
	{ "version", O_VERSION, NULL, "print the version, PV ABI and register database" },
	{ "help", 'h', NULL, "print this text" },
};
#define NR_OPTS (sizeof(opts) / sizeof(opts[0]))

static void usage(FILE *f)
{
	size_t i, k;

	fprintf(f, "usage: pvrewrite [options] INPUT\n"
		   "  INPUT: arm64 Linux Image, ELF64 AArch64 vmlinux/xen-syms (ET_EXEC/ET_DYN) or .o/.ko (ET_REL)\n");
	for (i = 0; i < NR_OPTS; i++) {
		const struct opt *op = &opts[i];
		char head[64];
		int n;

		n = snprintf(head, sizeof(head), "  %c%c%s--%s%s%s", op->key < 256 ? '-' : ' ',
			     op->key < 256 ? op->key : ' ', op->key < 256 ? ", " : "  ", op->name,
			     op->arg ? " " : "", op->arg ? op->arg : "");
		fprintf(f, "%s%*s %s", head, n < 27 ? 27 - n : 0, "", op->help);
		if (op->list == L_PROFILES)
			for (k = 0; k < PV_NR_PROFILES; k++)
				fprintf(f, "%s%s", k ? ", " : "; built-in: ", pv_profile_names[k]);
		if (op->list == L_HOSTS)
			for (k = 0; k < PV_NR_HOSTS; k++)
				fprintf(f, "%s%s", k ? ", " : "; HOST: ", pv_host_names[k]);
		fputc('\n', f);
	}
}

/* getopt_long's view of the table. */
static void getopt_tables(struct option *lo, char *so)
{
	size_t i;

	for (i = 0; i < NR_OPTS; i++) {
		lo[i] = (struct option){ opts[i].name, opts[i].arg ? required_argument : no_argument, NULL, opts[i].key };
		if (opts[i].key < 256) {
			*so++ = opts[i].key;
			if (opts[i].arg)
				*so++ = ':';
		}
	}
	lo[i] = (struct option){ 0 };
	*so = 0;
}

static void list_sites(const struct image *img, const struct siteset *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++) {
		const struct site *s = &ss->v[i];
		const struct symbol *sym = sym_lookup(&img->st, s->addr);

		printf("%#llx %s+%#llx %08x -> %08x %-9s %-14s %s%s%s\n", (unsigned long long)s->addr,
		       sym ? sym->name : "?", sym ? (unsigned long long)(s->addr - sym->addr) : 0ULL, s->insn,
		       s->new_insn, class_names[s->cls], s->row >= 0 ? pv_regdb[s->row].name : "-",
		       strategy_names[s->strat], s->why ? ": " : "", s->why ? s->why : "");
	}
}

/*
 * Test only (tests/verify-negative.sh): PVREWRITE_TEST_CORRUPT=tramp, page
 * or register damages, after emitting, one trampoline word, one pv_page
 * word or one site's register the way a bug in emit or plan would: the
 * mnemonic stays (ldr, ubfiz, mrs of a database register), only the full
 * encoding tells. verify must refuse the output.
 */
static void corrupt_for_test(struct image *img, struct siteset *ss)
{
	const char *what = getenv("PVREWRITE_TEST_CORRUPT");
	size_t i;
	int r;

	if (!what)
		return;
	for (i = 0; i < ss->n; i++) {
		struct site *s = &ss->v[i];
		uint64_t at;
		size_t foff;

		if (s->strat == S_TRAMPOLINE && (!strcmp(what, "tramp") || !strcmp(what, "page"))) {
			at = !strcmp(what, "tramp") ? s->tramp + 8 : s->page_fn + 8;	/* ldr/str; ubfiz */
			if (img->fmt == FMT_ELF_REL)
				wr32(img->rel.text + at, rd32(img->rel.text + at) ^ 1u << 10);
			else if (image_addr_to_foff(img, at, &foff))
				img_put32(img, foff, rd32(img->buf + foff) ^ 1u << 10);
			info("test: corrupted %s word at %#llx", what, (unsigned long long)at);
			return;
		}
		if ((s->strat == S_EL1REG || s->strat == S_PROXY) && !strcmp(what, "register")) {
			/* Another EL1 register of the database, as a wrong plan would pick. */
			for (r = 0; r < PV_NR_REGS; r++)
				if (pv_regdb[r].kind == PV_KIND_SYSREG && PV_ENC_OP1(pv_regdb[r].enc) == 0 &&
				    pv_regdb[r].enc != A64_ENC(s->new_insn))
					break;
			s->new_insn = a64_with_enc(s->new_insn, pv_regdb[r].enc);
			img_put32(img, s->foff, s->new_insn);
			info("test: site %#llx now names %s", (unsigned long long)s->addr, pv_regdb[r].name);
			return;
		}
	}
	die("PVREWRITE_TEST_CORRUPT=%s: no such site to corrupt", what);
}

int main(int argc, char **argv)
{
	struct option lo[NR_OPTS + 1];
	char so[2 * NR_OPTS + 1];
	struct options o = { .mode = PV_MODE_VHE, .host = 0 };
	bool mode_given = false;
	const char *pname = DEFAULT_PROFILE, *out = NULL, *rep = NULL;
	struct profile prof;
	const struct profile *p = &prof;
	struct plan_ctx pc;
	struct image img = { 0 };
	struct siteset ss = { 0 };
	struct postcheck pk;
	size_t i, unhandled = 0, bad;
	int c;

	getopt_tables(lo, so);
	while ((c = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		switch (c) {
		case 'p': pname = optarg; break;
		case 'm':
			mode_given = true;
			if (!strcmp(optarg, "vhe"))
				o.mode = PV_MODE_VHE;
			else if (!strcmp(optarg, "nvhe"))
				o.mode = PV_MODE_NVHE;
			else
				die("--mode: '%s' is neither vhe nor nvhe", optarg);
			break;
		case O_HOST:
			o.host = -1;
			for (i = 0; i < PV_NR_HOSTS; i++)
				if (!strcmp(optarg, pv_host_names[i]))
					o.host = i;
			if (o.host < 0 && strcmp(optarg, "none"))
				die("--host: unknown host '%s'", optarg);
			break;
		case 'o': out = optarg; break;
		case 'r': rep = optarg; break;
		case 'l': o.list_only = true; break;
		case O_SYSMAP: o.sysmap = optarg; break;
		case O_ALLOW_UNHANDLED: o.allow_unhandled = true; break;
		case O_NO_PROXY: o.no_proxy = true; break;
		case 'v': g_verbose = true; break;
		case O_LIST_PROFILES:
			for (i = 0; i < PV_NR_PROFILES; i++)
				printf("%-6s %s\n", pv_profile_names[i], pv_profile_descs[i]);
			return 0;
		case O_VERSION:
			printf("pvrewrite %s (PV ABI %d, register database %08x, %d rows)\n", PVNEST_VERSION,
			       PV_ABI_VERSION, PV_REGDB_HASH, PV_NR_REGS);
			return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return 2;
	}
	if (!out && !o.list_only && !rep)
		die("nothing to do: give -o OUTPUT, -r REPORT or --list");
	/* By file, not by name: ./a and a, or a hard link, are the same. */
	if (out && same_file(out, argv[optind]))
		die("%s: the output is the input; write it elsewhere", out);
	if (rep && same_file(rep, argv[optind]))
		die("%s: the report is the input; write it elsewhere", rep);
	if (out && rep && same_file(out, rep))
		die("%s: the image and the report would be the same file", out);
	profile_get(&prof, pname);
	image_load(&img, argv[optind], &o);
	/* Xen on arm64 never sets HCR_EL2.E2H: as a guest hypervisor it is
	 * non-VHE. Its layout does not depend on the mode, so this can follow
	 * the load. */
	if (img.xen && !mode_given) {
		o.mode = PV_MODE_NVHE;
		fprintf(stderr, "pvrewrite: %s is Xen: using --mode nvhe\n", img.path);
	} else if (img.xen && o.mode == PV_MODE_VHE) {
		die("%s: Xen does not run with VHE (E2H=1) as a guest hypervisor: use --mode nvhe", img.path);
	}
	scan_image(&img, &ss, false);
	plan_init(&pc, &img, p, &o);
	plan_sites(&pc, &img, &ss);
	/* --list too: only emitting tells which trampolines fit (into memory;
	 * nothing is written), so the list is the real run's. */
	emit_sites(&img, &ss);
	if (img.tramp_missed)
		warnx_("%zu site(s) got no trampoline (space exhausted or out of branch range: %zu of %zu bytes used); "
		       "they are artifact-smc", img.tramp_missed, img.slack_used, img.slack_size + img.room_size);
	if (o.list_only) {
		postcheck_image(&img, &ss, &pk);
		list_sites(&img, &ss);
		report_summary(stdout, &img, &ss, p, &o, &pk);
		if (rep)
			report_write(rep, &img, &ss, p, &o, NULL, &pk);
		atomic_commit_all();
		goto done;
	}
	corrupt_for_test(&img, &ss);
	bad = verify_sites(&img, &ss, &pc);
	if (bad)
		die("verification failed at %zu place(s); no output written", bad);
	bad = postcheck_image(&img, &ss, &pk);
	if (bad)
		die("post-check failed at %zu place(s); no output written", bad);
	for (i = 0; i < ss.n; i++)
		if (ss.v[i].strat == S_UNHANDLED || ss.v[i].strat == S_CALLBACK) {
			if (unhandled++ < 20)
				warnx_("unhandled: %#llx %08x %s: %s", (unsigned long long)ss.v[i].addr, ss.v[i].insn,
				       class_names[ss.v[i].cls], ss.v[i].why);
		}
	if (unhandled && !o.allow_unhandled)
		die("%zu sensitive site(s) cannot be handled; no output written (--allow-unhandled to override)",
		    unhandled);
	if (out && img.fmt == FMT_ELF_REL && img.rel.text_size)
		elf_write_rel(&img, out);
	else if (out)
		image_write(&img, out);
	if (rep)
		report_write(rep, &img, &ss, p, &o, out, &pk);
	atomic_commit_all();	/* both outputs or neither */
	report_summary(stdout, &img, &ss, p, &o, &pk);
	if (out && !strcmp(modsig_state(&img, true), "dropped"))
		printf("module signature dropped: the rewrite invalidates it (the module loads unsigned)\n");
done:
	plan_free(&pc);
	free(ss.v);
	image_unload(&img);
	return 0;
}
