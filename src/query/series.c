/* SPDX-License-Identifier: MIT */
/* series.c: sums per time bucket (see series.h).
 *
 * A bucket is floor(t_start / step).  Per batch, rows get the code
 * bucket - first bucket of the batch when the batch spans fewer than
 * 2^20 buckets (the usual case: chunks are a few minutes or hours long),
 * else a dense code from a hash of the bucket number.  Keys are the
 * bucket number, big-endian with the sign bit flipped (memcmp order is
 * time order). */
#include "query/series.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define DIRECT_SPAN (1u << 20)

/* What one thread needs to add batches. */
struct ash_series_worker {
	ash_series *s;
	ash_agg_scratch *scratch;
	uint32_t *codes;
	size_t codecap;
	ash_agg_codes hashed;
};

struct ash_series {
	const ash_series_spec *spec;
	ash_agg *agg;
	ash_series_worker *own; /* for ash_series_add */
};

typedef struct keyctx {
	const ash_series_worker *w;
	int64_t base;   /* direct codes: bucket = base + code */
	bool hashed;
} keyctx;

ash_series *ash_series_new(const ash_series_spec *spec)
{
	ash_series *s = ash_calloc(1, sizeof *s);
	s->spec = spec;
	s->agg = ash_agg_new(8, ash_metric_dirs(spec->metric), 0, spec->max_pairs);
	return s;
}

void ash_series_free(ash_series *s)
{
	if (!s)
		return;
	ash_series_worker_free(s->own);
	ash_agg_free(s->agg);
	free(s);
}

ash_series_worker *ash_series_worker_new(ash_series *s)
{
	ash_series_worker *w = ash_calloc(1, sizeof *w);
	w->s = s;
	w->scratch = ash_agg_scratch_new();
	return w;
}

void ash_series_worker_free(ash_series_worker *w)
{
	if (!w)
		return;
	ash_agg_scratch_free(w->scratch);
	ash_agg_codes_free(&w->hashed);
	free(w->codes);
	free(w);
}

unsigned ash_series_columns(const ash_series_spec *spec)
{
	unsigned c = ASH_COL_TIME | ASH_COL_COUNTS;
	if (spec->metric == ASH_M_SRCS || spec->metric == ASH_M_DSTS)
		c |= ASH_COL_ADDR;
	return c;
}

static int64_t bucket_of(int64_t step, int64_t t)
{
	int64_t q = t / step;
	return (t % step < 0) ? q - 1 : q;
}

int64_t ash_series_bucket(const ash_series_spec *spec, int64_t t)
{
	return bucket_of(spec->step, t) * spec->step;
}

static void encode(int64_t bucket, ash_aggkey *k)
{
	uint64_t v = (uint64_t)bucket ^ (1ull << 63);
	memset(k, 0, sizeof *k);
	for (int i = 7; i >= 0; i--, v >>= 8)
		k->b[i] = (uint8_t)v;
}

static int64_t decode(const ash_aggkey *k)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | k->b[i];
	return (int64_t)(v ^ (1ull << 63));
}

static void key_of(const void *ctx, uint32_t code, ash_aggkey *k)
{
	const keyctx *kc = ctx;
	encode(kc->hashed ? (int64_t)kc->w->hashed.vals[code] : kc->base + code, k);
}

static bool selected(const uint64_t *sel, size_t i)
{
	return !sel || (sel[i >> 6] >> (i & 63) & 1);
}

/* Codes of the selected rows; returns the number of codes. */
static size_t make_codes(ash_series_worker *s, const ash_batch *b,
			 const uint64_t *sel, keyctx *kc)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN, step = s->s->spec->step;
	if (b->n > s->codecap) {
		s->codes = ash_reallocarray(s->codes, b->n, sizeof *s->codes);
		s->codecap = b->n;
	}
	for (size_t i = 0; i < b->n; i++)
		if (selected(sel, i)) {
			int64_t q = bucket_of(step, b->t_start[i]);
			lo = q < lo ? q : lo;
			hi = q > hi ? q : hi;
		}
	if (lo > hi)
		return 0;
	kc->base = lo;
	kc->hashed = (uint64_t)hi - (uint64_t)lo >= DIRECT_SPAN;
	if (kc->hashed)
		ash_agg_codes_reset(&s->hashed, b->n);
	for (size_t i = 0; i < b->n; i++) {
		s->codes[i] = UINT32_MAX;
		if (!selected(sel, i))
			continue;
		int64_t q = bucket_of(step, b->t_start[i]);
		s->codes[i] = kc->hashed ? ash_agg_codes_get(&s->hashed, (uint64_t)q)
					 : (uint32_t)(q - lo);
	}
	return kc->hashed ? s->hashed.n : (size_t)(hi - lo) + 1;
}

int ash_series_worker_add(ash_series_worker *w, const ash_batch *b,
			  const uint64_t *sel, ash_err *err)
{
	keyctx kc = {.w = w};
	size_t nc = make_codes(w, b, sel, &kc);
	if (nc == 0)
		return ASH_OK;
	ash_agg_group g = {.codes = w->codes, .ncodes = nc, .key_of = key_of,
			   .ctx = &kc};
	if (w->s->spec->metric == ASH_M_SRCS)
		g.other = b->src_idx;
	else if (w->s->spec->metric == ASH_M_DSTS)
		g.other = b->dst_idx;
	return ash_agg_add_batch(w->s->agg, w->scratch, b, sel, &g, err);
}

int ash_series_add(ash_series *s, const ash_batch *b, const uint64_t *sel,
		   ash_err *err)
{
	if (!s->own)
		s->own = ash_series_worker_new(s);
	return ash_series_worker_add(s->own, b, sel, err);
}

int ash_series_merge(ash_series *into, ash_series *from, ash_err *err)
{
	return ash_agg_merge(into->agg, from->agg, err);
}

int ash_series_result(const ash_series *s, int64_t from, int64_t to,
		      ash_series_point **pts, size_t *np, ash_err *err)
{
	int64_t step = s->spec->step, first = INT64_MAX, last = INT64_MIN;
	ash_aggkey k;
	ash_sums sums;
	uint64_t pos = 0;
	*pts = NULL;
	*np = 0;
	while (ash_agg_next(s->agg, &pos, &k, NULL)) {
		int64_t q = decode(&k);
		first = q < first ? q : first;
		last = q > last ? q : last;
	}
	if (from != INT64_MIN)
		first = bucket_of(step, from);
	if (to == INT64_MIN)
		return ASH_OK;
	if (to != INT64_MAX)
		last = bucket_of(step, to - 1);
	if (first > last)
		return ASH_OK;
	if ((uint64_t)last - (uint64_t)first >= ASH_SERIES_MAX_POINTS)
		return ash_errf(err, ASH_ELIMIT, "series: more than %u buckets "
				"(use a larger --step or a shorter range)",
				ASH_SERIES_MAX_POINTS);
	size_t count = (size_t)(last - first) + 1;
	ash_series_point *p = ash_calloc(count, sizeof *p);
	for (size_t j = 0; j < count; j++)
		if (__builtin_mul_overflow(first + (int64_t)j, step, &p[j].t))
			p[j].t = first < 0 ? INT64_MIN : INT64_MAX;
	pos = 0;
	while (ash_agg_next(s->agg, &pos, &k, &sums)) {
		int64_t q = decode(&k);
		if (q >= first && q <= last)
			p[q - first].sums = sums;
	}
	*pts = p;
	*np = count;
	return ASH_OK;
}
