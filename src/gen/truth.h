/* SPDX-License-Identifier: MIT */
/* truth.h: truth.json, the answer key of a generated scenario: which host
 * is the DoS source, which are reflectors (and of which service), which
 * are infected (controller, period, whether inventoried), the backup job,
 * the benign hosts, the victims, the incident window in UTC and local
 * time, the seed and scale, and every count taken from the flows actually
 * written.  Reads the plan and the counters; never decides traffic. */
#ifndef ASH_TRUTH_H
#define ASH_TRUTH_H

#include "core/err.h"
#include "gen/flows.h"
#include "gen/gen.h"
#include "gen/scenario.h"

/* Write path (replaced if present).  Returns 0 or ASH_EIO. */
int ash_truth_write(const char *path, const ash_scn *s, const ash_flows *fl,
		    const ash_gen_stats *st, ash_err *err);

#endif
