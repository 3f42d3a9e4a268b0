// SPDX-License-Identifier: GPL-2.0
/*
 * Architecture profiles. The built-in ones are columns of sysregs.db; a
 * researcher's own profile is a small text file that starts from one of them:
 *
 *   name  nv2-lr-el1
 *   desc  "NV2, but what if the list registers stayed in hardware?"
 *   base  nv2
 *   set   ICH_LR0_EL2  trap            # both modes
 *   set   SCTLR_EL1    native|mem:0x110  # VHE | non-VHE
 *
 * Any unknown keyword, register or behaviour stops with FILE:LINE.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "pvabi.h"
#include "regdb_lookup.h"
#include "util.h"

static bool load_builtin(const char *name, struct profile *p)
{
	int i, r, m;

	for (i = 0; i < PV_NR_PROFILES; i++) {
		if (strcmp(pv_profile_names[i], name))
			continue;
		snprintf(p->name, sizeof(p->name), "%s", pv_profile_names[i]);
		snprintf(p->desc, sizeof(p->desc), "%s", pv_profile_descs[i]);
		for (r = 0; r < PV_NR_REGS; r++)
			for (m = 0; m < PV_NR_MODES; m++)
				p->beh[r][m] = pv_regdb[r].beh[i][m];
		return true;
	}
	return false;
}

/* A number as the register database writes them: "0x" and hex digits, or
 * (unless hex_only) decimal digits; nothing else. Saturates far above any
 * limit, so the range checks below still reject huge values. */
static bool parse_num(const char *s, bool hex_only, unsigned long *v)
{
	bool hex = !strncmp(s, "0x", 2);

	if (hex)
		s += 2;
	else if (hex_only)
		return false;
	if (!*s)
		return false;
	for (*v = 0; *s; s++) {
		if (!(hex ? isxdigit((unsigned char)*s) : isdigit((unsigned char)*s)))
			return false;
		*v = *v * (hex ? 16 : 10) + (isdigit((unsigned char)*s) ? *s - '0' : (tolower(*s) - 'a' + 10));
		if (*v > 0x100000)
			*v = 0x100000;
	}
	return true;
}

/* One behaviour: the grammar of a sysregs.db column (pvhooks/gen-regdb.awk
 * parses the same; tests/behaviour-corpus holds the lines both must agree on). */
static int parse_one(const char *tok, struct pv_beh *b, char *err, size_t errsz)
{
	unsigned long v;

	if (!strcmp(tok, "native") || !strcmp(tok, "trap")) {
		*b = (struct pv_beh){ tok[0] == 'n' ? PV_NATIVE : PV_TRAP, 0 };
		return 0;
	}
	if (!strncmp(tok, "mem:", 4)) {
		if (!parse_num(tok + 4, true, &v) || v % 8 || v < PV_PAGE_OFF_VNCR || v >= PV_PAGE_SIZE) {
			snprintf(err, errsz, "'%s': offset must be 8-aligned in [%#05x, %#x)", tok, PV_PAGE_OFF_VNCR,
				 PV_PAGE_SIZE);
			return -1;
		}
		*b = (struct pv_beh){ PV_MEM, (u16)v };
		return 0;
	}
	if (!strncmp(tok, "const:", 6)) {
		if (!parse_num(tok + 6, false, &v) || v > 0xffff) {
			snprintf(err, errsz, "'%s': constant must fit 16 bits", tok);
			return -1;
		}
		*b = (struct pv_beh){ PV_CONST, (u16)v };
		return 0;
	}
	if (!strncmp(tok, "el1:", 4)) {
		int r = regdb_find_name(tok + 4);

		if (r < 0) {
			snprintf(err, errsz, "'%s': no register %s in the database", tok, tok + 4);
			return -1;
		}
		*b = (struct pv_beh){ PV_EL1, (u16)r };
		return 0;
	}
	snprintf(err, errsz, "unknown behaviour '%s' (native, trap, mem:OFF, el1:REG, const:VAL)", tok);
	return -1;
}

/* "A" or "A|B" (VHE|non-VHE) into out[PV_NR_MODES]. */
int parse_behaviour(const char *tok, struct pv_beh *out, char *err, size_t errsz)
{
	char a[64], *bar;

	if (strlen(tok) >= sizeof(a)) {
		snprintf(err, errsz, "behaviour too long");
		return -1;
	}
	strcpy(a, tok);
	bar = strchr(a, '|');
	if (bar)
		*bar++ = 0;
	if (parse_one(a, &out[PV_MODE_VHE], err, errsz))
		return -1;
	return parse_one(bar ? bar : a, &out[PV_MODE_NVHE], err, errsz);
}

static void load_file(const char *path, struct profile *p)
{
	FILE *f = fopen(path, "r");
	char line[512], err[160];
	int lineno = 0;
	bool have_base = false;

	if (!f)
		die("profile '%s': not a built-in profile and no such file", path);
	while (fgets(line, sizeof(line), f)) {
		char kw[32], a1[64], a2[128], *s = line, *q;
		int n;

		lineno++;
		if ((q = strchr(s, '#')))
			*q = 0;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			continue;
		n = sscanf(s, "%31s %63s %127s", kw, a1, a2);
		if (!strcmp(kw, "desc")) {
			q = strchr(s, '"');
			if (!q || !strchr(q + 1, '"'))
				die("%s:%d: desc needs a \"quoted\" text", path, lineno);
			*strchr(q + 1, '"') = 0;
			snprintf(p->desc, sizeof(p->desc), "%s", q + 1);
		} else if (!strcmp(kw, "name") && n == 2) {
			snprintf(p->name, sizeof(p->name), "%s", a1);
		} else if (!strcmp(kw, "base") && n == 2) {
			char keep[64];

			if (have_base)
				die("%s:%d: base given twice", path, lineno);
			snprintf(keep, sizeof(keep), "%s", p->name);
			if (!load_builtin(a1, p))
				die("%s:%d: unknown base profile '%s'", path, lineno, a1);
			if (keep[0])
				snprintf(p->name, sizeof(p->name), "%s", keep);
			have_base = true;
		} else if (!strcmp(kw, "set") && n == 3) {
			int r = regdb_find_name(a1);

			if (!have_base)
				die("%s:%d: 'set' before 'base'", path, lineno);
			if (r < 0)
				die("%s:%d: no register '%s' in the register database", path, lineno, a1);
			if (parse_behaviour(a2, p->beh[r], err, sizeof(err)))
				die("%s:%d: %s", path, lineno, err);
		} else {
			die("%s:%d: expected 'name N', 'desc \"...\"', 'base PROFILE' or 'set REG BEHAVIOUR'", path, lineno);
		}
	}
	fclose(f);
	if (!have_base)
		die("%s: no 'base' line", path);
	if (!p->name[0])
		snprintf(p->name, sizeof(p->name), "%s", path);
}

void profile_get(struct profile *p, const char *name)
{
	memset(p, 0, sizeof(*p));
	if (!load_builtin(name, p))
		load_file(name, p);
}
