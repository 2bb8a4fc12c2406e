/* SPDX-License-Identifier: MIT */
/* cmd_demo_data.c: placeholder until this command lands (being written now). */
#include "cli/cli.h"

static int run(int argc, char **argv)
{
	(void)argc, (void)argv;
	ash_cli_error("demo_data: not built yet");
	return ASH_EXIT_FAIL;
}

const ash_cmd ash_cmd_demo_data = {.name = "demo-data", .synopsis = "", .summary = "(not built yet)", .run = run};
