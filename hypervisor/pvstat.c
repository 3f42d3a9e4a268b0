// SPDX-License-Identifier: GPL-2.0
/*
 * pvstat: traps per nested exit, from the counters pvnest's L0 kernel keeps
 * (the accounting patch of hypervisor/patches: debugfs kvm/<vm>/nested_exit_traps). Register names come from
 * the register database (pvhooks/sysregs.db).
 *
 *   pvstat [--csv] [--reset] [FILE|DIR ...]
 * FILE: a copy of a nested_exit_traps file; DIR: a KVM debugfs directory (default
 * /sys/kernel/debug/kvm: every VM in it). --reset zeroes the counters after
 * reading them (needs the live debugfs file).
 */
#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>

#include "a64.h"
#include "exit-classes.h"
#include "nested-exits.h"
#include "regdb_lookup.h"

/* The L0 kernel's causes and sizes: pvhooks/nested-exits.txt, as it has them. */
#define NCAUSE PV_NX_CAUSES
#define NEC PV_NX_ECS
#define NHIST PV_NX_HIST
#define NREG 512

static const char *const causes[NCAUSE] = { PV_NX_CAUSE_NAMES };

static struct {
	unsigned long long exits[NCAUSE], done[NCAUSE], fast[NCAUSE], artifacts[NCAUSE], by_ec[NCAUSE][NEC], l2_l0, hist[NHIST];
	unsigned long long pv_calls, pv_invalid, pv_self;	/* PV nested mode (its patches) */
	struct { unsigned cause, enc; unsigned long long n; } reg[NREG];
	int nreg;
} st;

static int cause_idx(const char *s)
{
	int i;

	for (i = 0; i < NCAUSE; i++)
		if (!strcmp(s, causes[i]))
			return i;
	return -1;
}

static void add_reg(int c, unsigned enc, unsigned long long n)
{
	int i;

	for (i = 0; i < st.nreg; i++)
		if (st.reg[i].cause == (unsigned)c && st.reg[i].enc == enc) {
			st.reg[i].n += n;
			return;
		}
	if (st.nreg < NREG)
		st.reg[st.nreg++] = (typeof(st.reg[0])){ c, enc, n };
}

static void parse(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[256], what[32], cause[32], kind[16];
	unsigned long long n;
	unsigned v, a, b, c, d, e;
	int lineno = 0;

	if (!f) {
		fprintf(stderr, "pvstat: %s: cannot open\n", path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (sscanf(line, "vcpu %u %31s", &v, what) != 2)
			goto bad;
		if (!strcmp(what, "exits") && sscanf(line, "vcpu %*u exits %31s %llu", cause, &n) == 2 &&
		    cause_idx(cause) >= 0)
			st.exits[cause_idx(cause)] += n;
		else if (!strcmp(what, "traps-done") && sscanf(line, "vcpu %*u traps-done %31s %llu", cause, &n) == 2 &&
			 cause_idx(cause) >= 0)
			st.done[cause_idx(cause)] += n;
		else if (!strcmp(what, "fast-done") && sscanf(line, "vcpu %*u fast-done %31s %llu", cause, &n) == 2 &&
			 cause_idx(cause) >= 0)
			st.fast[cause_idx(cause)] += n;
		else if (!strcmp(what, "l2-exits-l0") && sscanf(line, "vcpu %*u l2-exits-l0 %llu", &n) == 1)
			st.l2_l0 += n;
		else if (!strcmp(what, "artifacts") && sscanf(line, "vcpu %*u artifacts %31s %llu", cause, &n) == 2 &&
			 cause_idx(cause) >= 0)
			st.artifacts[cause_idx(cause)] += n;
		else if (!strcmp(what, "pv") && sscanf(line, "vcpu %*u pv %15s %llu", kind, &n) == 2 &&
			 (!strcmp(kind, "calls") || !strcmp(kind, "invalid") || !strcmp(kind, "self-returns")))
			*(!strcmp(kind, "calls") ? &st.pv_calls : !strcmp(kind, "invalid") ? &st.pv_invalid : &st.pv_self) += n;
		else if (!strcmp(what, "hist") && sscanf(line, "vcpu %*u hist %u %llu", &a, &n) == 2 && a < NHIST)
			st.hist[a] += n;
		else if (!strcmp(what, "traps") && sscanf(line, "vcpu %*u traps %31s %15s", cause, kind) == 2) {
			int ci = cause_idx(cause);

			if (!strcmp(kind, "ec") && ci >= 0 && sscanf(line, "vcpu %*u traps %*s ec %x %llu", &a, &n) == 2 &&
			    a < NEC)
				st.by_ec[ci][a] += n;
			else if (!strcmp(kind, "sysreg") && ci >= 0 &&
				 sscanf(line, "vcpu %*u traps %*s sysreg %u.%u.%u.%u.%u %llu", &a, &b, &c, &d, &e, &n) == 6)
				add_reg(ci, PV_ENC(a, b, c, d, e), n);
			else if (strcmp(kind, "sysreg-other"))
				goto bad;
		} else {
			goto bad;
		}
		continue;
bad:
		fprintf(stderr, "pvstat: %s:%d: not a nested_exit_traps line\n", path, lineno);
		exit(1);
	}
	fclose(f);
}

static const char *ec_name(unsigned ec)
{
	size_t i;

	for (i = 0; i < sizeof(pv_exit_classes) / sizeof(pv_exit_classes[0]); i++)
		if (pv_exit_classes[i].ec == (int)ec)
			return pv_exit_classes[i].name;
	return NULL;
}

/* The kernel's cause names, printed as the exit class names every tool uses. */
static const char *cause_name(int c)
{
	size_t i;

	for (i = 0; i < sizeof(pv_exit_classes) / sizeof(pv_exit_classes[0]); i++)
		if (pv_exit_classes[i].cause && !strcmp(pv_exit_classes[i].cause, causes[c]))
			return pv_exit_classes[i].name;
	return causes[c];
}

/* Registers outside the database (ID registers, GIC CPU interface...): the
 * name capstone gives an MRS of the encoding, else the generic form. */
static void reg_name(unsigned enc, char *buf, size_t sz)
{
	static csh cs;
	static int cs_ok = -1;
	int r = regdb_find_sysreg(enc);
	cs_insn *insn;

	if (r >= 0) {
		snprintf(buf, sz, "%s", pv_regdb[r].name);
		return;
	}
	snprintf(buf, sz, "S%u_%u_C%u_C%u_%u", PV_ENC_OP0(enc), PV_ENC_OP1(enc), PV_ENC_CRN(enc),
		 PV_ENC_CRM(enc), PV_ENC_OP2(enc));
	if (cs_ok < 0)
		cs_ok = cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &cs) == CS_ERR_OK;
	if (cs_ok) {
		uint32_t w = a64_mrs(enc, 0);
		const char *n;

		if (cs_disasm(cs, (const uint8_t *)&w, 4, 0, 1, &insn) == 1) {
			n = strchr(insn->op_str, ',');
			/* capstone spells unnamed registers s3_0_c12_c11_5: keep ours */
			if (n && n[1] == ' ' && n[2] != 's' && strlen(n + 2) < sz) {
				size_t i;

				for (i = 0; n[2 + i]; i++)
					buf[i] = toupper((unsigned char)n[2 + i]);
				buf[i] = 0;
			}
			cs_free(insn, 1);
		}
	}
}

int main(int argc, char **argv)
{
	int csv = 0, reset = 0, i, c, nin = 0;
	const char *inputs[64];
	unsigned long long total = 0, tsum = 0;
	int hmin = -1, hmax = -1;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--csv"))
			csv = 1;
		else if (!strcmp(argv[i], "--reset"))
			reset = 1;
		else if (argv[i][0] == '-') {
			fprintf(stderr, "usage: pvstat [--csv] [--reset] [FILE|DIR ...]\n");
			return 2;
		} else if (nin < 64)
			inputs[nin++] = argv[i];
	}
	if (!nin)
		inputs[nin++] = "/sys/kernel/debug/kvm";
	for (i = 0; i < nin; i++) {
		DIR *d = opendir(inputs[i]);
		struct dirent *de;
		char p[4096];

		if (!d) {
			parse(inputs[i]);
			continue;
		}
		while ((de = readdir(d))) {
			FILE *f;

			snprintf(p, sizeof(p), "%s/%s/nested_exit_traps", inputs[i], de->d_name);
			if (de->d_name[0] == '.' || !(f = fopen(p, "r")))
				continue;
			fclose(f);
			parse(p);
			if (reset && (f = fopen(p, "w"))) {
				fputs("0\n", f);
				fclose(f);
			}
		}
		closedir(d);
	}
	/* Traps of completed exits: exact from the per-cause sums (the histogram's
	 * last bucket holds every exit with NHIST-1 traps or more). */
	for (c = 0; c < NCAUSE; c++)
		tsum += st.done[c];
	for (i = 0; i < NHIST; i++)
		if (st.hist[i]) {
			total += st.hist[i];
			if (hmin < 0)
				hmin = i;
			hmax = i;
		}
	if (csv) {
		/* "all": every nested exit of the window, whatever its cause. */
		puts("cause,what,name,count,per_nested_exit");
		printf("all,nested-exits,,%llu,\nall,traps,,%llu,%.3f\nall,l2-exits-l0,,%llu,\n", total, tsum,
		       total ? (double)tsum / total : 0.0, st.l2_l0);
		for (i = 0; i < NHIST; i++)
			if (st.hist[i])
				printf("all,hist,%d%s,%llu,\n", i, i == NHIST - 1 ? "+" : "", st.hist[i]);
		if (st.pv_calls)
			printf("all,pv-calls,,%llu,\nall,pv-invalid,,%llu,\nall,pv-self-returns,,%llu,\n", st.pv_calls,
			       st.pv_invalid, st.pv_self);
	} else
		printf("nested exits %llu, traps per nested exit: mean %.2f, min %d, max %d%s; L2 exits handled by L0 alone: %llu\n",
		       total, total ? (double)tsum / total : 0.0, hmin, hmax, hmax == NHIST - 1 ? "+" : "", st.l2_l0);
	for (c = 0; c < NCAUSE; c++) {
		/* Per exit: the traps of completed nested exits (the class and
		 * register counts below also hold any exit still in progress). */
		unsigned long long t = st.done[c];
		unsigned e;
		char name[64];

		if (!st.exits[c])
			continue;
		if (csv)
			printf("%s,nested-exits,,%llu,\n%s,traps,,%llu,%.3f\n", cause_name(c), st.exits[c], cause_name(c), t,
			       (double)t / st.exits[c]);
		else
			printf("\ncause %-10s %8llu nested exits, %.2f traps each\n", cause_name(c), st.exits[c],
			       (double)t / st.exits[c]);
		/* Of those traps, the ones L0 handled in its hyp fast path
		 * (they never reach trace_kvm_exit) */
		if (csv)
			printf("%s,fast-path,,%llu,%.3f\n", cause_name(c), st.fast[c], (double)st.fast[c] / st.exits[c]);
		else if (st.fast[c])
			printf("  of which handled in L0's fast path %llu, %.3f per exit\n", st.fast[c],
			       (double)st.fast[c] / st.exits[c]);
		/* PV mode: emulation artifacts, counted apart from the traps */
		if (st.artifacts[c])
			printf(csv ? "%s,artifacts,,%llu,%.3f\n" : "  %s artifacts (not traps) %llu, %.3f per exit\n",
			       cause_name(c), st.artifacts[c], (double)st.artifacts[c] / st.exits[c]);
		for (e = 0; e < NEC; e++) {
			const char *n = ec_name(e);

			if (!st.by_ec[c][e])
				continue;
			if (n)
				snprintf(name, sizeof(name), "%s", n);
			else
				snprintf(name, sizeof(name), "EC_0x%02x", e);
			if (csv)
				printf("%s,class,%s,%llu,%.3f\n", cause_name(c), name, st.by_ec[c][e], (double)st.by_ec[c][e] / st.exits[c]);
			else
				printf("  %-24s %8llu  %6.3f per exit\n", name, st.by_ec[c][e], (double)st.by_ec[c][e] / st.exits[c]);
		}
		for (i = 0; i < st.nreg; i++) {
			if (st.reg[i].cause != (unsigned)c)
				continue;
			reg_name(st.reg[i].enc, name, sizeof(name));
			if (csv)
				printf("%s,register,%s,%llu,%.3f\n", cause_name(c), name, st.reg[i].n, (double)st.reg[i].n / st.exits[c]);
			else
				printf("    %-22s %8llu  %6.3f per exit\n", name, st.reg[i].n, (double)st.reg[i].n / st.exits[c]);
		}
	}
	return 0;
}
