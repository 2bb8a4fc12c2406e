/* SPDX-License-Identifier: MIT */
/* org_cli.h: what the organisation commands (org, assess, risk, demo-org)
 * share: parsing a subcommand's argv with ORG first, loading org.yaml
 * (warnings printed once) and org.db, the framework with its translation
 * (org.yaml ids checked against it), who runs the command, dates, and the
 * newest/previous assessment of every site.  Prints diagnostics (CLI
 * code); returns exit codes. */
#ifndef ASH_ORG_CLI_H
#define ASH_ORG_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/cli.h"
#include "org/assessment.h"
#include "org/framework.h"
#include "org/org.h"
#include "org/orgdb.h"
#include "org/rollup.h"

typedef struct ash_org_cli {
	ash_args a;
	const char *const *pos; /* positionals after ORG */
	size_t npos;
	ash_org *org;
	ash_orgdb *db;          /* NULL unless asked for */
	char *argv_copy[ASH_MAX_ARGS + 2];
} ash_org_cli;

/* Parse argv for sub ("-o" is read as "--output"), need min..max
 * positionals after ORG, load org.yaml and (with db) org.db.  Returns 0
 * to go on, else 1 with the exit code in *exit_code (--help, or an error
 * printed).  Always call close. */
int ash_org_cli_open(const ash_cmd *sub, int argc, char **argv, size_t min,
		     size_t max, bool db, ash_org_cli *oc, int *exit_code);
void ash_org_cli_close(ash_org_cli *oc);

/* --by, else $USER, else "unknown". */
const char *ash_org_cli_by(const ash_args *a);
/* A day from option name (YYYY-MM-DD), today when absent.  Returns an
 * exit code (error printed). */
int ash_org_cli_day(const ash_args *a, const char *name, int32_t *day);
/* --lang: "ja" or "en" (default: dflt).  Returns an exit code. */
int ash_org_cli_lang(const ash_args *a, const char *dflt, const char **lang);

/* The framework key (NULL: org.yaml's) in lang; when it is org.yaml's
 * framework, org.yaml's target ids are checked against it (unknown ones
 * are warnings).  Returns an exit code; *fw owned by the caller. */
int ash_org_cli_fw(ash_org_cli *oc, const char *key, const char *lang,
		   ash_fw **fw);

/* Roll-up inputs: every site of org.yaml (or only site) with its newest
 * and previous assessment of fw; hist owns the assessments.  Returns an
 * exit code. */
typedef struct ash_org_inputs {
	ash_assessment *hist;
	size_t nhist;
	ash_site_input *in;
	size_t nin;
} ash_org_inputs;
int ash_org_cli_inputs(ash_org_cli *oc, const ash_fw *fw, const char *site,
		       int32_t asof, ash_org_inputs *out);
void ash_org_inputs_free(ash_org_inputs *x);

/* Terminal-safe copy of s (control bytes and invalid UTF-8 as \xNN),
 * malloc'd. */
char *ash_org_cli_safe(const char *s);

/* The subcommands, dispatched by cmd_org.c / cmd_assess.c / cmd_risk.c. */
extern const ash_cmd ash_org_init, ash_org_show;
extern const ash_cmd ash_assess_form, ash_assess_import, ash_assess_show,
	ash_assess_report, ash_assess_from_case, ash_assess_proposals, ash_assess_map;

#endif
