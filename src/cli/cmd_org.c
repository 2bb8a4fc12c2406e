/* SPDX-License-Identifier: MIT */
/* cmd_org.c: `ashiato org init|show ORG`: the organisation folder
 * (org.yaml, org.db; docs/governance.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/org_cli.h"
#include "core/tztime.h"
#include "core/xalloc.h"
#include "query/output.h"

static const ash_cmd *const subs[] = {&ash_org_init, &ash_org_show, NULL};
static const ash_opt no_opts[] = {{0}};
static int run(int argc, char **argv);

const ash_cmd ash_cmd_org = {
	.name = "org",
	.synopsis = "SUBCOMMAND ORG ... (init, show)",
	.summary = "an organisation folder: sites, criticality, scenarios (org.yaml, org.db)",
	.details =
		"An organisation is a folder beside the case folders: org.yaml (sites with\n"
		"country, IANA time zone, language, currency, criticality weight and\n"
		"networks; target profile; evidence policy; FX rates; FAIR scenarios; the\n"
		"maturity to resistance mapping) and org.db (SQLite: frameworks,\n"
		"assessments, answers, scenarios, simulations).  docs/governance.md.\n"
		"A case names its organisation with 'org: PATH' in case.yaml.\n"
		"\n"
		"init ORG [--name NAME --site NAME --country CC --tz ZONE --lang LANG\n"
		"    --currency CUR --criticality W --net CIDR=ZONE ... --framework KEY]\n"
		"    | ORG --config FILE   create the folder with one site (add more in\n"
		"    org.yaml), or from a prepared org.yaml (validated).\n"
		"show ORG [--format table|json]   sites, scenarios and what org.db holds.",
	.opts = no_opts,
	.examples =
		"  ashiato org init acme --site jp-hq --country JP --tz Asia/Tokyo --lang ja --currency JPY --criticality 5\n"
		"  ashiato org show acme\n",
	.run = run,
};

static int run(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		FILE *f = argc < 2 ? stderr : stdout;
		ash_cmd_help(&ash_cmd_org, f);
		return argc < 2 ? ASH_EXIT_USAGE : ASH_EXIT_OK;
	}
	for (size_t i = 0; subs[i]; i++)
		if (!strcmp(subs[i]->name + 4, argv[1]))
			return subs[i]->run(argc - 1, argv + 1);
	ash_cli_error("org: unknown subcommand '%s' (see 'ashiato org --help')", argv[1]);
	return ASH_EXIT_USAGE;
}

/* ---- org init ----------------------------------------------------- */

static const ash_opt init_opts[] = {
	{"name", "NAME", false, "organisation name (default: the folder's name)"},
	{"site", "NAME", false, "the first site (default hq)"},
	{"country", "CC", false, "its ISO 3166 country code, e.g. JP (default ZZ: unknown)"},
	{"tz", "ZONE", false, "its IANA time zone, e.g. Asia/Tokyo (default UTC)"},
	{"lang", "LANG", false, "its language, e.g. ja (default en)"},
	{"currency", "CUR", false, "its ISO 4217 currency, e.g. JPY (default USD; also the reporting currency)"},
	{"criticality", "W", false, "its weight in the roll-up (default 1)"},
	{"net", "CIDR=ZONE", true, "a network of the site and its zone"},
	{"framework", "KEY", false, "assessment framework (default csf-2.0)"},
	{"config", "FILE", false, "use this org.yaml (validated) instead of the options"},
	{0},
};

static int init_run(int argc, char **argv);

const ash_cmd ash_org_init = {
	.name = "org init",
	.synopsis = "ORG [--site NAME --country CC --tz ZONE ...] | ORG --config FILE",
	.summary = "create an organisation folder (org.yaml, org.db)",
	.details = "Writes org.yaml with one site and the default evidence policy, target\n"
		   "profile and maturity mapping (edit it to add sites and scenarios), and\n"
		   "creates org.db.  Refuses when ORG/org.yaml exists.",
	.opts = init_opts,
	.examples = "  ashiato org init acme --site jp-hq --country JP --tz Asia/Tokyo --lang ja --currency JPY\n",
	.run = init_run,
};

static int init_site(const ash_args *a, ash_org *o, ash_err *err)
{
	ash_org_site *s = &o->sites[0];
	const char *v;
	s->name = ash_strdup((v = ash_arg(a, "site")) ? v : "hq");
	s->country = ash_strdup((v = ash_arg(a, "country")) ? v : "ZZ");
	s->timezone = ash_strdup((v = ash_arg(a, "tz")) ? v : "UTC");
	s->language = ash_strdup((v = ash_arg(a, "lang")) ? v : "en");
	s->currency = ash_strdup((v = ash_arg(a, "currency")) ? v : "USD");
	s->criticality = 1;
	if ((v = ash_arg(a, "criticality"))) {
		char *end;
		s->criticality = strtod(v, &end);
		if (*end || !(s->criticality > 0 && s->criticality <= 1000))
			return ash_errf(err, ASH_EUSAGE, "--criticality: a number above 0, at most 1000");
	}
	for (size_t i = 0; (v = ash_arg_nth(a, "net", i)); i++) {
		const char *eq = strchr(v, '=');
		ash_org_net n = {.site = 0};
		if (!eq || !eq[1] || ash_cidr_parse(v, (size_t)(eq - v), false, &n.cidr))
			return ash_errf(err, ASH_EUSAGE,
					"--net: give CIDR=ZONE, e.g. 10.1.0.0/16=lan (host bits zero)");
		n.zone = ash_strdup(eq + 1);
		o->nets = ash_reallocarray(o->nets, o->nnets + 1, sizeof *o->nets);
		o->nets[o->nnets++] = n;
	}
	return ASH_OK;
}

static bool code_ok(const char *s, size_t n, char lo, char hi)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < lo || s[i] > hi)
			return false;
	return true;
}

/* The options checked as org.yaml will check them. */
static int validate(const ash_org *o, ash_err *err)
{
	const ash_org_site *s = &o->sites[0];
	ash_tz *tz;
	if (!ash_fw_id_ok(s->name))
		return ash_errf(err, ASH_EUSAGE, "--site: 1-32 of A-Z a-z 0-9 . _ -");
	if (!code_ok(s->country, 2, 'A', 'Z'))
		return ash_errf(err, ASH_EUSAGE, "--country: an ISO 3166 code such as JP");
	if (!code_ok(s->currency, 3, 'A', 'Z'))
		return ash_errf(err, ASH_EUSAGE, "--currency: an ISO 4217 code such as JPY");
	if (!code_ok(s->language, 2, 'a', 'z') && !code_ok(s->language, 3, 'a', 'z'))
		return ash_errf(err, ASH_EUSAGE, "--lang: a language tag such as ja or en");
	if (!ash_fw_id_ok(o->framework))
		return ash_errf(err, ASH_EUSAGE, "--framework: a key such as csf-2.0");
	int rc = ash_tz_open(s->timezone, &tz, err);
	if (rc)
		return ash_errf(err, ASH_EUSAGE, "--tz: unknown time zone '%s'", s->timezone);
	ash_tz_free(tz);
	return ASH_OK;
}

static int init_run(int argc, char **argv)
{
	ash_args a;
	int rc;
	ash_err err;
	if (ash_args_parse(&ash_org_init, argc, argv, &a, &rc))
		return rc;
	if (a.npos != 1) {
		ash_cli_error("org init: give exactly one folder (see 'ashiato org init --help')");
		return ASH_EXIT_USAGE;
	}
	const char *dir = a.pos[0], *config = ash_arg(&a, "config");
	if (config && a.ngiven > 1) {
		ash_cli_error("org init: --config replaces the other options; give one or the other");
		return ASH_EXIT_USAGE;
	}
	ash_org *o = ash_calloc(1, sizeof *o);
	ash_org_defaults(o);
	const char *base = strrchr(dir, '/');
	o->name = ash_strdup(ash_arg(&a, "name") ? ash_arg(&a, "name")
						 : base && base[1] ? base + 1 : dir);
	o->framework = ash_strdup(ash_arg(&a, "framework") ? ash_arg(&a, "framework")
							   : "csf-2.0");
	o->sites = ash_calloc(1, sizeof *o->sites);
	o->nsites = 1;
	rc = init_site(&a, o, &err);
	if (!rc) {
		o->currency = ash_strdup(o->sites[0].currency);
		rc = validate(o, &err);
	}
	if (!rc)
		rc = ash_org_create(dir, o, config, &err);
	if (rc) {
		ash_org_free(o);
		return ash_cli_fail(&err);
	}
	ash_org_free(o);
	printf("created organisation folder %s (edit %s/org.yaml to add sites and scenarios)\n",
	       dir, dir);
	return ASH_EXIT_OK;
}

/* ---- org show ----------------------------------------------------- */

static const ash_opt show_opts[] = {
	{"format", "FMT", false, "table (default), csv or json"},
	{0},
};

static int show_run(int argc, char **argv);

const ash_cmd ash_org_show = {
	.name = "org show",
	.synopsis = "ORG [--format table|csv|json]",
	.summary = "the sites of an organisation and what org.db holds",
	.details = "One row per site: country, zone, language, currency, criticality,\n"
		   "networks, scenarios, assessments stored.",
	.opts = show_opts,
	.examples = "  ashiato org show acme\n",
	.run = show_run,
};

static int show_run(int argc, char **argv)
{
	ash_org_cli oc;
	int rc, fmt = ASH_OUT_TABLE;
	ash_err err;
	if (ash_org_cli_open(&ash_org_show, argc, argv, 0, 0, true, &oc, &rc))
		goto out;
	const char *f = ash_arg(&oc.a, "format");
	if (f && ash_out_format_parse(f, &fmt, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	ash_assessment *hist = NULL;
	size_t nhist = 0;
	if (ash_orgdb_history(oc.db, oc.org->framework, NULL, 1000, &hist, &nhist, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	static const ash_outcol cols[] = {
		{"site", false}, {"country", false}, {"timezone", false}, {"language", false},
		{"currency", false}, {"criticality", true}, {"networks", true},
		{"scenarios", true}, {"assessments", true}};
	ash_out *o = ash_out_new(stdout, fmt, cols, 9);
	for (size_t s = 0; s < oc.org->nsites; s++) {
		const ash_org_site *st = &oc.org->sites[s];
		uint64_t nets = 0, scen = 0, ass = 0;
		for (size_t i = 0; i < oc.org->nnets; i++)
			nets += oc.org->nets[i].site == s;
		for (size_t i = 0; i < oc.org->nscen; i++)
			scen += !strcmp(oc.org->scen[i].site, st->name);
		for (size_t i = 0; i < nhist; i++)
			ass += !strcmp(hist[i].site, st->name);
		char crit[32];
		snprintf(crit, sizeof crit, "%g", st->criticality);
		ash_cell c[9] = {ash_cell_cstr(st->name), ash_cell_cstr(st->country),
				 ash_cell_cstr(st->timezone), ash_cell_cstr(st->language),
				 ash_cell_cstr(st->currency), ash_cell_cstr(crit),
				 ash_cell_uint(nets), ash_cell_uint(scen), ash_cell_uint(ass)};
		ash_out_row(o, c);
	}
	rc = ash_out_end(o, &err) ? ash_cli_fail(&err) : ASH_EXIT_OK;
	ash_out_free(o);
	ash_assessments_free(hist, nhist);
out:
	ash_org_cli_close(&oc);
	return rc;
}
