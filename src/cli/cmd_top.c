/* SPDX-License-Identifier: MIT */
/* cmd_top.c: placeholder until this command lands (being written now). */
#include "cli/cli.h"

static int run(int argc, char **argv)
{
	(void)argc, (void)argv;
	ash_cli_error("top: not built yet");
	return ASH_EXIT_FAIL;
}

const ash_cmd ash_cmd_top = {.name = "top", .synopsis = "", .summary = "(not built yet)", .run = run};
