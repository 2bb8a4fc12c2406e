/* SPDX-License-Identifier: MIT */
/* cmd_case.c: `ashiato case SUB CASE ...`: the case file (case.db) of
 * DESIGN §7.  Dispatches to the subcommands (cmd_case_add.c,
 * cmd_case_verify.c, cmd_case_show.c, cmd_case_evidence.c), each with its
 * own option table and --help. */
#include <stdio.h>
#include <string.h>

#include "cli/case_cli.h"

static const ash_cmd *const subs[] = {
	&ash_case_observe, &ash_case_hypothesize, &ash_case_verify,
	&ash_case_override, &ash_case_act, &ash_case_person, &ash_case_evidence,
	&ash_case_translate, &ash_case_show, &ash_case_close, NULL,
};

static const ash_opt opts[] = {{0}};

static int run(int argc, char **argv);

const ash_cmd ash_cmd_case = {
	.name = "case",
	.synopsis = "SUBCOMMAND CASE ... (observe, hypothesize, verify, override, act, "
		    "person, evidence, translate, show, close)",
	.summary = "keep the case: observations, hypotheses and their checks, actions, evidence",
	.details =
		"case.db (SQLite, in the case folder) is made on first use; the sites of\n"
		"case.yaml and the evidence files of the store are copied in.  Facts apart\n"
		"from guesses: a hypothesis moves from open to confirmed or refuted only by\n"
		"'case verify' (which stores the numbers, the filter and when it ran) or by\n"
		"a recorded 'case override'.  Texts keep their language (--lang, guessed\n"
		"from kana/kanji otherwise); 'case translate' adds the ja or en version.\n"
		"Each subcommand has --help.  docs/case.md has the schema and examples.\n"
		"\n"
		"observe CASE TEXT [--at TIME --tz ZONE --by PERSON --host IP... --site SITE\n"
		"    --lang LANG]  what someone saw; TIME in the reporter's zone (--tz, else\n"
		"    the --site's, else the only site's), stored in UTC with that offset.\n"
		"hypothesize CASE CLAIM --verify CHECK [--expect COND --from OBS --by PERSON\n"
		"    --lang LANG]  CHECK: a filter (docs/filter.md) or finding:KIND[:HOST];\n"
		"    COND: 'bytes > 10G', 'records >= 1', 'packets = 0', joined with 'and'\n"
		"    (metrics records, packets, bytes, findings; k M G T = powers of 1000).\n"
		"verify CASE [ID...] [--by PERSON --format FMT --threads N]  run the checks\n"
		"    (all open ones by default); exit 1 when a check could not run.\n"
		"override CASE ID --status STATUS --reason TEXT [--by PERSON --lang LANG]\n"
		"act CASE WHAT [--kind containment|fix|other --by PERSON --host IP... --at\n"
		"    TIME --tz ZONE --site SITE --lang LANG]\n"
		"person CASE NAME [--role ROLE... --site SITE]  roles: coordinator,\n"
		"    log_analyst, site_contact, partner.\n"
		"evidence CASE [--format FMT --tz ZONE]  list items and chain of custody;\n"
		"    --add NAME [--site --sha256 HEX --size BYTES --from TIME --to TIME\n"
		"    --note TEXT --by]  an item still on site; --custody ID --event WORD\n"
		"    [--at TIME --tz ZONE --note TEXT --by]  a custody entry.\n"
		"translate CASE ID --lang ja|en TEXT  (ID: O3, H2, A1, S5, C1, K4)\n"
		"show CASE [--format table|json --tz ZONE --lang LANG]\n"
		"close CASE [--force --reason TEXT --by PERSON --lang LANG]  refused (exit 1)\n"
		"    while a hypothesis is open unless --force --reason (recorded).",
	.opts = opts,
	.examples =
		"  ashiato case person c1 tanaka --role coordinator\n"
		"  ashiato case observe c1 'web02 sent a lot of traffic' --at '2026-11-25 02:10' --tz Asia/Tokyo --by tanaka\n"
		"  ashiato case hypothesize c1 'the big upload is the backup' --verify 'src host 203.0.113.20 and dst port 873' --expect 'bytes > 10G'\n"
		"  ashiato case verify c1\n"
		"  ashiato case close c1\n",
	.run = run,
};

static void list_subs(FILE *f)
{
	fprintf(f, "Subcommands:\n");
	for (size_t i = 0; subs[i]; i++)
		fprintf(f, "  %-12s %s\n", subs[i]->name + 5, subs[i]->summary);
}

static int run(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		ash_cmd_help(&ash_cmd_case, argc < 2 ? stderr : stdout);
		list_subs(argc < 2 ? stderr : stdout);
		return argc < 2 ? ASH_EXIT_USAGE : ASH_EXIT_OK;
	}
	for (size_t i = 0; subs[i]; i++)
		if (!strcmp(subs[i]->name + 5, argv[1]))
			return subs[i]->run(argc - 1, argv + 1);
	ash_cli_error("case: unknown subcommand '%s' (see 'ashiato case --help')",
		      argv[1]);
	return ASH_EXIT_USAGE;
}
