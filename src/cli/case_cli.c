/* SPDX-License-Identifier: MIT */
/* case_cli.c: plumbing shared by the case subcommands and timeline (see
 * case_cli.h). */
#include "cli/case_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/open.h"
#include "core/xalloc.h"
#include "query/output.h"

static int open_all(ash_case_cli *cc)
{
	ash_err err = {0};
	int rc = ash_cli_open(cc->a.pos[0], &cc->c, &cc->s);
	if (rc)
		return rc;
	if (ash_casedb_open(cc->c, &cc->db, &err) ||
	    ash_casedb_evidence_import(cc->db, cc->s, NULL, &err))
		return ash_cli_fail(&err);
	return ASH_EXIT_OK;
}

int ash_case_cli_open(const ash_cmd *sub, int argc, char **argv, size_t min,
		      size_t max, ash_case_cli *cc, int *exit_code)
{
	memset(cc, 0, sizeof *cc);
	if (ash_args_parse(sub, argc, argv, &cc->a, exit_code))
		return 1;
	size_t n = cc->a.npos ? cc->a.npos - 1 : 0;
	if (cc->a.npos == 0 || n < min || n > max) {
		ash_cli_error("%s: expected %s (see 'ashiato %s --help')", sub->name,
			      sub->synopsis, sub->name);
		*exit_code = ASH_EXIT_USAGE;
		return 1;
	}
	cc->pos = cc->a.pos + 1;
	cc->npos = n;
	*exit_code = open_all(cc);
	const char *site = ash_arg(&cc->a, "site");
	if (!*exit_code && site && !ash_case_site(cc->c, site)) {
		ash_cli_error("%s: --site: no site named '%s' in case.yaml",
			      sub->name, site);
		*exit_code = ASH_EXIT_USAGE;
	}
	return *exit_code ? 1 : 0;
}

void ash_case_cli_close(ash_case_cli *cc)
{
	ash_casedb_close(cc->db);
	ash_cli_close(cc->c, cc->s);
	memset(cc, 0, sizeof *cc);
}

int ash_case_cli_id(const char *s, char prefix, int64_t *id)
{
	char *end;
	if (s[0] == prefix || s[0] == prefix + ('a' - 'A'))
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	long long v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		return -1;
	*id = v;
	return 0;
}

/* the zone a --at without offset is read in */
static const char *zone_for(ash_case_cli *cc)
{
	const char *tz = ash_arg(&cc->a, "tz");
	const char *site = ash_arg(&cc->a, "site");
	const ash_site *st = site ? ash_case_site(cc->c, site) : NULL;
	if (tz)
		return tz;
	if (st)
		return st->timezone;
	return cc->c->nsites == 1 ? cc->c->sites[0].timezone : NULL;
}

int ash_case_cli_when(ash_case_cli *cc, ash_when *w)
{
	ash_err err = {0};
	if (ash_when_parse(ash_arg(&cc->a, "at"), zone_for(cc), w, &err)) {
		ash_cli_error("%s: %s", cc->a.cmd->name, err.msg);
		return ASH_EXIT_USAGE;
	}
	return ASH_EXIT_OK;
}

void ash_case_cli_time(int64_t us, ash_tz *tz, char buf[ASH_TIME_STRLEN])
{
	int64_t f = us % 1000000;
	ash_time_format(us, tz, f == 0 ? 0 : f % 1000 == 0 ? 3 : 6, buf);
}

char *ash_case_cli_safe(const char *s, size_t max)
{
	char *buf = NULL;
	size_t len = 0, cap = 0, n = strlen(s);
	ash_out_escape_text(s, n > max ? max : n, &buf, &len, &cap);
	if (n > max)
		ash_out_escape_text("...", 3, &buf, &len, &cap);
	return buf ? buf : ash_strdup("");
}
