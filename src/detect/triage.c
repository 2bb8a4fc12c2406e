/* SPDX-License-Identifier: MIT */
/* triage.c: the triage run (triage.h): survey pass, detectors, evidence
 * pass, ordering. */
#include "detect/triage.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

/* ---- survey: totals per time bucket and what the records carry ---- */

static const int64_t steps[] = {
	1000000LL, 10000000LL, 60000000LL, 300000000LL, 900000000LL,
	3600000000LL, 21600000000LL, 86400000000LL};
#define SURVEY_MAX_BUCKETS 500

typedef struct survey_t {
	const ash_detect_ctx *x;
	ash_survey sv;        /* counts; b owned */
	int32_t *own;
	size_t owncap;
} survey_t;

static void window(const ash_detect_ctx *x, int64_t *lo, int64_t *hi)
{
	*lo = INT64_MAX;
	*hi = INT64_MIN;
	for (size_t i = 0; i < ash_store_chunk_count(x->s); i++) {
		const ash_chunk_meta *m = ash_store_chunk(x->s, i);
		if (m->t_max < x->from || m->t_min >= x->to)
			continue;
		*lo = m->t_min < *lo ? m->t_min : *lo;
		*hi = m->t_max > *hi ? m->t_max : *hi;
	}
	if (*lo < x->from)
		*lo = x->from;
	if (*hi >= x->to)
		*hi = x->to - 1;
}

static void *sv_new(void *ctx)
{
	const ash_detect_ctx *x = ctx;
	survey_t *t = ash_calloc(1, sizeof *t);
	t->x = x;
	t->sv = x->sv;
	t->sv.b = ash_calloc(x->sv.nb, sizeof *t->sv.b);
	t->sv.t_min = INT64_MAX;
	t->sv.t_max = INT64_MIN;
	return t;
}

static void sv_row(survey_t *t, const ash_batch *b, size_t i)
{
	ash_survey *sv = &t->sv;
	uint32_t h = b->have[i];
	int64_t ts = b->t_start[i];
	sv->records++;
	sv->with_bytes += !!(h & (ASH_HAVE_OBYTES | ASH_HAVE_RBYTES));
	sv->with_pkts += !!(h & (ASH_HAVE_OPKTS | ASH_HAVE_RPKTS));
	sv->with_flow_flags += (h & ASH_HAVE_FLAGS) && ash_format_bidir(b->format[i]);
	bool os = t->own[b->src_idx[i]] >= 0, od = t->own[b->dst_idx[i]] >= 0;
	sv->own_src += os;
	sv->own_dst += !os && od;
	sv->transit += !os && !od;
	sv->t_min = ts < sv->t_min ? ts : sv->t_min;
	sv->t_max = ts > sv->t_max ? ts : sv->t_max;
	int64_t k = (ts - sv->b0) / sv->step;
	if (k < 0 || (size_t)k >= sv->nb)
		return;
	ash_survey_bucket *bk = &sv->b[k];
	bk->records++;
	bk->bytes += ash_batch_bytes(b, i);
	bk->packets += ash_batch_packets(b, i);
	bk->denies += b->action[i] == ASH_ACT_DENY || b->action[i] == ASH_ACT_DROP;
	bk->allows += b->action[i] == ASH_ACT_ALLOW;
}

static int sv_batch(void *st, const ash_batch *b, const uint64_t *sel,
		    size_t matched, ash_err *err)
{
	(void)matched, (void)err;
	survey_t *t = st;
	ash_grow((void **)&t->own, &t->owncap, b->naddrs + 1, sizeof *t->own);
	ash_detect_own_map(t->x, b, t->own);
	for (size_t w = 0; w < (b->n + 63) / 64; w++)
		for (uint64_t m = sel[w]; m; m &= m - 1)
			sv_row(t, b, w * 64 + (size_t)__builtin_ctzll(m));
	return ASH_OK;
}

static int sv_merge(void *ctx, void *st, ash_err *err)
{
	(void)err;
	ash_survey *d = &((ash_detect_ctx *)ctx)->sv, *s = &((survey_t *)st)->sv;
	d->records += s->records;
	d->with_bytes += s->with_bytes;
	d->with_pkts += s->with_pkts;
	d->with_flow_flags += s->with_flow_flags;
	d->own_src += s->own_src;
	d->own_dst += s->own_dst;
	d->transit += s->transit;
	d->t_min = s->t_min < d->t_min ? s->t_min : d->t_min;
	d->t_max = s->t_max > d->t_max ? s->t_max : d->t_max;
	for (size_t i = 0; i < d->nb; i++) {
		ash_survey_bucket *a = &d->b[i], *c = &s->b[i];
		a->records += c->records;
		a->bytes += c->bytes;
		a->packets += c->packets;
		a->denies += c->denies;
		a->allows += c->allows;
	}
	return ASH_OK;
}

static void sv_free(void *st)
{
	survey_t *t = st;
	free(t->sv.b);
	free(t->own);
	free(t);
}

static int survey(ash_detect_ctx *x, ash_err *err)
{
	int64_t lo, hi;
	window(x, &lo, &hi);
	ash_survey *sv = &x->sv;
	sv->t_min = INT64_MAX;
	sv->t_max = INT64_MIN;
	if (lo > hi)
		return ASH_OK; /* nothing stored in the window */
	size_t k = 0;
	while (k + 1 < sizeof steps / sizeof *steps &&
	       (hi - lo) / steps[k] >= SURVEY_MAX_BUCKETS)
		k++;
	sv->step = steps[k];
	sv->b0 = lo - ((lo % sv->step) + sv->step) % sv->step;
	sv->nb = (size_t)((hi - sv->b0) / sv->step) + 1;
	sv->b = ash_calloc(sv->nb, sizeof *sv->b);
	static const ash_scan_ops ops = {sv_new, sv_batch, sv_merge, sv_free};
	return ash_detect_scan(x, NULL, ASH_COL_TIME | ASH_COL_ADDR |
			       ASH_COL_PORTS | ASH_COL_COUNTS | ASH_COL_PROV,
			       &ops, x, err);
}

/* ---- evidence: run every finding's filter once over the store ---- */

typedef struct ev_sum {
	uint64_t records, packets, bytes;
} ev_sum;

typedef struct ev_ctx {
	const ash_detect_ctx *x;
	ash_filter **f;
	size_t n;
	ev_sum *sum;
} ev_ctx;

typedef struct ev_t {
	ev_ctx *e;
	ash_filter_scratch *fs;
	uint64_t *sel;
	size_t selcap;
	ev_sum *sum;
} ev_t;

static void *ev_new(void *ctx)
{
	ev_ctx *e = ctx;
	ev_t *t = ash_calloc(1, sizeof *t);
	t->e = e;
	t->fs = ash_filter_scratch_new();
	t->sum = ash_calloc(e->n ? e->n : 1, sizeof *t->sum);
	return t;
}

static int ev_batch(void *st, const ash_batch *b, const uint64_t *all,
		    size_t matched, ash_err *err)
{
	(void)all, (void)matched;
	ev_t *t = st;
	const ash_chunk_meta *m = ash_store_chunk(t->e->x->s, b->chunk);
	ash_grow((void **)&t->sel, &t->selcap, (b->n + 63) / 64 + 1, 8);
	for (size_t k = 0; k < t->e->n; k++) {
		if (!ash_filter_chunk_may_match(t->e->f[k], m))
			continue;
		size_t got = 0;
		int rc = ash_filter_run(t->e->f[k], t->fs, b, t->sel, &got, err);
		if (rc)
			return rc;
		ev_sum *s = &t->sum[k];
		s->records += got;
		for (size_t w = 0; got && w < (b->n + 63) / 64; w++)
			for (uint64_t mm = t->sel[w]; mm; mm &= mm - 1) {
				size_t i = w * 64 + (size_t)__builtin_ctzll(mm);
				s->packets += ash_batch_packets(b, i);
				s->bytes += ash_batch_bytes(b, i);
			}
	}
	return ASH_OK;
}

static int ev_merge(void *ctx, void *st, ash_err *err)
{
	(void)err;
	ev_ctx *e = ctx;
	ev_t *t = st;
	for (size_t k = 0; k < e->n; k++) {
		e->sum[k].records += t->sum[k].records;
		e->sum[k].packets += t->sum[k].packets;
		e->sum[k].bytes += t->sum[k].bytes;
	}
	return ASH_OK;
}

static void ev_free(void *st)
{
	ev_t *t = st;
	ash_filter_scratch_free(t->fs);
	free(t->sel);
	free(t->sum);
	free(t);
}

int ash_triage_evidence(const ash_detect_ctx *x, ash_findings *fs, ash_err *err)
{
	ev_ctx e = {.x = x, .n = fs->n};
	e.f = ash_calloc(fs->n + 1, sizeof *e.f);
	e.sum = ash_calloc(fs->n + 1, sizeof *e.sum);
	unsigned cols = ASH_COL_COUNTS;
	int rc = ASH_OK;
	for (size_t k = 0; k < fs->n && !rc; k++) {
		const char *t = fs->v[k].filter ? fs->v[k].filter : "";
		rc = ash_filter_compile(t, strlen(t), &x->env, &e.f[k], err);
		if (rc) {
			ash_err_prefix(err, fs->v[k].kind);
			rc = ASH_EINTERNAL; /* a detector wrote a bad filter */
		} else
			cols |= ash_filter_columns(e.f[k]);
	}
	if (!rc && fs->n) {
		static const ash_scan_ops ops = {ev_new, ev_batch, ev_merge, ev_free};
		ash_scan_opts o = {.threads = x->threads, .cols = cols};
		rc = ash_scan(x->s, &o, &ops, &e, NULL, err);
	}
	for (size_t k = 0; k < fs->n; k++) {
		if (!rc) {
			fs->v[k].records = e.sum[k].records;
			fs->v[k].packets = e.sum[k].packets;
			fs->v[k].bytes = e.sum[k].bytes;
		}
		ash_filter_free(e.f[k]);
	}
	free(e.f);
	free(e.sum);
	return rc;
}

/* ---- explaining spikes away ---- */

static bool overlaps(const ash_finding *a, const ash_finding *b)
{
	return a->start <= b->end && b->start <= a->end;
}

/* the benign periodic transfer of host h, or NULL when h has none or has
 * a non-benign finding (other than a spike) overlapping the spike */
static const ash_finding *explained_by(const ash_findings *fs,
				       const ash_finding *spike, const ash_ip *h)
{
	const ash_finding *why = NULL;
	for (size_t i = 0; i < fs->n; i++) {
		const ash_finding *f = &fs->v[i];
		bool mine = false;
		for (size_t j = 0; j < f->nhosts && !mine; j++)
			mine = ash_ip_eq(&f->hosts[j], h);
		if (!mine || f == spike || !strcmp(f->kind, "traffic_spike"))
			continue;
		if (f->verdict != ASH_V_BENIGN && overlaps(f, spike))
			return NULL; /* a benign story never hides a real one */
		if (f->verdict == ASH_V_BENIGN && !strcmp(f->kind, "periodic_transfer"))
			why = f;
	}
	return why;
}

/* A spike whose every named host is explained by a benign periodic
 * transfer, with nothing else going on for those hosts, becomes benign. */
static void explain_spikes(ash_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		ash_finding *f = &fs->v[i];
		if (strcmp(f->kind, "traffic_spike") || !f->nhosts)
			continue;
		const ash_finding *by = NULL;
		for (size_t j = 0; j < f->nhosts; j++)
			if (!(by = explained_by(fs, f, &f->hosts[j])))
				break;
		if (!by)
			continue;
		char *why = ash_fmt_alloc("%s EXPLAINED: the rise comes from the "
					  "periodic transfer '%s': benign", f->why, by->summary);
		free(f->why);
		f->why = why;
		f->verdict = ASH_V_BENIGN;
		f->score *= 0.5;
	}
}

/* ---- the run ---- */

static bool wanted(const char *only, const char *name)
{
	if (!only)
		return true;
	size_t n = strlen(name);
	for (const char *p = only; *p;) {
		const char *q = strchr(p, ',');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		if (len == n && !memcmp(p, name, n))
			return true;
		p += len + (q != NULL);
	}
	return false;
}

int ash_triage_run(const ash_store *s, const ash_case *c,
		   const ash_triage_opts *o, ash_findings *out, ash_err *err)
{
	ash_detect_ctx x;
	ash_detect_init(&x, s, c, o->from, o->to);
	x.threads = o->threads;
	x.ioc = o->ioc;
	if (o->step)
		o->step(o->step_ctx, "survey");
	int rc = survey(&x, err);
	if (!rc && x.sv.records == 0)
		ash_findings_note(out, "triage: the store holds no records in "
				  "the window: nothing to look at");
	for (const ash_detector *d = ash_detectors; !rc && d->name; d++) {
		if (!wanted(o->only, d->name) || x.sv.records == 0)
			continue;
		if (o->step)
			o->step(o->step_ctx, d->name);
		rc = d->run(&x, out, err);
		if (rc)
			ash_err_prefix(err, d->name);
	}
	if (!rc)
		explain_spikes(out);
	if (!rc) {
		if (o->step)
			o->step(o->step_ctx, "evidence");
		rc = ash_triage_evidence(&x, out, err);
	}
	if (!rc)
		ash_findings_sort(out);
	ash_detect_fini(&x);
	return rc;
}
