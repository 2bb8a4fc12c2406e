/* SPDX-License-Identifier: MIT */
/* qargs.h: what query, top and series share on the command line: the
 * CASE positional (default "."), the filter (remaining positionals joined
 * with spaces), --from/--to/--limit/--format/--tz/--threads, opening the
 * case and its store, the zone resolver over case.yaml, and printing a
 * filter error with a caret under its column. */
#ifndef ASH_QARGS_H
#define ASH_QARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "case/case.h"
#include "cli/cli.h"
#include "core/tztime.h"
#include "query/filter.h"
#include "store/store.h"

/* Option table entries the three commands share (copied into theirs). */
#define ASH_QARGS_OPTS                                                       \
	{"from", "TIME", false, "only records starting at or after TIME "    \
	 "(ISO 8601; no offset = UTC)"},                                     \
	{"to", "TIME", false, "only records starting before TIME"},          \
	{"format", "FMT", false, "table (default), csv or json (JSON Lines)"}, \
	{"tz", "ZONE", false, "show times in utc (default), site (the "      \
	 "site's zone) or an IANA zone"}

typedef struct ash_qargs {
	ash_args a;
	const char *case_dir;
	const char *pre[2];     /* positionals before the filter (KEY/METRIC) */
	ash_case *c;
	ash_store *s;
	ash_filter *filter;     /* with --from/--to folded in */
	char *text;             /* the filter text */
	int64_t from, to;       /* INT64_MIN / INT64_MAX when not given */
	size_t limit;
	int fmt;                /* enum ash_out_fmt */
	int threads;            /* 0 = auto */
	ash_tz *tz;             /* NULL = UTC */
	bool tz_site;           /* --tz site: per-record site zone (query) */
	const char **zones, **sites;
	size_t nzones, nsites;
	ash_filter_env env;
	struct { const char *site; ash_tz *tz; } tzc[16]; /* per-site zones */
	size_t ntzc;
} ash_qargs;

/* Parse argv for cmd, take npre positionals after CASE, open case and
 * store, compile the filter.  dflt_limit is --limit when not given.
 * Returns 0 to go on, or 1 when the command is done (--help, or an
 * error already printed) with its exit code in *exit_code.  Call
 * ash_qargs_close in both cases. */
int ash_qargs_open(const ash_cmd *cmd, int argc, char **argv, size_t npre,
		   size_t dflt_limit, ash_qargs *q, int *exit_code);
void ash_qargs_close(ash_qargs *q);

/* The zone to show a record's time in (NULL = UTC): --tz ZONE, or with
 * --tz site the zone of site (the record's), else of the first site. */
ash_tz *ash_qargs_tz_for(ash_qargs *q, const char *site);

/* Text of an instant in tz (NULL = UTC): seconds, or 3 or 6 digits of
 * fraction when it has them.  buf holds ASH_TIME_STRLEN bytes. */
size_t ash_qargs_time(int64_t us, ash_tz *tz, char *buf);

/* --NAME TIME (ISO 8601, no offset = UTC) into *out when given; an exit
 * code (usage error printed). */
int ash_qargs_time_opt(const ash_args *a, const char *name, int64_t *out);

/* Zone resolver over case.yaml networks (ctx = const ash_case *). */
const char *ash_qargs_zone_of(const void *ctx, const ash_ip *ip);

#endif
