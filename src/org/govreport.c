/* SPDX-License-Identifier: MIT */
/* govreport.c: the maturity report as one HTML file (govreport.h). */
#include "org/govreport.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/tztime.h"
#include "core/xalloc.h"
#include "risk/lec_svg.h"
#include "org/orghtml.h"
#include "org/orgmsg.h"

typedef struct rctx {
	FILE *f;
	const ash_govreport_opts *o;
	const ash_rollup *r;
	const ash_fw *fw;
	const ash_org *org;
} rctx;

static void esc(rctx *c, const char *s)
{
	ash_orghtml_esc(c->f, s);
}

static void msg(rctx *c, const char *key)
{
	ash_orghtml_esc(c->f, ash_orgmsg(c->o->lang, key));
}

static void score(rctx *c, double v)
{
	if (isnan(v))
		fputs("&#8211;", c->f);
	else
		fprintf(c->f, "%.2f", v);
}

static void delta(rctx *c, double now, double prev)
{
	if (isnan(now) || isnan(prev)) {
		fputs("&#8211;", c->f);
		return;
	}
	double d = now - prev;
	fprintf(c->f, "<span class=\"%s\">%s%.2f</span>",
		d > 0.005 ? "up" : d < -0.005 ? "down" : "flat",
		d > 0.005 ? "&#9650; +" : d < -0.005 ? "&#9660; " : "", d);
}

void ash_govreport_colour(double s, char buf[8])
{
	if (isnan(s)) {
		memcpy(buf, "#d0d7de", 8);
		return;
	}
	static const double stop[3][3] = {{215, 48, 39}, {254, 224, 139}, {26, 152, 80}};
	double t = s < 0 ? 0 : s > 4 ? 1 : s / 4;
	int k = t < 0.5 ? 0 : 1;
	double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
	int rgb[3];
	for (int i = 0; i < 3; i++)
		rgb[i] = (int)lround(stop[k][i] + (stop[k + 1][i] - stop[k][i]) * u);
	snprintf(buf, 8, "#%02x%02x%02x", rgb[0] & 255, rgb[1] & 255, rgb[2] & 255);
}

static const char style[] =
	"<style>\n"
	"body{font-family:system-ui,'Hiragino Sans','Noto Sans CJK JP','Yu Gothic',sans-serif;"
	"margin:0 auto;max-width:1100px;padding:1em 1.5em;color:#1b1f24}\n"
	"h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:2px solid #345}\n"
	"table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #d0d7de;"
	"padding:.25em .6em;text-align:left;vertical-align:top}th{background:#f6f8fa}\n"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	".up{color:#1a7f37}.down{color:#cf222e}.flat{color:#57606a}\n"
	".meta{color:#57606a;font-size:.9em}.note{color:#57606a;font-size:.9em}\n"
	"svg text{font-family:inherit}\n"
	"</style>\n";

/* ---- header ------------------------------------------------------- */

static void header(rctx *c)
{
	FILE *f = c->f;
	char when[ASH_TIME_STRLEN], day[11];
	ash_time_format(c->o->generated_us, NULL, 0, when);
	ash_day_format(c->o->asof, day);
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n%s\n<title>",
		!strcmp(c->o->lang, "ja") ? "ja" : "en", ash_orghtml_csp);
	msg(c, "rep.title"), fputs(" - ", f), esc(c, c->org->name);
	fputs("</title>\n", f);
	fputs(style, f);
	fputs("</head>\n<body>\n<h1>", f);
	msg(c, "rep.title"), fputs(": ", f), esc(c, c->org->name);
	fputs("</h1>\n<p class=\"meta\">", f);
	msg(c, "rep.generated"), fprintf(f, " %s &#183; ", when);
	msg(c, "rep.asof"), fprintf(f, " %s &#183; ", day);
	msg(c, "rep.framework"), fputs(" ", f);
	esc(c, c->fw->tr_title ? c->fw->tr_title : c->fw->title);
	fputs(" (", f), esc(c, c->fw->key), fputs(", ", f), msg(c, "rep.version");
	fprintf(f, " %.12s)</p>\n", c->fw->sha256);
}

/* ---- heatmap ------------------------------------------------------ */

static void heat_cell(rctx *c, double x, double y, const ash_fscore *s)
{
	char col[8];
	ash_govreport_colour(s->score, col);
	fprintf(c->f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"76\" height=\"34\" fill=\"%s\" "
		      "stroke=\"#fff\"/>", x, y, col);
	fprintf(c->f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" font-size=\"14\" "
		      "font-weight=\"bold\">", x + 38, y + 16);
	score(c, s->score);
	fputs("</text>", c->f);
	if (s->answered)
		fprintf(c->f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" "
			      "font-size=\"9\">%zu/%zu</text>", x + 38, y + 29,
			s->answered, s->items);
	fputc('\n', c->f);
}

static void heatmap(rctx *c)
{
	FILE *f = c->f;
	const double left = 170, top = 30, cw = 76, ch = 34;
	size_t cols = c->fw->nfunc + 1;
	fputs("<h2>", f), msg(c, "rep.heatmap"), fputs("</h2>\n<p class=\"note\">", f);
	msg(c, "rep.heatmap_note"), fputs("</p>\n", f);
	fprintf(f, "<svg width=\"%.0f\" height=\"%.0f\" "
		   "role=\"img\">\n", left + cw * (double)cols + 10,
		top + ch * (double)(c->r->nsites + 1) + 10);
	for (size_t k = 0; k < cols; k++) {
		fprintf(f, "<text x=\"%.0f\" y=\"20\" text-anchor=\"middle\" font-size=\"12\" "
			   "font-weight=\"bold\">", left + cw * (double)k + cw / 2);
		if (k < c->fw->nfunc)
			esc(c, c->fw->items[c->fw->funcs[k]].id);
		else
			msg(c, "rep.total");
		fputs("</text>\n", f);
	}
	for (size_t s = 0; s <= c->r->nsites; s++) {
		double y = top + ch * (double)s;
		fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\" font-size=\"12\">",
			left - 8, y + 21);
		if (s < c->r->nsites) {
			const ash_site_score *ss = &c->r->sites[s];
			esc(c, c->org->sites[ss->site].name);
			fprintf(f, " (%g)", ss->weight);
		} else {
			esc(c, c->org->name);
			fputs(" &#931;w", f);
		}
		fputs("</text>\n", f);
		for (size_t k = 0; k < cols; k++) {
			ash_fscore org = {.score = k < c->fw->nfunc ? c->r->weighted[k]
								   : c->r->weighted_total};
			const ash_fscore *v = s < c->r->nsites
				? (k < c->fw->nfunc ? &c->r->sites[s].f[k] : &c->r->sites[s].total)
				: &org;
			heat_cell(c, left + cw * (double)k, y, v);
		}
	}
	fputs("</svg>\n", f);
}

/* ---- roll-up ------------------------------------------------------ */

static void rollup_table(rctx *c)
{
	FILE *f = c->f;
	fputs("<h2>", f), msg(c, "rep.rollup"), fputs("</h2>\n<table>\n<tr><th>", f);
	msg(c, "rep.function"), fputs("</th><th>", f), msg(c, "rep.weighted");
	fputs("</th><th>", f), msg(c, "rep.unweighted"), fputs("</th><th>", f);
	msg(c, "rep.prev_weighted"), fputs("</th><th>", f), msg(c, "rep.change");
	fputs("</th></tr>\n", f);
	for (size_t k = 0; k <= c->fw->nfunc; k++) {
		bool tot = k == c->fw->nfunc;
		double w = tot ? c->r->weighted_total : c->r->weighted[k];
		double u = tot ? c->r->unweighted_total : c->r->unweighted[k];
		double p = tot ? c->r->weighted_total_prev : c->r->weighted_prev[k];
		fputs("<tr><td>", f);
		if (tot) {
			fputs("<b>", f), msg(c, "rep.total"), fputs("</b>", f);
		} else {
			const ash_fw_item *it = &c->fw->items[c->fw->funcs[k]];
			esc(c, it->id), fputs(" ", f), esc(c, ash_fw_item_name(it));
		}
		fputs("</td><td class=\"n\"><b>", f), score(c, w);
		fputs("</b></td><td class=\"n\">", f), score(c, u);
		fputs("</td><td class=\"n\">", f), score(c, p);
		fputs("</td><td class=\"n\">", f), delta(c, w, p);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* ---- sites: profile and trend ------------------------------------- */

static void profile_svg(rctx *c, const ash_site_score *s)
{
	FILE *f = c->f;
	size_t n = c->fw->nfunc;
	const double left = 60, w = 320, bh = 18;
	fprintf(f, "<svg width=\"%.0f\" height=\"%.0f\" "
		   "role=\"img\">\n", left + w + 100, bh * 1.5 * (double)n + 30);
	for (int l = 0; l <= 4; l++)
		fprintf(f, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#d0d7de\"/>"
			   "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"middle\">%d</text>\n",
			left + w * l / 4.0, left + w * l / 4.0, bh * 1.5 * (double)n,
			left + w * l / 4.0, bh * 1.5 * (double)n + 12, l);
	for (size_t k = 0; k < n; k++) {
		const ash_fscore *fs = &s->f[k];
		double y = bh * 1.5 * (double)k + 4;
		char col[8];
		ash_govreport_colour(fs->score, col);
		fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"12\" text-anchor=\"end\">",
			left - 6, y + 13);
		esc(c, c->fw->items[c->fw->funcs[k]].id);
		fputs("</text>", f);
		if (!isnan(fs->score))
			fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.1f\" height=\"%.0f\" "
				   "fill=\"%s\"/>", left, y, w * fs->score / 4, bh, col);
		if (!isnan(fs->target))
			fprintf(f, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" "
				   "stroke=\"#1b1f24\" stroke-width=\"3\"/>",
				left + w * fs->target / 4, y - 2, left + w * fs->target / 4, y + bh + 2);
		fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\">", left + w + 8, y + 13);
		score(c, fs->score), fputs(" / ", f), score(c, fs->target);
		fputs("</text>\n", f);
	}
	fputs("</svg>\n", f);
}

static void site_meta(rctx *c, const ash_site_score *s)
{
	FILE *f = c->f;
	const ash_org_site *os = &c->org->sites[s->site];
	fputs("<p class=\"meta\">", f);
	msg(c, "rep.country"), fputs(" ", f), esc(c, os->country), fputs(" &#183; ", f);
	esc(c, os->timezone), fputs(" &#183; ", f);
	msg(c, "rep.criticality"), fprintf(f, " %g", os->criticality);
	if (s->cur) {
		char day[11];
		ash_day_format(s->cur->assessed_on, day);
		fputs(" &#183; ", f), msg(c, "rep.assessed"), fprintf(f, " %s (", day);
		msg(c, s->cur->quick ? "rep.kind_quick" : "rep.kind_full");
		fputs(", ", f), esc(c, s->cur->imported_by), fputs(")", f);
		fputs(" &#183; ", f), msg(c, "rep.answered");
		fprintf(f, " %zu/%zu &#183; ", s->total.answered, s->total.items);
		msg(c, "rep.weak"), fprintf(f, " %zu", s->total.weak);
	}
	fputs("</p>\n", f);
}

static void trend_table(rctx *c, const ash_site_score *s)
{
	FILE *f = c->f;
	fputs("<table>\n<tr><th>", f), msg(c, "rep.function");
	fputs("</th><th>", f), msg(c, "rep.current");
	fputs("</th><th>", f), msg(c, "rep.claimed");
	fputs("</th><th>", f), msg(c, "rep.target");
	fputs("</th><th>", f), msg(c, "rep.previous");
	if (s->prev) {
		char day[11];
		ash_day_format(s->prev->assessed_on, day);
		fprintf(f, " (%s)", day);
	}
	fputs("</th><th>", f), msg(c, "rep.change"), fputs("</th></tr>\n", f);
	for (size_t k = 0; k <= c->fw->nfunc; k++) {
		const ash_fscore *fs = k < c->fw->nfunc ? &s->f[k] : &s->total;
		fputs("<tr><td>", f);
		if (k < c->fw->nfunc)
			esc(c, ash_fw_item_name(&c->fw->items[c->fw->funcs[k]]));
		else
			fputs("<b>", f), msg(c, "rep.total"), fputs("</b>", f);
		fputs("</td><td class=\"n\">", f), score(c, fs->score);
		fputs("</td><td class=\"n\">", f), score(c, fs->claimed);
		fputs("</td><td class=\"n\">", f), score(c, fs->target);
		fputs("</td><td class=\"n\">", f), score(c, fs->prev);
		fputs("</td><td class=\"n\">", f), delta(c, fs->score, fs->prev);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	if (!s->prev)
		fputs("<p class=\"note\">", f), msg(c, "rep.noprev"), fputs("</p>\n", f);
}

static void sites(rctx *c)
{
	FILE *f = c->f;
	fputs("<h2>", f), msg(c, "rep.profile"), fputs("</h2>\n", f);
	for (size_t k = 0; k < c->r->nsites; k++) {
		const ash_site_score *s = &c->r->sites[k];
		fputs("<h3>", f), esc(c, c->org->sites[s->site].name), fputs("</h3>\n", f);
		site_meta(c, s);
		if (!s->cur) {
			fputs("<p class=\"note\">", f), msg(c, "rep.nodata"), fputs("</p>\n", f);
			continue;
		}
		profile_svg(c, s);
		fputs("<h4>", f), msg(c, "rep.trend"), fputs("</h4>\n", f);
		trend_table(c, s);
	}
}

/* ---- gaps --------------------------------------------------------- */

static void flags(rctx *c, unsigned w)
{
	fprintf(c->f, "%s%s%s%s", w & ASH_WEAK_SELF ? "S" : "", w & ASH_WEAK_STALE ? "O" : "",
		w & ASH_WEAK_NONE ? "N" : "", w & ASH_WEAK_PARTIAL ? "P" : "");
}

static void gap_row(rctx *c, size_t rank, const ash_gap *g)
{
	FILE *f = c->f;
	const ash_fw_item *it = &c->fw->items[g->item];
	fprintf(f, "<tr><td class=\"n\">%zu</td><td>", rank);
	if (g->site != SIZE_MAX)
		esc(c, c->org->sites[g->site].name);
	else
		fprintf(f, "%zu", g->sites);
	fputs("</td><td><b>", f), esc(c, it->id), fputs("</b> ", f);
	esc(c, ash_fw_item_desc(it));
	fputs("</td>", f);
	if (g->site != SIZE_MAX) {
		fprintf(f, "<td class=\"n\">%d</td><td>", g->level);
		flags(c, g->weak);
		fputs("</td>", f);
	}
	fputs("<td class=\"n\">", f), score(c, g->current);
	fputs("</td><td class=\"n\">", f), score(c, g->target);
	fputs("</td><td class=\"n\">", f), score(c, g->gap);
	fprintf(f, "</td><td class=\"n\"><b>%.3f</b></td></tr>\n", g->impact);
}

static void gap_table(rctx *c, const ash_gap *v, size_t n, bool per_site)
{
	FILE *f = c->f;
	size_t top = c->o->top ? c->o->top : 15;
	fputs("<table>\n<tr><th>#</th><th>", f);
	msg(c, per_site ? "rep.site" : "rep.sites");
	fputs("</th><th>", f), msg(c, "rep.subcategory"), fputs("</th>", f);
	if (per_site) {
		fputs("<th>", f), msg(c, "rep.level"), fputs("</th><th>", f);
		msg(c, "rep.flags"), fputs("</th>", f);
	}
	fputs("<th>", f), msg(c, "rep.effective"), fputs("</th><th>", f);
	msg(c, "rep.target"), fputs("</th><th>", f), msg(c, "rep.gap");
	fputs("</th><th>", f), msg(c, "rep.impact"), fputs("</th></tr>\n", f);
	for (size_t i = 0; i < n && i < top; i++)
		gap_row(c, i + 1, &v[i]);
	fputs("</table>\n", f);
}

static void gaps(rctx *c)
{
	FILE *f = c->f;
	fputs("<h2>", f), msg(c, "rep.item_gaps"), fputs("</h2>\n", f);
	gap_table(c, c->r->item_gaps, c->r->nitem_gaps, false);
	fputs("<h2>", f), msg(c, "rep.gaps"), fputs("</h2>\n<p class=\"note\">", f);
	msg(c, "rep.gaps_note"), fputs(" ", f), msg(c, "rep.flags_note");
	fputs("</p>\n", f);
	gap_table(c, c->r->gaps, c->r->ngaps, true);
}

/* ---- risk --------------------------------------------------------- */

static void money(rctx *c, json_t *v)
{
	double x = json_number_value(v);
	if (!json_is_number(v) || !isfinite(x)) {
		fputs("&#8211;", c->f);
		return;
	}
	/* thousands separated */
	char buf[64];
	snprintf(buf, sizeof buf, "%.0f", x);
	size_t n = strlen(buf), lead = n % 3 ? n % 3 : 3;
	for (size_t i = 0; i < n; i++) {
		if (i && i >= lead && (i - lead) % 3 == 0 && buf[i - 1] != '-')
			fputc(',', c->f);
		fputc(buf[i], c->f);
	}
}

static void risk_row(rctx *c, const char *a, const char *b, json_t *o)
{
	FILE *f = c->f;
	fputs("<tr><td>", f), esc(c, a), fputs("</td><td>", f), esc(c, b);
	fputs("</td><td class=\"n\">", f), money(c, json_object_get(o, "ale"));
	fputs("</td><td class=\"n\">", f), money(c, json_object_get(o, "var95"));
	fputs("</td><td class=\"n\">", f), money(c, json_object_get(o, "var99"));
	fputs("</td></tr>\n", f);
}

/* One curve from a stored "lec": [[x, p], ...] (bounded by the engine's
 * maximum); n = 0 when absent or malformed. */
typedef struct lecbuf {
	double x[ASH_FAIR_LEC_MAX], p[ASH_FAIR_LEC_MAX];
} lecbuf;

static ash_lec_curve lec_of(json_t *stats, const char *label, lecbuf *b)
{
	ash_lec_curve cv = {.label = label, .x = b->x, .p = b->p};
	json_t *a = json_object_get(stats, "lec");
	size_t i;
	json_t *pt;
	json_array_foreach(a, i, pt) {
		if (cv.n >= ASH_FAIR_LEC_MAX)
			break;
		b->x[cv.n] = json_number_value(json_array_get(pt, 0));
		b->p[cv.n] = json_number_value(json_array_get(pt, 1));
		cv.n++;
	}
	cv.ale = json_number_value(json_object_get(stats, "ale"));
	return cv;
}

static void lec_chart(rctx *c, json_t *j, const char *cur)
{
	lecbuf *bufs = ash_calloc(16, sizeof *bufs);
	ash_lec_curve cv[16];
	size_t n = 0, i;
	json_t *v;
	cv[n] = lec_of(json_object_get(j, "org"), c->org->name, &bufs[n]);
	n++;
	json_array_foreach(json_object_get(j, "sites"), i, v) {
		const char *name = json_string_value(json_object_get(v, "site"));
		if (n >= 16)
			break;
		cv[n] = lec_of(v, name ? name : "?", &bufs[n]);
		n++;
	}
	char xl[64], *svg = NULL;
	size_t len;
	snprintf(xl, sizeof xl, "annual loss (%.3s)", cur ? cur : "?");
	ash_lec_svg_opts so = {.x_label = xl};
	ash_err err;
	fputs("<h3>", c->f), msg(c, "rep.lec"), fputs("</h3>\n", c->f);
	if (ash_lec_svg(cv, n, &so, &svg, &len, &err) == ASH_OK)
		fwrite(svg, 1, len, c->f);
	else
		fputs("<p class=\"note\">&#8211;</p>\n", c->f);
	free(svg);
	free(bufs);
}

static void risk(rctx *c)
{
	FILE *f = c->f;
	fputs("<h2>", f), msg(c, "rep.risk"), fputs("</h2>\n", f);
	json_t *j = c->o->risk_json ? json_loads(c->o->risk_json, 0, NULL) : NULL;
	if (!json_is_object(j)) {
		fputs("<p class=\"note\">", f), msg(c, "rep.risk_none"), fputs("</p>\n", f);
		json_decref(j);
		return;
	}
	const char *cur = json_string_value(json_object_get(j, "currency"));
	fputs("<table>\n<tr><th>", f), msg(c, "rep.site"), fputs("</th><th>", f);
	msg(c, "rep.scenario"), fputs("</th><th>", f), msg(c, "rep.ale");
	fputs(" (", f), esc(c, cur ? cur : "?"), fputs(")</th><th>", f);
	msg(c, "rep.var95"), fputs("</th><th>", f), msg(c, "rep.var99");
	fputs("</th></tr>\n", f);
	risk_row(c, c->org->name, "", json_object_get(j, "org"));
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(j, "sites"), i, v)
		risk_row(c, json_string_value(json_object_get(v, "site")), "", v);
	json_array_foreach(json_object_get(j, "scenarios"), i, v)
		risk_row(c, json_string_value(json_object_get(v, "site")),
			 json_string_value(json_object_get(v, "name")), v);
	fputs("</table>\n", f);
	lec_chart(c, j, cur);
	json_decref(j);
}

/* ---- method ------------------------------------------------------- */

static void esc_put(FILE *f, const char *s, size_t n)
{
	ash_orghtml_escn(f, s, n);
}

static void method(rctx *c)
{
	FILE *f = c->f;
	const ash_evpolicy *ev = &c->org->ev;
	char self[16], days[16], stale[16], none[16];
	snprintf(self, sizeof self, "%g", ev->self_factor);
	snprintf(days, sizeof days, "%d", ev->max_age_days);
	snprintf(stale, sizeof stale, "%g", ev->stale_factor);
	snprintf(none, sizeof none, "%g", ev->none_factor);
	const char *names[] = {"self", "days", "stale", "none"};
	const char *values[] = {self, days, stale, none};
	fputs("<h2>", f), msg(c, "rep.method"), fputs("</h2>\n<p>", f);
	ash_orgmsg_fill(f, ash_orgmsg(c->o->lang, "rep.method_text"), names, values, 4,
			esc_put);
	fputs("</p>\n<table>\n", f);
	for (int l = 0; l <= ASH_LEVEL_MAX; l++) {
		fprintf(f, "<tr><td class=\"n\">%d</td><td>", l);
		esc(c, ash_level_name(l, c->o->lang));
		fputs("</td><td>", f), esc(c, ash_level_help(l, c->o->lang));
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

int ash_govreport_html(FILE *f, const ash_govreport_opts *o, ash_err *err)
{
	rctx c = {f, o, o->r, o->r->fw, o->r->org};
	header(&c);
	bool any = false;
	for (size_t k = 0; k < o->r->nsites; k++)
		any |= o->r->sites[k].cur != NULL;
	if (!any)
		fputs("<p>", f), msg(&c, "rep.nodata"), fputs("</p>\n", f);
	heatmap(&c);
	rollup_table(&c);
	gaps(&c);
	sites(&c);
	risk(&c);
	method(&c);
	fputs("</body>\n</html>\n", f);
	if (fflush(f) || ferror(f))
		return ash_errno(err, ASH_EIO, "report: write");
	return ASH_OK;
}
