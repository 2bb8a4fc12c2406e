/* SPDX-License-Identifier: MIT */
/* report_sec.c: the report's sections in order, and the first two of
 * them: the executive summary and what happened (window in site time and
 * UTC, traffic chart, top talkers, what triage found).  The others are
 * in report_tl.c, report_hyp.c and report_act.c.  Words come from the
 * catalog; data is escaped by the doc writer. */
#include "report/report_sec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "report/svg.h"
#include "report/units.h"

const char *rep_num(char *buf, uint64_t v)
{
	ash_units_count(v, buf, ASH_UNITS_LEN);
	return buf;
}

const char *rep_bytes(char *buf, uint64_t v)
{
	ash_units_bytes(v, buf, ASH_UNITS_LEN);
	return buf;
}

void rep_para(doc *d, const char *key, const char *const *args, size_t n)
{
	d->ops->para(d, true);
	doc_f(d, key, args, n);
	d->ops->para(d, false);
}

void rep_zone_label(const rep *r, int64_t us, char *buf, size_t cap)
{
	char off[32];
	rep_offset(r->tz, us, off, sizeof off);
	snprintf(buf, cap, "%s, %s", r->site && r->site->timezone ?
		 r->site->timezone : "UTC", off);
}

/* "hour", "15 minutes", ... */
static void step_label(doc *d, int64_t step, char *buf, size_t cap)
{
	char n[24];
	const char *key = "step.minutes";
	int64_t min = step / 60000000LL;
	if (min == 60)
		key = "step.hour";
	else if (min == 1440)
		key = "step.day";
	else if (min % 60 == 0)
		key = "step.hours", min /= 60;
	snprintf(n, sizeof n, "%lld", (long long)min);
	const char *args[1] = {n};
	ash_strbuf b;
	ash_strbuf_init(&b, cap - 1);
	ash_i18n_subst(&b, NULL, 0, doc_s(d, key), args, 1);
	snprintf(buf, cap, "%s", ash_strbuf_str(&b));
	ash_strbuf_free(&b);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Busiest bucket inside the window (or anywhere without one), and the
 * median of all buckets. */
static bool peak(const rep *r, size_t *at, uint64_t *median)
{
	bool found = false;
	for (size_t i = 0; i < r->sn; i++) {
		bool in = !r->have_win ||
			  (r->st[i] + r->step > r->win_from && r->st[i] < r->win_to);
		if (in && (!found || r->sv[i] > r->sv[*at]))
			*at = i, found = true;
	}
	if (!found || !r->sv[*at])
		return false;
	uint64_t *v = ash_malloc(r->sn * sizeof *v);
	memcpy(v, r->sv, r->sn * sizeof *v);
	qsort(v, r->sn, sizeof *v, cmp_u64);
	*median = v[r->sn / 2];
	free(v);
	return true;
}

static const char *amount(const rep *r, char *buf, uint64_t v)
{
	return r->s_bytes ? rep_bytes(buf, v) : rep_num(buf, v);
}

/* ---- executive summary ---------------------------------------------- */

static void summary_window(rep *r, doc *d)
{
	char lf[REP_TIME_LEN], lt[REP_TIME_LEN], uf[REP_TIME_LEN], ut[REP_TIME_LEN];
	char zone[96], pk[ASH_UNITS_LEN], med[ASH_UNITS_LEN], step[64], fac[32];
	if (!r->have_win) {
		rep_para(d, "summary.nowindow", NULL, 0);
		return;
	}
	rep_time(d, r->win_from, r->tz, lf, sizeof lf);
	rep_time(d, r->win_to, r->tz, lt, sizeof lt);
	rep_time(d, r->win_from, NULL, uf, sizeof uf);
	rep_time(d, r->win_to, NULL, ut, sizeof ut);
	rep_zone_label(r, r->win_from, zone, sizeof zone);
	size_t at = 0;
	uint64_t median = 0;
	const char *site = r->site ? r->site->name : "";
	if (!peak(r, &at, &median)) {
		const char *a[6] = {lf, lt, zone, uf, ut, site};
		rep_para(d, "summary.window", a, 6);
		return;
	}
	step_label(d, r->step, step, sizeof step);
	double f = median ? (double)r->sv[at] / (double)median : 0;
	snprintf(fac, sizeof fac, f >= 10 ? "%.0f" : "%.1f", f);
	const char *a[10] = {lf, lt, zone, uf, ut, site, amount(r, pk, r->sv[at]),
			     step, fac, amount(r, med, median)};
	rep_para(d, median ? "summary.spike" : "summary.spike_nomedian", a, 10);
}

static void claim_list(rep *r, doc *d, int status, const char *intro)
{
	bool any = false;
	for (size_t i = 0; i < r->nhy; i++) {
		const ash_cdb_hyp *h = r->hy[i].h;
		if (h->status != status)
			continue;
		if (!any) {
			rep_para(d, intro, NULL, 0);
			d->ops->list(d, true);
			any = true;
		}
		char id[32];
		snprintf(id, sizeof id, "H%lld: ", (long long)h->id);
		d->ops->item(d, true);
		doc_text(d, id, 0);
		rep_ctext(d, &h->claim, ASH_ESC_NL);
		d->ops->item(d, false);
	}
	if (any)
		d->ops->list(d, false);
}

static void summary_hyps(rep *r, doc *d)
{
	char n[4][ASH_UNITS_LEN];
	if (!r->nhy) {
		rep_para(d, "summary.nohyps", NULL, 0);
		return;
	}
	const char *a[4] = {rep_num(n[0], r->nhy), rep_num(n[1], r->nconf),
			    rep_num(n[2], r->nref), rep_num(n[3], r->nopen)};
	rep_para(d, "summary.hyps", a, 4);
	claim_list(r, d, ASH_HYP_CONFIRMED, "summary.confirmed");
	claim_list(r, d, ASH_HYP_REFUTED, "summary.refuted");
}

static void summary_hosts(rep *r, doc *d)
{
	char n[4][ASH_UNITS_LEN];
	size_t unknown = 0, acts = 0;
	for (size_t i = 0; i < r->nhosts; i++)
		unknown += !r->hosts[i].asset;
	for (size_t i = 0; i < r->snap->nactions; i++)
		acts += r->snap->actions[i].kind != ASH_ACT_OTHER;
	const char *a[2] = {rep_num(n[0], r->nhosts), rep_num(n[1], unknown)};
	if (r->nhosts)
		rep_para(d, unknown ? "summary.hosts_unknown" : "summary.hosts", a, 2);
	const char *b[4] = {rep_num(n[2], acts), rep_num(n[0], r->niso),
			    rep_num(n[1], r->nblk), doc_s(d, "sec.containment")};
	rep_para(d, r->niso || r->nblk ? "summary.containment" : "summary.actions", b, 4);
}

static void summary_state(rep *r, doc *d)
{
	const ash_cdb_closure *cl = ash_snap_closed(r->snap);
	char t[REP_TIME_LEN], n[ASH_UNITS_LEN];
	if (!cl) {
		size_t open = ash_snap_open_count(r->snap);
		const char *a[1] = {rep_num(n, open)};
		rep_para(d, open || !r->nhy ? "summary.open" : "summary.decided", a, 1);
		return;
	}
	rep_time(d, cl->at_us, r->tz, t, sizeof t);
	const char *reason = cl->reason.orig ? ash_ctext_in(&cl->reason, d->lang, NULL) : "";
	const char *a[3] = {t, rep_num(n, cl->open_hypotheses), reason};
	rep_para(d, cl->forced ? "summary.forced" : "summary.closed", a, 3);
}

static void sec_summary(rep *r, doc *d)
{
	d->ops->heading(d, 2, "summary", doc_s(d, "sec.summary"));
	summary_window(r, d);
	summary_hyps(r, d);
	summary_hosts(r, d);
	summary_state(r, d);
}

/* ---- what happened -------------------------------------------------- */

static void events_chart(rep *r, doc *d)
{
	char zone[96], step[64], title[256], axis[160];
	if (!r->sn || !d->ops->svg)
		return;
	rep_zone_label(r, r->st[0], zone, sizeof zone);
	step_label(d, r->step, step, sizeof step);
	const char *a[1] = {step}, *z[1] = {zone};
	ash_strbuf t;
	ash_strbuf_init(&t, sizeof title - 1);
	ash_i18n_subst(&t, NULL, 0, doc_s(d, r->s_bytes ? "chart.bytes" : "chart.records"), a, 1);
	snprintf(title, sizeof title, "%s", ash_strbuf_str(&t));
	ash_strbuf_reset(&t);
	ash_i18n_subst(&t, NULL, 0, doc_s(d, "chart.axis"), z, 1);
	snprintf(axis, sizeof axis, "%s", ash_strbuf_str(&t));
	ash_strbuf_free(&t);
	ash_svg_series_in in = {r->st, r->sv, r->sn, r->step,
		r->have_win ? r->win_from : 0, r->have_win ? r->win_to : 0, r->tz,
		r->s_bytes, title, doc_s(d, "chart.window"), axis};
	ash_strbuf s;
	ash_strbuf_init(&s, 0);
	ash_svg_series(&s, &in);
	d->ops->svg(d, ash_strbuf_str(&s));
	ash_strbuf_free(&s);
}

static void events_window(rep *r, doc *d)
{
	char lf[REP_TIME_LEN], lt[REP_TIME_LEN], uf[REP_TIME_LEN], ut[REP_TIME_LEN];
	char zone[96], pk[ASH_UNITS_LEN], step[64];
	if (!r->have_win) {
		rep_para(d, "summary.nowindow", NULL, 0);
	} else {
		rep_time(d, r->win_from, r->tz, lf, sizeof lf);
		rep_time(d, r->win_to, r->tz, lt, sizeof lt);
		rep_time(d, r->win_from, NULL, uf, sizeof uf);
		rep_time(d, r->win_to, NULL, ut, sizeof ut);
		rep_zone_label(r, r->win_from, zone, sizeof zone);
		const char *a[5] = {lf, lt, zone, uf, ut};
		bool given = r->in->from != INT64_MIN && r->in->to != INT64_MIN;
		rep_para(d, given ? "events.window_given" : "events.window", a, 5);
	}
	events_chart(r, d);
	size_t at = 0;
	uint64_t median = 0;
	if (!peak(r, &at, &median))
		return;
	step_label(d, r->step, step, sizeof step);
	rep_time(d, r->st[at], r->tz, lf, sizeof lf);
	rep_time(d, r->st[at], NULL, uf, sizeof uf);
	const char *a[4] = {step, lf, uf, amount(r, pk, r->sv[at])};
	rep_para(d, "events.peak", a, 4);
}

static bool is_affected(const rep *r, const ash_ip *ip)
{
	for (size_t i = 0; i < r->nhosts; i++)
		if (ash_ip_eq(&r->hosts[i].ip, ip))
			return true;
	return false;
}

static void events_top(rep *r, doc *d)
{
	char lab[REP_TOP][256], v[ASH_UNITS_LEN];
	if (!r->ntop)
		return;
	d->ops->heading(d, 3, "top", doc_s(d, "events.top"));
	ash_svg_bar bars[REP_TOP];
	for (size_t i = 0; i < r->ntop; i++) {
		rep_host_label(r, &r->top[i].ip, lab[i], sizeof lab[i]);
		bars[i] = (ash_svg_bar){lab[i], r->top[i].v, is_affected(r, &r->top[i].ip)};
	}
	if (d->ops->svg) {
		ash_strbuf s;
		ash_strbuf_init(&s, 0);
		ash_svg_bars(&s, bars, r->ntop, r->t_bytes, doc_s(d, "events.top"));
		d->ops->svg(d, ash_strbuf_str(&s));
		ash_strbuf_free(&s);
	}
	const char *heads[4] = {doc_s(d, "col.rank"), doc_s(d, "col.host"),
				doc_s(d, r->t_bytes ? "col.bytes" : "col.records"),
				doc_s(d, "col.affected")};
	d->ops->table(d, heads, 4);
	for (size_t i = 0; i < r->ntop; i++) {
		char rank[24];
		snprintf(rank, sizeof rank, "%zu", i + 1);
		d->ops->row(d, true);
		rep_cell_nw(d, rank);
		rep_cell(d, lab[i]);
		rep_cell(d, r->t_bytes ? rep_bytes(v, r->top[i].v) : rep_num(v, r->top[i].v));
		rep_cell(d, bars[i].mark ? doc_s(d, "word.yes") : "");
		d->ops->row(d, false);
	}
	d->ops->table_end(d);
}

void rep_span(const doc *d, ash_tz *tz, int64_t from, int64_t to, char *buf,
	      size_t cap)
{
	char a[REP_TIME_LEN], b[REP_TIME_LEN];
	rep_time(d, from, tz, a, sizeof a);
	rep_time(d, to, tz, b, sizeof b);
	const char *sp = strchr(a, ' ');
	size_t k = sp ? (size_t)(sp - a) + 1 : 0;
	bool same_day = k && !strncmp(a, b, k);
	snprintf(buf, cap, "%s \u2013 %s", a, same_day ? b + k : b);
}

void rep_when(const rep *r, doc *d, int64_t us, char *buf, size_t cap)
{
	char l[REP_TIME_LEN], u[REP_TIME_LEN];
	rep_time(d, us, r->tz, l, sizeof l);
	rep_time(d, us, NULL, u, sizeof u);
	const char *a[2] = {l, u};
	ash_strbuf b;
	ash_strbuf_init(&b, cap - 1);
	ash_i18n_subst(&b, NULL, 0, doc_s(d, "fmt.when"), a, 2);
	snprintf(buf, cap, "%s", ash_strbuf_str(&b));
	ash_strbuf_free(&b);
}

void rep_cell_nw(doc *d, const char *text)
{
	d->nowrap = 1;
	rep_cell(d, text);
}

void rep_cell(doc *d, const char *text)
{
	d->ops->cell(d, true);
	doc_text(d, text, 0);
	d->ops->cell(d, false);
}

void rep_kind_name(doc *d, const char *kind, char *buf, size_t cap)
{
	char key[80];
	snprintf(key, sizeof key, "kind.%.60s", kind);
	const char *s = ash_i18n_get(d->t, key);
	snprintf(buf, cap, "%s", s ? s : kind);
}

void rep_addr_list(const char *const *v, size_t n, char *buf, size_t cap)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && i < 6 && o + 1 < cap; i++) {
		int w = snprintf(buf + o, cap - o, "%s%s", i ? ", " : "", v[i]);
		o += w > 0 ? (size_t)w : 0;
	}
	if (n > 6 && o + 1 < cap)
		snprintf(buf + o, cap - o, ", … (+%zu)", n - 6);
	rep_utf8_trim(buf);
}

static void events_findings(rep *r, doc *d)
{
	const ash_casedb_snap *s = r->snap;
	if (!s->nfindings)
		return;
	d->ops->heading(d, 3, "findings", doc_s(d, "events.findings"));
	bool en = !strcmp(d->lang, "en");
	const char *heads[6] = {doc_s(d, "col.id"), doc_s(d, "col.kind"),
		doc_s(d, "col.verdict"), doc_s(d, "col.hosts"),
		doc_s(d, "col.span"), en ? doc_s(d, "col.summary") : doc_s(d, "col.volume")};
	d->ops->table(d, heads, 6);
	for (size_t i = 0; i < s->nfindings; i++) {
		const ash_cdb_finding *f = &s->findings[i];
		char id[32], kind[128], hosts[512], span[2 * REP_TIME_LEN + 8],
			vb[ASH_UNITS_LEN], vr[ASH_UNITS_LEN],
			vol[3 * ASH_UNITS_LEN], vkey[32];
		snprintf(id, sizeof id, "F%lld", (long long)f->id);
		rep_kind_name(d, f->kind, kind, sizeof kind);
		rep_addr_list(f->hosts, f->nhosts, hosts, sizeof hosts);
		rep_span(d, r->tz, f->start_us, f->end_us, span, sizeof span);
		snprintf(vkey, sizeof vkey, "verdict.%s", ash_verdict_name(f->verdict));
		snprintf(vol, sizeof vol, "%s / %s", rep_num(vr, f->records),
			 rep_bytes(vb, f->bytes));
		d->ops->row(d, true);
		rep_cell_nw(d, id);
		rep_cell(d, kind);
		d->nowrap = 1;
		d->ops->cell(d, true);
		d->ops->badge(d, f->verdict == ASH_V_MALICIOUS ? "bad" : "open",
			      doc_s(d, vkey));
		d->ops->cell(d, false);
		rep_cell(d, hosts);
		rep_cell(d, span);
		rep_cell(d, en ? f->summary : vol);
		d->ops->row(d, false);
	}
	d->ops->table_end(d);
}

static void sec_events(rep *r, doc *d)
{
	d->ops->heading(d, 2, "events", doc_s(d, "sec.events"));
	events_window(r, d);
	events_top(r, d);
	events_findings(r, d);
}

/* ---- the report --------------------------------------------------- */

static void meta(rep *r, doc *d)
{
	char t[REP_TIME_LEN], u[REP_TIME_LEN], zone[96], line[512];
	const char *name = r->snap->case_name ? r->snap->case_name : r->c->name;
	rep_time(d, r->in->now, r->tz, t, sizeof t);
	rep_time(d, r->in->now, NULL, u, sizeof u);
	rep_zone_label(r, r->in->now, zone, sizeof zone);
	d->ops->list(d, true);
	const char *a[1] = {name ? name : ""};
	d->ops->item(d, true);
	doc_f(d, "meta.case", a, 1);
	d->ops->item(d, false);
	for (size_t i = 0; i < r->c->nsites; i++) {
		snprintf(line, sizeof line, "%s", r->c->sites[i].timezone);
		const char *b[2] = {r->c->sites[i].name, i ? line : zone};
		d->ops->item(d, true);
		doc_f(d, "meta.site", b, 2);
		d->ops->item(d, false);
	}
	const char *c[2] = {t, u};
	d->ops->item(d, true);
	doc_f(d, "meta.written", c, 2);
	d->ops->item(d, false);
	d->ops->list(d, false);
}

void rep_sections(rep *r, doc *d)
{
	const char *name = r->snap->case_name ? r->snap->case_name : r->c->name;
	const char *a[1] = {name ? name : ""};
	ash_strbuf t;
	ash_strbuf_init(&t, 4096);
	ash_i18n_subst(&t, NULL, 0, doc_s(d, "report.title"), a, 1);
	d->ops->begin(d, ash_strbuf_str(&t));
	ash_strbuf_free(&t);
	meta(r, d);
	sec_summary(r, d);
	sec_events(r, d);
	rep_sec_timeline(r, d);
	rep_sec_hyps(r, d);
	rep_sec_hosts(r, d);
	rep_sec_containment(r, d);
	rep_sec_causes(r, d);
	rep_sec_closing(r, d);
	rep_sec_evidence(r, d);
	rep_footer(r, d);
	d->ops->end(d);
}
