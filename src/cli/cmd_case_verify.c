/* SPDX-License-Identifier: MIT */
/* cmd_case_verify.c: the case subcommands that decide: verify (run the
 * checks), override (a recorded manual status), close.  The work is in
 * src/case (verify.h, casedb.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/verify.h"
#include "cli/case_cli.h"
#include "core/xalloc.h"
#include "query/output.h"

static const ash_opt verify_opts[] = {
	{"by", "PERSON", false, "who ran it"},
	{"format", "FMT", false, "table (default), csv or json (JSON Lines)"},
	{"threads", "N", false, "scan threads (default: online CPUs, at most 8)"},
	{0},
};

static int verify_run(int argc, char **argv);

const ash_cmd ash_case_verify = {
	.name = "case verify",
	.synopsis = "CASE [ID...] [--by PERSON] [--format table|csv|json]",
	.summary = "run hypotheses' checks against the store: confirmed or refuted",
	.details = "Without IDs every open hypothesis is checked; with IDs (H1 or 1)\n"
		   "those, even when already decided.  Each run is stored with its\n"
		   "numbers, filter and time.  Exit 1 when a check could not run.",
	.opts = verify_opts,
	.examples = "  ashiato case verify c1\n  ashiato case verify c1 H2 H5 --format json\n",
	.run = verify_run,
};

static const ash_outcol vcols[] = {
	{"id", false}, {"result", false}, {"status", false}, {"records", true},
	{"packets", true}, {"bytes", true}, {"findings", true},
	{"verification", false}, {"error", false},
};

static int verify_row(ash_out *o, const ash_cdb_hyp *h,
		      const ash_verify_result *r)
{
	char id[32], vid[32];
	snprintf(id, sizeof id, "H%lld", (long long)h->id);
	snprintf(vid, sizeof vid, "V%lld", (long long)r->verification);
	bool e = r->result == ASH_VR_ERROR;
	ash_cell c[9] = {
		ash_cell_cstr(id), ash_cell_cstr(ash_vresult_name(r->result)),
		ash_cell_cstr(ash_hyp_status_name(r->status)),
		ash_cell_uint(r->records), ash_cell_uint(r->packets),
		ash_cell_uint(r->bytes), ash_cell_uint(r->findings),
		ash_cell_cstr(vid), e ? ash_cell_cstr(r->error) : ash_cell_null(),
	};
	return ash_out_row(o, c);
}

/* the hypotheses to run: named ones, or all open */
static int pick(ash_case_cli *cc, const ash_casedb_snap *s,
		const ash_cdb_hyp **v, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < cc->npos; i++) {
		int64_t id;
		const ash_cdb_hyp *h = NULL;
		if (ash_case_cli_id(cc->pos[i], 'H', &id) == 0)
			h = ash_snap_hyp(s, id);
		if (!h) {
			ash_cli_error("case verify: no hypothesis '%s'", cc->pos[i]);
			return ASH_EXIT_USAGE;
		}
		v[(*n)++] = h;
	}
	for (size_t i = 0; cc->npos == 0 && i < s->nhyps; i++)
		if (s->hyps[i].status == ASH_HYP_OPEN)
			v[(*n)++] = &s->hyps[i];
	return ASH_EXIT_OK;
}

static int run_all(ash_case_cli *cc, const ash_casedb_snap *s, int fmt,
		   int threads, ash_err *err)
{
	const ash_cdb_hyp **v = ash_calloc(s->nhyps + cc->npos + 1, sizeof *v);
	size_t n;
	int rc = pick(cc, s, v, &n), failed = 0, e = ASH_OK;
	if (rc) {
		free(v);
		return rc;
	}
	ash_out *o = ash_out_new(stdout, fmt, vcols, 9);
	for (size_t i = 0; i < n && !e; i++) {
		ash_verify_result r;
		e = ash_verify_hyp(cc->db, cc->c, cc->s, s, v[i],
				   ash_arg(&cc->a, "by"), threads, &r, err);
		if (!e)
			failed += r.result == ASH_VR_ERROR;
		if (!e && verify_row(o, v[i], &r))
			e = ash_errno(err, ASH_EIO, "case verify: write failed");
	}
	int e2 = ash_out_end(o, e ? NULL : err);
	ash_out_free(o);
	free(v);
	if (e || e2)
		return ash_cli_fail(err);
	if (n == 0)
		ash_cli_note("case verify: no open hypothesis to check");
	return failed ? ASH_EXIT_FAIL : ASH_EXIT_OK;
}

static int verify_run(int argc, char **argv)
{
	ash_case_cli cc;
	ash_err err = {0};
	ash_casedb_snap *s = NULL;
	int fmt = ASH_OUT_TABLE, rc;
	if (ash_case_cli_open(&ash_case_verify, argc, argv, 0, ASH_MAX_ARGS, &cc, &rc))
		goto out;
	const char *f = ash_arg(&cc.a, "format"), *t = ash_arg(&cc.a, "threads");
	int threads = t ? atoi(t) : 0;
	if ((f && ash_out_format_parse(f, &fmt, &err)) || threads < 0 ||
	    threads > 8) {
		ash_cli_error("case verify: %s", f && err.msg[0] ? err.msg
					       : "--threads: expected 0-8");
		rc = ASH_EXIT_USAGE;
		goto out;
	}
	if (ash_casedb_snap_read(cc.db, &s, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	rc = run_all(&cc, s, fmt, threads, &err);
out:
	ash_casedb_snap_free(s);
	ash_case_cli_close(&cc);
	return rc;
}

static const ash_opt override_opts[] = {
	{"status", "STATUS", false, "open, confirmed or refuted (required)"},
	{"reason", "TEXT", false, "why (required; recorded and shown in the report)"},
	{"by", "PERSON", false, "who decided"},
	{"lang", "LANG", false, "language of the reason (default: guessed)"},
	{0},
};

static int override_run(int argc, char **argv);

const ash_cmd ash_case_override = {
	.name = "case override",
	.synopsis = "CASE ID --status STATUS --reason TEXT [--by PERSON]",
	.summary = "set a hypothesis's status by hand, with the reason recorded",
	.opts = override_opts,
	.examples = "  ashiato case override c1 H4 --status refuted --reason "
		    "'config shows the job is disabled' --by tanaka\n",
	.run = override_run,
};

static int override_run(int argc, char **argv)
{
	ash_case_cli cc;
	ash_err err = {0};
	int64_t id;
	int rc;
	if (ash_case_cli_open(&ash_case_override, argc, argv, 1, 1, &cc, &rc))
		goto out;
	const char *st = ash_arg(&cc.a, "status");
	int status = st ? ash_hyp_status_parse(st) : -1;
	if (ash_case_cli_id(cc.pos[0], 'H', &id) || status < 0) {
		ash_cli_error("case override: expected a hypothesis id (H3) and "
			      "--status open|confirmed|refuted");
		rc = ASH_EXIT_USAGE;
		goto out;
	}
	ash_text_in reason = {ash_arg(&cc.a, "reason"), ash_arg(&cc.a, "lang")};
	if (ash_casedb_hyp_override(cc.db, id, status, &reason,
				    ash_arg(&cc.a, "by"), &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	printf("H%lld is now %s (override recorded)\n", (long long)id,
	       ash_hyp_status_name(status));
out:
	ash_case_cli_close(&cc);
	return rc;
}

static const ash_opt close_opts[] = {
	{"force", NULL, false, "close although hypotheses are open (needs --reason)"},
	{"reason", "TEXT", false, "why (required with --force; recorded)"},
	{"by", "PERSON", false, "who closed it"},
	{"lang", "LANG", false, "language of the reason (default: guessed)"},
	{0},
};

static int close_run(int argc, char **argv);

const ash_cmd ash_case_close = {
	.name = "case close",
	.synopsis = "CASE [--force --reason TEXT] [--by PERSON]",
	.summary = "close the case; refused while a hypothesis is open",
	.details = "Refused (exit 1) while any hypothesis is open, unless --force with\n"
		   "--reason: the reason and the open count are recorded.",
	.opts = close_opts,
	.examples = "  ashiato case close c1\n"
		    "  ashiato case close c1 --force --reason 'HQ accepts the risk' --by tanaka\n",
	.run = close_run,
};

static int close_run(int argc, char **argv)
{
	ash_case_cli cc;
	ash_err err = {0};
	size_t open = 0;
	int rc;
	if (ash_case_cli_open(&ash_case_close, argc, argv, 0, 0, &cc, &rc))
		goto out;
	bool force = ash_flag(&cc.a, "force");
	ash_text_in reason = {ash_arg(&cc.a, "reason"), ash_arg(&cc.a, "lang")};
	if (ash_casedb_close_case(cc.db, force, &reason, ash_arg(&cc.a, "by"),
				  &open, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	if (force && open)
		printf("case closed by force with %zu hypothes%s open (reason "
		       "recorded)\n", open, open == 1 ? "is" : "es");
	else
		printf("case closed\n");
out:
	ash_case_cli_close(&cc);
	return rc;
}
