// SPDX-License-Identifier: GPL-2.0
/* Names of site classes and strategies, as the list and report print them. */
#include "sites.h"

const char *const class_names[NR_CLASSES] = {
	"el2", "el12", "el1", "currentel", "tlbi-el2", "tlbi-el1", "at-el2", "at-el1",
	"eret", "hvc", "smc", "unknown",
};

const char *const strategy_names[NR_STRATEGIES] = {
	"native", "el1-context", "hvc", "el1-register", "proxy",
	"trampoline", "artifact-smc", "passthrough", "callback-alternative", "unhandled",
};
