/* SPDX-License-Identifier: MIT */
/* case_cli.h: what the `case` subcommands and `timeline` share: parsing
 * a subcommand's argv with CASE first, opening case.yaml, case.db (made
 * on first use, sites copied in) and the store (its evidence imported
 * into case.db), entry ids ("H3" or "3"), the zone of a --at time, and
 * writing times.  Prints diagnostics (CLI code); returns exit codes. */
#ifndef ASH_CASE_CLI_H
#define ASH_CASE_CLI_H

#include <stdint.h>

#include "case/casedb.h"
#include "case/when.h"
#include "cli/cli.h"
#include "core/tztime.h"

typedef struct ash_case_cli {
	ash_args a;
	const char *const *pos; /* positionals after CASE */
	size_t npos;
	ash_case *c;
	ash_store *s;
	ash_casedb *db;
} ash_case_cli;

/* Parse argv for sub, need at least min and at most max positionals after
 * CASE, open everything.  Returns 0 to go on, else 1 with the exit code
 * in *exit_code (--help, or an error printed).  Always call close. */
int ash_case_cli_open(const ash_cmd *sub, int argc, char **argv, size_t min,
		      size_t max, ash_case_cli *cc, int *exit_code);
void ash_case_cli_close(ash_case_cli *cc);

/* "H3", "h3" or "3" with prefix 'H' → 3.  Returns 0 or -1. */
int ash_case_cli_id(const char *s, char prefix, int64_t *id);

/* --at/--tz into *w: the zone is --tz, else the zone of --site, else the
 * only site's zone.  Returns an exit code (error printed). */
int ash_case_cli_when(ash_case_cli *cc, ash_when *w);

/* Text of an instant in tz (NULL = UTC), seconds or fraction as needed. */
void ash_case_cli_time(int64_t us, ash_tz *tz, char buf[ASH_TIME_STRLEN]);

/* Make text safe for a terminal line: control bytes, DEL and invalid
 * UTF-8 as \xNN; at most max bytes of s shown, "..." after.  Returns a
 * malloc'd string. */
char *ash_case_cli_safe(const char *s, size_t max);

/* Evidence items and their custody entries (case show, case evidence):
 * with type_col, JSON rows carry "type" and tables have a title.
 * Returns 0 or ASH_EIO. */
int ash_case_evidence_print(int fmt, ash_tz *tz, const ash_casedb_snap *s,
			    bool type_col);

/* The subcommands (cmd_case_*.c), dispatched by cmd_case.c. */
extern const ash_cmd ash_case_observe, ash_case_hypothesize, ash_case_verify,
	ash_case_override, ash_case_act, ash_case_person, ash_case_evidence,
	ash_case_translate, ash_case_show, ash_case_close;

#endif
