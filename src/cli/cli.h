/* SPDX-License-Identifier: MIT */
/* cli.h: subcommands and their options, declared once as data.
 *
 * Each subcommand lives in src/cli/cmd_NAME.c and exports one ash_cmd.
 * --help text and the man pages (docs/man/) are generated from these
 * tables, so they cannot drift from the parser.  Only src/cli prints. */
#ifndef ASH_CLI_H
#define ASH_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

/* Exit codes: API, documented in docs/exit-codes.md and asserted by e2e. */
enum {
	ASH_EXIT_OK = 0,      /* success */
	ASH_EXIT_FAIL = 1,    /* failure: I/O, bad input, damaged store, ... */
	ASH_EXIT_USAGE = 2,   /* bad command line */
};

typedef struct ash_opt {
	const char *name;  /* long name without "--" */
	const char *arg;   /* value placeholder ("ZONE"), NULL for a flag */
	bool repeat;       /* may be given several times */
	const char *help;  /* one line */
} ash_opt;

typedef struct ash_cmd {
	const char *name;      /* "ingest" */
	const char *synopsis;  /* "CASE FILE... [options]" */
	const char *summary;   /* one line */
	const char *details;   /* paragraphs (may be NULL) */
	const ash_opt *opts;   /* terminated by {0} */
	const char *examples;  /* lines "ashiato ...  # what it does" */
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
} ash_cmd;

#define ASH_MAX_ARGS 64
typedef struct ash_args {
	const ash_cmd *cmd;
	const char *pos[ASH_MAX_ARGS];
	size_t npos;
	struct {
		const ash_opt *opt;
		const char *val; /* "" for flags */
	} given[ASH_MAX_ARGS];
	size_t ngiven;
} ash_args;

/* Parse argv against cmd->opts.  "--opt=v" and "--opt v" both work; "--"
 * ends options; "-" is a positional.  --help prints help and returns 1
 * with *exit_code 0; errors print and return 1 with *exit_code 2. */
int ash_args_parse(const ash_cmd *cmd, int argc, char **argv, ash_args *a,
		   int *exit_code);
const char *ash_arg(const ash_args *a, const char *name); /* last or NULL */
bool ash_flag(const ash_args *a, const char *name);
/* i-th value of a repeated option, NULL past the end */
const char *ash_arg_nth(const ash_args *a, const char *name, size_t i);

/* Print the help of cmd (to f) and its man page (troff). */
void ash_cmd_help(const ash_cmd *cmd, FILE *f);
void ash_cmd_man(const ash_cmd *cmd, FILE *f);

/* Diagnostics: "ashiato: msg" on stderr.  Log text never reaches the
 * format string: callers pass it as an argument ("%s"), and the text
 * is made terminal-safe (control bytes escaped). */
void ash_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ash_cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ash_cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print an ash_err and return the exit code for it. */
int ash_cli_fail(const ash_err *err);

/* The command table (main.c). */
extern const ash_cmd *const ash_cmds[];
const ash_cmd *ash_cmd_find(const char *name);

#endif
