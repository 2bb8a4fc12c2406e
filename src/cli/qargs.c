/* SPDX-License-Identifier: MIT */
/* qargs.c: command-line plumbing shared by query, top and series (see
 * qargs.h).  Prints diagnostics (it is CLI code); returns exit codes. */
#include "cli/qargs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/open.h"
#include "core/xalloc.h"
#include "query/output.h"
#include "query/scan.h"

const char *ash_qargs_zone_of(const void *ctx, const ash_ip *ip)
{
	const ash_net *n = ash_case_net_of(ctx, ip);
	return n ? n->zone : NULL;
}

size_t ash_qargs_time(int64_t us, ash_tz *tz, char *buf)
{
	int64_t f = us % 1000000;
	return ash_time_format(us, tz, f == 0 ? 0 : f % 1000 == 0 ? 3 : 6, buf);
}

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* CASE is the first positional when it is a folder, or when "." is not a
 * case (so a mistyped folder is reported as such). */
static size_t pick_case(ash_qargs *q)
{
	const ash_args *a = &q->a;
	q->case_dir = ".";
	if (a->npos == 0)
		return 0;
	if (is_dir(a->pos[0]) || access("case.yaml", F_OK) != 0) {
		q->case_dir = a->pos[0];
		return 1;
	}
	return 0;
}

/* Print the filter and a caret under byte column col (1-based). */
static void caret(const char *text, int col)
{
	fputs("  ", stderr);
	size_t shown = 0, n = strlen(text);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		bool cont = (c & 0xc0) == 0x80;
		if (c < 0x20 || c == 0x7f)
			fputc('?', stderr);
		else
			fputc(c, stderr);
		if (!cont && (int)i < col - 1)
			shown++;
	}
	fputs("\n  ", stderr);
	for (size_t i = 0; i < shown; i++)
		fputc(' ', stderr);
	fputs("^\n", stderr);
}

static char *join(const char *const *v, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	char *s = ash_malloc(len), *p = s;
	*p = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(v[i]);
		if (i)
			*p++ = ' ';
		memcpy(p, v[i], l);
		p += l;
		*p = '\0';
	}
	return s;
}

static bool listed(const char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

/* zone and site names for the filter's checks */
static void build_env(ash_qargs *q)
{
	const ash_case *c = q->c;
	size_t nev = ash_store_evidence_count(q->s);
	q->zones = ash_calloc(c->nnets + 1, sizeof *q->zones);
	q->sites = ash_calloc(c->nsites + nev + 1, sizeof *q->sites);
	for (size_t i = 0; i < c->nnets; i++)
		if (c->nets[i].zone && !listed(q->zones, q->nzones, c->nets[i].zone))
			q->zones[q->nzones++] = c->nets[i].zone;
	for (size_t i = 0; i < c->nsites; i++)
		q->sites[q->nsites++] = c->sites[i].name;
	for (size_t i = 0; i < nev; i++) {
		const char *s = ash_store_evidence(q->s, i)->site;
		if (s[0] && !listed(q->sites, q->nsites, s))
			q->sites[q->nsites++] = s;
	}
	q->env = (ash_filter_env){
		.zone_of = c->nnets ? ash_qargs_zone_of : NULL, .zone_ctx = c,
		.zones = q->zones, .nzones = q->nzones,
		.sites = q->sites, .nsites = q->nsites,
	};
}

int ash_qargs_time_opt(const ash_args *a, const char *name, int64_t *out)
{
	const char *v = ash_arg(a, name);
	if (!v)
		return ASH_EXIT_OK;
	if (ash_time_parse_iso(v, strlen(v), NULL, out, NULL) != 0) {
		ash_cli_error("%s: --%s: expected an ISO 8601 time like "
			      "2026-11-24T17:00Z, got '%s'", a->cmd->name, name, v);
		return ASH_EXIT_USAGE;
	}
	return ASH_EXIT_OK;
}

static int parse_count_opt(const ash_args *a, const char *name, long max,
			   size_t *out)
{
	const char *v = ash_arg(a, name);
	char *end;
	if (!v)
		return ASH_EXIT_OK;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < 0 || n > max) {
		ash_cli_error("%s: --%s: expected a number 0-%ld, got '%s'",
			      a->cmd->name, name, max, v);
		return ASH_EXIT_USAGE;
	}
	*out = (size_t)n;
	return ASH_EXIT_OK;
}

static int parse_opts(ash_qargs *q, size_t dflt_limit)
{
	const ash_args *a = &q->a;
	const char *name = a->cmd->name;
	ash_err err;
	int rc;
	size_t threads = 0;
	q->from = INT64_MIN, q->to = INT64_MAX, q->limit = dflt_limit;
	if ((rc = ash_qargs_time_opt(a, "from", &q->from)) ||
	    (rc = ash_qargs_time_opt(a, "to", &q->to)) ||
	    (rc = parse_count_opt(a, "limit", 1000000000L, &q->limit)) ||
	    (rc = parse_count_opt(a, "threads", ASH_SCAN_MAX_THREADS, &threads)))
		return rc;
	q->threads = (int)threads;
	if (q->from >= q->to) {
		ash_cli_error("%s: --from must be before --to", name);
		return ASH_EXIT_USAGE;
	}
	const char *f = ash_arg(a, "format");
	if (f && ash_out_format_parse(f, &q->fmt, &err)) {
		ash_cli_error("%s: %s", name, err.msg);
		return ASH_EXIT_USAGE;
	}
	return ASH_EXIT_OK;
}

static int compile(ash_qargs *q, size_t first)
{
	ash_err err;
	const ash_args *a = &q->a;
	q->text = join(a->pos + first, a->npos - first);
	if (ash_filter_compile(q->text, strlen(q->text), &q->env, &q->filter, &err)) {
		int col = ash_filter_error_column(&err);
		ash_cli_error("%s: %s", a->cmd->name, err.msg);
		if (col > 0)
			caret(q->text, col);
		return ASH_EXIT_USAGE; /* a filter that does not parse */
	}
	ash_filter_restrict_time(q->filter, q->from, q->to);
	return ASH_EXIT_OK;
}

static int open_all(const ash_cmd *cmd, int argc, char **argv, size_t npre,
		    size_t dflt_limit, ash_qargs *q, bool *done)
{
	int rc;
	if (ash_args_parse(cmd, argc, argv, &q->a, &rc)) {
		*done = true;
		return rc;
	}
	size_t k = pick_case(q);
	for (size_t i = 0; i < npre; i++, k++) {
		if (k >= q->a.npos) {
			ash_cli_error("%s: missing argument (usage: ashiato %s %s)",
				      cmd->name, cmd->name, cmd->synopsis);
			return ASH_EXIT_USAGE;
		}
		q->pre[i] = q->a.pos[k];
	}
	if ((rc = parse_opts(q, dflt_limit)))
		return rc;
	if ((rc = ash_cli_open(q->case_dir, &q->c, &q->s)))
		return rc;
	const char *tz = ash_arg(&q->a, "tz");
	q->tz_site = tz && !strcmp(tz, "site");
	if ((rc = ash_cli_tz(q->c, tz, NULL, &q->tz)))
		return rc;
	build_env(q);
	return compile(q, k);
}

int ash_qargs_open(const ash_cmd *cmd, int argc, char **argv, size_t npre,
		   size_t dflt_limit, ash_qargs *q, int *exit_code)
{
	bool done = false;
	memset(q, 0, sizeof *q);
	*exit_code = open_all(cmd, argc, argv, npre, dflt_limit, q, &done);
	return done || *exit_code ? 1 : 0;
}

void ash_qargs_close(ash_qargs *q)
{
	ash_filter_free(q->filter);
	free(q->text);
	free(q->zones);
	free(q->sites);
	if (q->tz)
		ash_tz_free(q->tz);
	for (size_t i = 0; i < q->ntzc; i++)
		if (q->tzc[i].tz)
			ash_tz_free(q->tzc[i].tz);
	ash_cli_close(q->c, q->s);
	memset(q, 0, sizeof *q);
}

ash_tz *ash_qargs_tz_for(ash_qargs *q, const char *site)
{
	if (!q->tz_site || !site || !site[0])
		return q->tz;
	for (size_t i = 0; i < q->ntzc; i++)
		if (!strcmp(q->tzc[i].site, site))
			return q->tzc[i].tz ? q->tzc[i].tz : q->tz;
	const ash_site *st = ash_case_site(q->c, site);
	ash_tz *tz = NULL;
	if (st && st->timezone && ash_tz_open(st->timezone, &tz, NULL) != 0)
		tz = NULL;
	if (q->ntzc < sizeof q->tzc / sizeof q->tzc[0]) {
		q->tzc[q->ntzc].site = site;
		q->tzc[q->ntzc].tz = tz;
		q->ntzc++;
	} else if (tz) {
		ash_tz_free(tz);
		tz = NULL;
	}
	return tz ? tz : q->tz;
}
