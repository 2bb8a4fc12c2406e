/* SPDX-License-Identifier: MIT */
/* cmd_init.c: `ashiato init CASE`: create a case folder. */
#include <stdio.h>
#include <string.h>

#include "case/case.h"
#include "cli/cli.h"

static const ash_opt opts[] = {
	{"site", "NAME", false, "name of the site the evidence comes from (default site1)"},
	{"tz", "ZONE", false, "the site's IANA time zone, e.g. Asia/Singapore (default UTC)"},
	{"lang", "LANG", false, "language of the site's contacts: ja, en, ... (default en)"},
	{"net", "CIDR=ZONE", true, "a network of the site and its zone, e.g. 203.0.113.0/24=dmz"},
	{"name", "NAME", false, "case name (default: the folder's name)"},
	{"config", "FILE", false, "use this case.yaml (validated) instead of the options above"},
	{0},
};

static int run(int argc, char **argv);

const ash_cmd ash_cmd_init = {
	.name = "init",
	.synopsis = "CASE [--site NAME --tz ZONE --net CIDR=ZONE ...] | CASE --config FILE",
	.summary = "create a case folder (case.yaml, store, evidence, reports)",
	.details =
		"A case is a folder.  init creates it with a case.yaml that names the\n"
		"site, its time zone and its networks tagged with zones (dmz, lan, mgmt,\n"
		"...).  Edit case.yaml afterwards to add more sites, the inventory of\n"
		"known hosts and the expected jobs (such as a nightly backup); the\n"
		"format is in docs/case-yaml.md.  Nothing outside CASE is written.",
	.opts = opts,
	.examples =
		"  ashiato init sg-night --site sg-hub --tz Asia/Singapore \\\n"
		"      --net 203.0.113.0/24=dmz --net 10.20.0.0/16=lan\n"
		"  ashiato init case2 --config prepared-case.yaml\n",
	.run = run,
};

static int run(int argc, char **argv)
{
	ash_args a;
	int rc;
	if (ash_args_parse(&ash_cmd_init, argc, argv, &a, &rc))
		return rc;
	if (a.npos != 1) {
		ash_cli_error("init: give exactly one case folder (see 'ashiato init --help')");
		return ASH_EXIT_USAGE;
	}
	const char *dir = a.pos[0];
	const char *nets[ASH_MAX_ARGS];
	size_t nnets = 0;
	for (const char *v; (v = ash_arg_nth(&a, "net", nnets));)
		nets[nnets++] = v;
	const char *base = strrchr(dir, '/');
	base = base && base[1] ? base + 1 : dir;
	ash_case_init in = {
		.name = ash_arg(&a, "name") ? ash_arg(&a, "name") : base,
		.site = ash_arg(&a, "site"),
		.tz = ash_arg(&a, "tz"),
		.lang = ash_arg(&a, "lang"),
		.nets = nets,
		.nnets = nnets,
		.config = ash_arg(&a, "config"),
	};
	if (in.config && (in.site || in.tz || in.lang || nnets)) {
		ash_cli_error("init: --config replaces --site/--tz/--lang/--net; give one or the other");
		return ASH_EXIT_USAGE;
	}
	ash_err err;
	if ((rc = ash_case_create(dir, &in, &err)))
		return ash_cli_fail(&err);
	printf("created case folder %s (edit %s/case.yaml to add sites, inventory, expected jobs)\n",
	       dir, dir);
	return ASH_EXIT_OK;
}
