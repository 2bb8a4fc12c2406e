/* SPDX-License-Identifier: MIT */
/* when.c: a person's time with its zone or offset (when.h). */
#include "case/when.h"

#include <string.h>

#include "core/tztime.h"

bool ash_when_has_offset(const char *at)
{
	size_t n = strlen(at);
	if (n <= 10) /* a date alone */
		return false;
	for (size_t i = 10; i < n; i++)
		if (at[i] == 'Z' || at[i] == 'z' || at[i] == '+' || at[i] == '-')
			return true;
	return false;
}

int ash_when_parse(const char *at, const char *zone, ash_when *out,
		   ash_err *err)
{
	ash_tz *tz = NULL;
	int64_t us;
	int32_t off;
	*out = (ash_when){INT64_MIN, 0, NULL};
	if (!at)
		return ASH_OK;
	bool own = ash_when_has_offset(at);
	if (!own && !zone)
		return ash_errf(err, ASH_EUSAGE, "--at '%.64s' has no offset: give "
				"--tz ZONE (the zone the reporter used) or write "
				"it like 2026-11-25T01:10+08:00", at);
	int rc = !own ? ash_tz_open(zone, &tz, err) : ASH_OK;
	if (rc)
		return rc;
	if (ash_time_parse_iso(at, strlen(at), tz, &us, &off) != 0)
		rc = ash_errf(err, ASH_EUSAGE, "--at: expected an ISO 8601 time like "
			      "2026-11-25T01:10 or 2026-11-25 01:10+08:00, got '%.64s'",
			      at);
	else
		*out = (ash_when){us, off, own ? NULL : zone};
	ash_tz_free(tz);
	return rc;
}
