/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"

static int run(int argc, char **argv)
{
	(void)argc, (void)argv;
	ash_cli_error("init: not built yet");
	return ASH_EXIT_FAIL;
}

const ash_cmd ash_cmd_init = {.name = "init", .synopsis = "", .summary = "(not built yet)", .run = run};
