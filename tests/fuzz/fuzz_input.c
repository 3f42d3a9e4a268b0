// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target for the input parsers (ELF, arm64 Image, kallsyms,
 * alternatives) and the scan/plan that runs on what they return. A parse
 * error is fine (die() jumps back here); a crash or sanitizer report is not. */
#include <libelf.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "pvrewrite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct profile prof;
	static bool have;
	struct plan_ctx pc;
	struct options o = { .mode = PV_MODE_VHE, .host = 0 };
	struct image img = { .path = "fuzz" };
	struct siteset ss = { 0 };
	jmp_buf jb;

	if (!have) {
		profile_get(&prof, "nv2");
		have = true;
	}
	img.buf = malloc(size + 1);
	memcpy(img.buf, data, size);
	img.size = size;
	o.mode = size & 1 ? PV_MODE_NVHE : PV_MODE_VHE;
	g_die_jmp = &jb;
	if (!setjmp(jb)) {
		image_parse(&img, &o);
		scan_image(&img, &ss, false);
		plan_init(&pc, &img, &prof, &o);
		plan_sites(&pc, &img, &ss);
		plan_free(&pc);
	}
	g_die_jmp = NULL;
	/* What the parse made (libelf's handle is the bulk: without it the
	 * fuzzer runs out of memory); buf is ours. */
	image_release(&img);
	free(ss.v);
	free(img.buf);
	return 0;
}
