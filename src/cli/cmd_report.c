/* SPDX-License-Identifier: MIT */
/* cmd_report.c: `ashiato report CASE --lang ja|en [--format html|md]
 * [-o FILE]`: the incident report from case.db, case.yaml and the store
 * (src/report/report.h), written durably (temp file, fsync, rename) to
 * CASE/reports/report-LANG.EXT or FILE ("-": standard output).  Prints
 * the path written. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "cli/case_cli.h"
#include "core/io.h"
#include "report/i18n.h"
#include "report/report.h"

static const ash_opt opts[] = {
	{"lang", "LANG", false, "language of the report: ja or en (default: the "
	 "site's language from case.yaml, else en)"},
	{"format", "FMT", false, "html (default: one self-contained printable file) "
	 "or md (Markdown for mail and tickets)"},
	{"output", "FILE", false, "write to FILE (also -o FILE; - = standard output; "
	 "default CASE/reports/report-LANG.html or .md)"},
	{"from", "TIME", false, "incident window start (ISO 8601; default: from the "
	 "triage findings)"},
	{"to", "TIME", false, "incident window end (with --from)"},
	{"threads", "N", false, "threads for the store scans (default: online CPUs, "
	 "at most 8)"},
	{0},
};

static int run(int argc, char **argv);

const ash_cmd ash_cmd_report = {
	.name = "report",
	.synopsis = "CASE [--lang ja|en] [--format html|md] [-o FILE] "
		    "[--from TIME --to TIME]",
	.summary = "the incident report in Japanese or English (HTML or Markdown)",
	.details =
		"Sections: executive summary; what happened and when, in site time and\n"
		"UTC, with a traffic chart (incident window shaded) and the top talkers;\n"
		"the timeline (facts and claims); every hypothesis with its check, its\n"
		"numbers and its verdict, the ruled-out ones included; affected hosts;\n"
		"containment done (case act) and recommended: firewall rules that isolate\n"
		"the hosts and block controller addresses in iptables, nftables and\n"
		"Cisco ASA syntax, each with its undo; root causes and improvements;\n"
		"how the case was closed (a forced close shows its reason); the evidence\n"
		"and its chain of custody.\n"
		"HTML is one file with inline CSS and SVG, no script and no external\n"
		"reference; it prints on A4.  Every word of the report comes from the\n"
		"message catalog of the language (data/embed/msg_LANG.txt); everything\n"
		"that came from logs or people is escaped.  A person's text is shown in\n"
		"the report's language when a translation was recorded (case translate),\n"
		"else as written, marked with its language.\n"
		"The incident window (--from/--to, else from the findings of triage\n"
		"--record): the most severe traffic_spike finding (else dos_source or\n"
		"reflector), widened by the spikes, floods and reflection overlapping it\n"
		"that last at most four times as long (at least 6 h).\n"
		"Nothing in the case changes except the report file.",
	.opts = opts,
	.examples =
		"  ashiato report c1 --lang ja                  # c1/reports/report-ja.html\n"
		"  ashiato report c1 --lang en --format md -o -  # Markdown on stdout\n"
		"  ashiato report c1 --lang en -o /tmp/c1.html --from 2026-11-24T17:00Z --to 2026-11-24T19:00Z\n",
	.run = run,
};

/* The default language: the first site's, when there is a catalog. */
static const char *pick_lang(const ash_case_cli *cc)
{
	const char *l = ash_arg(&cc->a, "lang");
	if (l)
		return l;
	const ash_site *s = ash_case_site(cc->c, NULL);
	ash_i18n *t = NULL;
	if (s && s->language && !ash_i18n_open(s->language, &t, NULL)) {
		ash_i18n_free(t);
		return s->language;
	}
	return "en";
}

static int parse_time(const char *what, const char *v, int64_t *us)
{
	int32_t off;
	*us = INT64_MIN;
	if (v && ash_time_parse_iso(v, strlen(v), NULL, us, &off)) {
		ash_cli_error("report: --%s: expected an ISO 8601 time like "
			      "2026-11-24T17:00Z, got '%s'", what, v);
		return ASH_EXIT_USAGE;
	}
	return ASH_EXIT_OK;
}

static int options(ash_case_cli *cc, ash_report_in *in)
{
	const char *f = ash_arg(&cc->a, "format"), *th = ash_arg(&cc->a, "threads");
	int rc;
	in->format = f ? ash_report_fmt_parse(f) : ASH_REPORT_HTML;
	if (in->format < 0) {
		ash_cli_error("report: --format: expected html or md, got '%s'", f);
		return ASH_EXIT_USAGE;
	}
	in->lang = pick_lang(cc);
	ash_i18n *t = NULL;
	ash_err err;
	if (ash_i18n_open(in->lang, &t, &err)) {
		ash_cli_error("report: --lang: %s", err.msg);
		return ASH_EXIT_USAGE;
	}
	ash_i18n_free(t);
	if ((rc = parse_time("from", ash_arg(&cc->a, "from"), &in->from)) ||
	    (rc = parse_time("to", ash_arg(&cc->a, "to"), &in->to)))
		return rc;
	if ((in->from == INT64_MIN) != (in->to == INT64_MIN) ||
	    (in->from != INT64_MIN && in->to <= in->from)) {
		ash_cli_error("report: --from and --to go together, --from first");
		return ASH_EXIT_USAGE;
	}
	if (th && (atoi(th) < 1 || atoi(th) > 64)) {
		ash_cli_error("report: --threads: expected 1 to 64, got '%s'", th);
		return ASH_EXIT_USAGE;
	}
	in->threads = th ? atoi(th) : 0;
	struct timeval tv;
	gettimeofday(&tv, NULL);
	in->now = (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
	return ASH_EXIT_OK;
}

/* Write the report: stdout, FILE, or CASE/reports/report-LANG.EXT. */
static int save(const ash_case_cli *cc, const ash_report_in *in,
		const ash_strbuf *b, ash_err *err)
{
	const char *out = ash_arg(&cc->a, "output");
	char path[4096], dir[3072];
	bool renamed;
	if (out && !strcmp(out, "-")) {
		if (fwrite(ash_strbuf_str(b), 1, b->len, stdout) != b->len ||
		    fflush(stdout))
			return ash_errno(err, ASH_EIO, "report: standard output");
		return ASH_OK;
	}
	if (out) {
		snprintf(path, sizeof path, "%s", out);
	} else {
		ash_case_path(cc->c, "reports", dir, sizeof dir);
		int rc = ash_io_mkdir_p(dir, err);
		if (rc)
			return rc;
		snprintf(path, sizeof path, "%s/report-%s.%s", dir, in->lang,
			 ash_report_fmt_name(in->format));
	}
	char parent[4096];
	snprintf(parent, sizeof parent, "%s", path);
	int rc = ash_io_replace(dirname(parent), path, ash_strbuf_str(b), b->len,
				&renamed, err);
	if (rc)
		return rc;
	char *safe = ash_case_cli_safe(path, sizeof path);
	printf("%s\n", safe);
	free(safe);
	return ASH_OK;
}

/* "-o FILE" is "--output FILE" (the only short option of the command). */
static char **short_opts(int argc, char **argv)
{
	char **v = calloc((size_t)argc + 1, sizeof *v);
	if (!v)
		return NULL;
	for (int i = 0; i < argc; i++)
		v[i] = !strcmp(argv[i], "-o") ? (char *)"--output" : argv[i];
	return v;
}

static int run(int argc, char **argv)
{
	ash_case_cli cc;
	ash_err err = {0};
	ash_casedb_snap *s = NULL;
	ash_strbuf b;
	ash_report_in in = {0};
	int rc;
	char **av = short_opts(argc, argv);
	ash_strbuf_init(&b, 0);
	if (!av) {
		ash_cli_error("report: out of memory");
		return ASH_EXIT_FAIL;
	}
	if (ash_case_cli_open(&ash_cmd_report, argc, av, 0, 0, &cc, &rc) ||
	    (rc = options(&cc, &in)))
		goto out;
	int e = ash_casedb_snap_read(cc.db, &s, &err);
	in.c = cc.c, in.s = cc.s, in.snap = s;
	if (!e)
		e = ash_report_write(&in, &b, &err);
	if (!e)
		e = save(&cc, &in, &b, &err);
	rc = e ? ash_cli_fail(&err) : ASH_EXIT_OK;
out:
	ash_strbuf_free(&b);
	ash_casedb_snap_free(s);
	ash_case_cli_close(&cc);
	free(av);
	return rc;
}
