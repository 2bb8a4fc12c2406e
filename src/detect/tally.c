/* SPDX-License-Identifier: MIT */
/* tally.c: grouped sums over a filtered scan (tally.h).  Each worker has
 * its own table; tables fold into the first at the end. */
#include "detect/tally.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "query/agg.h"

typedef struct tally_ctx {
	const ash_detect_ctx *x;
	unsigned flags;
	size_t max;
	ash_tally_keep_fn keep;
	const void *kctx;
	const ash_htab *src_in, *dst_in;
	ash_htab *out;
} tally_ctx;

typedef struct tally_t {
	tally_ctx *c;
	ash_htab *h;
	int32_t *own;
	size_t owncap;
	const int32_t *ownp; /* this batch's own map: own, or shared */
	uint8_t *sin, *din;  /* per dictionary address: in src_in / dst_in */
	size_t sincap, dincap;
	/* per batch: keys as dense codes (dictionary indices, port, proto)
	 * and their sums, folded into h once per key and batch */
	ash_agg_codes codes;
	ash_tval *loc;
	size_t loccap;
} tally_t;

void ash_tally_set_flags(const ash_htab *set, const ash_batch *b, uint8_t *flags)
{
	for (size_t i = 0; i < b->naddrs; i++)
		flags[i] = ash_htab_find(set, &b->addrs[i]) != NULL;
}

static void *t_new(void *ctx)
{
	tally_t *t = ash_calloc(1, sizeof *t);
	t->c = ctx;
	t->h = ash_htab_new(sizeof(ash_tkey), sizeof(ash_tval), t->c->max);
	return t;
}

void ash_tval_merge(void *pa, const void *pb)
{
	ash_tval *a = pa;
	const ash_tval *b = pb;
	a->records += b->records;
	a->obytes += b->obytes;
	a->rbytes += b->rbytes;
	a->opkts += b->opkts;
	a->rpkts += b->rpkts;
	a->counted += b->counted;
	a->bi_obytes += b->bi_obytes;
	a->bi_rbytes += b->bi_rbytes;
	a->syn_only += b->syn_only;
	a->completed += b->completed;
	a->denied += b->denied;
	a->one_way += b->one_way;
	a->dur += b->dur;
	if (b->first < a->first)
		a->first = b->first;
	if (b->last > a->last)
		a->last = b->last;
}

static bool keep(unsigned fl, bool os, bool od)
{
	if ((fl & ASH_T_OWN_SRC) && !os)
		return false;
	if ((fl & ASH_T_OWN_DST) && !od)
		return false;
	if ((fl & ASH_T_OUT_SRC) && os)
		return false;
	if ((fl & ASH_T_OUT_DST) && od)
		return false;
	return true;
}

static void add_row(ash_tval *v, const ash_batch *b, size_t i, bool created)
{
	uint32_t h = b->have[i];
	int64_t t = b->t_start[i];
	if (created)
		v->first = v->last = t;
	v->first = t < v->first ? t : v->first;
	v->last = t > v->last ? t : v->last;
	v->records++;
	v->obytes += b->obytes[i];
	v->rbytes += b->rbytes[i];
	v->opkts += b->opkts[i];
	v->rpkts += b->rpkts[i];
	v->counted += !!(h & (ASH_HAVE_OPKTS | ASH_HAVE_RPKTS));
	if ((h & ASH_HAVE_OBYTES) && (h & ASH_HAVE_RBYTES)) {
		v->bi_obytes += b->obytes[i];
		v->bi_rbytes += b->rbytes[i];
	}
	v->denied += b->action[i] == ASH_ACT_DENY || b->action[i] == ASH_ACT_DROP;
	if ((h & ASH_HAVE_END) && b->t_end[i] > t)
		v->dur += b->t_end[i] - t;
	if (!ash_format_bidir(b->format[i]))
		return;
	if ((h & ASH_HAVE_OPKTS) && (h & ASH_HAVE_RPKTS) && b->opkts[i] && !b->rpkts[i])
		v->one_way++;
	if (b->proto[i] == 6 && (h & ASH_HAVE_FLAGS)) {
		uint8_t f = b->tcp_flags[i];
		/* flags are the union of both directions: an answered SYN
		 * shows ACK too, so a bare SYN is also one or two small
		 * packets from the originator */
		bool bare = (h & ASH_HAVE_OPKTS) && b->opkts[i] <= 2 &&
			    b->obytes[i] <= 80 * b->opkts[i];
		bool half = (f & ASH_TCP_SYN) && (!(f & ASH_TCP_ACK) || bare);
		v->syn_only += half;
		v->completed += (f & ASH_TCP_SYN) && (f & ASH_TCP_ACK) && !half;
	}
}

static uint16_t bucket(const ash_survey *sv, int64_t t)
{
	int64_t k = sv->step ? (t - sv->b0) / sv->step : 0;
	return k < 0 ? 0 : k > 65535 ? 65535 : (uint16_t)k;
}

/* the row's key as 64 bits: src index (17), dst index (17), port or
 * bucket (16), protocol (8); fields the flags leave out are 0 */
static uint64_t key64(const tally_t *t, const ash_batch *b, size_t i)
{
	unsigned fl = t->c->flags;
	uint64_t k = 0;
	if (fl & ASH_T_SRC)
		k |= (uint64_t)b->src_idx[i];
	if (fl & ASH_T_DST)
		k |= (uint64_t)b->dst_idx[i] << 17;
	if (fl & ASH_T_BUCKET)
		k |= (uint64_t)bucket(&t->c->x->sv, b->t_start[i]) << 34;
	else if (fl & ASH_T_DPORT)
		k |= (uint64_t)b->dport[i] << 34;
	else if (fl & ASH_T_SPORT)
		k |= (uint64_t)b->sport[i] << 34;
	if (fl & ASH_T_PROTO)
		k |= (uint64_t)b->proto[i] << 50;
	return k;
}

static void unkey(const tally_t *t, const ash_batch *b, uint64_t k, ash_tkey *out)
{
	unsigned fl = t->c->flags;
	memset(out, 0, sizeof *out);
	if (fl & ASH_T_SRC)
		out->a = b->addrs[k & 0x1ffff];
	if (fl & ASH_T_DST)
		out->b = b->addrs[(k >> 17) & 0x1ffff];
	out->port = (uint16_t)(k >> 34);
	out->proto = (uint8_t)(k >> 50);
}

static bool row_wanted(tally_t *t, const ash_batch *b, size_t i)
{
	if ((t->sin && !t->sin[b->src_idx[i]]) || (t->din && !t->din[b->dst_idx[i]]))
		return false;
	bool os = t->ownp[b->src_idx[i]] >= 0, od = t->ownp[b->dst_idx[i]] >= 0;
	return keep(t->c->flags, os, od) &&
	       (!t->c->keep || t->c->keep(t->c->kctx, b, i));
}

/* own: the batch's own map when the caller has it (NULL: made here);
 * the dense keys are sized by the rows the filter selected */
static void prepare(tally_t *t, const ash_batch *b, size_t matched,
		    const int32_t *own)
{
	if (!own) {
		ash_grow((void **)&t->own, &t->owncap, b->naddrs + 1, sizeof *t->own);
		ash_detect_own_map(t->c->x, b, t->own);
		own = t->own;
	}
	t->ownp = own;
	if (t->c->src_in) {
		ash_grow((void **)&t->sin, &t->sincap, b->naddrs + 1, 1);
		ash_tally_set_flags(t->c->src_in, b, t->sin);
	}
	if (t->c->dst_in) {
		ash_grow((void **)&t->din, &t->dincap, b->naddrs + 1, 1);
		ash_tally_set_flags(t->c->dst_in, b, t->din);
	}
	size_t n = matched < b->n ? matched : b->n;
	ash_agg_codes_reset(&t->codes, n + 1);
	ash_grow((void **)&t->loc, &t->loccap, n + 1, sizeof *t->loc);
}

static int t_batch_own(tally_t *t, const ash_batch *b, const uint64_t *sel,
		       size_t matched, const int32_t *own, ash_err *err)
{
	prepare(t, b, matched, own);
	for (size_t w = 0; w < (b->n + 63) / 64; w++)
		for (uint64_t m = sel[w]; m; m &= m - 1) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(m);
			if (!row_wanted(t, b, i))
				continue;
			size_t before = t->codes.n;
			uint32_t c = ash_agg_codes_get(&t->codes, key64(t, b, i));
			bool created = t->codes.n > before;
			if (created)
				memset(&t->loc[c], 0, sizeof t->loc[c]);
			add_row(&t->loc[c], b, i, created);
		}
	for (size_t c = 0; c < t->codes.n; c++) {
		ash_tkey k;
		unkey(t, b, t->codes.vals[c], &k);
		bool created;
		ash_tval *v = ash_htab_get(t->h, &k, &created);
		if (!v)
			return ash_errf(err, ASH_ELIMIT, "more than %zu groups: narrow "
					"the window (--from/--to)", t->c->max);
		if (created)
			*v = t->loc[c];
		else
			ash_tval_merge(v, &t->loc[c]);
	}
	return ASH_OK;
}

static int t_batch(void *st, const ash_batch *b, const uint64_t *sel,
		   size_t matched, ash_err *err)
{
	return t_batch_own(st, b, sel, matched, NULL, err);
}

static int t_merge(void *ctx, void *st, ash_err *err)
{
	tally_ctx *c = ctx;
	tally_t *t = st;
	if (!c->out) {
		c->out = t->h;
		t->h = NULL;
		return ASH_OK;
	}
	return ash_htab_merge(c->out, t->h, ash_tval_merge, err);
}

static void t_free(void *st)
{
	tally_t *t = st;
	ash_htab_free(t->h);
	free(t->own);
	free(t->sin);
	free(t->din);
	free(t->loc);
	ash_agg_codes_free(&t->codes);
	free(t);
}

int ash_tally(const ash_detect_ctx *x, const char *filter, unsigned flags,
	      size_t max_keys, ash_htab **out, ash_err *err)
{
	return ash_tally_ex(x, filter, flags, NULL, NULL, max_keys, out, err);
}

int ash_tally_ex(const ash_detect_ctx *x, const char *filter, unsigned flags,
		 ash_tally_keep_fn keepf, const void *kctx, size_t max_keys,
		 ash_htab **out, ash_err *err)
{
	ash_tally_opts o = {.filter = filter, .flags = flags, .keep = keepf,
			    .kctx = kctx, .max_keys = max_keys};
	return ash_tally_run(x, &o, out, err);
}

int ash_tally_run(const ash_detect_ctx *x, const ash_tally_opts *o,
		  ash_htab **out, ash_err *err)
{
	const char *filter = o->filter;
	size_t max_keys = o->max_keys;
	tally_ctx c = {.x = x, .flags = o->flags, .keep = o->keep, .kctx = o->kctx,
		       .src_in = o->src_in, .dst_in = o->dst_in,
		       .max = max_keys ? max_keys : (16u << 20)};
	static const ash_scan_ops ops = {t_new, t_batch, t_merge, t_free};
	int rc = ash_detect_scan(x, filter, ASH_COL_TIME | ASH_COL_ADDR |
				 ASH_COL_PORTS | ASH_COL_COUNTS | ASH_COL_PROV,
				 &ops, &c, err);
	if (rc) {
		ash_htab_free(c.out);
		return rc;
	}
	if (!c.out)
		c.out = ash_htab_new(sizeof(ash_tkey), sizeof(ash_tval), c.max);
	*out = c.out;
	return ASH_OK;
}

/* ---- several tallies in one scan ---- */

typedef struct many_ctx {
	tally_ctx *c;
	size_t n;
} many_ctx;

typedef struct many_t {
	void **t;
	size_t n;
	int32_t *own;    /* the batch's own map, made once for all tallies */
	size_t owncap;
} many_t;

static void *m_new(void *ctx)
{
	many_ctx *m = ctx;
	many_t *t = ash_calloc(1, sizeof *t);
	t->n = m->n;
	t->t = ash_calloc(m->n, sizeof *t->t);
	for (size_t i = 0; i < m->n; i++)
		t->t[i] = t_new(&m->c[i]);
	return t;
}

static int m_batch(void *st, const ash_batch *b, const uint64_t *sel,
		   size_t matched, ash_err *err)
{
	many_t *t = st;
	int rc = ASH_OK;
	if (!t->n)
		return rc;
	ash_grow((void **)&t->own, &t->owncap, b->naddrs + 1, sizeof *t->own);
	ash_detect_own_map(((tally_t *)t->t[0])->c->x, b, t->own);
	for (size_t i = 0; i < t->n && !rc; i++)
		rc = t_batch_own(t->t[i], b, sel, matched, t->own, err);
	return rc;
}

static int m_merge(void *ctx, void *st, ash_err *err)
{
	many_ctx *m = ctx;
	many_t *t = st;
	int rc = ASH_OK;
	for (size_t i = 0; i < t->n && !rc; i++)
		rc = t_merge(&m->c[i], t->t[i], err);
	return rc;
}

static void m_free(void *st)
{
	many_t *t = st;
	for (size_t i = 0; i < t->n; i++)
		t_free(t->t[i]);
	free(t->t);
	free(t->own);
	free(t);
}

int ash_tally_many(const ash_detect_ctx *x, const char *filter,
		   const ash_tally_opts *o, size_t n, ash_htab **out, ash_err *err)
{
	many_ctx m = {.c = ash_calloc(n + 1, sizeof *m.c), .n = n};
	for (size_t i = 0; i < n; i++)
		m.c[i] = (tally_ctx){.x = x, .flags = o[i].flags, .keep = o[i].keep,
				     .kctx = o[i].kctx, .src_in = o[i].src_in,
				     .dst_in = o[i].dst_in,
				     .max = o[i].max_keys ? o[i].max_keys : (16u << 20)};
	static const ash_scan_ops ops = {m_new, m_batch, m_merge, m_free};
	int rc = ash_detect_scan(x, filter, ASH_COL_TIME | ASH_COL_ADDR |
				 ASH_COL_PORTS | ASH_COL_COUNTS | ASH_COL_PROV,
				 &ops, &m, err);
	for (size_t i = 0; i < n; i++) {
		if (rc) {
			ash_htab_free(m.c[i].out);
			out[i] = NULL;
			continue;
		}
		out[i] = m.c[i].out ? m.c[i].out
			 : ash_htab_new(sizeof(ash_tkey), sizeof(ash_tval), m.c[i].max);
	}
	free(m.c);
	return rc;
}
