/* SPDX-License-Identifier: MIT */
/* detect_transfer.c: periodic_transfer (verdict benign) - large copies
 * that recur at the same time of day to the same peer with the shape of
 * a bulk copy, or that match an `expected:` job of case.yaml.
 *
 * Pass 1 tallies (own source, destination, protocol, port) of TCP records
 * of a megabyte or more out and of records an expected job names.
 * Candidates: at least 10 MB in all; TCP; when packets are
 * counted, at least 800 bytes per packet out (full-size segments) and an
 * answer (ACKs back, or SYN and ACK seen).  Pass 2 splits each candidate
 * into occurrences (active time buckets with gaps under an hour).
 * Recurring: occurrences of at least 10 MB on two or more local days
 * whose start times lie within 90 minutes of their median time of day.
 * An expected job with a "daily HH:MM-HH:MM" schedule is checked against
 * it: occurrences starting outside make the finding suspicious. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tztime.h"
#include "core/xalloc.h"
#include "detect/detect.h"
#include "detect/tally.h"

#define MAX_CAND 64
#define BIG (10ull * 1000 * 1000)
#define TOD_SLACK (90 * 60)
#define DAY 86400

typedef struct cand {
	ash_tkey k;
	ash_tval v;
	const ash_expected *exp;
} cand;

typedef struct occ {
	int64_t start, end;
	uint64_t bytes;
} occ;

static const ash_expected *expected_of(const ash_case *c, const ash_tkey *k)
{
	return ash_detect_expected(c, &k->a, &k->b, k->proto, k->port);
}

/* records worth a look: TCP connections that moved a megabyte or more
 * out (a bulk copy's connections are long), and anything an expected job
 * names */
static char *candidate_filter(const ash_case *c)
{
	size_t cap = 64 + c->nexpected * 200, len = 0;
	char *b = ash_malloc(cap), ip[ASH_IP_STRLEN + 4], pb[8];
	len += (size_t)snprintf(b, cap, "(tcp and obytes >= 1M)");
	for (size_t i = 0; i < c->nexpected; i++) {
		const ash_expected *e = &c->expected[i];
		len += (size_t)snprintf(b + len, cap - len, " or (obytes > 0");
		if (e->has_src) {
			ash_cidr_format(&e->src, ip);
			len += (size_t)snprintf(b + len, cap - len, " and src net %s", ip);
		}
		if (e->has_dst) {
			ash_cidr_format(&e->dst, ip);
			len += (size_t)snprintf(b + len, cap - len, " and dst net %s", ip);
		}
		if (e->proto >= 0)
			len += (size_t)snprintf(b + len, cap - len, " and proto %s",
						ash_proto_name(e->proto, pb));
		if (e->dport >= 0)
			len += (size_t)snprintf(b + len, cap - len, " and dst port %d", e->dport);
		len += (size_t)snprintf(b + len, cap - len, ")");
	}
	return b;
}

static bool bulk_shape(const ash_tkey *k, const ash_tval *v)
{
	if (k->proto != 6 || v->obytes < BIG)
		return false;
	if (!v->counted)
		return true; /* no packet counts: size alone */
	bool full = v->opkts && v->obytes / v->opkts >= 800;
	bool answered = v->rpkts > 0 || v->completed > 0;
	return full && answered;
}

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (!!x->exp != !!y->exp)
		return x->exp ? -1 : 1; /* expected jobs first */
	if (x->v.obytes != y->v.obytes)
		return x->v.obytes < y->v.obytes ? 1 : -1;
	return memcmp(&x->k, &y->k, sizeof x->k);
}

/* every pair worth a look, the MAX_CAND largest kept (sorted: the same
 * answer whatever order the table holds them in) */
static size_t candidates(const ash_detect_ctx *x, ash_htab *h, cand *c)
{
	size_t n = 0, pos = 0;
	const void *kp;
	void *vp;
	cand *all = ash_calloc(ash_htab_count(h) + 1, sizeof *all);
	while (ash_htab_next(h, &pos, &kp, &vp)) {
		const ash_tkey *k = kp;
		const ash_expected *e = expected_of(x->c, k);
		if (!e && !bulk_shape(k, vp))
			continue;
		if (e && !((const ash_tval *)vp)->records)
			continue;
		all[n++] = (cand){*k, *(const ash_tval *)vp, e};
	}
	if (n)
		qsort(all, n, sizeof *all, cmp_cand);
	n = n < MAX_CAND ? n : MAX_CAND;
	memcpy(c, all, n * sizeof *c);
	free(all);
	return n;
}

/* occurrences of candidate c from the bucket tally (key a, b, bucket) */
static size_t occurrences(const ash_detect_ctx *x, ash_htab *bk, const cand *c,
			  occ *o, size_t max)
{
	const ash_survey *sv = &x->sv;
	uint64_t *by = ash_calloc(sv->nb + 1, sizeof *by);
	size_t pos = 0, n = 0;
	const void *kp;
	void *vp;
	while (ash_htab_next(bk, &pos, &kp, &vp)) {
		const ash_tkey *k = kp;
		if (ash_ip_eq(&k->a, &c->k.a) && ash_ip_eq(&k->b, &c->k.b) && k->port < sv->nb)
			by[k->port] += ((const ash_tval *)vp)->obytes;
	}
	int64_t gap = 3600000000LL / sv->step + 1;
	int64_t last = -1000000;
	for (size_t i = 0; i < sv->nb; i++) {
		if (!by[i])
			continue;
		if (n && (int64_t)i - last <= gap) {
			o[n - 1].end = sv->b0 + (int64_t)(i + 1) * sv->step;
			o[n - 1].bytes += by[i];
		} else if (n < max) {
			o[n++] = (occ){sv->b0 + (int64_t)i * sv->step,
				       sv->b0 + (int64_t)(i + 1) * sv->step, by[i]};
		}
		last = (int64_t)i;
	}
	free(by);
	return n;
}

/* seconds after local midnight */
static int tod(ash_tz *tz, int64_t us)
{
	int64_t s = us / 1000000;
	s += tz ? ash_tz_offset_at(tz, s) : 0;
	return (int)(((s % DAY) + DAY) % DAY);
}

static int64_t lday(ash_tz *tz, int64_t us)
{
	int64_t s = us / 1000000;
	s += tz ? ash_tz_offset_at(tz, s) : 0;
	return s >= 0 ? s / DAY : (s - DAY + 1) / DAY;
}

static int circ(int a, int b)
{
	int d = abs(a - b) % DAY;
	return d < DAY - d ? d : DAY - d;
}

/* "daily HH:MM-HH:MM" -> seconds; false when absent or other shape */
static bool schedule(const char *s, int *from, int *to)
{
	int h1, m1, h2, m2;
	if (!s || sscanf(s, "daily %d:%d-%d:%d", &h1, &m1, &h2, &m2) != 4)
		return false;
	*from = h1 * 3600 + m1 * 60;
	*to = h2 * 3600 + m2 * 60;
	return true;
}

static bool in_sched(int t, int from, int to)
{
	return from <= to ? t >= from && t < to : t >= from || t < to;
}

typedef struct verdict {
	size_t big, days;
	int median_tod, spread;
	size_t outside;       /* occurrences outside the schedule */
	bool has_sched;
} verdict;

static verdict judge(ash_tz *tz, const occ *o, size_t n, const ash_expected *e)
{
	verdict v = {0};
	int t[64];
	int64_t prev_day = INT64_MIN;
	int from = 0, to = 0;
	v.has_sched = e && schedule(e->schedule, &from, &to);
	for (size_t i = 0; i < n && v.big < 64; i++) {
		if (o[i].bytes < BIG && !e)
			continue;
		t[v.big++] = tod(tz, o[i].start);
		int64_t d = lday(tz, o[i].start);
		v.days += d != prev_day;
		prev_day = d;
		if (v.has_sched && !in_sched(tod(tz, o[i].start), from, to))
			v.outside++;
	}
	if (!v.big)
		return v;
	/* median time of day: the occurrence whose summed distance is least */
	long best = -1;
	for (size_t i = 0; i < v.big; i++) {
		long sum = 0;
		for (size_t j = 0; j < v.big; j++)
			sum += circ(t[i], t[j]);
		if (best < 0 || sum < best)
			best = sum, v.median_tod = t[i];
	}
	for (size_t i = 0; i < v.big; i++)
		v.spread = circ(t[i], v.median_tod) > v.spread ? circ(t[i], v.median_tod) : v.spread;
	return v;
}

static void report(const ash_detect_ctx *x, const cand *c, const verdict *v,
		   const occ *o, size_t n, ash_findings *out)
{
	char a[ASH_IP_STRLEN], b[ASH_IP_STRLEN], pbuf[8], by[16];
	ash_detect_ip(&c->k.a, a);
	ash_detect_ip(&c->k.b, b);
	const char *pb = ash_proto_name(c->k.proto, pbuf);
	ash_detect_human(c->v.obytes, true, by);
	ash_finding *f = ash_findings_add(out, "periodic_transfer");
	bool off = v->outside > 0;
	f->verdict = off ? ASH_V_SUSPICIOUS : ASH_V_BENIGN;
	f->score = off ? 0.5 : fmin(0.9, 0.5 + 0.1 * (double)v->days);
	const char *site = ash_detect_site_of(x, &c->k.a);
	f->site = site ? ash_strdup(site) : NULL;
	ash_finding_host(f, &c->k.a);
	ash_finding_peer(f, &c->k.b);
	f->start = n ? o[0].start : c->v.first;
	f->end = n ? o[n - 1].end : c->v.last;
	f->filter = ash_detect_filter(x, "src host %s and dst host %s and proto %s "
				      "and dst port %u", a, b, pb, c->k.port);
	f->summary = ash_fmt_alloc("%s copies to %s (%s/%u): %s in %zu transfers on "
				   "%zu days, starting near %02d:%02d site time (+-%d min)%s%s",
				   a, b, pb, c->k.port, by, v->big, v->days,
				   v->median_tod / 3600, v->median_tod / 60 % 60,
				   v->spread / 60, c->exp ? "; expected job " : "",
				   c->exp ? c->exp->name : "");
	if (c->exp)
		f->why = ash_fmt_alloc("matches the expected job '%s' of case.yaml "
				       "(reason: %s)%s", c->exp->name,
				       c->exp->reason ? c->exp->reason : "none given",
				       off ? "; but some transfers started outside its "
				       "schedule: suspicious until explained"
				       : "; benign");
	else
		f->why = ash_strdup("large TCP transfers with full-size packets and "
				    "answered connections that recur at the same time "
				    "of day to the same peer: the shape of a scheduled "
				    "copy (a backup); benign unless another finding "
				    "says otherwise for this host");
}

int ash_detect_transfer(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_transfer(const ash_detect_ctx *x, ash_findings *out, ash_err *err)
{
	if (!x->sv.with_bytes) {
		ash_findings_note(out, "periodic_transfer: no record carries byte "
				  "counts: transfers cannot be measured");
		return ASH_OK;
	}
	ash_htab *h = NULL, *bk = NULL;
	cand *c = ash_calloc(MAX_CAND, sizeof *c);
	occ *o = ash_calloc(256, sizeof *o);
	ash_tz *tz = NULL;
	const ash_site *st = ash_case_site(x->c, NULL);
	if (st && st->timezone)
		ash_tz_open(st->timezone, &tz, NULL);
	char *sel = candidate_filter(x->c);
	int rc = ash_tally(x, sel, ASH_T_SRC | ASH_T_DST | ASH_T_DPORT |
			   ASH_T_PROTO | ASH_T_OWN_SRC, 0, &h, err);
	free(sel);
	size_t n = rc ? 0 : candidates(x, h, c);
	if (!n)
		goto out;
	ash_htab *srcs = ash_htab_new(sizeof(ash_ip), 1, 0);
	ash_htab *dsts = ash_htab_new(sizeof(ash_ip), 1, 0);
	for (size_t i = 0; i < n; i++) {
		ash_htab_get(srcs, &c[i].k.a, NULL);
		ash_htab_get(dsts, &c[i].k.b, NULL);
	}
	ash_tally_opts to = {.flags = ASH_T_SRC | ASH_T_DST | ASH_T_BUCKET,
			     .src_in = srcs, .dst_in = dsts};
	rc = ash_tally_run(x, &to, &bk, err);
	ash_htab_free(srcs);
	ash_htab_free(dsts);
	for (size_t i = 0; !rc && i < n; i++) {
		size_t no = occurrences(x, bk, &c[i], o, 256);
		verdict v = judge(tz, o, no, c[i].exp);
		bool recurring = v.days >= 2 && v.spread <= TOD_SLACK;
		if ((c[i].exp && v.big) || recurring)
			report(x, &c[i], &v, o, no, out);
	}
out:
	ash_tz_free(tz);
	ash_htab_free(h);
	ash_htab_free(bk);
	free(c);
	free(o);
	return rc;
}
