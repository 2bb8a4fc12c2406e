/* SPDX-License-Identifier: MIT */
/* when.h: reading the time a person gave (`--at TIME --tz ZONE`) into an
 * instant plus the offset and zone they used (ash_when, casedb.h).
 * TIME is ISO 8601 ("2026-11-25 01:10", "2026-11-25T01:10+08:00"); an
 * offset in TIME wins over the zone; without one the zone is needed. */
#ifndef ASH_WHEN_H
#define ASH_WHEN_H

#include "case/casedb.h"

/* at NULL: now (out->us = INT64_MIN).  zone (IANA, may be NULL) must
 * outlive *out when TIME has no offset (out->zone points at it). */
int ash_when_parse(const char *at, const char *zone, ash_when *out,
		   ash_err *err);
/* True when TIME carries its own offset ("Z", "+hh:mm", "-hhmm"). */
bool ash_when_has_offset(const char *at);

#endif
