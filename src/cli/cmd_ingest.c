/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"

static int run(int argc, char **argv)
{
	(void)argc, (void)argv;
	ash_cli_error("ingest: not built yet");
	return ASH_EXIT_FAIL;
}

const ash_cmd ash_cmd_ingest = {.name = "ingest", .synopsis = "", .summary = "(not built yet)", .run = run};
