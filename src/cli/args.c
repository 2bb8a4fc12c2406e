/* SPDX-License-Identifier: MIT */
/* args.c: option parsing, help and man pages from the ash_cmd tables, and
 * the CLI's diagnostics (the only place besides commands that prints). */
#include "cli/cli.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>

static const ash_opt help_opt = {"help", NULL, false, "show this help"};

static const ash_opt *find_opt(const ash_cmd *cmd, const char *name, size_t n)
{
	for (const ash_opt *o = cmd->opts; o && o->name; o++)
		if (strlen(o->name) == n && !memcmp(o->name, name, n))
			return o;
	if (n == 4 && !memcmp(name, "help", 4))
		return &help_opt;
	return NULL;
}

int ash_args_parse(const ash_cmd *cmd, int argc, char **argv, ash_args *a,
		   int *exit_code)
{
	memset(a, 0, sizeof *a);
	a->cmd = cmd;
	bool opts_done = false;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		if (opts_done || s[0] != '-' || !strcmp(s, "-")) {
			if (a->npos == ASH_MAX_ARGS)
				goto too_many;
			a->pos[a->npos++] = s;
			continue;
		}
		if (!strcmp(s, "--")) {
			opts_done = true;
			continue;
		}
		if (!strcmp(s, "-h"))
			s = "--help";
		if (s[1] != '-') {
			ash_cli_error("%s: unknown option '%s' (options are long: --name; "
				      "see 'ashiato %s --help')", cmd->name, s, cmd->name);
			*exit_code = ASH_EXIT_USAGE;
			return 1;
		}
		const char *name = s + 2, *eq = strchr(name, '=');
		size_t n = eq ? (size_t)(eq - name) : strlen(name);
		const ash_opt *o = find_opt(cmd, name, n);
		if (!o) {
			ash_cli_error("%s: unknown option '--%.*s' (see 'ashiato %s --help')",
				      cmd->name, (int)n, name, cmd->name);
			*exit_code = ASH_EXIT_USAGE;
			return 1;
		}
		if (o == &help_opt) {
			ash_cmd_help(cmd, stdout);
			*exit_code = ASH_EXIT_OK;
			return 1;
		}
		const char *val = "";
		if (o->arg) {
			if (eq)
				val = eq + 1;
			else if (i + 1 < argc)
				val = argv[++i];
			else {
				ash_cli_error("%s: option --%s needs a value (%s)",
					      cmd->name, o->name, o->arg);
				*exit_code = ASH_EXIT_USAGE;
				return 1;
			}
		} else if (eq) {
			ash_cli_error("%s: option --%s takes no value", cmd->name, o->name);
			*exit_code = ASH_EXIT_USAGE;
			return 1;
		}
		if (!o->repeat)
			for (size_t k = 0; k < a->ngiven; k++)
				if (a->given[k].opt == o) {
					ash_cli_error("%s: option --%s given twice",
						      cmd->name, o->name);
					*exit_code = ASH_EXIT_USAGE;
					return 1;
				}
		if (a->ngiven == ASH_MAX_ARGS)
			goto too_many;
		a->given[a->ngiven].opt = o;
		a->given[a->ngiven].val = val;
		a->ngiven++;
	}
	return 0;
too_many:
	ash_cli_error("%s: more than %d arguments", cmd->name, ASH_MAX_ARGS);
	*exit_code = ASH_EXIT_USAGE;
	return 1;
}

const char *ash_arg(const ash_args *a, const char *name)
{
	const char *v = NULL;
	for (size_t k = 0; k < a->ngiven; k++)
		if (!strcmp(a->given[k].opt->name, name))
			v = a->given[k].val;
	return v;
}

bool ash_flag(const ash_args *a, const char *name)
{
	return ash_arg(a, name) != NULL;
}

const char *ash_arg_nth(const ash_args *a, const char *name, size_t i)
{
	for (size_t k = 0; k < a->ngiven; k++)
		if (!strcmp(a->given[k].opt->name, name) && i-- == 0)
			return a->given[k].val;
	return NULL;
}

void ash_cmd_help(const ash_cmd *cmd, FILE *f)
{
	fprintf(f, "ashiato %s - %s\n\nUsage: ashiato %s %s\n", cmd->name,
		cmd->summary, cmd->name, cmd->synopsis);
	if (cmd->details)
		fprintf(f, "\n%s\n", cmd->details);
	if (cmd->opts && cmd->opts->name) {
		fprintf(f, "\nOptions:\n");
		for (const ash_opt *o = cmd->opts; o->name; o++) {
			char left[64];
			snprintf(left, sizeof left, "--%s%s%s%s", o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "",
				 o->repeat ? " ..." : "");
			fprintf(f, "  %-26s %s\n", left, o->help);
		}
	}
	fprintf(f, "  %-26s %s\n", "--help", "show this help");
	if (cmd->examples)
		fprintf(f, "\nExamples:\n%s", cmd->examples);
	fprintf(f, "\nExit codes: 0 ok, 1 failure, 2 usage error "
		   "(docs/exit-codes.md).\n");
}

/* troff-escape: backslash and leading dot/quote */
static void man_text(FILE *f, const char *s)
{
	bool bol = true;
	for (; *s; s++) {
		if (bol && (*s == '.' || *s == '\''))
			fputs("\\&", f);
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
		bol = *s == '\n';
	}
}

void ash_cmd_man(const ash_cmd *cmd, FILE *f)
{
	char up[64];
	size_t i = 0;
	for (; cmd->name[i] && i < sizeof up - 1; i++)
		up[i] = (char)toupper((unsigned char)cmd->name[i]);
	up[i] = '\0';
	fprintf(f, ".TH ASHIATO-%s 1 \"\" \"ashiato\" \"ashiato manual\"\n", up);
	fprintf(f, ".SH NAME\nashiato\\-%s \\- ", cmd->name);
	man_text(f, cmd->summary);
	fprintf(f, "\n.SH SYNOPSIS\n.B ashiato %s\n", cmd->name);
	man_text(f, cmd->synopsis);
	fputc('\n', f);
	if (cmd->details) {
		fprintf(f, ".SH DESCRIPTION\n");
		man_text(f, cmd->details);
		fputc('\n', f);
	}
	fprintf(f, ".SH OPTIONS\n");
	for (const ash_opt *o = cmd->opts; o && o->name; o++) {
		fprintf(f, ".TP\n.B \\-\\-");
		man_text(f, o->name);
		if (o->arg) {
			fprintf(f, " \\fI");
			man_text(f, o->arg);
			fprintf(f, "\\fR");
		}
		fputc('\n', f);
		man_text(f, o->help);
		if (o->repeat)
			fprintf(f, " (may be repeated)");
		fputc('\n', f);
	}
	if (cmd->examples) {
		fprintf(f, ".SH EXAMPLES\n.nf\n");
		man_text(f, cmd->examples);
		fprintf(f, ".fi\n");
	}
	fprintf(f, ".SH EXIT STATUS\n0 ok, 1 failure, 2 usage error.\n"
		   ".SH SEE ALSO\nashiato(1)\n");
}

/* Write s to stderr with control bytes and invalid bytes escaped, so log
 * text in a message cannot drive the terminal. */
static void safe_vprint(const char *prefix, const char *fmt, va_list ap)
{
	char buf[4096];
	vsnprintf(buf, sizeof buf, fmt, ap);
	fputs(prefix, stderr);
	for (const unsigned char *p = (const unsigned char *)buf; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else
			fputc(*p, stderr);
	}
	fputc('\n', stderr);
}

void ash_cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	safe_vprint("ashiato: error: ", fmt, ap);
	va_end(ap);
}

void ash_cli_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	safe_vprint("ashiato: warning: ", fmt, ap);
	va_end(ap);
}

void ash_cli_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	safe_vprint("ashiato: ", fmt, ap);
	va_end(ap);
}

int ash_cli_fail(const ash_err *err)
{
	ash_cli_error("%s", err->msg);
	return err->code == ASH_EUSAGE ? ASH_EXIT_USAGE : ASH_EXIT_FAIL;
}
