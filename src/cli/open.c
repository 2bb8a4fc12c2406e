/* SPDX-License-Identifier: MIT */
/* open.c: case and store opening shared by the commands (see open.h). */
#include "cli/open.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/tztime.h"

int ash_cli_open(const char *dir, ash_case **c, ash_store **s)
{
	ash_err err;
	*c = NULL;
	if (s)
		*s = NULL;
	if (ash_case_load(dir, c, &err))
		return ash_cli_fail(&err);
	for (size_t i = 0; i < (*c)->nwarnings; i++)
		ash_cli_warn("%s", (*c)->warnings[i]);
	if (!s)
		return ASH_EXIT_OK;
	char path[4096];
	ash_case_path(*c, "store", path, sizeof path);
	if (ash_store_open(path, true, s, &err)) {
		ash_case_free(*c);
		*c = NULL;
		return ash_cli_fail(&err);
	}
	return ASH_EXIT_OK;
}

void ash_cli_close(ash_case *c, ash_store *s)
{
	if (s)
		ash_store_close(s);
	ash_case_free(c);
}

int ash_cli_tz(const ash_case *c, const char *arg, const char *site,
	       struct ash_tz **out)
{
	*out = NULL;
	if (!arg || !strcmp(arg, "utc") || !strcmp(arg, "UTC"))
		return ASH_EXIT_OK;
	const char *zone = arg;
	if (!strcmp(arg, "site")) {
		const ash_site *st = c ? ash_case_site(c, site) : NULL;
		if (!st) {
			ash_cli_error("--tz site: no site%s%s in case.yaml",
				      site ? " named " : "", site ? site : "");
			return ASH_EXIT_USAGE;
		}
		zone = st->timezone;
	}
	ash_err err;
	if (ash_tz_open(zone, out, &err)) {
		ash_cli_error("--tz: %s", err.msg);
		return ASH_EXIT_USAGE;
	}
	return ASH_EXIT_OK;
}
