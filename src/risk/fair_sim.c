/* SPDX-License-Identifier: MIT */
/* fair_sim.c: the Monte Carlo engine: one simulated year of one scenario,
 * the rows of many scenarios on a few threads (work split by years, every
 * (scenario, year) on its own random stream, so the thread count never
 * changes a number), site and organisation totals summed in scenario
 * order, and the statistics of an annual loss distribution (mean, sd,
 * quantiles by selection, loss exceedance curve).  Model checks live in
 * fair.c, what-if in fair_whatif.c. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "risk/fair.h"
#include "risk/fair_int.h"

/* ---- threads ---- */

typedef void (*par_fn)(void *ctx, unsigned t, unsigned nt);

typedef struct par_arg {
	par_fn fn;
	void *ctx;
	unsigned t, nt;
} par_arg;

static void *par_main(void *a)
{
	par_arg *pa = a;
	pa->fn(pa->ctx, pa->t, pa->nt);
	return NULL;
}

/* Run fn(ctx, t, nt) for t in 0..nt-1, on nt threads when possible; a
 * part whose thread cannot start runs in the caller (same results). */
static void par_run(unsigned nt, par_fn fn, void *ctx)
{
	pthread_t th[ASH_FAIR_MAX_THREADS];
	par_arg arg[ASH_FAIR_MAX_THREADS];
	int started[ASH_FAIR_MAX_THREADS] = {0};
	for (unsigned t = 1; t < nt; t++) {
		arg[t] = (par_arg){fn, ctx, t, nt};
		started[t] = pthread_create(&th[t], NULL, par_main, &arg[t]) == 0;
	}
	fn(ctx, 0, nt);
	for (unsigned t = 1; t < nt; t++) {
		if (started[t])
			pthread_join(th[t], NULL);
		else
			fn(ctx, t, nt);
	}
}

/* [lo, hi) of n items for part t of nt */
static void part(uint64_t n, unsigned t, unsigned nt, uint64_t *lo, uint64_t *hi)
{
	*lo = n * t / nt;
	*hi = n * (t + 1) / nt;
}

/* ---- one simulated year ---- */

/* Loss events among n threat events, each a loss with probability v: the
 * gaps between losses are geometric and drawn by inversion, so with the
 * same uniforms a smaller v never gives more losses. */
static uint64_t losses(ash_rrng *r, uint64_t n, double v)
{
	if (n == 0 || !(v > 0))
		return 0;
	if (v >= 1)
		return n;
	double l = log1p(-v), pos = 0;
	uint64_t k = 0;
	for (;;) {
		pos += floor(log(ash_rrng_u01(r)) / l) + 1;
		if (pos > (double)n)
			return k;
		k++;
	}
}

static double clamp_loss(double x)
{
	return x > 0 ? (x < FAIR_LOSS_CLAMP ? x : FAIR_LOSS_CLAMP) : 0;
}

/* Annual loss of scenario s in year y (reporting currency).  Stream
 * (seed, key, 2y) draws the frequency, the vulnerability and the loss
 * count; stream (seed, key, 2y+1) the magnitudes, in event order, so the
 * first k magnitudes do not depend on how many losses follow. */
static double year_loss(const ash_fair_scenario *s, double v, uint64_t seed,
			uint64_t key, uint32_t y, double mult, uint64_t *nloss)
{
	ash_rrng r;
	ash_rrng_seed(&r, seed, key, (uint64_t)y << 1);
	double tef = ash_dist_sample(&s->tef, &r) * mult;
	if (tef > FAIR_TEF_CLAMP)
		tef = FAIR_TEF_CLAMP;
	if (s->vuln_mode != ASH_FAIR_VULN_TCAP)
		v = ash_dist_sample(&s->vuln, &r);
	uint64_t k = losses(&r, ash_dist_poisson(&r, tef), v);
	*nloss += k;
	if (k == 0)
		return 0;
	ash_rrng_seed(&r, seed, key, ((uint64_t)y << 1) | 1);
	double sum = 0;
	for (uint64_t i = 0; i < k; i++) {
		double x = clamp_loss(ash_dist_sample(&s->primary, &r));
		if (s->secondary_p > 0 && ash_rrng_u01(&r) < s->secondary_p)
			x += clamp_loss(ash_dist_sample(&s->secondary, &r));
		sum += x;
	}
	return sum * s->fx;
}

/* ---- rows ---- */

typedef struct rows_ctx {
	const fair_prep *p;
	const size_t *idx;
	const double *v;
	size_t n;
	double *rows;
	uint64_t *ev; /* [nt][n] loss events per thread */
} rows_ctx;

static void rows_part(void *arg, unsigned t, unsigned nt)
{
	rows_ctx *c = arg;
	const fair_prep *p = c->p;
	uint64_t y0, y1;
	part(p->years, t, nt, &y0, &y1);
	for (size_t j = 0; j < c->n; j++) {
		size_t i = c->idx[j];
		const ash_fair_scenario *s = &p->m->scen[i];
		double *row = c->rows + j * (size_t)p->years;
		uint64_t ev = 0;
		for (uint64_t y = y0; y < y1; y++)
			row[y] = year_loss(s, c->v[j], p->seed, p->key[i],
					   (uint32_t)y, p->mult ? p->mult[y] : 1,
					   &ev);
		c->ev[(size_t)t * c->n + j] = ev;
	}
}

static unsigned nthreads(const fair_prep *p)
{
	return p->threads < p->years ? p->threads : (p->years ? p->years : 1);
}

void fair_sim_rows(const fair_prep *p, const size_t *idx, const double *v,
		   size_t n, double *rows, uint64_t *events)
{
	unsigned nt = nthreads(p);
	rows_ctx c = {p, idx, v, n, rows, ash_calloc((size_t)nt * (n ? n : 1), sizeof(uint64_t))};
	par_run(nt, rows_part, &c);
	for (size_t j = 0; j < n; j++) {
		events[j] = 0;
		for (unsigned t = 0; t < nt; t++)
			events[j] += c.ev[(size_t)t * n + j];
	}
	free(c.ev);
}

/* ---- statistics ---- */

static void swapd(double *a, double *b)
{
	double t = *a;
	*a = *b;
	*b = t;
}

/* Rearrange a[lo..hi] so that a[k] is the value of rank k, smaller or
 * equal values before it and larger or equal after (Hoare selection,
 * median-of-three pivot). */
static void select_k(double *a, long lo, long hi, long k)
{
	while (hi > lo) {
		long mid = lo + (hi - lo) / 2;
		if (a[mid] < a[lo])
			swapd(&a[mid], &a[lo]);
		if (a[hi] < a[lo])
			swapd(&a[hi], &a[lo]);
		if (a[hi] < a[mid])
			swapd(&a[hi], &a[mid]);
		double piv = a[mid];
		long i = lo, j = hi;
		while (i <= j) {
			while (a[i] < piv)
				i++;
			while (a[j] > piv)
				j--;
			if (i <= j) {
				swapd(&a[i], &a[j]);
				i++;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
}

/* Nearest-rank index of quantile q among n values. */
static long rank_of(double q, uint32_t n)
{
	long k = (long)ceil(q * n) - 1;
	return k < 0 ? 0 : k >= (long)n ? (long)n - 1 : k;
}

static void lec(const double *x, uint32_t n, double lo, double hi,
		unsigned npts, ash_fair_stats *st)
{
	uint64_t hist[ASH_FAIR_LEC_MAX + 1] = {0};
	st->n_lec = npts;
	for (unsigned i = 0; i < npts; i++)
		st->lec_x[i] = lo * pow(hi / lo, (double)i / (npts - 1));
	st->lec_x[npts - 1] = hi;
	for (uint32_t y = 0; y < n; y++) {
		unsigned a = 0, b = npts; /* thresholds below x[y]: [0, a) */
		while (a < b) {
			unsigned m = (a + b) / 2;
			if (st->lec_x[m] < x[y])
				a = m + 1;
			else
				b = m;
		}
		hist[a]++;
	}
	/* P(x > lec_x[i]) = years whose value passes threshold i */
	uint64_t above = 0;
	for (unsigned i = npts; i-- > 0;) {
		above += hist[i + 1];
		st->lec_p[i] = (double)above / n;
	}
}

void fair_stats(const double *x, uint32_t n, unsigned lec_points,
		double *scratch, ash_fair_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (n == 0)
		return;
	double sum = 0, max = 0, minpos = INFINITY, ss = 0;
	uint64_t npos = 0;
	for (uint32_t y = 0; y < n; y++) {
		sum += x[y];
		if (x[y] > max)
			max = x[y];
		if (x[y] > 0) {
			npos++;
			if (x[y] < minpos)
				minpos = x[y];
		}
	}
	st->ale = sum / n;
	for (uint32_t y = 0; y < n; y++)
		ss += (x[y] - st->ale) * (x[y] - st->ale);
	st->sd = n > 1 ? sqrt(ss / (n - 1)) : 0;
	st->max = max;
	st->p_loss = (double)npos / n;
	memcpy(scratch, x, sizeof(double) * n);
	long k99 = rank_of(0.99, n), k95 = rank_of(0.95, n), k50 = rank_of(0.5, n);
	select_k(scratch, 0, (long)n - 1, k99);
	select_k(scratch, 0, k99, k95);
	select_k(scratch, 0, k95, k50);
	st->var99 = scratch[k99];
	st->var95 = scratch[k95];
	st->p50 = scratch[k50];
	if (max > 0) {
		double lo = minpos > max * 1e-5 ? minpos : max * 1e-5;
		if (lo >= max)
			lo = max / 10;
		lec(x, n, lo, max, lec_points, st);
	}
}

/* ---- totals and results ---- */

typedef struct tot_ctx {
	const fair_prep *p;
	const double *const *row;
	double *site;  /* [n_active][years], NULL for org only */
	double *org;   /* [years] */
} tot_ctx;

static void tot_part(void *arg, unsigned t, unsigned nt)
{
	tot_ctx *c = arg;
	const fair_prep *p = c->p;
	size_t ys = p->years;
	uint64_t y0, y1;
	part(ys, t, nt, &y0, &y1);
	for (uint64_t y = y0; y < y1; y++)
		c->org[y] = 0;
	if (c->site)
		for (size_t a = 0; a < p->n_active; a++)
			memset(c->site + a * ys + y0, 0, sizeof(double) * (y1 - y0));
	for (size_t s = 0; s < p->m->n_scen; s++) {
		const double *r = c->row[s];
		double *st = c->site ? c->site + p->site_row[p->m->scen[s].site] * ys : NULL;
		for (uint64_t y = y0; y < y1; y++) {
			c->org[y] += r[y];
			if (st)
				st[y] += r[y];
		}
	}
}

typedef struct stats_ctx {
	const fair_prep *p;
	const double **arr;       /* [n] arrays of years values */
	ash_fair_stats **out;     /* [n] */
	size_t n;
	double *scratch;          /* [nt][years] */
} stats_ctx;

static void stats_part(void *arg, unsigned t, unsigned nt)
{
	stats_ctx *c = arg;
	double *scr = c->scratch + (size_t)t * c->p->years;
	for (size_t i = t; i < c->n; i += nt)
		fair_stats(c->arr[i], c->p->years, c->p->lec_points, scr, c->out[i]);
}

static void result_alloc(const fair_prep *p, bool org_only, ash_fair_result *out)
{
	const ash_fair_model *m = p->m;
	memset(out, 0, sizeof(*out));
	out->n_scen = m->n_scen;
	out->n_sites = m->n_sites;
	out->years = p->years;
	out->seed = p->seed;
	if (org_only)
		return;
	out->scen = ash_calloc(m->n_scen, sizeof(ash_fair_stats));
	out->scen_level = ash_calloc(m->n_scen, sizeof(double));
	out->scen_vuln = ash_calloc(m->n_scen, sizeof(double));
	out->site = ash_calloc(m->n_sites, sizeof(ash_fair_stats));
}

void fair_sim_result(const fair_prep *p, const double *const *row,
		     const uint64_t *events, const double *level,
		     const double *vuln, bool org_only, ash_fair_result *out)
{
	const ash_fair_model *m = p->m;
	size_t ys = p->years, na = org_only ? 0 : p->n_active;
	unsigned nt = nthreads(p);
	result_alloc(p, org_only, out);
	tot_ctx tc = {p, row, na ? ash_malloc(sizeof(double) * na * ys) : NULL,
		      ash_malloc(sizeof(double) * ys)};
	par_run(nt, tot_part, &tc);

	size_t n = 1 + (org_only ? 0 : m->n_scen + na);
	stats_ctx sc = {p, ash_calloc(n, sizeof(double *)),
			ash_calloc(n, sizeof(ash_fair_stats *)), n,
			ash_malloc(sizeof(double) * nt * ys)};
	sc.arr[0] = tc.org;
	sc.out[0] = &out->org;
	size_t *active_site = ash_calloc(na ? na : 1, sizeof(size_t));
	for (size_t i = 0; i < m->n_sites && na; i++)
		if (p->site_row[i] != SIZE_MAX)
			active_site[p->site_row[i]] = i;
	for (size_t s = 0; s < n - 1 - na; s++) {
		sc.arr[1 + s] = row[s];
		sc.out[1 + s] = &out->scen[s];
	}
	for (size_t a = 0; a < na; a++) {
		sc.arr[1 + m->n_scen + a] = tc.site + a * ys;
		sc.out[1 + m->n_scen + a] = &out->site[active_site[a]];
	}
	par_run(nt, stats_part, &sc);

	uint64_t total = 0;
	for (size_t s = 0; s < m->n_scen; s++) {
		total += events[s];
		if (org_only)
			continue;
		out->scen[s].events = (double)events[s] / ys;
		out->site[m->scen[s].site].events += (double)events[s] / ys;
		out->scen_level[s] = level[s];
		out->scen_vuln[s] = vuln[s];
	}
	out->org.events = (double)total / ys;
	free(active_site);
	free(sc.arr);
	free(sc.out);
	free(sc.scratch);
	free(tc.site);
	free(tc.org);
}

/* ---- public ---- */

int ash_fair_simulate(const ash_fair_model *m, const ash_fair_opts *o,
		      ash_fair_result *out, ash_err *err)
{
	fair_prep p;
	ash_fair_opts def = {0};
	memset(out, 0, sizeof(*out));
	int rc = fair_prep_init(&p, m, o ? o : &def, 1, err);
	if (rc)
		return rc;
	size_t ns = m->n_scen, ys = p.years;
	size_t *idx = ash_calloc(ns, sizeof(size_t));
	double *rows = ash_malloc(sizeof(double) * ns * ys);
	uint64_t *ev = ash_calloc(ns, sizeof(uint64_t));
	const double **row = ash_calloc(ns, sizeof(double *));
	for (size_t i = 0; i < ns; i++) {
		idx[i] = i;
		row[i] = rows + i * ys;
	}
	fair_sim_rows(&p, idx, p.vuln, ns, rows, ev);
	fair_sim_result(&p, row, ev, p.level, p.vuln, false, out);
	free(row);
	free(ev);
	free(rows);
	free(idx);
	fair_prep_free(&p);
	return 0;
}

void ash_fair_result_free(ash_fair_result *r)
{
	if (!r)
		return;
	free(r->scen);
	free(r->scen_level);
	free(r->scen_vuln);
	free(r->site);
	memset(r, 0, sizeof(*r));
}

double ash_fair_exceed(const ash_fair_stats *s, double x)
{
	if (s->n_lec == 0)
		return 0;
	if (x <= s->lec_x[0])
		return s->lec_p[0];
	if (x >= s->lec_x[s->n_lec - 1])
		return 0;
	unsigned i = 1;
	while (i < s->n_lec && s->lec_x[i] < x)
		i++;
	double x0 = s->lec_x[i - 1], x1 = s->lec_x[i];
	double f = (log(x) - log(x0)) / (log(x1) - log(x0));
	return s->lec_p[i - 1] + f * (s->lec_p[i] - s->lec_p[i - 1]);
}
