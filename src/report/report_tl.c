/* SPDX-License-Identifier: MIT */
/* report_tl.c: the timeline section - case/timeline.h's entries, each
 * with its site time and UTC, fact or claim, and its message written
 * anew from the catalog (the timeline's own message is English) from
 * the snapshot rows it names.  A time a person gave in another offset
 * is shown as given too. */
#include "report/report_sec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REP_TL_MAX 5000 /* rows shown; the rest is counted */

static int64_t id_of(const ash_tl_entry *e)
{
	return strtoll(e->id + 1, NULL, 10);
}

/* The last address written in the timeline's message (a contact's peer). */
static bool last_addr(const char *m, char *buf)
{
	bool found = false;
	size_t n = strlen(m), i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && strchr("0123456789abcdefABCDEF.:", m[j]))
			j++;
		ash_ip ip;
		if (j > i + 2 && j - i < 64 && !ash_ip_parse(m + i, j - i, &ip)) {
			ash_ip_format(&ip, buf);
			found = true;
		}
		i = j + 1;
	}
	return found;
}

static bool tl_finding(rep *r, doc *d, const ash_tl_entry *e, const char *key)
{
	const ash_cdb_finding *f = ash_snap_finding(r->snap, id_of(e));
	char kind[128], hosts[512], peer[ASH_IP_STRLEN] = "";
	if (!f)
		return false;
	rep_kind_name(d, f->kind, kind, sizeof kind);
	rep_addr_list(f->hosts, f->nhosts, hosts, sizeof hosts);
	last_addr(e->message ? e->message : "", peer);
	const char *a[4] = {kind, hosts, e->id, peer};
	doc_f(d, key, a, 4);
	return true;
}

static const ash_cdb_status *status_row(const ash_casedb_snap *s, int64_t id)
{
	for (size_t i = 0; i < s->nstatus; i++)
		if (s->status[i].id == id)
			return &s->status[i];
	return NULL;
}

static const ash_cdb_action *action_row(const ash_casedb_snap *s, int64_t id)
{
	for (size_t i = 0; i < s->nactions; i++)
		if (s->actions[i].id == id)
			return &s->actions[i];
	return NULL;
}

static const ash_cdb_closure *closure_row(const ash_casedb_snap *s, int64_t id)
{
	for (size_t i = 0; i < s->nclosures; i++)
		if (s->closures[i].id == id)
			return &s->closures[i];
	return NULL;
}

static const char *who(doc *d, const char *by)
{
	return by && *by ? by : doc_s(d, "word.someone");
}

static bool tl_verif(rep *r, doc *d, const ash_tl_entry *e)
{
	const ash_cdb_verif *v = ash_snap_verif(r->snap, id_of(e));
	char h[32], rec[ASH_UNITS_LEN], by[ASH_UNITS_LEN], key[32];
	if (!v)
		return false;
	snprintf(h, sizeof h, "H%lld", (long long)v->hypothesis);
	snprintf(key, sizeof key, "result.%s", ash_vresult_name(v->result));
	const char *a[4] = {h, doc_s(d, key), rep_num(rec, v->records),
			    rep_bytes(by, v->bytes)};
	doc_f(d, v->result == ASH_VR_ERROR ? "tl.verification_error" : "tl.verification",
	      a, 4);
	return true;
}

static bool tl_person(rep *r, doc *d, const ash_tl_entry *e)
{
	const char *k = e->kind;
	int64_t id = id_of(e);
	char key[48], h[32];
	if (!strcmp(k, "observation")) {
		const ash_cdb_obs *o = NULL;
		for (size_t i = 0; i < r->snap->nobs && !o; i++)
			o = r->snap->obs[i].id == id ? &r->snap->obs[i] : NULL;
		const char *a[1] = {who(d, o ? o->by : NULL)};
		doc_f(d, "tl.observation", a, 1);
	} else if (!strcmp(k, "hypothesis")) {
		const ash_cdb_hyp *x = ash_snap_hyp(r->snap, id);
		const char *a[2] = {e->id, who(d, x ? x->by : NULL)};
		doc_f(d, "tl.hypothesis", a, 2);
	} else if (!strcmp(k, "override")) {
		const ash_cdb_status *s = status_row(r->snap, id);
		if (!s)
			return false;
		snprintf(h, sizeof h, "H%lld", (long long)s->hypothesis);
		snprintf(key, sizeof key, "status.%s", ash_hyp_status_name(s->to));
		const char *a[3] = {h, doc_s(d, key), who(d, s->by)};
		doc_f(d, "tl.override", a, 3);
	} else if (!strcmp(k, "action")) {
		const ash_cdb_action *x = action_row(r->snap, id);
		if (!x)
			return false;
		snprintf(key, sizeof key, "act.%s", ash_act_kind_name(x->kind));
		char hosts[512];
		rep_addr_list(x->hosts, x->nhosts, hosts, sizeof hosts);
		const char *a[3] = {doc_s(d, key), who(d, x->by), hosts};
		doc_f(d, x->nhosts ? "tl.action_hosts" : "tl.action", a, 3);
	} else if (!strcmp(k, "close")) {
		const ash_cdb_closure *c = closure_row(r->snap, id);
		if (!c)
			return false;
		const char *a[1] = {who(d, c->by)};
		doc_f(d, c->forced ? "tl.close_forced" : "tl.close", a, 1);
	} else {
		return false;
	}
	if (e->text && e->text->orig) {
		doc_t(d, "sep.text");
		rep_ctext(d, e->text, ASH_ESC_NL);
	}
	return true;
}

static void tl_msg(rep *r, doc *d, const ash_tl_entry *e)
{
	char key[48];
	bool done = false;
	snprintf(key, sizeof key, "tl.%s", e->kind);
	if (!strcmp(e->kind, "finding_start") || !strcmp(e->kind, "finding_end") ||
	    !strcmp(e->kind, "spike_start") || !strcmp(e->kind, "spike_end") ||
	    !strcmp(e->kind, "first_contact") || !strcmp(e->kind, "last_contact"))
		done = tl_finding(r, d, e, key);
	else if (!strcmp(e->kind, "verification"))
		done = tl_verif(r, d, e);
	else
		done = tl_person(r, d, e);
	if (!done)
		doc_text(d, e->message, 0);
}

/* "(given as 02:10 UTC+09:00)" when a person used another offset than
 * the site's (offset 0 is also what an entry made "now" carries: the
 * UTC column says it already). */
static void tl_given(rep *r, doc *d, const ash_tl_entry *e)
{
	int32_t site = r->tz ? ash_tz_offset_at(r->tz, e->us / 1000000) : 0;
	if (!e->has_off || e->off == site || e->off == 0)
		return;
	char t[REP_TIME_LEN], off[32];
	int32_t a = e->off < 0 ? -e->off : e->off;
	rep_time_off(d, e->us, e->off, t, sizeof t);
	snprintf(off, sizeof off, "UTC%c%02d:%02d", e->off < 0 ? '-' : '+',
		 a / 3600, a / 60 % 60);
	const char *args[2] = {t, off};
	doc_t(d, "sep.text");
	doc_f(d, "tl.given", args, 2);
}

static void tl_row(rep *r, doc *d, const ash_tl_entry *e)
{
	char lt[REP_TIME_LEN], ut[REP_TIME_LEN], key[24];
	rep_time(d, e->us, r->tz, lt, sizeof lt);
	rep_time(d, e->us, NULL, ut, sizeof ut);
	snprintf(key, sizeof key, "tl.class_%s", e->fact ? "fact" : "claim");
	d->ops->row(d, true);
	rep_cell(d, lt);
	rep_cell(d, ut);
	d->nowrap = 1;
	d->ops->cell(d, true);
	d->ops->badge(d, e->fact ? "fact" : "claim", doc_s(d, key));
	d->ops->cell(d, false);
	d->ops->cell(d, true);
	tl_msg(r, d, e);
	tl_given(r, d, e);
	d->ops->cell(d, false);
	rep_cell_nw(d, e->id);
	d->ops->row(d, false);
}

void rep_sec_timeline(rep *r, doc *d)
{
	char zone[96], n[ASH_UNITS_LEN];
	d->ops->heading(d, 2, "timeline", doc_s(d, "sec.timeline"));
	if (!r->tl.n) {
		rep_para(d, "timeline.none", NULL, 0);
		return;
	}
	rep_zone_label(r, r->tl.v[0].us, zone, sizeof zone);
	const char *a[1] = {zone};
	rep_para(d, "timeline.intro", a, 1);
	const char *heads[5] = {doc_s(d, "col.site_time"), doc_s(d, "col.utc"),
				doc_s(d, "col.class"), doc_s(d, "col.entry"),
				doc_s(d, "col.id")};
	d->ops->table(d, heads, 5);
	for (size_t i = 0; i < r->tl.n && i < REP_TL_MAX; i++)
		tl_row(r, d, &r->tl.v[i]);
	d->ops->table_end(d);
	if (r->tl.n > REP_TL_MAX) {
		const char *b[1] = {rep_num(n, r->tl.n - REP_TL_MAX)};
		rep_para(d, "timeline.more", b, 1);
	}
}
