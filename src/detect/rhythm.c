/* SPDX-License-Identifier: MIT */
/* rhythm.c: contact regularity of (own host, outside peer) pairs
 * (rhythm.h).  Pass 1 tallies the pairs and picks candidates; pass 2
 * collects their contact times (bounded budget) and scores them. */
#include "detect/rhythm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/mix.h"
#include "core/xalloc.h"
#include "query/agg.h"

#define MIN_CONTACTS 20
#define SAMPLE_BUDGET (8u << 20)   /* contact times held at once */
#define MAX_CAND (64u << 10)
#define MERGE_US 1000000

typedef struct sample {
	uint32_t idx;
	uint32_t pad;
	int64_t t;
	uint64_t ob;
} sample;

/* ---- pass 1: contacts per pair, as 64-bit fingerprints (lean) ---- */

/* 64-bit fingerprint of (src, dst, dport, proto): word-wise mixing */
static uint64_t pair_fp(const ash_batch *b, size_t i)
{
	uint64_t w[4];
	memcpy(w, ash_batch_src(b, i)->b, 16);
	memcpy(w + 2, ash_batch_dst(b, i)->b, 16);
	uint64_t h = 0x243f6a8885a308d3ULL ^ ((uint64_t)b->dport[i] << 8 | b->proto[i]);
	for (int k = 0; k < 4; k++)
		h = ash_fmix64(h ^ w[k]) + 0x9e3779b97f4a7c15ULL * (uint64_t)(k + 1);
	return ash_fmix64(h);
}

/* Round A sketch: two rows of saturating byte counters indexed by two
 * hashes of the pair fingerprint (a count-min sketch).  Its estimate is
 * never below the true count, so pairs estimated under MIN_CONTACTS are
 * certainly too rare, and round B counts the others exactly: the exact
 * table holds a few pairs instead of every (host, peer) pair. */
#define CMS_BITS 24
#define CMS_W (1u << CMS_BITS)

static inline uint32_t cms_h(uint64_t fp, int row)
{
	uint64_t x = fp ^ (row ? 0x9e3779b97f4a7c15ULL : 0xc2b2ae3d27d4eb4fULL);
	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 29;
	return (uint32_t)(x & (CMS_W - 1));
}

static inline void cms_add(uint8_t *cms, uint64_t fp, uint64_t n)
{
	for (int r = 0; r < 2; r++) {
		uint8_t *c = &cms[(size_t)r * CMS_W + cms_h(fp, r)];
		*c = (uint8_t)(*c + n > 255 ? 255 : *c + n);
	}
}

static inline unsigned cms_get(const uint8_t *cms, uint64_t fp)
{
	unsigned a = cms[cms_h(fp, 0)], b = cms[CMS_W + cms_h(fp, 1)];
	return a < b ? a : b;
}

typedef struct cnt {
	const ash_detect_ctx *x;
	ash_htab *out;        /* round B: fp -> uint64 records */
	uint8_t *cms;         /* round A result; round B reads it */
	bool round_a;
} cnt;

typedef struct cnt_t {
	cnt *c;
	ash_htab *h;
	uint8_t *cms;         /* round A: this worker's sketch */
	int32_t *own;
	size_t owncap;
	ash_agg_codes codes;  /* per batch: dense codes of the pairs */
	uint64_t *cnt, *row;  /* per code: records; a row holding it */
	size_t cntcap, rowcap;
} cnt_t;

/* a pair as 64 bits within one batch: src and dst dictionary indices,
 * destination port, protocol */
static inline uint64_t pair_key(const ash_batch *b, size_t i)
{
	return (uint64_t)b->src_idx[i] | (uint64_t)b->dst_idx[i] << 17 |
	       (uint64_t)b->dport[i] << 34 | (uint64_t)b->proto[i] << 50;
}

static void *n_new(void *ctx)
{
	cnt_t *t = ash_calloc(1, sizeof *t);
	t->c = ctx;
	if (t->c->round_a)
		t->cms = ash_calloc(2 * (size_t)CMS_W, 1);
	else
		t->h = ash_htab_new(sizeof(uint64_t), sizeof(uint64_t), 0);
	return t;
}

static int n_batch(void *st, const ash_batch *b, const uint64_t *sel,
		   size_t matched, ash_err *err)
{
	(void)matched;
	cnt_t *t = st;
	ash_grow((void **)&t->own, &t->owncap, b->naddrs + 1, sizeof *t->own);
	ash_detect_own_map(t->c->x, b, t->own);
	ash_agg_codes_reset(&t->codes, b->n + 1);
	ash_grow((void **)&t->cnt, &t->cntcap, b->n + 1, sizeof *t->cnt);
	ash_grow((void **)&t->row, &t->rowcap, b->n + 1, sizeof *t->row);
	for (size_t w = 0; w < (b->n + 63) / 64; w++)
		for (uint64_t m = sel[w]; m; m &= m - 1) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(m);
			if (t->own[b->src_idx[i]] < 0 || t->own[b->dst_idx[i]] >= 0)
				continue;
			size_t before = t->codes.n;
			uint32_t c = ash_agg_codes_get(&t->codes, pair_key(b, i));
			if (t->codes.n > before)
				t->cnt[c] = 0, t->row[c] = i;
			t->cnt[c]++;
		}
	for (size_t c = 0; c < t->codes.n; c++) {
		uint64_t f = pair_fp(b, t->row[c]);
		if (t->cms) {
			cms_add(t->cms, f, t->cnt[c]);
			continue;
		}
		if (cms_get(t->c->cms, f) < MIN_CONTACTS)
			continue; /* certainly too few contacts */
		uint64_t *v = ash_htab_get(t->h, &f, NULL);
		if (!v)
			return ash_errf(err, ASH_ELIMIT, "beacon: more than 16 M "
					"outbound pairs: narrow the window");
		*v += t->cnt[c];
	}
	return ASH_OK;
}

static void sum_u64(void *a, const void *b)
{
	*(uint64_t *)a += *(const uint64_t *)b;
}

static int n_merge(void *ctx, void *st, ash_err *err)
{
	cnt *c = ctx;
	cnt_t *t = st;
	if (t->cms) {
		if (!c->cms) {
			c->cms = t->cms;
			t->cms = NULL;
			return ASH_OK;
		}
		for (size_t i = 0; i < 2 * (size_t)CMS_W; i++) {
			unsigned v = (unsigned)c->cms[i] + t->cms[i];
			c->cms[i] = (uint8_t)(v > 255 ? 255 : v);
		}
		return ASH_OK;
	}
	if (!c->out) {
		c->out = t->h;
		t->h = NULL;
		return ASH_OK;
	}
	return ash_htab_merge(c->out, t->h, sum_u64, err);
}

static void n_free(void *st)
{
	cnt_t *t = st;
	ash_htab_free(t->h);
	free(t->cms);
	free(t->own);
	free(t->cnt);
	free(t->row);
	ash_agg_codes_free(&t->codes);
	free(t);
}

typedef struct fpc {
	uint64_t fp, n;
} fpc;

static int cmp_fpc(const void *a, const void *b)
{
	const fpc *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return x->fp < y->fp ? -1 : x->fp > y->fp;
}

/* candidates: pairs with MIN_CONTACTS records or more, fewest records
 * first until the sample budget is spent (sorted: the same choice
 * whatever order the table holds them in); cand maps fp -> index */
static size_t pick(ash_htab *counts, ash_htab *cand)
{
	size_t n = 0, m = 0, pos = 0, budget = 0;
	const void *kp;
	void *vp;
	fpc *v = ash_calloc(ash_htab_count(counts) + 1, sizeof *v);
	while (ash_htab_next(counts, &pos, &kp, &vp))
		if (*(const uint64_t *)vp >= MIN_CONTACTS)
			v[m++] = (fpc){*(const uint64_t *)kp, *(const uint64_t *)vp};
	if (m)
		qsort(v, m, sizeof *v, cmp_fpc);
	for (size_t i = 0; i < m && n < MAX_CAND; i++) {
		if (budget + v[i].n > SAMPLE_BUDGET)
			break;
		uint32_t *idx = ash_htab_get(cand, &v[i].fp, NULL);
		if (!idx)
			break;
		*idx = (uint32_t)n++;
		budget += v[i].n;
	}
	free(v);
	return n;
}

typedef struct coll {
	const ash_detect_ctx *x;
	ash_htab *cand;    /* fingerprint -> uint32 index */
	size_t ncand;
	ash_tkey *keys;    /* per index */
	uint8_t *have;
	sample *v;
	size_t n, cap;
} coll;

typedef struct coll_t {
	coll *c;
	sample *v;
	size_t n, cap;
	ash_tkey *keys;
	uint8_t *have;
	int32_t *own;
	size_t owncap;
	ash_agg_codes codes;  /* per batch: pair codes */
	int64_t *cidx;        /* per code: candidate index, -1 none */
	size_t cidxcap;
} coll_t;

static void *c_new(void *ctx)
{
	coll_t *t = ash_calloc(1, sizeof *t);
	t->c = ctx;
	t->keys = ash_calloc(t->c->ncand + 1, sizeof *t->keys);
	t->have = ash_calloc(t->c->ncand + 1, 1);
	return t;
}

static int c_batch(void *st, const ash_batch *b, const uint64_t *sel,
		   size_t matched, ash_err *err)
{
	(void)matched, (void)err;
	coll_t *t = st;
	ash_grow((void **)&t->own, &t->owncap, b->naddrs + 1, sizeof *t->own);
	ash_detect_own_map(t->c->x, b, t->own);
	ash_agg_codes_reset(&t->codes, b->n + 1);
	ash_grow((void **)&t->cidx, &t->cidxcap, b->n + 1, sizeof *t->cidx);
	for (size_t w = 0; w < (b->n + 63) / 64; w++)
		for (uint64_t m = sel[w]; m; m &= m - 1) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(m);
			if (t->own[b->src_idx[i]] < 0 || t->own[b->dst_idx[i]] >= 0)
				continue;
			size_t before = t->codes.n;
			uint32_t c = ash_agg_codes_get(&t->codes, pair_key(b, i));
			if (t->codes.n > before) {
				uint64_t f = pair_fp(b, i);
				const uint32_t *idx = ash_htab_find(t->c->cand, &f);
				t->cidx[c] = idx ? (int64_t)*idx : -1;
			}
			if (t->cidx[c] < 0)
				continue;
			uint32_t ix = (uint32_t)t->cidx[c];
			if (!t->have[ix]) {
				ash_tkey *k = &t->keys[ix];
				k->a = *ash_batch_src(b, i);
				k->b = *ash_batch_dst(b, i);
				k->port = b->dport[i];
				k->proto = b->proto[i];
				t->have[ix] = 1;
			}
			ash_grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v);
			t->v[t->n++] = (sample){ix, 0, b->t_start[i], b->obytes[i]};
		}
	return ASH_OK;
}

static int c_merge(void *ctx, void *st, ash_err *err)
{
	(void)err;
	coll *c = ctx;
	coll_t *t = st;
	for (size_t i = 0; i < c->ncand; i++)
		if (t->have[i] && !c->have[i])
			c->keys[i] = t->keys[i], c->have[i] = 1;
	if (!t->n)
		return ASH_OK;
	ash_grow((void **)&c->v, &c->cap, c->n + t->n + 1, sizeof *c->v);
	memcpy(c->v + c->n, t->v, t->n * sizeof *t->v);
	c->n += t->n;
	return ASH_OK;
}

static void c_free(void *st)
{
	coll_t *t = st;
	free(t->cidx);
	ash_agg_codes_free(&t->codes);
	free(t->v);
	free(t->keys);
	free(t->have);
	free(t->own);
	free(t);
}

static int cmp_sample(const void *a, const void *b)
{
	const sample *x = a, *y = b;
	if (x->idx != y->idx)
		return x->idx < y->idx ? -1 : 1;
	return x->t < y->t ? -1 : x->t > y->t;
}

static double quant(const double *s, size_t n, double q)
{
	double pos = q * (double)(n - 1);
	size_t i = (size_t)pos;
	double f = pos - (double)i;
	return i + 1 < n ? s[i] * (1 - f) + s[i + 1] * f : s[i];
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* score one pair from its sorted samples */
static void score(ash_rhythm *r, const sample *s, size_t n, bool counted)
{
	int64_t *t = ash_malloc(n * sizeof *t);
	double *ob = ash_malloc(n * sizeof *ob), *d = ash_malloc(n * sizeof *d);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m && s[i].t - t[m - 1] < MERGE_US) {
			ob[m - 1] += (double)s[i].ob;
			continue;
		}
		t[m] = s[i].t;
		ob[m++] = (double)s[i].ob;
	}
	r->contacts = m;
	r->score = 0;
	if (m < MIN_CONTACTS)
		goto out;
	for (size_t i = 1; i < m; i++)
		d[i - 1] = (double)(t[i] - t[i - 1]) / 1e6;
	size_t nd = m - 1;
	qsort(d, nd, sizeof *d, cmp_d);
	double q1 = quant(d, nd, 0.25), q2 = quant(d, nd, 0.5), q3 = quant(d, nd, 0.75);
	r->period = q2;
	r->skew = q3 > q1 ? (q1 + q3 - 2 * q2) / (q3 - q1) : 0;
	r->mad = ash_mad(d, nd, q2);
	double span = (double)(t[m - 1] - t[0]) / 1e6;
	if (q2 <= 0 || span < 10 * q2)
		goto out;
	/* persistence: share of slots (an hour, or 4 periods if longer)
	 * between first and last contact that hold a contact */
	double slot = fmax(3600.0, 4 * q2);
	if (span < 24 * slot)
		slot = fmax(span / 24, 4 * q2);
	size_t ns = (size_t)(span / slot) + 1, hit = 0;
	uint8_t *seen = ash_calloc(ns + 1, 1);
	for (size_t i = 0; i < m; i++) {
		size_t k = (size_t)((double)(t[i] - t[0]) / 1e6 / slot);
		if (k < ns && !seen[k])
			seen[k] = 1, hit++;
	}
	free(seen);
	r->coverage = (double)hit / (double)ns;
	double s_skew = 1 - fmin(1, fabs(r->skew));
	double s_mad = fmax(0, 1 - 2 * r->mad / q2); /* Poisson arrivals: ~0 */
	double sum = s_skew + s_mad + r->coverage, parts = 3;
	r->size_reg = -1;
	if (counted) {
		double med = ash_median(ob, m);
		if (med > 1e6)
			goto out; /* megabytes per contact: bulk or flood, not a beacon */
		if (med > 0) {
			r->size_reg = fmax(0, 1 - ash_mad(ob, m, med) / med);
			sum += r->size_reg;
			parts++;
		}
	}
	r->score = sum / parts;
	r->median_bytes = counted ? ash_median(ob, m) : -1;
out:
	free(t);
	free(ob);
	free(d);
}

static int cmp_score(const void *a, const void *b)
{
	const ash_rhythm *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return memcmp(&x->k, &y->k, sizeof x->k);
}

int ash_rhythm_find(const ash_detect_ctx *x, ash_rhythm **out, size_t *nout,
		    ash_err *err)
{
	cnt n1 = {.x = x, .round_a = true};
	coll c = {.x = x};
	ash_rhythm *r = NULL;
	static const ash_scan_ops ops1 = {n_new, n_batch, n_merge, n_free};
	int rc = ash_detect_scan(x, NULL, ASH_COL_ADDR | ASH_COL_PORTS, &ops1, &n1, err);
	n1.round_a = false;
	if (!rc && n1.cms)
		rc = ash_detect_scan(x, NULL, ASH_COL_ADDR | ASH_COL_PORTS, &ops1, &n1, err);
	free(n1.cms);
	n1.cms = NULL;
	if (rc)
		goto out;
	c.cand = ash_htab_new(sizeof(uint64_t), sizeof(uint32_t), MAX_CAND);
	c.ncand = n1.out ? pick(n1.out, c.cand) : 0;
	ash_htab_free(n1.out);
	n1.out = NULL;
	c.keys = ash_calloc(c.ncand + 1, sizeof *c.keys);
	c.have = ash_calloc(c.ncand + 1, 1);
	if (c.ncand) {
		static const ash_scan_ops ops = {c_new, c_batch, c_merge, c_free};
		rc = ash_detect_scan(x, NULL, ASH_COL_TIME | ASH_COL_ADDR |
				     ASH_COL_PORTS | ASH_COL_COUNTS, &ops, &c, err);
	}
	if (rc)
		goto out;
	r = ash_calloc(c.ncand + 1, sizeof *r);
	if (c.n)
		qsort(c.v, c.n, sizeof *c.v, cmp_sample);
	for (size_t i = 0; i < c.n;) {
		size_t j = i;
		while (j < c.n && c.v[j].idx == c.v[i].idx)
			j++;
		ash_rhythm *ri = &r[c.v[i].idx];
		ri->k = c.keys[c.v[i].idx];
		ri->records = j - i;
		ri->first = c.v[i].t;
		ri->last = c.v[j - 1].t;
		for (size_t k = i; k < j; k++)
			ri->obytes += c.v[k].ob;
		score(ri, &c.v[i], j - i, x->sv.with_pkts > 0);
		i = j;
	}
	size_t m = 0;
	for (size_t i = 0; i < c.ncand; i++)
		if (r[i].score > 0)
			r[m++] = r[i];
	if (m)
		qsort(r, m, sizeof *r, cmp_score);
	*out = r;
	*nout = m;
	r = NULL;
out:
	free(r);
	free(c.v);
	free(c.keys);
	free(c.have);
	ash_htab_free(c.cand);
	ash_htab_free(n1.out);
	return rc;
}

/* own hosts contacting each of peers[0..n): distinct sources per peer */
int ash_rhythm_contacts(const ash_detect_ctx *x, const ash_ip *peers, size_t n,
			ash_htab **out, ash_err *err)
{
	*out = ash_htab_new(sizeof(ash_ip), sizeof(uint64_t), 0);
	if (!n)
		return ASH_OK;
	ash_htab *set = ash_htab_new(sizeof(ash_ip), 1, 0);
	for (size_t i = 0; i < n; i++)
		ash_htab_get(set, &peers[i], NULL);
	ash_htab *h = NULL;
	ash_tally_opts o = {.flags = ASH_T_SRC | ASH_T_DST | ASH_T_OWN_SRC, .dst_in = set};
	int rc = ash_tally_run(x, &o, &h, err);
	ash_htab_free(set);
	size_t pos = 0;
	const void *kp;
	while (!rc && ash_htab_next(h, &pos, &kp, NULL)) {
		uint64_t *c = ash_htab_get(*out, &((const ash_tkey *)kp)->b, NULL);
		if (c)
			(*c)++;
	}
	ash_htab_free(h);
	return rc;
}
