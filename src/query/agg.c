/* SPDX-License-Identifier: MIT */
/* agg.c: the mergeable aggregate table and distinct-pair set (agg.h).
 *
 * Table: keys and sums in arrays (stable indices, insertion order) and
 * an open-addressing index of uint32 (index + 1, 0 = empty), load <= 1/2.
 * Pairs: open addressing over {entry index + 1, address}, load <= 1/2.
 * Per batch, rows are summed into a dense array indexed by the caller's
 * code and each touched code is moved into the table once. */
#include "query/agg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/xalloc.h"

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

typedef struct pair {
	uint32_t idx1;  /* entry index + 1; 0 = empty slot */
	ash_ip ip;
} pair;

typedef struct entry {
	ash_aggkey key;
	ash_sums sums;
} entry;

/* Entries live in blocks that never move: growing copies nothing and
 * touches each page once. */
#define BLOCK_BITS 15
#define BLOCK (1u << BLOCK_BITS)

struct ash_agg {
	entry **blk;        /* key and sums side by side: one miss, not two */
	size_t nblk, blkcap;
	size_t n, max_keys;
	uint64_t *index;    /* see slot_of */
	size_t icap;        /* power of two */
	pair *pairs;
	size_t npairs, pcap, max_pairs;
};

static inline entry *ent(const ash_agg *a, size_t i)
{
	return &a->blk[i >> BLOCK_BITS][i & (BLOCK - 1)];
}

/* per-chunk sums of one code: 40 bytes, so more of them stay cached */
typedef struct lsum {
	uint64_t ob, rb, op, rp;
	uint32_t records;
} lsum;

struct ash_agg_scratch {
	lsum *loc;          /* dense by code, zero between batches */
	size_t loccap;
	uint32_t *touched, *map;
	size_t tcap, mapcap;
	uint64_t *lpairs;   /* local (code << 32 | other) + 1, 0 = empty */
	size_t lpcap;
	ash_aggkey *keys;   /* keys of the touched codes */
	uint32_t *idx;      /* their entries */
	size_t kcap;
};

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

static inline uint64_t sat(uint64_t a, uint64_t b)
{
	uint64_t r;
	return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
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

/* ----------------------------------------------------------------- table */

ash_agg *ash_agg_new(size_t max_keys, size_t max_pairs)
{
	ash_agg *a = ash_calloc(1, sizeof *a);
	a->max_keys = max_keys ? max_keys : ASH_AGG_MAX_KEYS;
	a->max_pairs = max_pairs ? max_pairs : ASH_AGG_MAX_PAIRS;
	a->icap = 64;
	a->index = ash_calloc(a->icap, sizeof *a->index);
	return a;
}

void ash_agg_free(ash_agg *a)
{
	if (!a)
		return;
	for (size_t b = 0; b < a->nblk; b++)
		free(a->blk[b]);
	free(a->blk);
	free(a->index);
	free(a->pairs);
	free(a);
}

size_t ash_agg_count(const ash_agg *a)
{
	return a->n;
}

const ash_aggkey *ash_agg_key(const ash_agg *a, size_t i)
{
	return &ent(a, i)->key;
}

const ash_sums *ash_agg_sums(const ash_agg *a, size_t i)
{
	return &ent(a, i)->sums;
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

static uint64_t key_hash(const ash_aggkey *k)
{
	uint64_t w[4];
	memcpy(w, k->b, sizeof w);
	return mix(w[0] ^ mix(w[1] ^ mix(w[2] ^ mix(w[3] ^ 0x9E3779B97F4A7C15ull))));
}

/* index slot: high 32 bits of the hash, low 32 bits entry index + 1 */
static inline uint64_t slot_of(uint64_t h, size_t i)
{
	return (h & 0xffffffff00000000ull) | (uint64_t)(i + 1);
}

static void rehash(ash_agg *a)
{
	size_t cap = a->icap * 2;
	uint64_t *ix = ash_calloc(cap, sizeof *ix);
	huge(ix, cap * sizeof *ix);
	for (size_t i = 0; i < a->n; i++) {
		uint64_t h = key_hash(&ent(a, i)->key);
		size_t p = h & (cap - 1);
		while (ix[p])
			p = (p + 1) & (cap - 1);
		ix[p] = slot_of(h, i);
	}
	free(a->index);
	a->index = ix;
	a->icap = cap;
}

static int find_h(ash_agg *a, const ash_aggkey *k, uint64_t h, uint32_t *idx,
		  ash_err *err)
{
	uint64_t hi = h & 0xffffffff00000000ull;
	size_t p = h & (a->icap - 1);
	for (; a->index[p]; p = (p + 1) & (a->icap - 1)) {
		uint64_t e = a->index[p];
		uint32_t i = (uint32_t)e - 1;
		if ((e & 0xffffffff00000000ull) == hi &&
		    !memcmp(ent(a, i)->key.b, k->b, ASH_AGG_KEYLEN)) {
			*idx = i;
			return ASH_OK;
		}
	}
	if (a->n >= a->max_keys)
		return ash_errf(err, ASH_ELIMIT, "more than %zu groups (narrow "
				"the filter or the time range)", a->max_keys);
	if ((a->n >> BLOCK_BITS) >= a->nblk) {
		ash_grow((void **)&a->blk, &a->blkcap, a->nblk + 1, sizeof *a->blk);
		a->blk[a->nblk] = ash_malloc(BLOCK * sizeof(entry));
		huge(a->blk[a->nblk], BLOCK * sizeof(entry));
		a->nblk++;
	}
	entry *e = ent(a, a->n);
	e->key = *k;
	memset(&e->sums, 0, sizeof e->sums);
	a->index[p] = slot_of(h, a->n);
	*idx = (uint32_t)a->n++;
	if (a->n * 2 > a->icap)
		rehash(a);
	return ASH_OK;
}

int ash_agg_find(ash_agg *a, const ash_aggkey *k, uint32_t *idx, ash_err *err)
{
	return find_h(a, k, key_hash(k), idx, err);
}

/* Find (or insert) n keys laid out stride bytes apart, into idx[].  The
 * tables are far larger than the caches and each lookup is two dependent
 * misses (index slot, then entry): hashing a group first and prefetching
 * its slots, then its entries, lets the misses overlap. */
#define GROUP 16
static int find_many(ash_agg *a, const void *keys, size_t stride, size_t n,
		     uint32_t *idx, ash_err *err)
{
	uint64_t h[GROUP];
	const uint8_t *base = keys;
	for (size_t g = 0; g < n; g += GROUP) {
		size_t m = n - g < GROUP ? n - g : GROUP;
		for (size_t j = 0; j < m; j++) {
			h[j] = key_hash((const ash_aggkey *)(base + (g + j) * stride));
			__builtin_prefetch(&a->index[h[j] & (a->icap - 1)]);
		}
		for (size_t j = 0; j < m; j++) {
			uint64_t e = a->index[h[j] & (a->icap - 1)];
			if (e) {
				const char *p = (const char *)ent(a, (uint32_t)e - 1);
				__builtin_prefetch(p);
				__builtin_prefetch(p + 64);
			}
		}
		for (size_t j = 0; j < m; j++) {
			int rc = find_h(a, (const ash_aggkey *)(base + (g + j) * stride),
					h[j], &idx[g + j], err);
			if (rc)
				return rc;
		}
	}
	return ASH_OK;
}

/* ----------------------------------------------------------------- pairs */

static uint64_t pair_hash(uint32_t idx, const ash_ip *ip)
{
	uint64_t w[2];
	memcpy(w, ip->b, sizeof w);
	return mix(w[0] ^ mix(w[1] ^ mix(idx)));
}

static void pair_rehash(ash_agg *a)
{
	size_t cap = a->pcap ? a->pcap * 2 : 1024;
	pair *p = ash_calloc(cap, sizeof *p);
	huge(p, cap * sizeof *p);
	for (size_t i = 0; i < a->pcap; i++) {
		if (!a->pairs[i].idx1)
			continue;
		size_t h = pair_hash(a->pairs[i].idx1, &a->pairs[i].ip) & (cap - 1);
		while (p[h].idx1)
			h = (h + 1) & (cap - 1);
		p[h] = a->pairs[i];
	}
	free(a->pairs);
	a->pairs = p;
	a->pcap = cap;
}

int ash_agg_pair(ash_agg *a, uint32_t idx, const ash_ip *ip, ash_err *err)
{
	if ((a->npairs + 1) * 2 > a->pcap)
		pair_rehash(a);
	uint32_t id1 = idx + 1;
	size_t h = pair_hash(id1, ip) & (a->pcap - 1);
	for (; a->pairs[h].idx1; h = (h + 1) & (a->pcap - 1))
		if (a->pairs[h].idx1 == id1 && ash_ip_eq(&a->pairs[h].ip, ip))
			return ASH_OK;
	if (a->npairs >= a->max_pairs)
		return ash_errf(err, ASH_ELIMIT, "more than %zu distinct address "
				"pairs (narrow the filter or the time range)",
				a->max_pairs);
	a->pairs[h].idx1 = id1;
	a->pairs[h].ip = *ip;
	a->npairs++;
	ent(a, idx)->sums.distinct++;
	return ASH_OK;
}

int ash_agg_merge(ash_agg *into, ash_agg *from, ash_err *err)
{
	/* fold the smaller table into the larger: swap first if need be
	 * (the result is the same; from is consumed either way) */
	if (from->n + from->npairs > into->n + into->npairs) {
		ash_agg t = *into;
		*into = *from;
		*from = t;
	}
	uint32_t *map = ash_calloc(from->n ? from->n : 1, sizeof *map);
	int rc = ASH_OK;
	for (size_t b = 0; b < from->nblk && !rc; b++) {
		size_t first = b << BLOCK_BITS, n = from->n - first;
		rc = find_many(into, from->blk[b], sizeof(entry),
			       n < BLOCK ? n : BLOCK, map + first, err);
	}
	if (rc)
		goto out;
	for (size_t i = 0; i < from->n; i++) {
		ash_sums s = ent(from, i)->sums;
		s.distinct = 0; /* recounted from the pairs below */
		ash_sums_add(&ent(into, map[i])->sums, &s);
	}
	for (size_t i = 0; i < from->pcap; i++) {
		const pair *p = &from->pairs[i];
		if (p->idx1 && (rc = ash_agg_pair(into, map[p->idx1 - 1], &p->ip, err)))
			goto out;
	}
out:
	free(map);
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
	free(s->map);
	free(s->lpairs);
	free(s->keys);
	free(s->idx);
	free(s);
}

static void prepare(ash_agg_scratch *s, size_t ncodes, size_t nrows, bool pairs)
{
	if (ncodes > s->loccap) {
		s->loc = ash_reallocarray(s->loc, ncodes, sizeof *s->loc);
		memset(s->loc + s->loccap, 0, (ncodes - s->loccap) * sizeof *s->loc);
		s->loccap = ncodes;
		s->touched = ash_reallocarray(s->touched, ncodes, sizeof *s->touched);
		s->map = ash_reallocarray(s->map, ncodes, sizeof *s->map);
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
	size_t h = (size_t)((v * 0x9E3779B97F4A7C15ull) >> 20) & (s->lpcap - 1);
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

int ash_agg_add_batch(ash_agg *a, ash_agg_scratch *s, const ash_batch *b,
		      const uint64_t *sel, const ash_agg_group *g,
		      ash_err *err)
{
	int rc = ASH_OK;
	prepare(s, g->ncodes, b->n, g->other != NULL);
	size_t nt = sum_rows(s, b, sel, g);
	if (nt > s->kcap) {
		s->keys = ash_reallocarray(s->keys, nt, sizeof *s->keys);
		s->idx = ash_reallocarray(s->idx, nt, sizeof *s->idx);
		s->kcap = nt;
	}
	for (size_t k = 0; k < nt; k++)
		g->key_of(g->ctx, s->touched[k], &s->keys[k]);
	rc = find_many(a, s->keys, sizeof *s->keys, nt, s->idx, err);
	for (size_t k = 0; k < nt; k++) {
		uint32_t c = s->touched[k];
		lsum *x = &s->loc[c];
		if (!rc) {
			ash_sums y = {.records = x->records, .obytes = x->ob,
				      .rbytes = x->rb, .opkts = x->op, .rpkts = x->rp,
				      .bytes = sat(x->ob, x->rb),
				      .packets = sat(x->op, x->rp)};
			s->map[c] = s->idx[k];
			ash_sums_add(&ent(a, s->idx[k])->sums, &y);
		}
		memset(x, 0, sizeof *x); /* keep loc zero for the next batch */
	}
	for (size_t h = 0; !rc && g->other && h < s->lpcap; h++) {
		uint64_t v = s->lpairs[h];
		if (!v--)
			continue;
		uint32_t c = (uint32_t)(v >> 32), o = (uint32_t)v;
		rc = ash_agg_pair(a, s->map[c], &b->addrs[o], err);
	}
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
	size_t h = (size_t)((v * 0x9E3779B97F4A7C15ull) >> 17) & (c->cap - 1);
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
