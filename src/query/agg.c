/* SPDX-License-Identifier: MIT */
/* agg.c: the aggregate table and distinct-pair set (see agg.h).
 *
 * The table is NPART partitions chosen by the top bits of the key hash,
 * each a lock, an open-addressing index (load <= 1/2; a slot holds 32 bits
 * of the hash and the entry number + 1) and its entries (key and sums side
 * by side) in blocks that never move: block k holds BASE << k entries, so
 * growing copies nothing and a small table stays small.  Pairs (entry,
 * address) for distinct counts live in the partition of their entry.
 *
 * A batch is summed into a dense per-code array first; each touched code
 * is then hashed, the codes are grouped by partition, and each partition
 * is locked once for its group, whose lookups are prefetched a few at a
 * time so their cache misses overlap. */
#include "query/agg.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/xalloc.h"

#define PART_BITS 6
#define NPART (1u << PART_BITS)
#define BASE_BITS 4
#define BASE (1u << BASE_BITS)
#define MAXBLK 40

typedef struct entry {
	ash_aggkey key;
	ash_sums sums;
} entry;

typedef struct pair {
	uint32_t idx1;  /* entry number + 1; 0 = empty slot */
	ash_ip ip;
} pair;

typedef struct tab {
	entry *blk[MAXBLK];
	size_t nblk;
	size_t n;
	uint64_t *index;
	size_t icap;    /* power of two */
	pair *pairs;
	size_t npairs, pcap;
} tab;

struct ash_agg {
	tab part[NPART];
	pthread_mutex_t lock[NPART];
	size_t max_keys, max_pairs;
	atomic_size_t nkeys, npairs;
};

/* per-chunk sums of one code: 40 bytes, so more of them stay cached */
typedef struct lsum {
	uint64_t ob, rb, op, rp;
	uint32_t records;
} lsum;

struct ash_agg_scratch {
	lsum *loc;          /* dense by code, zero between batches */
	uint32_t *touched;
	uint64_t *ref;      /* by code: partition << 32 | entry number */
	size_t loccap;
	uint64_t *lpairs;   /* local (code << 32 | other) + 1, 0 = empty */
	size_t lpcap;
	ash_aggkey *keys;   /* by touched position */
	uint64_t *hash;
	uint32_t *order;    /* touched positions grouped by partition */
	size_t kcap;
	uint64_t *pbuf;     /* local pairs grouped by partition */
	size_t pbcap;
};

/* Large tables are touched at random: ask for huge pages (fewer page
 * faults and TLB misses; a hint the kernel may ignore). */
static void huge(void *p, size_t bytes)
{
	if (bytes < (4u << 20))
		return;
	uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
	uintptr_t e = ((uintptr_t)p + bytes) & ~(uintptr_t)4095;
	if (e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
}

static inline uint64_t sat(uint64_t a, uint64_t b)
{
	uint64_t r;
	return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}

/* splitmix64's finaliser: every input bit reaches every output bit */
static inline uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

/* --------------------------------------------------------------- metrics */

static const char *const metric_names[ASH_M_COUNT_] = {
	"records", "bytes", "packets", "obytes", "rbytes", "opackets",
	"rpackets", "srcs", "dsts",
};

int ash_metric_parse(const char *name, size_t n, int *m, ash_err *err)
{
	for (int i = 0; i < ASH_M_COUNT_; i++)
		if (strlen(metric_names[i]) == n && !memcmp(metric_names[i], name, n)) {
			*m = i;
			return ASH_OK;
		}
	return ash_errf(err, ASH_EUSAGE, "unknown metric '%.*s' (records, bytes, "
			"packets, obytes, rbytes, opackets, rpackets, srcs, dsts)",
			(int)(n > 40 ? 40 : n), name);
}

const char *ash_metric_name(int m)
{
	return m >= 0 && m < ASH_M_COUNT_ ? metric_names[m] : "?";
}

uint64_t ash_metric_value(int m, const ash_sums *s)
{
	switch (m) {
	case ASH_M_RECORDS: return s->records;
	case ASH_M_BYTES: return s->bytes;
	case ASH_M_PACKETS: return s->packets;
	case ASH_M_OBYTES: return s->obytes;
	case ASH_M_RBYTES: return s->rbytes;
	case ASH_M_OPKTS: return s->opkts;
	case ASH_M_RPKTS: return s->rpkts;
	default: return s->distinct;
	}
}

void ash_sums_add(ash_sums *d, const ash_sums *s)
{
	d->records = sat(d->records, s->records);
	d->bytes = sat(d->bytes, s->bytes);
	d->packets = sat(d->packets, s->packets);
	d->obytes = sat(d->obytes, s->obytes);
	d->rbytes = sat(d->rbytes, s->rbytes);
	d->opkts = sat(d->opkts, s->opkts);
	d->rpkts = sat(d->rpkts, s->rpkts);
	d->distinct = sat(d->distinct, s->distinct);
}

/* ------------------------------------------------------------ partitions */

static inline entry *ent(const tab *t, size_t i)
{
	size_t q = (i >> BASE_BITS) + 1;
	unsigned k = 63u - (unsigned)__builtin_clzll(q);
	return &t->blk[k][i - (((size_t)1 << k) - 1) * BASE];
}

static uint64_t key_hash(const ash_aggkey *k)
{
	uint64_t w[4];
	memcpy(w, k->b, sizeof w);
	return mix(w[0] ^ mix(w[1] ^ mix(w[2] ^ mix(w[3] ^ 0x9E3779B97F4A7C15ull))));
}

static inline unsigned part_of(uint64_t h)
{
	return (unsigned)(h >> (64 - PART_BITS));
}

static inline uint64_t slot_of(uint64_t h, size_t i)
{
	return (h & 0xffffffff00000000ull) | (uint64_t)(i + 1);
}

static void tab_init(tab *t)
{
	memset(t, 0, sizeof *t);
	t->icap = 16;
	t->index = ash_calloc(t->icap, sizeof *t->index);
}

static void tab_free(tab *t)
{
	for (size_t b = 0; b < t->nblk; b++)
		free(t->blk[b]);
	free(t->index);
	free(t->pairs);
	memset(t, 0, sizeof *t);
}

static void rehash(tab *t)
{
	size_t cap = t->icap * 2;
	uint64_t *ix = ash_calloc(cap, sizeof *ix);
	huge(ix, cap * sizeof *ix);
	for (size_t i = 0; i < t->n; i++) {
		uint64_t h = key_hash(&ent(t, i)->key);
		size_t p = h & (cap - 1);
		while (ix[p])
			p = (p + 1) & (cap - 1);
		ix[p] = slot_of(h, i);
	}
	free(t->index);
	t->index = ix;
	t->icap = cap;
}

static int room_for_key(ash_agg *a, ash_err *err)
{
	if (atomic_fetch_add(&a->nkeys, 1) < a->max_keys)
		return ASH_OK;
	atomic_fetch_sub(&a->nkeys, 1);
	return ash_errf(err, ASH_ELIMIT, "more than %zu groups (narrow the "
			"filter or the time range)", a->max_keys);
}

/* Entry of key k (hash h) in t, inserted with zero sums when absent.
 * The caller holds t's lock. */
static int find_h(ash_agg *a, tab *t, const ash_aggkey *k, uint64_t h,
		  uint32_t *idx, ash_err *err)
{
	uint64_t hi = h & 0xffffffff00000000ull;
	size_t p = h & (t->icap - 1);
	for (; t->index[p]; p = (p + 1) & (t->icap - 1)) {
		uint64_t e = t->index[p];
		if ((e & 0xffffffff00000000ull) == hi &&
		    !memcmp(ent(t, (uint32_t)e - 1)->key.b, k->b, ASH_AGG_KEYLEN)) {
			*idx = (uint32_t)e - 1;
			return ASH_OK;
		}
	}
	int rc = room_for_key(a, err);
	if (rc)
		return rc;
	size_t q = (t->n >> BASE_BITS) + 1;
	unsigned blk = 63u - (unsigned)__builtin_clzll(q);
	if (blk >= t->nblk) {
		size_t cnt = (size_t)BASE << blk;
		t->blk[blk] = ash_malloc(cnt * sizeof(entry));
		huge(t->blk[blk], cnt * sizeof(entry));
		t->nblk = blk + 1;
	}
	entry *e = ent(t, t->n);
	e->key = *k;
	memset(&e->sums, 0, sizeof e->sums);
	t->index[p] = slot_of(h, t->n);
	*idx = (uint32_t)t->n++;
	if (t->n * 2 > t->icap)
		rehash(t);
	return ASH_OK;
}

/* ----------------------------------------------------------------- pairs */

static uint64_t pair_hash(uint32_t idx1, const ash_ip *ip)
{
	uint64_t w[2];
	memcpy(w, ip->b, sizeof w);
	return mix(w[0] ^ mix(w[1] ^ mix(idx1)));
}

static void pair_rehash(tab *t)
{
	size_t cap = t->pcap ? t->pcap * 2 : 64;
	pair *np = ash_calloc(cap, sizeof *np);
	huge(np, cap * sizeof *np);
	for (size_t i = 0; i < t->pcap; i++) {
		if (!t->pairs[i].idx1)
			continue;
		size_t h = pair_hash(t->pairs[i].idx1, &t->pairs[i].ip) & (cap - 1);
		while (np[h].idx1)
			h = (h + 1) & (cap - 1);
		np[h] = t->pairs[i];
	}
	free(t->pairs);
	t->pairs = np;
	t->pcap = cap;
}

/* Count ip as seen with entry idx of t (caller holds t's lock). */
static int pair_add(ash_agg *a, tab *t, uint32_t idx, const ash_ip *ip,
		    ash_err *err)
{
	if ((t->npairs + 1) * 2 > t->pcap)
		pair_rehash(t);
	uint32_t id1 = idx + 1;
	size_t h = pair_hash(id1, ip) & (t->pcap - 1);
	for (; t->pairs[h].idx1; h = (h + 1) & (t->pcap - 1))
		if (t->pairs[h].idx1 == id1 && ash_ip_eq(&t->pairs[h].ip, ip))
			return ASH_OK;
	if (atomic_fetch_add(&a->npairs, 1) >= a->max_pairs) {
		atomic_fetch_sub(&a->npairs, 1);
		return ash_errf(err, ASH_ELIMIT, "more than %zu distinct address "
				"pairs (narrow the filter or the time range)",
				a->max_pairs);
	}
	t->pairs[h].idx1 = id1;
	t->pairs[h].ip = *ip;
	t->npairs++;
	ent(t, idx)->sums.distinct++;
	return ASH_OK;
}

/* ----------------------------------------------------------------- table */

ash_agg *ash_agg_new(size_t max_keys, size_t max_pairs)
{
	ash_agg *a = ash_calloc(1, sizeof *a);
	a->max_keys = max_keys ? max_keys : ASH_AGG_MAX_KEYS;
	a->max_pairs = max_pairs ? max_pairs : ASH_AGG_MAX_PAIRS;
	atomic_init(&a->nkeys, 0);
	atomic_init(&a->npairs, 0);
	for (unsigned p = 0; p < NPART; p++) {
		tab_init(&a->part[p]);
		pthread_mutex_init(&a->lock[p], NULL);
	}
	return a;
}

void ash_agg_free(ash_agg *a)
{
	if (!a)
		return;
	for (unsigned p = 0; p < NPART; p++) {
		tab_free(&a->part[p]);
		pthread_mutex_destroy(&a->lock[p]);
	}
	free(a);
}

size_t ash_agg_count(const ash_agg *a)
{
	size_t n = 0;
	for (unsigned p = 0; p < NPART; p++)
		n += a->part[p].n;
	return n;
}

bool ash_agg_next(const ash_agg *a, uint64_t *pos, const ash_aggkey **k,
		  const ash_sums **s)
{
	uint64_t p = *pos >> 32, i = *pos & 0xffffffffu;
	while (p < NPART && i >= a->part[p].n)
		p++, i = 0;
	if (p >= NPART)
		return false;
	const entry *e = ent(&a->part[p], (size_t)i);
	*k = &e->key;
	*s = &e->sums;
	*pos = p << 32 | (i + 1);
	return true;
}

/* counter += now - before */
static void adjust(atomic_size_t *c, size_t now, size_t before)
{
	if (now >= before)
		atomic_fetch_add(c, now - before);
	else
		atomic_fetch_sub(c, before - now);
}

/* Fold partition from into partition into (same partition number). */
static int tab_merge(ash_agg *a, tab *into, tab *from, ash_err *err)
{
	if (from->n + from->npairs > into->n + into->npairs) {
		/* keep the larger table; the counters follow the swap */
		adjust(&a->nkeys, from->n, into->n);
		adjust(&a->npairs, from->npairs, into->npairs);
		tab t = *into;
		*into = *from;
		*from = t;
	}
	uint32_t *map = ash_calloc(from->n ? from->n : 1, sizeof *map);
	int rc = ASH_OK;
	for (size_t i = 0; i < from->n && !rc; i++) {
		entry *e = ent(from, i);
		rc = find_h(a, into, &e->key, key_hash(&e->key), &map[i], err);
		if (!rc) {
			ash_sums s = e->sums;
			s.distinct = 0; /* recounted from the pairs below */
			ash_sums_add(&ent(into, map[i])->sums, &s);
		}
	}
	for (size_t i = 0; i < from->pcap && !rc; i++) {
		const pair *q = &from->pairs[i];
		if (q->idx1)
			rc = pair_add(a, into, map[q->idx1 - 1], &q->ip, err);
	}
	free(map);
	return rc;
}

int ash_agg_merge(ash_agg *into, ash_agg *from, ash_err *err)
{
	int rc = ASH_OK;
	for (unsigned p = 0; p < NPART && !rc; p++)
		rc = tab_merge(into, &into->part[p], &from->part[p], err);
	return rc;
}

/* ---------------------------------------------------------------- batches */

ash_agg_scratch *ash_agg_scratch_new(void)
{
	return ash_calloc(1, sizeof(ash_agg_scratch));
}

void ash_agg_scratch_free(ash_agg_scratch *s)
{
	if (!s)
		return;
	free(s->loc);
	free(s->touched);
	free(s->ref);
	free(s->lpairs);
	free(s->keys);
	free(s->hash);
	free(s->order);
	free(s->pbuf);
	free(s);
}

static void prepare(ash_agg_scratch *s, size_t ncodes, size_t nrows, bool pairs)
{
	if (ncodes > s->loccap) {
		s->loc = ash_reallocarray(s->loc, ncodes, sizeof *s->loc);
		memset(s->loc + s->loccap, 0, (ncodes - s->loccap) * sizeof *s->loc);
		s->touched = ash_reallocarray(s->touched, ncodes, sizeof *s->touched);
		s->ref = ash_reallocarray(s->ref, ncodes, sizeof *s->ref);
		s->loccap = ncodes;
	}
	size_t want = 64;
	while (pairs && want < nrows * 2)
		want *= 2;
	if (pairs && want > s->lpcap) {
		free(s->lpairs);
		s->lpairs = ash_malloc(want * sizeof *s->lpairs);
		s->lpcap = want;
	}
	if (pairs)
		memset(s->lpairs, 0, s->lpcap * sizeof *s->lpairs);
}

static void local_pair(ash_agg_scratch *s, uint32_t code, uint32_t other)
{
	uint64_t v = ((uint64_t)code << 32 | other) + 1;
	size_t h = (size_t)(mix(v) & (s->lpcap - 1));
	while (s->lpairs[h] && s->lpairs[h] != v)
		h = (h + 1) & (s->lpcap - 1);
	s->lpairs[h] = v;
}

static inline void sum_row(ash_agg_scratch *s, const ash_batch *b,
			   const ash_agg_group *g, size_t i, size_t *nt)
{
	uint32_t c = g->codes[i];
	if (c >= g->ncodes)
		return;
	lsum *x = &s->loc[c];
	if (!x->records)
		s->touched[(*nt)++] = c;
	x->records++;
	x->ob = sat(x->ob, b->obytes[i]);
	x->rb = sat(x->rb, b->rbytes[i]);
	x->op = sat(x->op, b->opkts[i]);
	x->rp = sat(x->rp, b->rpkts[i]);
	if (g->other && g->other[i] < b->naddrs)
		local_pair(s, c, g->other[i]);
}

/* Sum selected rows into s->loc; returns the number of touched codes. */
static size_t sum_rows(ash_agg_scratch *s, const ash_batch *b,
		       const uint64_t *sel, const ash_agg_group *g)
{
	size_t nt = 0, words = (b->n + 63) / 64;
	for (size_t w = 0; w < words; w++) {
		uint64_t m = sel ? sel[w] : ~0ull;
		size_t base = w * 64, end = b->n - base < 64 ? b->n - base : 64;
		if (end < 64)
			m &= (1ull << end) - 1;
		if (m == ~0ull) { /* every row of the word: no bit scanning */
			for (size_t i = base; i < base + 64; i++)
				sum_row(s, b, g, i, &nt);
			continue;
		}
		while (m) {
			size_t i = base + (size_t)__builtin_ctzll(m);
			m &= m - 1;
			sum_row(s, b, g, i, &nt);
		}
	}
	return nt;
}

/* Keys and hashes of the touched codes, their positions grouped by
 * partition into s->order; start[p] .. start[p + 1] is partition p. */
static void group_keys(ash_agg_scratch *s, const ash_agg_group *g, size_t nt,
		       size_t start[NPART + 1])
{
	size_t cnt[NPART] = {0};
	if (nt > s->kcap) {
		s->keys = ash_reallocarray(s->keys, nt, sizeof *s->keys);
		s->hash = ash_reallocarray(s->hash, nt, sizeof *s->hash);
		s->order = ash_reallocarray(s->order, nt, sizeof *s->order);
		s->kcap = nt;
	}
	for (size_t k = 0; k < nt; k++) {
		g->key_of(g->ctx, s->touched[k], &s->keys[k]);
		s->hash[k] = key_hash(&s->keys[k]);
		cnt[part_of(s->hash[k])]++;
	}
	start[0] = 0;
	for (unsigned p = 0; p < NPART; p++)
		start[p + 1] = start[p] + cnt[p];
	size_t fill[NPART];
	memcpy(fill, start, sizeof fill);
	for (size_t k = 0; k < nt; k++)
		s->order[fill[part_of(s->hash[k])]++] = (uint32_t)k;
}

/* Move the touched codes at order[lo..hi) into partition p of a (locked
 * by the caller), GROUP at a time with their slots and entries
 * prefetched so the misses overlap. */
#define GROUP 16
static int flush_part(ash_agg *a, ash_agg_scratch *s, unsigned p, size_t lo,
		      size_t hi, ash_err *err)
{
	tab *t = &a->part[p];
	for (size_t g0 = lo; g0 < hi; g0 += GROUP) {
		size_t g1 = hi - g0 < GROUP ? hi : g0 + GROUP;
		for (size_t j = g0; j < g1; j++)
			__builtin_prefetch(&t->index[s->hash[s->order[j]] & (t->icap - 1)]);
		for (size_t j = g0; j < g1; j++) {
			uint64_t e = t->index[s->hash[s->order[j]] & (t->icap - 1)];
			if (e) {
				const char *q = (const char *)ent(t, (uint32_t)e - 1);
				__builtin_prefetch(q);
				__builtin_prefetch(q + 64);
			}
		}
		for (size_t j = g0; j < g1; j++) {
			uint32_t k = s->order[j], c = s->touched[k], idx;
			int rc = find_h(a, t, &s->keys[k], s->hash[k], &idx, err);
			if (rc)
				return rc;
			lsum *x = &s->loc[c];
			ash_sums y = {.records = x->records, .obytes = x->ob,
				      .rbytes = x->rb, .opkts = x->op, .rpkts = x->rp,
				      .bytes = sat(x->ob, x->rb),
				      .packets = sat(x->op, x->rp)};
			ash_sums_add(&ent(t, idx)->sums, &y);
			s->ref[c] = (uint64_t)p << 32 | idx;
		}
	}
	return ASH_OK;
}

/* Local distinct pairs into the table, a partition (lock) at a time. */
static int flush_pairs(ash_agg *a, ash_agg_scratch *s, const ash_batch *b,
		       ash_err *err)
{
	size_t cnt[NPART] = {0}, start[NPART + 1], n = 0;
	for (size_t h = 0; h < s->lpcap; h++)
		if (s->lpairs[h])
			cnt[s->ref[(s->lpairs[h] - 1) >> 32] >> 32]++, n++;
	ash_grow((void **)&s->pbuf, &s->pbcap, n ? n : 1, sizeof *s->pbuf);
	start[0] = 0;
	for (unsigned p = 0; p < NPART; p++)
		start[p + 1] = start[p] + cnt[p];
	size_t fill[NPART];
	memcpy(fill, start, sizeof fill);
	for (size_t h = 0; h < s->lpcap; h++)
		if (s->lpairs[h]) {
			uint64_t v = s->lpairs[h] - 1, r = s->ref[v >> 32];
			s->pbuf[fill[r >> 32]++] = (r & 0xffffffffu) << 32 | (uint32_t)v;
		}
	int rc = ASH_OK;
	for (unsigned p = 0; p < NPART && !rc; p++) {
		if (start[p] == start[p + 1])
			continue;
		pthread_mutex_lock(&a->lock[p]);
		for (size_t j = start[p]; j < start[p + 1] && !rc; j++)
			rc = pair_add(a, &a->part[p], (uint32_t)(s->pbuf[j] >> 32),
				      &b->addrs[(uint32_t)s->pbuf[j]], err);
		pthread_mutex_unlock(&a->lock[p]);
	}
	return rc;
}

int ash_agg_add_batch(ash_agg *a, ash_agg_scratch *s, const ash_batch *b,
		      const uint64_t *sel, const ash_agg_group *g,
		      ash_err *err)
{
	size_t start[NPART + 1];
	int rc = ASH_OK;
	prepare(s, g->ncodes, b->n, g->other != NULL);
	size_t nt = sum_rows(s, b, sel, g);
	group_keys(s, g, nt, start);
	for (unsigned p = 0; p < NPART && !rc; p++) {
		if (start[p] == start[p + 1])
			continue;
		pthread_mutex_lock(&a->lock[p]);
		rc = flush_part(a, s, p, start[p], start[p + 1], err);
		pthread_mutex_unlock(&a->lock[p]);
	}
	if (!rc && g->other)
		rc = flush_pairs(a, s, b, err);
	for (size_t k = 0; k < nt; k++) /* keep loc zero for the next batch */
		memset(&s->loc[s->touched[k]], 0, sizeof *s->loc);
	return rc;
}

/* ------------------------------------------------------------ dense codes */

void ash_agg_codes_reset(ash_agg_codes *c, size_t max)
{
	size_t want = 64;
	while (want < max * 2)
		want *= 2;
	if (want > c->cap) {
		free(c->slots);
		free(c->vals);
		c->slots = ash_malloc(want * sizeof *c->slots);
		c->vals = ash_malloc(want / 2 * sizeof *c->vals);
		c->cap = want;
	}
	memset(c->slots, 0, c->cap * sizeof *c->slots);
	c->n = 0;
}

uint32_t ash_agg_codes_get(ash_agg_codes *c, uint64_t v)
{
	size_t h = (size_t)(mix(v) & (c->cap - 1));
	for (; c->slots[h]; h = (h + 1) & (c->cap - 1))
		if (c->vals[c->slots[h] - 1] == v)
			return c->slots[h] - 1;
	c->vals[c->n] = v;
	c->slots[h] = (uint32_t)++c->n;
	return (uint32_t)(c->n - 1);
}

void ash_agg_codes_free(ash_agg_codes *c)
{
	free(c->slots);
	free(c->vals);
	memset(c, 0, sizeof *c);
}
