/* SPDX-License-Identifier: MIT */
/* cmd_assess_show.c: `assess show` (scores as a table, CSV or JSON
 * Lines) and `assess report` (the HTML report, org/govreport.h). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/org_cli.h"
#include "core/io.h"
#include "core/tztime.h"
#include "org/govreport.h"
#include "query/output.h"

/* Everything show and report need: framework, inputs, roll-up. */
typedef struct scored {
	ash_fw *fw;
	ash_org_inputs in;
	ash_rollup *r;
	int32_t asof;
} scored;

static int score_all(ash_org_cli *oc, const char *lang, const char *site,
		     scored *s)
{
	ash_err err;
	int rc;
	memset(s, 0, sizeof *s);
	if ((rc = ash_org_cli_day(&oc->a, "as-of", &s->asof)) ||
	    (rc = ash_org_cli_fw(oc, ash_arg(&oc->a, "framework"), lang, &s->fw)) ||
	    (rc = ash_org_cli_inputs(oc, s->fw, site, s->asof, &s->in)))
		return rc;
	if (ash_rollup_compute(s->fw, oc->org, s->in.in, s->in.nin, &s->r, &err))
		return ash_cli_fail(&err);
	return ASH_EXIT_OK;
}

static void scored_free(scored *s)
{
	ash_rollup_free(s->r);
	ash_org_inputs_free(&s->in);
	ash_fw_free(s->fw);
}

/* ---- assess show -------------------------------------------------- */

static const ash_opt show_opts[] = {
	{"site", "NAME", false, "only this site (the roll-up is then over it alone)"},
	{"format", "FMT", false, "table (default), csv or json (JSON Lines)"},
	{"gaps", "N", false, "list the N largest gaps by weighted impact instead"},
	{"matrix", NULL, false, "one row per site, one column per function (the heatmap as text)"},
	{"as-of", "YYYY-MM-DD", false, "count evidence ages to this day (default today)"},
	{"framework", "KEY", false, "framework (default: org.yaml's)"},
	{0},
};

static int show_run(int argc, char **argv);

const ash_cmd ash_assess_show = {
	.name = "assess show",
	.synopsis = "ORG [--site S] [--format table|csv|json] [--gaps N | --matrix] [--as-of DATE]",
	.summary = "scores per site and function and the organisation roll-up",
	.details =
		"Rows of scope 'site': each site and function (and 'total'): the effective\n"
		"score (0-4, weak evidence discounted), the mean level as answered\n"
		"(claimed), the mean target, the previous assessment's score, answered and\n"
		"framework items, answers with weak evidence.  Rows of scope 'org': the\n"
		"roll-up weighted by site criticality (score) and unweighted.  Scores of\n"
		"functions nobody answered are null.  --gaps N: rank, site, subcategory,\n"
		"level, evidence flags (S self, O old, N none, P partial), effective,\n"
		"target, gap, weighted impact.  --matrix: the heatmap as a table, one\n"
		"row per site (and the weighted and unweighted roll-up), one column per\n"
		"function and the total.",
	.opts = show_opts,
	.examples = "  ashiato assess show acme\n  ashiato assess show acme --format json\n"
		    "  ashiato assess show acme --gaps 10\n",
	.run = show_run,
};

static const ash_outcol score_cols[] = {
	{"scope", false}, {"site", false}, {"weight", true}, {"function", false},
	{"score", true}, {"claimed", true}, {"target", true}, {"previous", true},
	{"unweighted", true}, {"answered", true}, {"items", true}, {"weak", true}};
#define NSCORE 12

static ash_cell num(double v, char *buf)
{
	if (isnan(v))
		return ash_cell_null();
	snprintf(buf, 32, "%.2f", v);
	return ash_cell_cstr(buf);
}

static json_t *jnum(double v)
{
	return isnan(v) ? json_null() : json_real(round(v * 1000) / 1000);
}

static int emit(ash_out *o, int fmt, const char *scope, const char *site,
		double weight, const char *fn, const ash_fscore *f, double unweighted)
{
	if (fmt == ASH_OUT_JSON) {
		json_t *j = json_pack("{s:s,s:s?,s:o,s:s,s:o,s:o,s:o,s:o,s:o}", "scope", scope,
				      "site", site, "weight", json_real(weight), "function", fn,
				      "score", jnum(f->score), "claimed", jnum(f->claimed),
				      "target", jnum(f->target), "previous", jnum(f->prev),
				      "unweighted", jnum(unweighted));
		if (f->items) {
			json_object_set_new(j, "answered", json_integer((json_int_t)f->answered));
			json_object_set_new(j, "items", json_integer((json_int_t)f->items));
			json_object_set_new(j, "weak", json_integer((json_int_t)f->weak));
		}
		int e = json_dumpf(j, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
		json_decref(j);
		return e || fputc('\n', stdout) == EOF ? ASH_EIO : ASH_OK;
	}
	char b[6][32];
	snprintf(b[0], 32, "%g", weight);
	ash_cell c[NSCORE] = {
		ash_cell_cstr(scope), site ? ash_cell_cstr(site) : ash_cell_null(),
		ash_cell_cstr(b[0]), ash_cell_cstr(fn), num(f->score, b[1]),
		num(f->claimed, b[2]), num(f->target, b[3]), num(f->prev, b[4]),
		num(unweighted, b[5]),
		f->items ? ash_cell_uint(f->answered) : ash_cell_null(),
		f->items ? ash_cell_uint(f->items) : ash_cell_null(),
		f->items ? ash_cell_uint(f->weak) : ash_cell_null()};
	return ash_out_row(o, c);
}

static int show_scores(const ash_org *org, const ash_rollup *r, int fmt)
{
	const ash_fw *fw = r->fw;
	ash_out *o = fmt == ASH_OUT_JSON ? NULL : ash_out_new(stdout, fmt, score_cols, NSCORE);
	int rc = ASH_OK;
	for (size_t k = 0; k < r->nsites && !rc; k++) {
		const ash_site_score *s = &r->sites[k];
		for (size_t f = 0; f <= fw->nfunc && !rc; f++)
			rc = emit(o, fmt, "site", org->sites[s->site].name, s->weight,
				  f < fw->nfunc ? fw->items[fw->funcs[f]].id : "total",
				  f < fw->nfunc ? &s->f[f] : &s->total, NAN);
	}
	for (size_t f = 0; f <= fw->nfunc && !rc; f++) {
		bool t = f == fw->nfunc;
		ash_fscore x = {.score = t ? r->weighted_total : r->weighted[f],
				.prev = t ? r->weighted_total_prev : r->weighted_prev[f],
				.claimed = NAN, .target = NAN};
		rc = emit(o, fmt, "org", NULL, r->wsum, t ? "total" : fw->items[fw->funcs[f]].id,
			  &x, t ? r->unweighted_total : r->unweighted[f]);
	}
	ash_err err;
	if (o) {
		int e = ash_out_end(o, &err);
		ash_out_free(o);
		rc = rc ? rc : e;
	}
	return rc;
}

static const ash_outcol gap_cols[] = {
	{"rank", true}, {"site", false}, {"id", false}, {"level", true}, {"flags", false},
	{"effective", true}, {"target", true}, {"gap", true}, {"impact", true}};

static int show_gaps(const ash_org *org, const ash_rollup *r, int fmt, size_t top)
{
	ash_out *o = ash_out_new(stdout, fmt, gap_cols, 9);
	int rc = ASH_OK;
	for (size_t i = 0; i < r->ngaps && i < top && !rc; i++) {
		const ash_gap *g = &r->gaps[i];
		char b[4][32], flags[8];
		snprintf(flags, sizeof flags, "%s%s%s%s", g->weak & ASH_WEAK_SELF ? "S" : "",
			 g->weak & ASH_WEAK_STALE ? "O" : "", g->weak & ASH_WEAK_NONE ? "N" : "",
			 g->weak & ASH_WEAK_PARTIAL ? "P" : "");
		snprintf(b[3], 32, "%.4f", g->impact);
		ash_cell c[9] = {ash_cell_uint(i + 1), ash_cell_cstr(org->sites[g->site].name),
				 ash_cell_cstr(r->fw->items[g->item].id), ash_cell_int(g->level),
				 ash_cell_cstr(flags), num(g->current, b[0]), num(g->target, b[1]),
				 num(g->gap, b[2]), ash_cell_cstr(b[3])};
		rc = ash_out_row(o, c);
	}
	ash_err err;
	int e = ash_out_end(o, &err);
	ash_out_free(o);
	return rc ? rc : e;
}

static int show_matrix(const ash_org *org, const ash_rollup *r, int fmt)
{
	const ash_fw *fw = r->fw;
	ash_outcol cols[ASH_FW_MAX_FUNCS + 3] = {{"site", false}, {"weight", true}};
	size_t nc = 2;
	for (size_t f = 0; f < fw->nfunc; f++)
		cols[nc++] = (ash_outcol){fw->items[fw->funcs[f]].id, true};
	cols[nc++] = (ash_outcol){"total", true};
	ash_out *o = ash_out_new(stdout, fmt, cols, nc);
	int rc = ASH_OK;
	char b[ASH_FW_MAX_FUNCS + 3][32];
	for (size_t k = 0; k < r->nsites + 2 && !rc; k++) {
		ash_cell c[ASH_FW_MAX_FUNCS + 3];
		bool site = k < r->nsites, wtd = k == r->nsites;
		c[0] = ash_cell_cstr(site ? org->sites[r->sites[k].site].name
				     : wtd ? "(weighted)" : "(unweighted)");
		snprintf(b[0], 32, "%g", site ? r->sites[k].weight : r->wsum);
		c[1] = wtd || site ? ash_cell_cstr(b[0]) : ash_cell_null();
		for (size_t f = 0; f <= fw->nfunc; f++) {
			bool t = f == fw->nfunc;
			double v = site ? (t ? r->sites[k].total.score : r->sites[k].f[f].score)
				   : wtd ? (t ? r->weighted_total : r->weighted[f])
					 : (t ? r->unweighted_total : r->unweighted[f]);
			c[2 + f] = num(v, b[1 + f]);
		}
		rc = ash_out_row(o, c);
	}
	ash_err err;
	int e = ash_out_end(o, &err);
	ash_out_free(o);
	return rc ? rc : e;
}

static int show_run(int argc, char **argv)
{
	ash_org_cli oc;
	scored s = {0};
	ash_err err;
	int rc, fmt = ASH_OUT_TABLE;
	if (ash_org_cli_open(&ash_assess_show, argc, argv, 0, 0, true, &oc, &rc))
		goto out;
	const char *f = ash_arg(&oc.a, "format"), *g = ash_arg(&oc.a, "gaps");
	char *end = NULL;
	long top = g ? strtol(g, &end, 10) : 0;
	if ((f && ash_out_format_parse(f, &fmt, &err)) ||
	    (g && (*end || top < 1 || top > 100000))) {
		if (g && (!end || *end || top < 1))
			ash_errf(&err, ASH_EUSAGE, "--gaps: a number of rows, 1 or more");
		rc = ash_cli_fail(&err);
		goto out;
	}
	if ((rc = score_all(&oc, NULL, ash_arg(&oc.a, "site"), &s)))
		goto out;
	rc = g ? show_gaps(oc.org, s.r, fmt, (size_t)top)
	       : ash_flag(&oc.a, "matrix") ? show_matrix(oc.org, s.r, fmt)
					   : show_scores(oc.org, s.r, fmt);
	if (rc) {
		ash_cli_error("assess show: write failed");
		rc = ASH_EXIT_FAIL;
	}
out:
	scored_free(&s);
	ash_org_cli_close(&oc);
	return rc;
}

/* ---- assess report ------------------------------------------------ */

static const ash_opt report_opts[] = {
	{"lang", "LANG", false, "ja or en (default en)"},
	{"output", "FILE", false, "write here (-o; default ORG/reports/maturity-DATE-LANG.html)"},
	{"as-of", "YYYY-MM-DD", false, "count evidence ages to this day (default today)"},
	{"top", "N", false, "rows of the gap tables (default 15)"},
	{"framework", "KEY", false, "framework (default: org.yaml's)"},
	{0},
};

static int report_run(int argc, char **argv);

const ash_cmd ash_assess_report = {
	.name = "assess report",
	.synopsis = "ORG [--lang ja|en] [--output FILE] [--as-of DATE] [--top N]",
	.summary = "the maturity report: one self-contained HTML file",
	.details =
		"Per site and per function scores as a site x function heatmap, the\n"
		"organisation roll-up weighted by criticality with the unweighted mean\n"
		"beside it, current vs target profile per site, the trend against the\n"
		"previous assessment, the largest gaps ranked by weighted impact (per site\n"
		"and across sites), the latest risk simulation, and how the scores are\n"
		"computed.  Inline SVG, no script, nothing loaded from outside; every\n"
		"text is escaped.",
	.opts = report_opts,
	.examples = "  ashiato assess report acme --lang ja -o acme-ja.html\n",
	.run = report_run,
};

static int report_write(ash_org_cli *oc, const scored *s, const char *lang,
			const char *risk, ash_err *err)
{
	char path[4096], dir[4096], day[11];
	const char *out = ash_arg(&oc->a, "output");
	const char *top = ash_arg(&oc->a, "top");
	ash_day_format(s->asof, day);
	int rc = ASH_OK;
	if (out) {
		if (snprintf(path, sizeof path, "%s", out) >= (int)sizeof path)
			return ash_errf(err, ASH_ELIMIT, "--output: path too long");
		const char *sl = strrchr(path, '/');
		snprintf(dir, sizeof dir, "%.*s", sl ? (int)(sl - path) : 1, sl ? path : ".");
	} else {
		if ((rc = ash_org_path(oc->org, "reports", dir, sizeof dir, err)) ||
		    (rc = ash_io_mkdir_p(dir, err)))
			return rc;
		if (snprintf(path, sizeof path, "%s/maturity-%s-%s.html", dir, day, lang) >=
		    (int)sizeof path)
			return ash_errf(err, ASH_ELIMIT, "%s: path too long", dir);
	}
	ash_govreport_opts go = {.r = s->r, .lang = lang, .asof = s->asof,
				 .generated_us = ash_orgdb_now(oc->db),
				 .top = top ? (size_t)strtoul(top, NULL, 10) : 15,
				 .risk_json = risk};
	char *buf = NULL;
	size_t n = 0;
	bool renamed;
	FILE *f = open_memstream(&buf, &n);
	if (!f)
		return ash_errno(err, ASH_EIO, "report");
	rc = ash_govreport_html(f, &go, err);
	fclose(f);
	if (!rc)
		rc = ash_io_replace(*dir ? dir : ".", path, buf, n, &renamed, err);
	free(buf);
	if (!rc)
		printf("wrote %s\n", path);
	return rc;
}

static int report_run(int argc, char **argv)
{
	ash_org_cli oc;
	scored s = {0};
	char *risk = NULL;
	ash_err err;
	int rc;
	const char *lang;
	if (ash_org_cli_open(&ash_assess_report, argc, argv, 0, 0, true, &oc, &rc) ||
	    (rc = ash_org_cli_lang(&oc.a, "en", &lang)) ||
	    (rc = score_all(&oc, lang, NULL, &s)))
		goto out;
	if (ash_orgdb_last_simulation(oc.db, NULL, &risk, NULL, &err) ||
	    report_write(&oc, &s, lang, risk, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	rc = ASH_EXIT_OK;
out:
	free(risk);
	scored_free(&s);
	ash_org_cli_close(&oc);
	return rc;
}
