/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"

static int run(int argc, char **argv)
{
	(void)argc, (void)argv;
	ash_cli_error("check: not built yet");
	return ASH_EXIT_FAIL;
}

const ash_cmd ash_cmd_check = {.name = "check", .synopsis = "", .summary = "(not built yet)", .run = run};
