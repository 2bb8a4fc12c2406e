/* SPDX-License-Identifier: MIT */
/* report_hyp.c: the hypotheses section - confirmed, ruled out (what was
 * ruled out and how: the check, its numbers, and the expected job of
 * case.yaml that explains the traffic when there is one) and still open;
 * each with its claim, check, last run and any status set by hand. */
#include "report/report_sec.h"

#include <stdio.h>
#include <string.h>

static void hyp_check(rep_hyp *x, doc *d)
{
	char kind[128];
	doc_t(d, "hyps.check");
	doc_t(d, "sep.text");
	d->ops->code(d, x->h->verify);
	doc_text(d, " ", 0);
	doc_t(d, "hyps.expect");
	doc_t(d, "sep.text");
	d->ops->code(d, x->h->expect);
	if (x->kind[0]) {
		rep_kind_name(d, x->kind, kind, sizeof kind);
		const char *a[1] = {kind};
		doc_t(d, "sep.text");
		doc_f(d, "hyps.kind", a, 1);
	}
}

static void hyp_run(rep *r, rep_hyp *x, doc *d)
{
	const ash_cdb_verif *v = x->v;
	char when[REP_WHEN_LEN], n[4][ASH_UNITS_LEN];
	if (!v) {
		doc_t(d, "hyps.never_run");
		return;
	}
	rep_when(r, d, v->ran_us, when, sizeof when);
	if (v->result == ASH_VR_ERROR) {
		const char *a[2] = {when, v->error ? v->error : ""};
		doc_f(d, "hyps.run_error", a, 2);
		return;
	}
	bool ok = v->result == ASH_VR_CONFIRMED;
	const char *a[6] = {when, rep_num(n[0], v->records), rep_num(n[1], v->packets),
			    rep_bytes(n[2], v->bytes), v->expect,
			    rep_num(n[3], v->findings)};
	if (x->h->detector)
		doc_f(d, ok ? "hyps.run_det_confirmed" : "hyps.run_det_refuted", a, 6);
	else
		doc_f(d, ok ? "hyps.run_confirmed" : "hyps.run_refuted", a, 6);
}

/* The expected job of case.yaml from a host of the hypothesis. */
static void hyp_expected(rep *r, rep_hyp *x, doc *d)
{
	for (size_t i = 0; i < r->c->nexpected; i++) {
		const ash_expected *e = &r->c->expected[i];
		for (size_t k = 0; e->has_src && k < x->nhosts; k++) {
			if (!ash_cidr_contains(&e->src, &x->hosts[k]))
				continue;
			const char *a[3] = {e->name, e->schedule ? e->schedule : "",
					    e->reason ? e->reason : ""};
			d->ops->nl(d);
			doc_f(d, "hyps.expected", a, 3);
			return;
		}
	}
}

static void hyp_override(rep *r, rep_hyp *x, doc *d)
{
	char when[REP_WHEN_LEN], key[32];
	const ash_cdb_status *s = x->ovr;
	if (!s)
		return;
	rep_when(r, d, s->at_us, when, sizeof when);
	snprintf(key, sizeof key, "status.%s", ash_hyp_status_name(s->to));
	const char *a[3] = {s->by && *s->by ? s->by : doc_s(d, "word.someone"),
			    when, doc_s(d, key)};
	d->ops->nl(d);
	doc_f(d, "hyps.override", a, 3);
	doc_t(d, "sep.text");
	rep_ctext(d, &s->reason, ASH_ESC_NL);
}

static void hyp_item(rep *r, rep_hyp *x, doc *d)
{
	char id[32], key[32];
	const char *st = ash_hyp_status_name(x->h->status);
	snprintf(id, sizeof id, "H%lld", (long long)x->h->id);
	snprintf(key, sizeof key, "status.%s", st);
	d->ops->item(d, true);
	d->ops->strong(d, true);
	doc_text(d, id, 0);
	d->ops->strong(d, false);
	doc_text(d, " ", 0);
	d->ops->badge(d, st, doc_s(d, key));
	doc_text(d, " ", 0);
	rep_ctext(d, &x->h->claim, ASH_ESC_NL);
	d->ops->nl(d);
	hyp_check(x, d);
	d->ops->nl(d);
	hyp_run(r, x, d);
	if (x->h->status == ASH_HYP_REFUTED || x->benign)
		hyp_expected(r, x, d);
	hyp_override(r, x, d);
	d->ops->item(d, false);
}

static void group(rep *r, doc *d, int status, const char *key, const char *anchor)
{
	size_t n = 0;
	char c[ASH_UNITS_LEN];
	for (size_t i = 0; i < r->nhy; i++)
		n += r->hy[i].h->status == status;
	if (!n)
		return;
	const char *a[1] = {rep_num(c, n)};
	ash_strbuf t;
	ash_strbuf_init(&t, 1024);
	ash_i18n_subst(&t, NULL, 0, doc_s(d, key), a, 1);
	d->ops->heading(d, 3, anchor, ash_strbuf_str(&t));
	ash_strbuf_free(&t);
	d->ops->list(d, true);
	for (size_t i = 0; i < r->nhy; i++)
		if (r->hy[i].h->status == status)
			hyp_item(r, &r->hy[i], d);
	d->ops->list(d, false);
}

void rep_sec_hyps(rep *r, doc *d)
{
	char n[ASH_UNITS_LEN];
	d->ops->heading(d, 2, "hypotheses", doc_s(d, "sec.hyps"));
	if (!r->nhy) {
		rep_para(d, "summary.nohyps", NULL, 0);
		return;
	}
	uint64_t recs = r->in->s ? ash_store_record_count(r->in->s) : 0;
	const char *a[1] = {rep_num(n, recs)};
	rep_para(d, "hyps.intro", a, 1);
	group(r, d, ASH_HYP_CONFIRMED, "hyps.confirmed", "confirmed");
	group(r, d, ASH_HYP_REFUTED, "hyps.refuted", "ruled-out");
	group(r, d, ASH_HYP_OPEN, "hyps.open", "open");
}
