/* SPDX-License-Identifier: MIT */
/* cmd_triage.c: `ashiato triage CASE`: run every detector over the
 * store (detect/triage.c) and print the findings, most important first:
 * a readable table with the reasons and the evidence command, or JSON
 * Lines (DESIGN §6). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/open.h"
#include "cli/qargs.h"
#include "case/casedb.h"
#include "core/tztime.h"
#include "detect/triage.h"
#include "query/output.h"

static const ash_opt opts[] = {
	{"from", "TIME", false, "only records starting at or after TIME (ISO 8601; no offset = UTC)"},
	{"to", "TIME", false, "only records starting before TIME"},
	{"format", "FMT", false, "table (default) or json (JSON Lines, one finding per line)"},
	{"tz", "ZONE", false, "times in the table: site (default), utc or an IANA zone"},
	{"ioc", "FILE", false, "indicator list: one address or prefix per line (CSV: first field)"},
	{"only", "LIST", false, "run only these detectors (comma-separated names)"},
	{"record", NULL, false, "enter the findings in case.db as observations (once each: re-running adds only new ones)"},
	{"threads", "N", false, "worker threads (default: online CPUs, at most 8)"},
	{"timings", NULL, false, "print the wall time of each step (survey, every detector, evidence) to standard error"},
	{0},
};

static int run(int argc, char **argv);

const ash_cmd ash_cmd_triage = {
	.name = "triage",
	.synopsis = "CASE [--from TIME] [--to TIME] [--format table|json] [--ioc FILE]",
	.summary = "find what happened: floods, reflectors, scans, beacons, infected hosts, and what is normal",
	.details =
		"Runs every detector over the case's store and prints findings, most\n"
		"important first (malicious, then suspicious, then benign; by score).\n"
		"Detectors: traffic_spike, dos_source, reflector, scan_source, beacon,\n"
		"infected_cluster, unknown_asset, periodic_transfer, policy_violation,\n"
		"ioc_match (with --ioc).  Each finding says why it was raised and why it\n"
		"got its verdict, and gives an evidence filter: `ashiato query CASE\n"
		"'FILTER'` returns exactly the records, packets and bytes it reports.\n"
		"Own hosts are the addresses in the networks of case.yaml; the inventory\n"
		"and the expected jobs there explain what is known and normal.\n"
		"Notes (data a detector lacks) go to standard error, once each.\n"
		"With --record the findings also go into case.db (docs/case.md), each\n"
		"entered once, as an observation an analyst can turn into a hypothesis.\n"
		"See docs/triage.md for every detector's rule.",
	.opts = opts,
	.examples =
		"  ashiato triage case1                       # table, site time\n"
		"  ashiato triage case1 --format json | jq .  # JSON Lines\n"
		"  ashiato triage case1 --from 2026-11-24T16:00Z --ioc bad.txt\n",
	.run = run,
};

/* Progress on a terminal; with --timings, the wall time of the step
 * that just ended (name NULL: the last one). */
typedef struct steps {
	bool timings;
	const char *cur;
	struct timespec t0;
} steps;

static void step(void *ctx, const char *name)
{
	steps *st = ctx;
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	if (st->timings && st->cur)
		fprintf(stderr, "%striage: %-18s %8.3f s\n", isatty(2) ? "\r\033[K" : "",
			st->cur, (double)(t.tv_sec - st->t0.tv_sec) +
			(double)(t.tv_nsec - st->t0.tv_nsec) / 1e9);
	st->cur = name;
	st->t0 = t;
	if (name && isatty(2))
		fprintf(stderr, "\r\033[Ktriage: %s", name);
}

static void pr_text(const char *s)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ash_out_escape_text(s ? s : "", s ? strlen(s) : 0, &buf, &len, &cap);
	fputs(buf ? buf : "", stdout);
	free(buf);
}

static void pr_ips(const ash_ip *v, size_t n)
{
	char ip[ASH_IP_STRLEN];
	for (size_t i = 0; i < n && i < 8; i++) {
		ash_ip_format(&v[i], ip);
		printf("%s%s", i ? " " : "", ip);
	}
	if (n > 8)
		printf(" (+%zu)", n - 8);
}

static void table(const ash_findings *fs, ash_tz *tz, const char *dir)
{
	for (size_t i = 0; i < fs->n; i++) {
		const ash_finding *f = &fs->v[i];
		char a[ASH_TIME_STRLEN], b[ASH_TIME_STRLEN];
		ash_time_format(f->start, tz, 0, a);
		ash_time_format(f->end, tz, 0, b);
		printf("%-4s %-10s %-17s score %.2f  %s .. %s\n", f->id,
		       ash_verdict_name(f->verdict), f->kind, f->score, a, b);
		if (f->nhosts) {
			printf("     hosts: ");
			pr_ips(f->hosts, f->nhosts);
			putchar('\n');
		}
		if (f->npeers) {
			printf("     peers: ");
			pr_ips(f->peers, f->npeers);
			putchar('\n');
		}
		printf("     ");
		pr_text(f->summary);
		printf("\n     why: ");
		pr_text(f->why);
		printf("\n     evidence: %llu records, %llu packets, %llu bytes: "
		       "ashiato query ", (unsigned long long)f->records,
		       (unsigned long long)f->packets, (unsigned long long)f->bytes);
		pr_text(dir);
		printf(" '");
		pr_text(f->filter);
		printf("'\n\n");
	}
	printf("%zu findings\n", fs->n);
}

static int load_ioc(const ash_args *a, ash_ioc *ioc, bool *have)
{
	const char *p = ash_arg(a, "ioc");
	*have = false;
	if (!p)
		return ASH_EXIT_OK;
	ash_err err = {0};
	if (ash_ioc_load(p, ioc, &err)) {
		ash_ioc_free(ioc);
		return ash_cli_fail(&err);
	}
	if (ioc->rejected)
		ash_cli_warn("%s: %llu lines hold no address or prefix (skipped)",
			     p, (unsigned long long)ioc->rejected);
	*have = true;
	return ASH_EXIT_OK;
}

static int record(const ash_case *c, const ash_findings *fs)
{
	ash_casedb *db = NULL;
	ash_err err = {0};
	size_t added = 0;
	int e = ash_casedb_open(c, &db, &err);
	if (!e)
		e = ash_casedb_add_findings(db, fs->v, fs->n, &added, &err);
	ash_casedb_close(db);
	if (e)
		return ash_cli_fail(&err);
	ash_cli_note("recorded %zu new findings in case.db (%zu already there)",
		     added, fs->n - added);
	return ASH_EXIT_OK;
}

static int go(const ash_args *a, ash_case *c, ash_store *s, const char *dir)
{
	steps st = {.timings = ash_flag(a, "timings")};
	ash_triage_opts o = {.from = INT64_MIN, .to = INT64_MAX, .step = step,
			     .step_ctx = &st, .only = ash_arg(a, "only")};
	int rc, fmt = ASH_OUT_TABLE;
	const char *v;
	if ((rc = ash_qargs_time_opt(a, "from", &o.from)) ||
	    (rc = ash_qargs_time_opt(a, "to", &o.to)))
		return rc;
	if ((v = ash_arg(a, "format")) && strcmp(v, "table") && strcmp(v, "json")) {
		ash_cli_error("triage: --format: expected table or json, got '%s'", v);
		return ASH_EXIT_USAGE;
	}
	if (v && !strcmp(v, "json"))
		fmt = ASH_OUT_JSON;
	if ((v = ash_arg(a, "threads")))
		o.threads = atoi(v);
	ash_tz *tz = NULL;
	if ((rc = ash_cli_tz(c, ash_arg(a, "tz") ? ash_arg(a, "tz") : "site", NULL, &tz)))
		return rc;
	ash_ioc ioc = {0};
	bool have_ioc;
	if ((rc = load_ioc(a, &ioc, &have_ioc)))
		goto out;
	o.ioc = have_ioc ? &ioc : NULL;
	ash_findings fs = {0};
	ash_err err = {0};
	int e = ash_triage_run(s, c, &o, &fs, &err);
	step(&st, NULL);
	if (isatty(2))
		fputs("\r\033[K", stderr);
	if (e)
		rc = ash_cli_fail(&err);
	for (size_t i = 0; !e && fmt == ASH_OUT_JSON && i < fs.n; i++)
		ash_finding_json(&fs.v[i], stdout);
	if (!e && fmt != ASH_OUT_JSON)
		table(&fs, tz, dir);
	fflush(stdout);
	for (size_t i = 0; !e && i < fs.nnotes; i++)
		ash_cli_note("%s", fs.notes[i]);
	if (!e && ash_flag(a, "record"))
		rc = record(c, &fs);
	ash_findings_free(&fs);
	ash_ioc_free(&ioc);
out:
	ash_tz_free(tz);
	return rc;
}

static int run(int argc, char **argv)
{
	ash_args a;
	int rc;
	if (ash_args_parse(&ash_cmd_triage, argc, argv, &a, &rc))
		return rc;
	const char *dir = a.npos ? a.pos[0] : ".";
	if (a.npos > 1) {
		ash_cli_error("triage: one case folder expected, got '%s' too", a.pos[1]);
		return ASH_EXIT_USAGE;
	}
	ash_case *c = NULL;
	ash_store *s = NULL;
	if ((rc = ash_cli_open(dir, &c, &s)))
		return rc;
	rc = go(&a, c, s, dir);
	ash_cli_close(c, s);
	return rc;
}
