/* SPDX-License-Identifier: MIT */
/* orgdemo.h: the demo organisation (demo-org): a manufacturer with five
 * sites (jp-hq Tokyo headquarters, sg-hub the Asian hub of the seed
 * incident, de-fra Frankfurt, us-chi Chicago, jp-osa the Osaka plant: four countries), each with
 * networks, a criticality weight, two FAIR scenarios in its own currency,
 * and a plausible maturity profile from which answer files are generated
 * (two assessments a year apart; jp-osa answers the quick check).
 * Deterministic for a seed.  Owns the demo's data; writes no files. */
#ifndef ASH_ORGDEMO_H
#define ASH_ORGDEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "org/framework.h"
#include "org/org.h"

/* The demo organisation (org.yaml contents); fx dated fx_day.  Owned by
 * the caller (ash_org_free). */
ash_org *ash_orgdemo_org(int32_t fx_day);

/* Whether site k answers the quick check rather than the full form. */
bool ash_orgdemo_quick(const ash_org *o, size_t site);

/* An answers CSV (answers.h columns) for site k assessed on day `on`;
 * previous selects the older, weaker profile.  Evidence dates fall
 * before `on`.  Returns a malloc'd NUL-terminated text, *len its size. */
char *ash_orgdemo_answers(const ash_org *o, const ash_fw *fw, size_t site,
			  int32_t on, bool previous, uint64_t seed,
			  size_t *len);

#endif
