/* SPDX-License-Identifier: MIT */
/* cmd_timeline.c: `ashiato timeline CASE`: the merged chronological list
 * of log-derived and human events (case/timeline.h), each with UTC and
 * local time and marked fact or claim; table, CSV or JSON Lines that
 * Timesketch imports (message, datetime, timestamp_desc, timestamp). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/timeline.h"
#include "cli/case_cli.h"
#include "cli/open.h"
#include "query/output.h"

static const ash_opt opts[] = {
	{"tz", "ZONE", false, "local time column: site (default: each entry's site, "
	 "else the first site), utc or an IANA zone"},
	{"format", "FMT", false, "table (default), csv or jsonl (json)"},
	{0},
};

static int run(int argc, char **argv);

const ash_cmd ash_cmd_timeline = {
	.name = "timeline",
	.synopsis = "CASE [--tz utc|site|ZONE] [--format table|csv|jsonl]",
	.summary = "one chronological list of what the logs show and what people did",
	.details =
		"Merges log-derived events (finding starts and ends, first and last\n"
		"contact with a controller for beacon/infected_cluster findings, traffic\n"
		"spikes; recorded by 'triage --record') with human events from case.db\n"
		"(observations, hypotheses, verifications, overrides, actions, closing).\n"
		"Every line has the instant in UTC and in local time, and is a fact\n"
		"(from logs, or verified) or a claim (unverified: an observation no\n"
		"verification has confirmed, an open hypothesis, an action as reported,\n"
		"an override).  CSV (RFC 4180) and JSON Lines carry the fields Timesketch\n"
		"imports (message, datetime, timestamp, timestamp_desc) and ours (utc,\n"
		"local, kind, class = fact|claim, source, id, site, reported = the time as\n"
		"the person wrote it, with their offset).",
	.opts = opts,
	.examples =
		"  ashiato timeline c1\n"
		"  ashiato timeline c1 --tz Asia/Tokyo\n"
		"  ashiato timeline c1 --format csv > c1-timeline.csv   # Timesketch import\n",
	.run = run,
};

typedef struct zones {
	bool site;               /* per-entry site zone */
	ash_tz *fixed;           /* --tz ZONE (NULL with utc) */
	const ash_case *c;
	struct { const char *name; ash_tz *tz; } cache[16];
	size_t n;
} zones;

static ash_tz *zone_for(zones *z, const char *site)
{
	if (!z->site)
		return z->fixed;
	const ash_site *st = ash_case_site(z->c, site);
	if (!st)
		st = ash_case_site(z->c, NULL);
	if (!st)
		return NULL;
	for (size_t i = 0; i < z->n; i++)
		if (!strcmp(z->cache[i].name, st->name))
			return z->cache[i].tz;
	ash_tz *tz = NULL;
	if (ash_tz_open(st->timezone, &tz, NULL))
		tz = NULL;
	if (z->n < sizeof z->cache / sizeof z->cache[0]) {
		z->cache[z->n].name = st->name;
		z->cache[z->n++].tz = tz;
		return tz;
	}
	ash_tz_free(tz);
	return NULL;
}

static const ash_outcol full[] = {
	{"message", 0}, {"datetime", 0}, {"timestamp", 1}, {"timestamp_desc", 0},
	{"utc", 0}, {"local", 0}, {"kind", 0}, {"class", 0}, {"source", 0},
	{"id", 0}, {"site", 0}, {"reported", 0}};
static const ash_outcol brief[] = {
	{"utc", 0}, {"local", 0}, {"class", 0}, {"id", 0}, {"kind", 0},
	{"message", 0}};

static int row(ash_out *o, int fmt, zones *z, const ash_tl_entry *e)
{
	char utc[ASH_TIME_STRLEN], loc[ASH_TIME_STRLEN], rep[ASH_TIME_STRLEN];
	ash_case_cli_time(e->us, NULL, utc);
	ash_case_cli_time(e->us, zone_for(z, e->site), loc);
	if (e->has_off)
		ash_timeline_time_off(e->us, e->off, rep);
	ash_cell msg = ash_cell_cstr(e->message), u = ash_cell_cstr(utc),
		 l = ash_cell_cstr(loc), cls = ash_cell_cstr(ash_tl_class(e)),
		 id = ash_cell_cstr(e->id), kind = ash_cell_cstr(e->kind);
	if (fmt == ASH_OUT_TABLE)
		return ash_out_row(o, (ash_cell[]){u, l, cls, id, kind, msg});
	ash_cell c[12] = {
		msg, u, ash_cell_int(e->us), ash_cell_cstr(e->desc), u, l, kind, cls,
		ash_cell_cstr(e->source), id,
		e->site ? ash_cell_cstr(e->site) : ash_cell_null(),
		e->has_off ? ash_cell_cstr(rep) : ash_cell_null()};
	return ash_out_row(o, c);
}

static int print(const ash_timeline *t, int fmt, zones *z, ash_err *err)
{
	bool table = fmt == ASH_OUT_TABLE;
	ash_out *o = ash_out_new(stdout, fmt, table ? brief : full, table ? 6 : 12);
	int rc = ASH_OK;
	for (size_t i = 0; i < t->n && !rc; i++)
		rc = row(o, fmt, z, &t->v[i]);
	int e = ash_out_end(o, rc ? NULL : err);
	ash_out_free(o);
	return rc ? ash_errno(err, ASH_EIO, "timeline: write failed") : e;
}

static int parse_fmt(const char *f, int *fmt)
{
	ash_err err;
	*fmt = ASH_OUT_TABLE;
	if (f && !strcmp(f, "jsonl"))
		f = "json";
	if (f && ash_out_format_parse(f, fmt, &err)) {
		ash_cli_error("timeline: --format: expected table, csv or jsonl");
		return ASH_EXIT_USAGE;
	}
	return ASH_EXIT_OK;
}

static int zones_open(zones *z, const ash_case *c, const char *tz)
{
	memset(z, 0, sizeof *z);
	z->c = c;
	z->site = !tz || !strcmp(tz, "site");
	if (z->site)
		return ASH_EXIT_OK;
	return ash_cli_tz(c, tz, NULL, &z->fixed);
}

static void zones_close(zones *z)
{
	ash_tz_free(z->fixed);
	for (size_t i = 0; i < z->n; i++)
		ash_tz_free(z->cache[i].tz);
}

static int run(int argc, char **argv)
{
	ash_case_cli cc;
	ash_err err = {0};
	ash_casedb_snap *s = NULL;
	ash_timeline t = {0};
	zones z = {0};
	int fmt, rc;
	if (ash_case_cli_open(&ash_cmd_timeline, argc, argv, 0, 0, &cc, &rc) ||
	    (rc = parse_fmt(ash_arg(&cc.a, "format"), &fmt)) ||
	    (rc = zones_open(&z, cc.c, ash_arg(&cc.a, "tz"))))
		goto out;
	int e = ash_casedb_snap_read(cc.db, &s, &err);
	if (!e)
		e = ash_timeline_build(s, &t, &err);
	if (!e)
		e = print(&t, fmt, &z, &err);
	rc = e ? ash_cli_fail(&err) : ASH_EXIT_OK;
out:
	ash_timeline_free(&t);
	ash_casedb_snap_free(s);
	zones_close(&z);
	ash_case_cli_close(&cc);
	return rc;
}
