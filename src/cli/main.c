/* SPDX-License-Identifier: MIT */
/* main.c: ashiato's entry point.  Parses nothing itself: finds the
 * subcommand in the table and hands it argv. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

extern const ash_cmd ash_cmd_init, ash_cmd_ingest, ash_cmd_check,
	ash_cmd_query, ash_cmd_top, ash_cmd_series, ash_cmd_demo_data,
	ash_cmd_help_cmd;
extern const ash_cmd ash_cmd_collect;
extern const ash_cmd ash_cmd_triage;
extern const ash_cmd ash_cmd_case, ash_cmd_timeline;
extern const ash_cmd ash_cmd_report;
extern const ash_cmd ash_cmd_org, ash_cmd_assess, ash_cmd_demo_org, ash_cmd_risk;

const ash_cmd *const ash_cmds[] = {
	&ash_cmd_init, &ash_cmd_ingest, &ash_cmd_check, &ash_cmd_query,
	&ash_cmd_top, &ash_cmd_series, &ash_cmd_demo_data, &ash_cmd_help_cmd,
	&ash_cmd_collect,
	&ash_cmd_triage,
	&ash_cmd_case, &ash_cmd_timeline,
	&ash_cmd_report,
	&ash_cmd_org, &ash_cmd_assess, &ash_cmd_demo_org, &ash_cmd_risk,
	NULL,
};

const ash_cmd *ash_cmd_find(const char *name)
{
	for (size_t i = 0; ash_cmds[i]; i++)
		if (!strcmp(ash_cmds[i]->name, name))
			return ash_cmds[i];
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f,
		"ashiato (足跡) - security incident response on firewall logs, flows and captures\n\n"
		"Usage: ashiato COMMAND [ARGS] [--help]\n\nCommands:\n");
	for (size_t i = 0; ash_cmds[i]; i++)
		fprintf(f, "  %-11s %s\n", ash_cmds[i]->name, ash_cmds[i]->summary);
	fprintf(f,
		"\nA first look at an incident:\n"
		"  ashiato init case1 --site sg-hub --tz Asia/Singapore --net 203.0.113.0/24=dmz\n"
		"  ashiato ingest case1 /var/log/kern.log conn.log.gz\n"
		"  ashiato series case1 bytes --step 1h\n"
		"  ashiato top case1 src/bytes --limit 10\n"
		"  ashiato query case1 'src host 203.0.113.10 and proto udp' --limit 20\n"
		"\n'ashiato COMMAND --help' teaches each command; man pages in docs/man/.\n");
}

int main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	if (argc < 2) {
		usage(stderr);
		return ASH_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return ASH_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("ashiato 0.1.0\n");
		return ASH_EXIT_OK;
	}
	const ash_cmd *cmd = ash_cmd_find(argv[1]);
	if (!cmd) {
		ash_cli_error("unknown command '%s' (see 'ashiato --help')", argv[1]);
		return ASH_EXIT_USAGE;
	}
	return cmd->run(argc - 1, argv + 1);
}
