/* SPDX-License-Identifier: MIT */
/* emit_case.h: case.yaml of a generated scenario, in the shape of DESIGN
 * §2: the case name, the site (time zone, language, networks with zones),
 * the inventory as the site keeps it (hosts marked not inventoried are
 * absent, as they were at the site) and the expected jobs (the nightly
 * backup with its schedule and reason).  Says nothing about the attack. */
#ifndef ASH_EMIT_CASE_H
#define ASH_EMIT_CASE_H

#include "core/err.h"
#include "gen/scenario.h"

/* Write path (replaced if present).  Returns 0 or ASH_EIO. */
int ash_emit_case_write(const char *path, const ash_scn *s, ash_err *err);

#endif
