/* SPDX-License-Identifier: MIT */
/* timeline.c: building the merged timeline from a snapshot (timeline.h):
 * one adder per source of entries, then a stable sort by instant. */
#include "case/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tztime.h"
#include "core/xalloc.h"
#include "detect/finding.h"

#define MAX_ENTRIES 10000000u

typedef struct bld {
	ash_timeline *t;
	const ash_casedb_snap *s;
	int rc;
	ash_err *err;
} bld;

/* Append an entry; takes msg.  Past the cap sets b->rc once. */
static ash_tl_entry *add(bld *b, int64_t us, const char *kind,
			 const char *desc, bool fact, const char *source,
			 char *msg)
{
	ash_timeline *t = b->t;
	if (t->n >= MAX_ENTRIES) {
		free(msg);
		if (!b->rc)
			b->rc = ash_errf(b->err, ASH_ELIMIT, "timeline: more than %u "
					 "entries", MAX_ENTRIES);
		return NULL;
	}
	ash_grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v);
	ash_tl_entry *e = &t->v[t->n++];
	*e = (ash_tl_entry){.us = us, .kind = kind, .desc = desc, .fact = fact,
			    .source = source, .message = msg};
	return e;
}

static void set_id(ash_tl_entry *e, char c, int64_t id)
{
	if (e)
		snprintf(e->id, sizeof e->id, "%c%lld", c, (long long)id);
}

/* "a, b, c" of up to 8 addresses, "(+N more)" after */
static char *join(const char *const *v, size_t n)
{
	size_t len = 1, show = n < 8 ? n : 8;
	for (size_t i = 0; i < show; i++)
		len += strlen(v[i]) + 2;
	char *s = ash_malloc(len + 32), *p = s;
	*p = '\0';
	for (size_t i = 0; i < show; i++)
		p += sprintf(p, "%s%s", i ? ", " : "", v[i]);
	if (n > show)
		sprintf(p, " (+%zu more)", n - show);
	return s;
}

static void contacts(bld *b, const ash_cdb_finding *f, const char *who)
{
	size_t n = f->npeers < ASH_TIMELINE_MAX_PEERS ? f->npeers
						      : ASH_TIMELINE_MAX_PEERS;
	for (size_t i = 0; i < n; i++) {
		ash_tl_entry *e = add(b, f->start_us, "first_contact", "First contact",
				      true, "log", ash_fmt_alloc("%s: first contact with "
				      "%s (%s)", who, f->peers[i], f->kind));
		set_id(e, 'F', f->id);
		if (e)
			e->site = f->site;
		e = add(b, f->end_us, "last_contact", "Last contact", true, "log",
			ash_fmt_alloc("%s: last contact with %s (%s)", who,
				      f->peers[i], f->kind));
		set_id(e, 'F', f->id);
		if (e)
			e->site = f->site;
	}
}

static void finding(bld *b, const ash_cdb_finding *f)
{
	char *who = join(f->hosts, f->nhosts);
	const char *w = who[0] ? who : "-";
	bool spike = !strcmp(f->kind, "traffic_spike");
	if (f->npeers && (!strcmp(f->kind, "beacon") ||
			  !strcmp(f->kind, "infected_cluster"))) {
		contacts(b, f, w);
		free(who);
		return;
	}
	const char *verdict = ash_verdict_name(f->verdict);
	ash_tl_entry *e = add(b, f->start_us, spike ? "spike_start" : "finding_start",
			      spike ? "Spike start" : "Finding start", true, "log",
			      ash_fmt_alloc("%s %s starts (%s) %s: %s", f->kind,
					    verdict, w, f->site ? f->site : "",
					    f->summary));
	set_id(e, 'F', f->id);
	if (e)
		e->site = f->site;
	e = add(b, f->end_us, spike ? "spike_end" : "finding_end",
		spike ? "Spike end" : "Finding end", true, "log",
		ash_fmt_alloc("%s %s ends (%s)", f->kind, verdict, w));
	set_id(e, 'F', f->id);
	if (e)
		e->site = f->site;
	free(who);
}

/* confirmed, and the latest status row is a verification's */
static bool verified(const ash_casedb_snap *s, const ash_cdb_hyp *h)
{
	if (h->status != ASH_HYP_CONFIRMED)
		return false;
	for (size_t i = s->nstatus; i-- > 0;)
		if (s->status[i].hypothesis == h->id)
			return s->status[i].cause == ASH_CAUSE_VERIFY;
	return false;
}

static bool obs_verified(const ash_casedb_snap *s, int64_t obs)
{
	for (size_t i = 0; i < s->nhyps; i++)
		if (s->hyps[i].observation == obs && verified(s, &s->hyps[i]))
			return true;
	return false;
}

static void observation(bld *b, const ash_cdb_obs *o)
{
	if (!strcmp(o->source, "triage"))
		return;
	char *hosts = join(o->hosts, o->nhosts);
	ash_tl_entry *e = add(b, o->at_us, "observation", "Observed",
			      obs_verified(b->s, o->id), "person",
			      ash_fmt_alloc("observed%s%s%s%s%s: %s",
					    o->by ? " by " : "", o->by ? o->by : "",
					    hosts[0] ? " (" : "", hosts,
					    hosts[0] ? ")" : "", o->text.orig));
	set_id(e, 'O', o->id);
	if (e) {
		e->has_off = true, e->off = o->at_off;
		e->site = o->site, e->text = &o->text;
	}
	free(hosts);
}

static void hypothesis(bld *b, const ash_cdb_hyp *h)
{
	ash_tl_entry *e = add(b, h->created_us, "hypothesis", "Hypothesis stated",
			      verified(b->s, h), "person",
			      ash_fmt_alloc("hypothesis%s%s (now %s): %s [check: %s; "
					    "expect %s]", h->by ? " by " : "",
					    h->by ? h->by : "",
					    ash_hyp_status_name(h->status),
					    h->claim.orig, h->verify, h->expect));
	set_id(e, 'H', h->id);
	if (e)
		e->text = &h->claim;
}

static void verification(bld *b, const ash_cdb_verif *v)
{
	bool ok = v->result != ASH_VR_ERROR;
	char *msg = ok ? ash_fmt_alloc("H%lld %s: records %llu, packets %llu, "
				       "bytes %llu, findings %llu (expect %s; "
				       "check: %s)", (long long)v->hypothesis,
				       ash_vresult_name(v->result),
				       (unsigned long long)v->records,
				       (unsigned long long)v->packets,
				       (unsigned long long)v->bytes,
				       (unsigned long long)v->findings, v->expect,
				       v->verify)
		       : ash_fmt_alloc("H%lld check failed: %s (check: %s)",
				       (long long)v->hypothesis,
				       v->error ? v->error : "", v->verify);
	ash_tl_entry *e = add(b, v->ran_us, "verification", "Verification run",
			      ok, "verify", msg);
	set_id(e, 'V', v->id);
}

static void override(bld *b, const ash_cdb_status *st)
{
	if (st->cause != ASH_CAUSE_OVERRIDE)
		return;
	ash_tl_entry *e = add(b, st->at_us, "override", "Status overridden", false,
			      "override",
			      ash_fmt_alloc("H%lld %s -> %s by override%s%s: %s",
					    (long long)st->hypothesis,
					    ash_hyp_status_name(st->from),
					    ash_hyp_status_name(st->to),
					    st->by ? " by " : "", st->by ? st->by : "",
					    st->reason.orig ? st->reason.orig : ""));
	set_id(e, 'S', st->id);
	if (e)
		e->text = &st->reason;
}

static void action(bld *b, const ash_cdb_action *a)
{
	char *hosts = join(a->hosts, a->nhosts);
	ash_tl_entry *e = add(b, a->at_us, "action", "Action", false, "person",
			      ash_fmt_alloc("%s%s%s%s%s%s: %s",
					    ash_act_kind_name(a->kind),
					    a->by ? " by " : "", a->by ? a->by : "",
					    hosts[0] ? " on " : "", hosts, "",
					    a->what.orig));
	set_id(e, 'A', a->id);
	if (e) {
		e->has_off = true, e->off = a->at_off;
		e->site = a->site, e->text = &a->what;
	}
	free(hosts);
}

static void closure(bld *b, const ash_cdb_closure *c)
{
	char *msg = c->forced
		? ash_fmt_alloc("case closed by force with %zu hypothes%s open%s%s: %s",
				c->open_hypotheses, c->open_hypotheses == 1 ? "is" : "es",
				c->by ? " by " : "", c->by ? c->by : "",
				c->reason.orig ? c->reason.orig : "")
		: ash_fmt_alloc("case closed%s%s%s%s", c->by ? " by " : "",
				c->by ? c->by : "", c->reason.orig ? ": " : "",
				c->reason.orig ? c->reason.orig : "");
	ash_tl_entry *e = add(b, c->at_us, "close", "Case closed", true, "case", msg);
	set_id(e, 'C', c->id);
	if (e && c->reason.orig)
		e->text = &c->reason;
}

typedef struct sortkey {
	int64_t us;
	size_t i;
} sortkey;

static int cmp_key(const void *pa, const void *pb)
{
	const sortkey *a = pa, *b = pb;
	if (a->us != b->us)
		return a->us < b->us ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* stable: sort (instant, position) pairs, then permute */
static void sort(ash_timeline *t)
{
	sortkey *k = ash_reallocarray(NULL, t->n ? t->n : 1, sizeof *k);
	for (size_t i = 0; i < t->n; i++)
		k[i] = (sortkey){t->v[i].us, i};
	qsort(k, t->n, sizeof *k, cmp_key);
	ash_tl_entry *v = ash_reallocarray(NULL, t->n ? t->n : 1, sizeof *v);
	for (size_t i = 0; i < t->n; i++)
		v[i] = t->v[k[i].i];
	free(t->v);
	free(k);
	t->v = v, t->cap = t->n ? t->n : 1;
}

int ash_timeline_build(const ash_casedb_snap *s, ash_timeline *t, ash_err *err)
{
	bld b = {t, s, ASH_OK, err};
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < s->nfindings; i++)
		finding(&b, &s->findings[i]);
	for (size_t i = 0; i < s->nobs; i++)
		observation(&b, &s->obs[i]);
	for (size_t i = 0; i < s->nhyps; i++)
		hypothesis(&b, &s->hyps[i]);
	for (size_t i = 0; i < s->nverifs; i++)
		verification(&b, &s->verifs[i]);
	for (size_t i = 0; i < s->nstatus; i++)
		override(&b, &s->status[i]);
	for (size_t i = 0; i < s->nactions; i++)
		action(&b, &s->actions[i]);
	for (size_t i = 0; i < s->nclosures; i++)
		closure(&b, &s->closures[i]);
	sort(t);
	return b.rc;
}

void ash_timeline_free(ash_timeline *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].message);
	free(t->v);
	memset(t, 0, sizeof *t);
}

const char *ash_tl_class(const ash_tl_entry *e)
{
	return e->fact ? "fact" : "claim";
}

size_t ash_timeline_time_off(int64_t us, int32_t off, char *buf)
{
	size_t n = ash_time_format(us + (int64_t)off * 1000000, NULL, 0, buf);
	if (n == 0 || buf[n - 1] != 'Z')
		return n;
	int32_t a = off < 0 ? -off : off;
	return (size_t)(n - 1) + (size_t)snprintf(buf + n - 1, ASH_TIME_STRLEN - (n - 1),
						  "%c%02d:%02d", off < 0 ? '-' : '+',
						  (int)(a / 3600), (int)(a % 3600 / 60));
}
