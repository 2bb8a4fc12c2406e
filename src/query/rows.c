/* SPDX-License-Identifier: MIT */
/* rows.c: copied query rows, a heap by (start time, arrival) and the
 * string pool (see rows.h). */
#include "query/rows.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

typedef struct pstr {
	char *p;
	uint32_t n;
} pstr;

/* heap entry: the order key and where the row lives */
typedef struct hkey {
	int64_t t;
	uint64_t seq;
	uint32_t slot;
} hkey;

struct ash_rows {
	size_t limit, max_pending;
	hkey *heap;          /* min-heap (streaming) or max-heap (limit) */
	size_t n, cap;
	ash_qrow *store;     /* rows by slot */
	size_t nstore, scap;
	uint32_t *freed;     /* slots free for reuse */
	size_t nfreed, fcap;
	uint64_t seq;
	bool finished;
	size_t cursor;       /* limit mode after finish */
	ash_qrow cur;
	pstr *pool;          /* open addressing, 2^k slots */
	size_t pooln, poolcap, poolbytes;
};

ash_rows *ash_rows_new(size_t limit, size_t max_pending)
{
	ash_rows *r = ash_calloc(1, sizeof *r);
	r->limit = limit;
	r->max_pending = max_pending ? max_pending : ASH_ROWS_MAX_PENDING;
	return r;
}

void ash_rows_free(ash_rows *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->poolcap; i++)
		free(r->pool[i].p);
	free(r->pool);
	free(r->heap);
	free(r->store);
	free(r->freed);
	free(r);
}

size_t ash_rows_pending(const ash_rows *r)
{
	return r->finished ? r->n - r->cursor : r->n;
}

/* --------------------------------------------------------------- strings */

static uint64_t str_hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)p[i]) * 1099511628211ull;
	return h;
}

static void pool_grow(ash_rows *r)
{
	size_t cap = r->poolcap ? r->poolcap * 2 : 256;
	pstr *np = ash_calloc(cap, sizeof *np);
	for (size_t i = 0; i < r->poolcap; i++) {
		if (!r->pool[i].p)
			continue;
		size_t h = str_hash(r->pool[i].p, r->pool[i].n) & (cap - 1);
		while (np[h].p)
			h = (h + 1) & (cap - 1);
		np[h] = r->pool[i];
	}
	free(r->pool);
	r->pool = np;
	r->poolcap = cap;
}

/* Pool copy of s (n == 0: the unknown string). */
static int intern(ash_rows *r, ash_str s, ash_str *out, ash_err *err)
{
	*out = (ash_str){"", 0};
	if (s.n == 0)
		return ASH_OK;
	if ((r->pooln + 1) * 2 > r->poolcap)
		pool_grow(r);
	size_t h = str_hash(s.p, s.n) & (r->poolcap - 1);
	for (; r->pool[h].p; h = (h + 1) & (r->poolcap - 1))
		if (r->pool[h].n == s.n && !memcmp(r->pool[h].p, s.p, s.n)) {
			*out = (ash_str){r->pool[h].p, s.n};
			return ASH_OK;
		}
	if (r->poolbytes + s.n > ASH_ROWS_MAX_POOL)
		return ash_errf(err, ASH_ELIMIT, "query: more than %u bytes of "
				"distinct strings", ASH_ROWS_MAX_POOL);
	r->pool[h].p = ash_strndup(s.p, s.n);
	r->pool[h].n = s.n;
	r->pooln++;
	r->poolbytes += s.n;
	*out = (ash_str){r->pool[h].p, s.n};
	return ASH_OK;
}

/* ------------------------------------------------------------------ heap */

/* < 0 when a comes before b in time order */
static int order(const hkey *a, const hkey *b)
{
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* true when a belongs above b in this heap */
static bool above(const ash_rows *r, const hkey *a, const hkey *b)
{
	int c = order(a, b);
	return r->limit ? c > 0 : c < 0;
}

static void swap(hkey *a, hkey *b)
{
	hkey t = *a;
	*a = *b;
	*b = t;
}

static void sift_up(ash_rows *r, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!above(r, &r->heap[i], &r->heap[p]))
			return;
		swap(&r->heap[i], &r->heap[p]);
		i = p;
	}
}

static void sift_down(ash_rows *r, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, c = l + 1, w = i;
		if (l < n && above(r, &r->heap[l], &r->heap[w]))
			w = l;
		if (c < n && above(r, &r->heap[c], &r->heap[w]))
			w = c;
		if (w == i)
			return;
		swap(&r->heap[i], &r->heap[w]);
		i = w;
	}
}

static uint32_t slot_new(ash_rows *r)
{
	if (r->nfreed)
		return r->freed[--r->nfreed];
	ash_grow((void **)&r->store, &r->scap, r->nstore + 1, sizeof *r->store);
	return (uint32_t)r->nstore++;
}

static void slot_free(ash_rows *r, uint32_t slot)
{
	ash_grow((void **)&r->freed, &r->fcap, r->nfreed + 1, sizeof *r->freed);
	r->freed[r->nfreed++] = slot;
}

/* ------------------------------------------------------------------ rows */

static int copy_row(ash_rows *r, const ash_batch *b, size_t i, ash_qrow *q,
		    ash_err *err)
{
	static const ash_ip zero;
	memset(q, 0, sizeof *q);
	q->t_start = b->t_start[i];
	q->t_end = b->t_end[i];
	q->tz_off = b->tz_off[i];
	q->have = b->have[i];
	q->src = b->src_idx[i] < b->naddrs ? b->addrs[b->src_idx[i]] : zero;
	q->dst = b->dst_idx[i] < b->naddrs ? b->addrs[b->dst_idx[i]] : zero;
	q->sport = b->sport[i], q->dport = b->dport[i];
	q->proto = b->proto[i], q->tcp_flags = b->tcp_flags[i];
	q->action = b->action[i], q->format = b->format[i];
	q->obytes = b->obytes[i], q->rbytes = b->rbytes[i];
	q->opkts = b->opkts[i], q->rpkts = b->rpkts[i];
	q->sampling = b->sampling ? b->sampling[i] : 0;
	q->src_line = b->src_line[i];
	q->chunk = b->chunk, q->evidence = b->evidence, q->site = b->site;
	q->seq = r->seq++;
	const uint32_t *col[4] = {b->in_if, b->out_if, b->rule, b->note};
	ash_str *dst[4] = {&q->in_if, &q->out_if, &q->rule, &q->note};
	for (int k = 0; k < 4; k++) {
		ash_str s = col[k] && col[k][i] < b->nstrs ? b->strs[col[k][i]]
							   : (ash_str){"", 0};
		int rc = intern(r, s, dst[k], err);
		if (rc)
			return rc;
	}
	return ASH_OK;
}

/* Room for one more row: the slot to copy it into, or false when it
 * cannot be kept (limit mode: later than every kept row). */
static int reserve(ash_rows *r, int64_t t, uint32_t *slot, bool *keep,
		   ash_err *err)
{
	hkey k = {t, r->seq, 0};
	*keep = true;
	if (r->limit && r->n == r->limit) {
		*keep = order(&k, &r->heap[0]) < 0;
		*slot = r->heap[0].slot; /* replaces the latest kept row */
		return ASH_OK;
	}
	if (!r->limit && r->n >= r->max_pending)
		return ash_errf(err, ASH_ELIMIT, "query: more than %zu records wait "
				"to be put in time order (chunks overlap in time); "
				"use --limit or narrow the filter or time range",
				r->max_pending);
	*slot = slot_new(r);
	return ASH_OK;
}

static void push(ash_rows *r, const ash_qrow *q, uint32_t slot)
{
	hkey k = {q->t_start, q->seq, slot};
	if (r->limit && r->n == r->limit) {
		r->heap[0] = k;
		sift_down(r, r->n, 0);
		return;
	}
	ash_grow((void **)&r->heap, &r->cap, r->n + 1, sizeof *r->heap);
	r->heap[r->n++] = k;
	sift_up(r, r->n - 1);
}

int ash_rows_add(ash_rows *r, const ash_batch *b, const uint64_t *sel,
		 ash_err *err)
{
	for (size_t i = 0; i < b->n; i++) {
		if (sel && !(sel[i >> 6] >> (i & 63) & 1))
			continue;
		uint32_t slot = 0;
		bool keep;
		int rc = reserve(r, b->t_start[i], &slot, &keep, err);
		if (rc)
			return rc;
		if (!keep)
			continue;
		if ((rc = copy_row(r, b, i, &r->store[slot], err)))
			return rc;
		push(r, &r->store[slot], slot);
	}
	return ASH_OK;
}

bool ash_rows_done_before(const ash_rows *r, int64_t t)
{
	return r->limit && r->n == r->limit && r->heap[0].t <= t;
}

void ash_rows_finish(ash_rows *r)
{
	if (!r->limit || r->finished)
		return;
	/* heap sort of the max-heap: ascending order */
	for (size_t end = r->n; end > 1; end--) {
		swap(&r->heap[0], &r->heap[end - 1]);
		sift_down(r, end - 1, 0);
	}
	r->finished = true;
	r->cursor = 0;
}

const ash_qrow *ash_rows_next(ash_rows *r, int64_t watermark)
{
	if (r->limit) {
		if (!r->finished || r->cursor >= r->n)
			return NULL;
		return &r->store[r->heap[r->cursor++].slot];
	}
	if (r->n == 0 || r->heap[0].t >= watermark)
		return NULL;
	uint32_t slot = r->heap[0].slot;
	r->cur = r->store[slot];
	slot_free(r, slot);
	r->heap[0] = r->heap[--r->n];
	sift_down(r, r->n, 0);
	return &r->cur;
}
