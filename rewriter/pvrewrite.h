/* SPDX-License-Identifier: GPL-2.0 */
/* pvrewrite's library as one include, for whole-pipeline users such as the
 * fuzz harness (tests/fuzz). The rewriter's own files include the module
 * headers they use. */
#ifndef PVREWRITE_H
#define PVREWRITE_H

#include "input.h"
#include "plan.h"
#include "profile.h"
#include "scan.h"
#include "util.h"

#endif
