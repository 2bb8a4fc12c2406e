/* SPDX-License-Identifier: MIT */
/* cmd_demo_org.c: `ashiato demo-org ORG`: the demo organisation
 * (org/orgdemo.h) written as a folder, with two assessments per site a
 * year apart imported through the same path as `assess import`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/io.h"
#include "org/answers.h"
#include "org/orgdb.h"
#include "org/orgdemo.h"

static const ash_opt opts[] = {
	{"seed", "N", false, "random seed of the generated answers (default 1)"},
	{"date", "YYYY-MM-DD", false, "date of the newest assessments (default today)"},
	{0},
};

static int run(int argc, char **argv);

const ash_cmd ash_cmd_demo_org = {
	.name = "demo-org",
	.synopsis = "ORG [--seed N] [--date YYYY-MM-DD]",
	.summary = "create the demo organisation: five sites, assessments, FAIR scenarios",
	.details =
		"A manufacturer with five sites: jp-hq (Tokyo headquarters, JPY), sg-hub\n"
		"(the Asian hub of the seed incident, SGD), de-fra (Frankfurt, EUR),\n"
		"us-chi (Chicago, USD), th-bkk (Bangkok, THB), each with networks, a\n"
		"criticality weight and two FAIR scenarios in its own currency.  Every\n"
		"site gets two assessments a year apart (th-bkk answers the quick check),\n"
		"generated from a plausible maturity profile, written as answer files in\n"
		"ORG/forms/ and imported as 'assess import' would.  Deterministic for a\n"
		"seed and date.",
	.opts = opts,
	.examples = "  ashiato demo-org acme\n  ashiato assess show acme\n",
	.run = run,
};

static int import_one(const char *dir, ash_orgdb *db, const ash_org *o,
		      const ash_fw *fw, size_t site, int32_t on, bool prev,
		      uint64_t seed, ash_err *err)
{
	size_t n;
	char *csv = ash_orgdemo_answers(o, fw, site, on, prev, seed, &n);
	char day[11], path[4096], sub[4096];
	ash_day_format(on, day);
	snprintf(sub, sizeof sub, "%s/forms", dir);
	int w = snprintf(path, sizeof path, "%s/demo-%s-%s.csv", sub, o->sites[site].name, day);
	bool renamed;
	int rc = w < 0 || (size_t)w >= sizeof path
			 ? ash_errf(err, ASH_ELIMIT, "%s: path too long", dir)
			 : ash_io_replace(sub, path, csv, n, &renamed, err);
	ash_import im = {0};
	ash_import_opts io = {.org = o, .fw = fw, .by = "demo-org", .file_name = path,
			      .assessed_on = on, .today = on};
	if (!rc && (rc = ash_answers_parse(csv, n, &io, &im, err)) == ASH_EFORMAT &&
	    im.nissues)
		rc = ash_errf(err, ASH_EINTERNAL, "demo-org: %s:%zu:%zu: %s", path,
			      im.issues[0].row, im.issues[0].col, im.issues[0].msg);
	if (!rc)
		rc = ash_orgdb_add_assessments(db, fw, im.a, im.na, err);
	if (!rc)
		printf("  %-7s %s  %3zu answers  %s\n", o->sites[site].name, day,
		       im.a[0].nanswers, im.a[0].quick ? "quick check" : "full");
	ash_import_free(&im);
	free(csv);
	return rc;
}

static int build(const char *dir, uint64_t seed, int32_t day, ash_err *err)
{
	ash_org *o = ash_orgdemo_org(day);
	ash_org *loaded = NULL;
	ash_fw *fw = NULL;
	ash_orgdb *db = NULL;
	int rc = ash_org_create(dir, o, NULL, err);
	if (!rc)
		rc = ash_org_load(dir, &loaded, err);
	if (!rc)
		rc = ash_fw_load(dir, loaded->framework, NULL, &fw, err);
	if (!rc)
		rc = ash_orgdb_open_org(loaded, &db, err);
	if (!rc)
		printf("organisation %s: %zu sites, %zu scenarios; assessments:\n", dir,
		       loaded->nsites, loaded->nscen);
	for (size_t s = 0; !rc && s < loaded->nsites; s++) {
		rc = import_one(dir, db, loaded, fw, s, day - 365, true, seed, err);
		if (!rc)
			rc = import_one(dir, db, loaded, fw, s, day, false, seed, err);
	}
	if (!rc)
		rc = ash_orgdb_sync_scenarios(db, loaded, err);
	ash_orgdb_close(db);
	ash_fw_free(fw);
	ash_org_free(loaded);
	ash_org_free(o);
	return rc;
}

static int run(int argc, char **argv)
{
	ash_args a;
	int rc;
	ash_err err;
	if (ash_args_parse(&ash_cmd_demo_org, argc, argv, &a, &rc))
		return rc;
	if (a.npos != 1) {
		ash_cli_error("demo-org: give one folder (see 'ashiato demo-org --help')");
		return ASH_EXIT_USAGE;
	}
	const char *s = ash_arg(&a, "seed"), *d = ash_arg(&a, "date");
	char *end = NULL;
	uint64_t seed = s ? strtoull(s, &end, 10) : 1;
	int32_t day = ash_day_today();
	if ((s && (!*s || *end)) || (d && ash_day_parse(d, strlen(d), &day))) {
		ash_cli_error("demo-org: --seed takes a number, --date YYYY-MM-DD");
		return ASH_EXIT_USAGE;
	}
	if (build(a.pos[0], seed, day, &err))
		return ash_cli_fail(&err);
	printf("next: ashiato assess show %s; ashiato assess report %s --lang ja\n", a.pos[0],
	       a.pos[0]);
	return ASH_EXIT_OK;
}
