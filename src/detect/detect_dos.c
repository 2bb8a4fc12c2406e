/* SPDX-License-Identifier: MIT */
/* detect_dos.c: dos_source - an own host sending a flood.
 *
 * Pass 0 counts what each own host sends per time bucket that could be a
 * flood (nothing back, or a source that cannot show replies); the 64
 * hosts with the highest peak bucket go on.  Pass 1 tallies their (destination,
 * protocol) pairs.  A pair has the shape of a flood when nothing comes
 * back: responder packets under a tenth of the originator's, or most flow
 * records one-way, or most TCP flow records half-open.  A host floods when, in the
 * pair's active span, it sends at 10x its own median bucket, or 100x the
 * median own host's rate (10x when it sent nothing before or after and
 * nothing came back), or at least 1000 packets (100 records) a second,
 * and the flood pairs carry at least half of what it sent then, 1000
 * packets (records) at least.
 * Units are packets when the records count them, else records (iptables
 * lines): then the shape cannot be seen and the verdict is suspicious. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tztime.h"
#include "core/xalloc.h"
#include "detect/detect.h"
#include "detect/tally.h"

#define MAX_HOSTS 32
#define MAX_VICTIMS 3

typedef struct cand {
	ash_ip host;
	ash_tkey pair[MAX_VICTIMS];
	ash_tval pv[MAX_VICTIMS];
	int npair;
	bool shape_known, flood_shape;
	uint64_t units;       /* of the flood pairs */
	uint64_t host_units;  /* of the host, whole window */
	int64_t first, last;
} cand;

static bool shape_known(const ash_tval *v, int proto)
{
	return v->counted > 0 || (proto == 6 && v->syn_only + v->completed > 0);
}

static bool flood_shape(const ash_tval *v, int proto)
{
	if (v->counted && v->rpkts * 10 < v->opkts)
		return true;
	if (v->counted && v->one_way * 5 >= v->counted * 4)
		return true;
	return proto == 6 && v->syn_only * 5 >= (v->syn_only + v->completed) * 4 &&
	       v->syn_only > 0;
}

/* find or add the candidate of host */
static cand *cand_of(cand *c, size_t *n, const ash_ip *h)
{
	for (size_t i = 0; i < *n; i++)
		if (ash_ip_eq(&c[i].host, h))
			return &c[i];
	return NULL;
}

typedef struct hostsum {
	uint64_t units;
} hostsum;

/* flood-shaped (or shape-unknown) pairs, per host the largest */
static size_t candidates(ash_htab *pairs, cand *c)
{
	size_t n = 0, pos = 0;
	const void *kp;
	void *vp;
	while (ash_htab_next(pairs, &pos, &kp, &vp)) {
		const ash_tkey *k = kp;
		const ash_tval *v = vp;
		bool known = shape_known(v, k->proto);
		if (known && !flood_shape(v, k->proto))
			continue;
		cand *cd = cand_of(c, &n, &k->a);
		if (!cd) {
			if (n == MAX_HOSTS * 8)
				continue;
			cd = &c[n++];
			memset(cd, 0, sizeof *cd);
			cd->host = k->a;
		}
		/* keep the MAX_VICTIMS largest pairs */
		int j = cd->npair < MAX_VICTIMS ? cd->npair++ : MAX_VICTIMS - 1;
		if (j == MAX_VICTIMS - 1 && cd->npair == MAX_VICTIMS &&
		    ash_tval_units(&cd->pv[j]) >= ash_tval_units(v) && cd->pair[j].proto)
			continue;
		cd->pair[j] = *k;
		cd->pv[j] = *v;
		for (; j > 0 && ash_tval_units(&cd->pv[j]) > ash_tval_units(&cd->pv[j - 1]); j--) {
			ash_tkey tk = cd->pair[j];
			ash_tval tv = cd->pv[j];
			cd->pair[j] = cd->pair[j - 1], cd->pv[j] = cd->pv[j - 1];
			cd->pair[j - 1] = tk, cd->pv[j - 1] = tv;
		}
	}
	return n;
}

static int cmp_cand(const void *a, const void *b)
{
	uint64_t x = ((const cand *)a)->units, y = ((const cand *)b)->units;
	return x < y ? 1 : x > y ? -1 : ash_ip_cmp(&((const cand *)a)->host, &((const cand *)b)->host);
}

static void finish_cand(cand *cd, ash_htab *hosts)
{
	cd->units = 0;
	cd->first = INT64_MAX;
	cd->last = INT64_MIN;
	cd->shape_known = false;
	cd->flood_shape = true;
	for (int j = 0; j < cd->npair; j++) {
		const ash_tval *v = &cd->pv[j];
		cd->units += ash_tval_units(v);
		cd->first = v->first < cd->first ? v->first : cd->first;
		cd->last = v->last > cd->last ? v->last : cd->last;
		bool k = shape_known(v, cd->pair[j].proto);
		cd->shape_known |= k;
		cd->flood_shape &= k && flood_shape(v, cd->pair[j].proto);
	}
	hostsum *hs = ash_htab_find(hosts, &cd->host);
	cd->host_units = hs ? hs->units : cd->units;
}

/* median over own hosts of units per second over the window */
static double median_host_rate(const ash_detect_ctx *x, ash_htab *hosts)
{
	size_t n = ash_htab_count(hosts), i = 0, pos = 0;
	double *v = ash_malloc((n + 1) * sizeof *v);
	void *vp;
	double span = fmax((double)(x->sv.t_max - x->sv.t_min) / 1e6, 1);
	while (ash_htab_next(hosts, &pos, NULL, &vp))
		v[i++] = (double)((hostsum *)vp)->units / span;
	double m = ash_median(v, i);
	free(v);
	return m;
}

typedef struct burst {
	double factor;   /* span rate / host's median busy bucket outside it
			  * (0 when the host sent nothing outside the span) */
	double rate;     /* flood units per second in the span */
	double in;       /* all the host sent in the span's buckets */
} burst;

static burst host_burst(const ash_detect_ctx *x, ash_htab *bk, const cand *cd)
{
	const ash_survey *sv = &x->sv;
	double *u = ash_calloc(sv->nb + 1, sizeof *u);
	size_t pos = 0;
	const void *kp;
	void *vp;
	while (ash_htab_next(bk, &pos, &kp, &vp)) {
		const ash_tkey *k = kp;
		if (ash_ip_eq(&k->a, &cd->host) && k->port < sv->nb)
			u[k->port] = (double)ash_tval_units(vp);
	}
	size_t a = (size_t)((cd->first - sv->b0) / sv->step);
	size_t b = (size_t)((cd->last - sv->b0) / sv->step);
	burst r = {0, 0, 0};
	size_t m = 0;
	for (size_t i = 0; i < sv->nb; i++) {
		if (i >= a && i <= b)
			r.in += u[i];
		else if (u[i] > 0)
			u[m++] = u[i];
	}
	double per = r.in / (double)(b - a + 1);
	if (m)
		r.factor = per / fmax(ash_median(u, m), 1);
	free(u);
	r.rate = (double)cd->units / fmax((double)(cd->last - cd->first) / 1e6, 1);
	return r;
}

static char *pairs_filter(const ash_detect_ctx *x, const cand *cd)
{
	char h[ASH_IP_STRLEN], d[ASH_IP_STRLEN], buf[512], pb[8];
	size_t len = 0;
	for (int j = 0; j < cd->npair; j++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s(dst host %s and proto %s)",
					j ? " or " : "", ash_detect_ip(&cd->pair[j].b, d),
					ash_proto_name(cd->pair[j].proto, pb));
	return ash_detect_filter(x, "src host %s and (%s)", ash_detect_ip(&cd->host, h), buf);
}

static void report(const ash_detect_ctx *x, const cand *cd, burst bu,
		   double site_rate, ash_findings *out)
{
	bool by_pkts = cd->pv[0].counted > 0;
	ash_finding *f = ash_findings_add(out, "dos_source");
	const char *site = ash_detect_site_of(x, &cd->host);
	f->site = site ? ash_strdup(site) : NULL;
	ash_finding_host(f, &cd->host);
	for (int j = 0; j < cd->npair; j++)
		ash_finding_peer(f, &cd->pair[j].b);
	f->start = cd->first;
	f->end = cd->last;
	f->verdict = cd->flood_shape ? ASH_V_MALICIOUS : ASH_V_SUSPICIOUS;
	f->score = fmin(1.0, (cd->flood_shape ? 0.75 : 0.5) +
			     0.05 * log10(fmax(fmax(bu.factor, bu.rate / fmax(site_rate, 1e-6)), 1)));
	f->filter = pairs_filter(x, cd);
	char h[ASH_IP_STRLEN], d[ASH_IP_STRLEN], nu[16], pb[8];
	ash_detect_ip(&cd->host, h);
	ash_detect_ip(&cd->pair[0].b, d);
	ash_detect_human(cd->units, false, nu);
	const char *unit = by_pkts ? "packets" : "records";
	char fb[128], du[16];
	if (bu.factor > 0)
		snprintf(fb, sizeof fb, "%.0fx the host's own median busy %.0f-minute "
			 "bucket", bu.factor, (double)x->sv.step / 60e6);
	else
		snprintf(fb, sizeof fb, "the host sent nothing outside this span");
	f->summary = ash_fmt_alloc("%s flooded %s%s with %s %s of %s (%.0f %s/s over "
				   "%s)", h, d, cd->npair > 1 ? " and others" : "",
				   nu, unit, ash_proto_name(cd->pair[0].proto, pb),
				   bu.rate, unit, ash_detect_dur(cd->last - cd->first, du));
	f->why = ash_fmt_alloc(
		"%s; rate %.0fx the median own host's; %.0f%% of what it sent "
		"in that time went to %d destination(s); %s", fb,
		bu.rate / fmax(site_rate, 1e-6),
		100.0 * (double)cd->units / fmax(bu.in, 1),
		cd->npair,
		cd->flood_shape ? "nothing came back (one-way traffic or SYN without "
				  "completion): the shape of a flood, malicious"
				: "these records do not show whether anything came back "
				  "(no packet counts or TCP flags): suspicious until a "
				  "flow source confirms it");
}

/* a row that could belong to a flood: nothing seen coming back, or a
 * source that cannot show it (one packet per line, one-way flows) */
static bool suspect_row(const void *ctx, const ash_batch *b, size_t i)
{
	(void)ctx;
	uint32_t h = b->have[i];
	if (!ash_format_bidir(b->format[i]) || !(h & ASH_HAVE_RPKTS))
		return true;
	if (!b->rpkts[i])
		return true;
	return b->proto[i] == 6 && (h & ASH_HAVE_OPKTS) && b->opkts[i] <= 2 &&
	       b->obytes[i] <= 80 * b->opkts[i]; /* bare SYNs answered */
}

/* ---- pass 0: per own host, all it sends and its peak suspect bucket
 * (lean: one small entry per host; rows of a bucket split across chunks
 * or workers make the peak a lower bound, enough to rank hosts) ---- */

typedef struct hstat {
	uint64_t all;       /* units sent, all rows */
	uint64_t cur, peak; /* suspect units in the current bucket; the peak */
	int64_t bucket;     /* current bucket */
} hstat;

typedef struct p0 {
	const ash_detect_ctx *x;
	ash_htab *out;
} p0;

typedef struct p0_t {
	p0 *c;
	ash_htab *h;
	int32_t *own;
	size_t owncap;
} p0_t;

static void *p0_new(void *ctx)
{
	p0_t *t = ash_calloc(1, sizeof *t);
	t->c = ctx;
	t->h = ash_htab_new(sizeof(ash_ip), sizeof(hstat), 0);
	return t;
}

static int p0_batch(void *st, const ash_batch *b, const uint64_t *sel,
		    size_t matched, ash_err *err)
{
	(void)matched;
	p0_t *t = st;
	const ash_survey *sv = &t->c->x->sv;
	ash_grow((void **)&t->own, &t->owncap, b->naddrs + 1, sizeof *t->own);
	ash_detect_own_map(t->c->x, b, t->own);
	for (size_t w = 0; w < (b->n + 63) / 64; w++)
		for (uint64_t m = sel[w]; m; m &= m - 1) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(m);
			if (t->own[b->src_idx[i]] < 0)
				continue;
			bool created;
			hstat *hs = ash_htab_get(t->h, ash_batch_src(b, i), &created);
			if (!hs)
				return ash_errf(err, ASH_ELIMIT, "dos_source: too many "
						"own hosts");
			if (created)
				hs->bucket = -1;
			uint64_t u = (b->have[i] & ASH_HAVE_OPKTS) ? b->opkts[i] : 1;
			hs->all += u;
			if (!suspect_row(NULL, b, i))
				continue;
			int64_t k = (b->t_start[i] - sv->b0) / (sv->step ? sv->step : 1);
			if (k != hs->bucket) {
				hs->peak = hs->cur > hs->peak ? hs->cur : hs->peak;
				hs->cur = 0;
				hs->bucket = k;
			}
			hs->cur += u;
		}
	return ASH_OK;
}

static void hstat_merge(void *pa, const void *pb)
{
	hstat *a = pa;
	const hstat *b = pb;
	a->all += b->all;
	uint64_t pk = b->peak > b->cur ? b->peak : b->cur;
	a->peak = a->peak > a->cur ? a->peak : a->cur;
	a->peak = pk > a->peak ? pk : a->peak;
	a->cur = 0;
	a->bucket = -1;
}

static int p0_merge(void *ctx, void *st, ash_err *err)
{
	p0 *c = ctx;
	p0_t *t = st;
	if (!c->out) {
		c->out = t->h;
		t->h = NULL;
		return ASH_OK;
	}
	return ash_htab_merge(c->out, t->h, hstat_merge, err);
}

static void p0_free(void *st)
{
	p0_t *t = st;
	ash_htab_free(t->h);
	free(t->own);
	free(t);
}

/* hosts by peak (at most MAX_HOSTS * 2) and the all-traffic totals */
typedef struct peak {
	ash_ip host;
	uint64_t units;
} peak;

static int cmp_peak(const void *a, const void *b)
{
	uint64_t x = ((const peak *)a)->units, y = ((const peak *)b)->units;
	return x < y ? 1 : x > y ? -1 : ash_ip_cmp(&((const peak *)a)->host, &((const peak *)b)->host);
}

static size_t peaks(ash_htab *st, ash_htab *hosts, peak **out)
{
	size_t pos = 0, n = 0;
	const void *kp;
	void *vp;
	peak *v = ash_calloc(ash_htab_count(st) + 1, sizeof *v);
	while (ash_htab_next(st, &pos, &kp, &vp)) {
		const hstat *h = vp;
		hostsum *hs = ash_htab_get(hosts, kp, NULL);
		if (hs)
			hs->units = h->all;
		uint64_t pk = h->peak > h->cur ? h->peak : h->cur;
		if (pk)
			v[n++] = (peak){*(const ash_ip *)kp, pk};
	}
	if (n)
		qsort(v, n, sizeof *v, cmp_peak);
	*out = v;
	return n < 2 * MAX_HOSTS ? n : 2 * MAX_HOSTS;
}

static ash_htab *host_set(const peak *p, size_t n)
{
	ash_htab *h = ash_htab_new(sizeof(ash_ip), 1, 0);
	for (size_t i = 0; i < n; i++)
		ash_htab_get(h, &p[i].host, NULL);
	return h;
}

/* Pass 0: per own host, all it sends and its peak bucket of traffic that
 * could be a flood; pass 1: the destinations of the hosts with the
 * highest peaks, and their suspect traffic per bucket. */
int ash_detect_dos(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_dos(const ash_detect_ctx *x, ash_findings *out, ash_err *err)
{
	ash_htab *pairs = NULL, *bk = NULL;
	ash_htab *hosts = ash_htab_new(sizeof(ash_ip), sizeof(hostsum), 0);
	cand *c = ash_calloc(MAX_HOSTS * 8, sizeof *c);
	peak *pk = NULL;
	p0 st = {.x = x};
	static const ash_scan_ops ops = {p0_new, p0_batch, p0_merge, p0_free};
	int rc = ash_detect_scan(x, NULL, ASH_COL_TIME | ASH_COL_ADDR | ASH_COL_PORTS |
				 ASH_COL_COUNTS | ASH_COL_PROV, &ops, &st, err);
	if (rc || !st.out)
		goto out;
	size_t np = peaks(st.out, hosts, &pk);
	if (!np)
		goto out;
	ash_htab *set = host_set(pk, np);
	ash_tally_opts o[2] = {
		{.flags = ASH_T_SRC | ASH_T_DST | ASH_T_PROTO | ASH_T_OWN_SRC, .src_in = set},
		{.flags = ASH_T_SRC | ASH_T_BUCKET | ASH_T_OWN_SRC, .keep = suspect_row,
		 .src_in = set}};
	ash_htab *tabs[2];
	rc = ash_tally_many(x, NULL, o, 2, tabs, err);
	pairs = tabs[0];
	bk = tabs[1];
	ash_htab_free(set);
	if (rc)
		goto out;
	size_t n = candidates(pairs, c);
	for (size_t i = 0; i < n; i++)
		finish_cand(&c[i], hosts);
	if (n)
		qsort(c, n, sizeof *c, cmp_cand);
	if (n > MAX_HOSTS)
		n = MAX_HOSTS;
	double site_rate = median_host_rate(x, hosts);
	for (size_t i = 0; i < n; i++) {
		burst bu = host_burst(x, bk, &c[i]);
		bool fast = bu.rate >= (c[i].pv[0].counted ? 1000.0 : 100.0);
		/* a host that sent nothing outside the span and then floods
		 * unanswered: a tenth of the usual margin over the site */
		bool fresh = bu.factor == 0 && c[i].flood_shape;
		bool above = bu.factor >= 10 || bu.rate >= 100 * site_rate || fast ||
			     (fresh && bu.rate >= 10 * site_rate);
		bool concentrated = (double)c[i].units * 2 >= bu.in;
		if (above && concentrated && (c[i].units >= 1000 || fast))
			report(x, &c[i], bu, site_rate, out);
	}
out:
	ash_htab_free(pairs);
	ash_htab_free(bk);
	ash_htab_free(st.out);
	ash_htab_free(hosts);
	free(pk);
	free(c);
	return rc;
}
