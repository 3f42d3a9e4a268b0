// SPDX-License-Identifier: GPL-2.0
/* pvrewrite: paravirtualize an AArch64 guest-hypervisor image for an
 * architecture profile. See docs/rewriter.md. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_out.h"
#include "emit.h"
#include "input.h"
#include "output.h"
#include "plan.h"
#include "report.h"
#include "scan.h"
#include "util.h"
#include "verify.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: pvrewrite [options] INPUT\n"
		"  INPUT: arm64 Linux Image, ELF64 AArch64 vmlinux/xen-syms (ET_EXEC/ET_DYN) or .o/.ko (ET_REL)\n"
		"  -p, --profile NAME|FILE  architecture profile (built-in: v8.3, neve, nv2; default nv2)\n"
		"  -m, --mode vhe|nvhe      guest hypervisor uses VHE (E2H=1, default) or not (E2H=0, NV1=1)\n"
		"      --host kvm|none      add the traps this host configures at vEL2 (default kvm)\n"
		"  -o, --output FILE        write the rewritten image (same format as INPUT)\n"
		"  -r, --report FILE        write every site as JSON\n"
		"  -l, --list               dry run: list the sites and what would be done\n"
		"      --system-map FILE    symbols for an Image (default: its embedded kallsyms)\n"
		"      --allow-unhandled    write the image even if sensitive sites remain unhandled\n"
		"      --no-proxy           do not keep hot VNCR registers in EL1 proxies (TPIDR_EL2)\n"
		"      --list-profiles      print the built-in profiles\n"
		"  -v, --verbose\n");
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

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "profile", 1, 0, 'p' }, { "mode", 1, 0, 'm' }, { "host", 1, 0, 'H' },
		{ "output", 1, 0, 'o' }, { "report", 1, 0, 'r' }, { "list", 0, 0, 'l' },
		{ "system-map", 1, 0, 'S' }, { "allow-unhandled", 0, 0, 'A' }, { "no-proxy", 0, 0, 'P' },
		{ "list-profiles", 0, 0, 'L' }, { "verbose", 0, 0, 'v' }, { "help", 0, 0, 'h' }, { 0 }
	};
	struct options o = { .mode = PV_MODE_VHE, .host = 0 };
	const char *pname = "nv2", *out = NULL, *rep = NULL;
	struct profile prof;
	const struct profile *p = &prof;
	struct plan_ctx pc;
	struct image img = { 0 };
	struct siteset ss = { 0 };
	size_t i, unhandled = 0, bad;
	int c;

	while ((c = getopt_long(argc, argv, "p:m:o:r:lvh", lo, NULL)) != -1) {
		switch (c) {
		case 'p': pname = optarg; break;
		case 'm':
			if (!strcmp(optarg, "vhe"))
				o.mode = PV_MODE_VHE;
			else if (!strcmp(optarg, "nvhe"))
				o.mode = PV_MODE_NVHE;
			else
				die("--mode: '%s' is neither vhe nor nvhe", optarg);
			break;
		case 'H':
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
		case 'S': o.sysmap = optarg; break;
		case 'A': o.allow_unhandled = true; break;
		case 'P': o.no_proxy = true; break;
		case 'v': g_verbose = true; break;
		case 'L':
			for (i = 0; i < PV_NR_PROFILES; i++)
				printf("%-6s %s\n", pv_profile_names[i], pv_profile_descs[i]);
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
	profile_get(&prof, pname);
	image_load(&img, argv[optind], &o);
	scan_image(&img, &ss, false);
	plan_init(&pc, &img, p, &o);
	plan_sites(&pc, &img, &ss);
	if (o.list_only) {
		list_sites(&img, &ss);
		report_summary(stdout, &img, &ss, p, &o);
		if (rep)
			report_write(rep, &img, &ss, p, &o, NULL);
		return 0;
	}
	emit_sites(&img, &ss);
	for (i = 0; i < ss.n; i++)
		if (ss.v[i].strat == S_UNHANDLED || ss.v[i].strat == S_CALLBACK) {
			if (unhandled++ < 20)
				warnx_("unhandled: %#llx %08x %s: %s", (unsigned long long)ss.v[i].addr, ss.v[i].insn,
				       class_names[ss.v[i].cls], ss.v[i].why);
		}
	bad = verify_sites(&img, &ss, &pc);
	if (bad)
		die("verification failed at %zu place(s); no output written", bad);
	if (unhandled && !o.allow_unhandled)
		die("%zu sensitive site(s) cannot be handled; no output written (--allow-unhandled to override)",
		    unhandled);
	if (out && img.fmt == FMT_ELF_REL && img.rel.text_size)
		elf_write_rel(&img, out);
	else if (out)
		image_write(&img, out);
	if (rep)
		report_write(rep, &img, &ss, p, &o, out);
	report_summary(stdout, &img, &ss, p, &o);
	if (out && !strcmp(modsig_state(&img, true), "dropped"))
		printf("module signature dropped: the rewrite invalidates it (the module loads unsigned)\n");
	plan_free(&pc);
	return 0;
}
