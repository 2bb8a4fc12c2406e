/* SPDX-License-Identifier: MIT */
/* cmd_help.c: `ashiato help [CMD] [--man]`: help or a man page (troff)
 * of any command, from the same tables the parser uses. */
#include <stdio.h>

#include "cli/cli.h"

static const ash_opt opts[] = {
	{"man", NULL, false, "print the man page (troff) instead of help"},
	{0},
};

static int run(int argc, char **argv);

const ash_cmd ash_cmd_help_cmd = {
	.name = "help",
	.synopsis = "[COMMAND] [--man]",
	.summary = "help for a command, or its man page",
	.opts = opts,
	.examples = "  ashiato help ingest\n"
		    "  ashiato help top --man > ashiato-top.1\n",
	.run = run,
};

static int run(int argc, char **argv)
{
	ash_args a;
	int rc;
	if (ash_args_parse(&ash_cmd_help_cmd, argc, argv, &a, &rc))
		return rc;
	if (a.npos == 0) {
		for (size_t i = 0; ash_cmds[i]; i++)
			printf("%-11s %s\n", ash_cmds[i]->name, ash_cmds[i]->summary);
		return ASH_EXIT_OK;
	}
	const ash_cmd *c = ash_cmd_find(a.pos[0]);
	if (!c) {
		ash_cli_error("help: unknown command '%s'", a.pos[0]);
		return ASH_EXIT_USAGE;
	}
	if (ash_flag(&a, "man"))
		ash_cmd_man(c, stdout);
	else
		ash_cmd_help(c, stdout);
	return ASH_EXIT_OK;
}
