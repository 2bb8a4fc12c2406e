/* SPDX-License-Identifier: MIT */
/* agg.c: the aggregate table and distinct-pair set (see agg.h).
 *
 * Entries are numbered in the order they are made and live in blocks that
 * never move: block k holds BASE << k entries and is allocated when the
 * first of its numbers is handed out.  A short-key entry is the 16-byte
 * key then the sums records, obytes, rbytes, opkts, rpkts and distinct:
 * 64 bytes, one cache line (without directions, obytes and opkts hold
 * bytes and packets).  bytes and packets are not stored: for saturating
 * sums of values >= 0, sat(sat(a1 + a2 ...) + sat(b1 + b2 ...)) =
 * sat(a1 + b1 + a2 + b2 ...).  A long-key entry is an ash_aggkey then an
 * ash_sums, so that callers may point at them (ash_agg_ref) instead of
 * copying many of them.
 *
 * Keys are split into NPART partitions by the top bits of their hash,
 * each with a lock, an open-addressing index (load <= 1/2; a slot holds
 * the low 32 bits of the hash and the entry number + 1, so growing it
 * reads no entry) and the pairs (entry, address) of the distinct counts
 * of its entries.  Large arrays are mapped in huge pages (region_alloc):
 * they are touched at random, and in a virtual machine every 4 KiB page
 * fault and TLB miss is dear.
 *
 * A batch is summed into a dense per-code array first (a row touches one
 * cache line, prefetched a few rows ahead when the array is large); the
 * touched codes are then listed in code order (memory order), hashed and
 * grouped by partition; each partition is locked once for its group (free
 * ones first), and the group goes in in two passes whose cache misses
 * overlap: index slots, then entries.  Address keys are read in place
 * from the chunk's dictionary. */
#include "query/agg.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/xalloc.h"

#define PART_BITS 3
#define NPART (1u << PART_BITS)
#define BASE_BITS 10
#define BASE ((size_t)1 << BASE_BITS)
#define MAXBLK 22                       /* BASE * (2^22 - 1) > KEYS_CAP */
#define KEYS_CAP ((size_t)1 << 31)      /* numbers + 1, positions: 32 bits */
#define HUGE_PAGE ((size_t)2 << 20)
#define MAP_MIN (HUGE_PAGE / 2) /* smallest region mapped in huge pages */
#define AHEAD 32    /* items between prefetching an entry and using it */
#define ROW_AHEAD 32 /* rows between prefetching a code's sums and use */
#define PF_CODES 4096 /* more codes than this: their sums are not all cached */

/* stored sums of a short-key entry (after its key) */
typedef struct esums {
	uint64_t records, ob, rb, op, rp, distinct;
} esums;

/* Zeroed memory: from ash_calloc when small (len 0), else mapped (len
 * bytes at base) in huge pages. */
typedef struct region {
	void *base;
	size_t len;
} region;

typedef struct pair {
	uint32_t idx1;  /* entry number + 1; 0 = empty slot */
	ash_ip ip;
} pair;

typedef struct tab {
	uint64_t *index; /* hash low 32 bits << 32 | entry number + 1 */
	region ir;       /* the memory behind index */
	size_t icap;     /* power of two */
	size_t n;        /* entries of this partition */
	pair *pairs;
	region pr;       /* the memory behind pairs */
	size_t npairs, pcap;
} tab;

struct ash_agg {
	tab part[NPART];
	pthread_mutex_t lock[NPART];
	uint8_t *blk[MAXBLK];  /* read and set with __atomic builtins */
	region braw[MAXBLK];   /* memory behind blk (under grow) */
	pthread_mutex_t grow;
	size_t klen, esize;
	bool dirs;             /* obytes, rbytes, opkts, rpkts kept apart */
	size_t max_keys, max_pairs;
	atomic_size_t nkeys, npairs;
};

/* Per-chunk sums of a code in ash_agg_scratch.loc, aligned so that adding
 * a row touches one cache line: obytes, rbytes, opkts, rpkts (DIRS words)
 * or, when the table does not keep directions apart, bytes and packets.
 * Records are counted apart, in a smaller array that stays cached. */
#define DIRS 4

/* a touched code on its way into the table (its sums stay in loc) */
typedef struct item {
	uint64_t h;
	uint32_t code, k;   /* k: position in keys (keys from key_of) */
	uint32_t guess;     /* entry number + 1 in its first index slot */
} item;

struct ash_agg_scratch {
	/* by code, codecap of each, in one region; the first three all zero
	 * between batches: */
	region cr;
	size_t codecap;
	uint64_t *loc;      /* DIRS words a code */
	uint32_t *lrec;     /* records */
	uint64_t *seen;     /* bit per code: has rows in this batch */
	uint32_t *touched;  /* the codes with rows, ascending */
	uint64_t *ref;      /* partition << 32 | entry number */
	uint64_t *hash;     /* by touched position */
	item *items;        /* touched codes grouped by partition */
	ash_aggkey *keys;   /* by touched position, for key_of groups */
	size_t kcap;
	uint64_t *lpairs;   /* local (code << 32 | other) + 1, 0 = empty */
	size_t lpcap;
	uint64_t *pbuf;     /* local pairs grouped by partition */
	size_t pbcap;
	unsigned rot;       /* partition the next flush starts at */
};

/* bytes of zeroed memory, 64-byte aligned; mapped when large, for huge
 * (the memory is touched at random: fewer page faults, which cost much
 * more than zeroing some 4 KiB pages too many, and fewer TLB misses) in
 * whole huge pages; from ash_calloc when small or when mapping fails (a
 * mapping also keeps malloc from handing out 4 KiB pages that were
 * touched before).  Release with region_free. */
static void *region_alloc(region *r, size_t bytes, bool huge)
{
	size_t page = huge ? HUGE_PAGE : 4096;
	r->len = 0;
	if (bytes >= (huge ? MAP_MIN : MAP_MIN / 4)) {
		size_t len = ((bytes + page - 1) & ~(page - 1)) + page;
		void *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m != MAP_FAILED) {
			uint8_t *p = (uint8_t *)m + (-(uintptr_t)m & (page - 1));
			if (huge)
				(void)madvise(p, len - page, MADV_HUGEPAGE);
			r->base = m;
			r->len = len;
			return p;
		}
	}
	uint8_t *c = ash_calloc(1, bytes + 64);
	r->base = c;
	return c + (-(uintptr_t)c & 63);
}

static void region_free(region *r)
{
	if (r->len)
		(void)munmap(r->base, r->len);
	else
		free(r->base);
	r->base = NULL;
	r->len = 0;
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

bool ash_metric_dirs(int m)
{
	return m == ASH_M_OBYTES || m == ASH_M_RBYTES || m == ASH_M_OPKTS ||
	       m == ASH_M_RPKTS;
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

/* --------------------------------------------------------------- entries */

static inline uint8_t *ent(const ash_agg *a, size_t i)
{
	size_t q = (i >> BASE_BITS) + 1;
	unsigned k = 63u - (unsigned)__builtin_clzll(q);
	uint8_t *b = __atomic_load_n(&a->blk[k], __ATOMIC_RELAXED);
	return b + (i - ((((size_t)1 << k) - 1) << BASE_BITS)) * a->esize;
}

/* Add sums to those of entry e (klen: its table's). */
static inline void add_sums(uint8_t *e, size_t klen, uint64_t records,
			    uint64_t ob, uint64_t rb, uint64_t op, uint64_t rp)
{
	if (klen == ASH_AGG_SHORTKEY) {
		esums *d = (esums *)(void *)(e + klen);
		d->records = sat(d->records, records);
		d->ob = sat(d->ob, ob);
		d->rb = sat(d->rb, rb);
		d->op = sat(d->op, op);
		d->rp = sat(d->rp, rp);
	} else {
		ash_sums *d = (ash_sums *)(void *)(e + klen);
		d->records = sat(d->records, records);
		d->obytes = sat(d->obytes, ob);
		d->rbytes = sat(d->rbytes, rb);
		d->opkts = sat(d->opkts, op);
		d->rpkts = sat(d->rpkts, rp);
		d->bytes = sat(d->bytes, sat(ob, rb));
		d->packets = sat(d->packets, sat(op, rp));
	}
}

static inline uint64_t *distinct_of(const ash_agg *a, size_t i)
{
	size_t off = a->klen == ASH_AGG_SHORTKEY ? offsetof(esums, distinct)
						  : offsetof(ash_sums, distinct);
	return (uint64_t *)(void *)(ent(a, i) + a->klen + off);
}

/* Block k, made by the first thread that needs it. */
static void grow_block(ash_agg *a, unsigned k)
{
	pthread_mutex_lock(&a->grow);
	if (!__atomic_load_n(&a->blk[k], __ATOMIC_RELAXED)) {
		uint8_t *b = region_alloc(&a->braw[k], (BASE << k) * a->esize, true);
		__atomic_store_n(&a->blk[k], b, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&a->grow);
}

/* A new entry number (its block allocated), or ELIMIT. */
static int new_entry(ash_agg *a, uint32_t *idx, ash_err *err)
{
	size_t i = atomic_fetch_add(&a->nkeys, 1);
	if (i >= a->max_keys) {
		atomic_fetch_sub(&a->nkeys, 1);
		return ash_errf(err, ASH_ELIMIT, "more than %zu groups (narrow the "
				"filter or the time range)", a->max_keys);
	}
	unsigned k = 63u - (unsigned)__builtin_clzll((i >> BASE_BITS) + 1);
	if (!__atomic_load_n(&a->blk[k], __ATOMIC_ACQUIRE))
		grow_block(a, k);
	*idx = (uint32_t)i;
	return ASH_OK;
}

/* One round of mix: an IPv4 address (w[0] = 0) goes through it alone, an
 * IPv6 prefix is spread by the odd multiplier first. */
static inline uint64_t hash_short(const uint8_t *k)
{
	uint64_t w[2];
	memcpy(w, k, sizeof w);
	return mix(w[1] ^ (w[0] * 0x9E3779B97F4A7C15ull) ^ 0xD6E8FEB86659FD93ull);
}

static inline uint64_t hash_long(const uint8_t *k)
{
	uint64_t w[4];
	memcpy(w, k, sizeof w);
	return mix(w[0] ^ mix(w[1] ^ mix(w[2] ^ mix(w[3] ^ 0x9E3779B97F4A7C15ull))));
}

static inline uint64_t key_hash(size_t klen, const uint8_t *k)
{
	return klen == ASH_AGG_SHORTKEY ? hash_short(k) : hash_long(k);
}

static inline unsigned part_of(uint64_t h)
{
	return (unsigned)(h >> (64 - PART_BITS));
}

/* ------------------------------------------------------------ partitions */

static void tab_init(tab *t)
{
	memset(t, 0, sizeof *t);
	t->icap = 16;
	t->index = region_alloc(&t->ir, t->icap * sizeof *t->index, true);
}

static void tab_free(tab *t)
{
	region_free(&t->ir);
	region_free(&t->pr);
	memset(t, 0, sizeof *t);
}

/* Double the index; slots carry the hash bits their position needs. */
static void rehash(tab *t)
{
	size_t cap = t->icap * 2;
	region r;
	uint64_t *ix = region_alloc(&r, cap * sizeof *ix, true);
	for (size_t i = 0; i < t->icap; i++) {
		uint64_t e = t->index[i];
		if (!e)
			continue;
		size_t p = (size_t)(e >> 32) & (cap - 1);
		while (ix[p])
			p = (p + 1) & (cap - 1);
		ix[p] = e;
	}
	region_free(&t->ir);
	t->ir = r;
	t->index = ix;
	t->icap = cap;
}

/* Entry of key k (klen bytes, hash h) in partition t, made with zero sums
 * when absent: its number in *idx, its address in *ep.  The caller holds
 * t's lock. */
static inline __attribute__((always_inline)) int
find(ash_agg *a, tab *t, const uint8_t *k, uint64_t h, size_t klen,
     uint32_t *idx, uint8_t **ep, ash_err *err)
{
	uint64_t tag = h << 32;
	size_t mask = t->icap - 1, p = (size_t)h & mask;
	for (; t->index[p]; p = (p + 1) & mask) {
		uint64_t e = t->index[p];
		if ((e & 0xffffffff00000000ull) != tag)
			continue;
		uint8_t *q = ent(a, (uint32_t)e - 1);
		if (!memcmp(q, k, klen)) {
			*idx = (uint32_t)e - 1;
			*ep = q;
			return ASH_OK;
		}
	}
	int rc = new_entry(a, idx, err);
	if (rc)
		return rc;
	uint8_t *e = ent(a, *idx);
	memcpy(e, k, klen);
	memset(e + klen, 0, a->esize - klen);
	t->index[p] = tag | (*idx + 1ull);
	if (++t->n * 2 > t->icap)
		rehash(t);
	*ep = e;
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
	region r;
	pair *np = region_alloc(&r, cap * sizeof *np, true);
	for (size_t i = 0; i < t->pcap; i++) {
		if (!t->pairs[i].idx1)
			continue;
		size_t h = pair_hash(t->pairs[i].idx1, &t->pairs[i].ip) & (cap - 1);
		while (np[h].idx1)
			h = (h + 1) & (cap - 1);
		np[h] = t->pairs[i];
	}
	region_free(&t->pr);
	t->pr = r;
	t->pairs = np;
	t->pcap = cap;
}

/* Count ip as seen with entry idx, whose partition is t (caller holds
 * t's lock). */
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
	(*distinct_of(a, idx))++;
	return ASH_OK;
}

/* ----------------------------------------------------------------- table */

ash_agg *ash_agg_new(size_t keylen, bool dirs, size_t max_keys,
		     size_t max_pairs)
{
	ash_agg *a = ash_calloc(1, sizeof *a);
	a->klen = keylen <= ASH_AGG_SHORTKEY ? ASH_AGG_SHORTKEY : ASH_AGG_KEYLEN;
	a->dirs = dirs || a->klen != ASH_AGG_SHORTKEY;
	a->esize = a->klen == ASH_AGG_SHORTKEY ? a->klen + sizeof(esums)
					       : a->klen + sizeof(ash_sums);
	a->max_keys = max_keys ? max_keys : ASH_AGG_MAX_KEYS;
	if (a->max_keys > KEYS_CAP)
		a->max_keys = KEYS_CAP;
	a->max_pairs = max_pairs ? max_pairs : ASH_AGG_MAX_PAIRS;
	atomic_init(&a->nkeys, 0);
	atomic_init(&a->npairs, 0);
	pthread_mutex_init(&a->grow, NULL);
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
	for (unsigned k = 0; k < MAXBLK; k++)
		region_free(&a->braw[k]);
	pthread_mutex_destroy(&a->grow);
	free(a);
}

size_t ash_agg_count(const ash_agg *a)
{
	size_t n = atomic_load((atomic_size_t *)&a->nkeys);
	return n < a->max_keys ? n : a->max_keys;
}

void ash_agg_entry(const ash_agg *a, uint64_t i, ash_aggkey *k, ash_sums *s)
{
	const uint8_t *e = ent(a, (size_t)i);
	if (k) {
		memcpy(k->b, e, a->klen);
		memset(k->b + a->klen, 0, ASH_AGG_KEYLEN - a->klen);
	}
	if (s && a->klen != ASH_AGG_SHORTKEY) {
		memcpy(s, e + a->klen, sizeof *s);
	} else if (s) {
		esums x;
		memcpy(&x, e + a->klen, sizeof x);
		s->records = x.records;
		s->obytes = x.ob;
		s->rbytes = x.rb;
		s->opkts = x.op;
		s->rpkts = x.rp;
		s->bytes = sat(x.ob, x.rb);
		s->packets = sat(x.op, x.rp);
		s->distinct = x.distinct;
		if (!a->dirs) /* ob, op held bytes and packets */
			s->obytes = s->rbytes = s->opkts = s->rpkts = 0;
	}
}

bool ash_agg_ref(const ash_agg *a, uint64_t i, const ash_aggkey **k,
		 const ash_sums **s)
{
	if (a->klen == ASH_AGG_SHORTKEY)
		return false;
	const uint8_t *e = ent(a, (size_t)i);
	*k = (const ash_aggkey *)(const void *)e;
	*s = (const ash_sums *)(const void *)(e + a->klen);
	return true;
}

bool ash_agg_next(const ash_agg *a, uint64_t *pos, ash_aggkey *k,
		  ash_sums *s)
{
	if (*pos >= ash_agg_count(a))
		return false;
	ash_agg_entry(a, (*pos)++, k, s);
	return true;
}

int ash_agg_merge(ash_agg *into, ash_agg *from, ash_err *err)
{
	if (into->klen != from->klen || into->dirs != from->dirs)
		return ash_errf(err, ASH_EINTERNAL, "agg: merging tables of "
				"different kinds");
	size_t n = ash_agg_count(from), kl = into->klen;
	uint32_t *map = ash_calloc(n ? n : 1, sizeof *map);
	int rc = ASH_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		const uint8_t *e = ent(from, i);
		uint64_t h = key_hash(kl, e);
		uint8_t *d;
		rc = find(into, &into->part[part_of(h)], e, h, kl, &map[i], &d,
			  err);
		if (!rc) {
			ash_sums x; /* distinct: recounted from the pairs */
			ash_agg_entry(from, i, NULL, &x);
			if (into->dirs)
				add_sums(d, kl, x.records, x.obytes, x.rbytes,
					 x.opkts, x.rpkts);
			else
				add_sums(d, kl, x.records, x.bytes, 0, x.packets, 0);
		}
	}
	for (unsigned p = 0; p < NPART && !rc; p++) {
		const tab *t = &from->part[p]; /* an entry's partition: its hash's */
		for (size_t i = 0; i < t->pcap && !rc; i++)
			if (t->pairs[i].idx1)
				rc = pair_add(into, &into->part[p],
					      map[t->pairs[i].idx1 - 1],
					      &t->pairs[i].ip, err);
	}
	free(map);
	return rc;
}

/* ---------------------------------------------------------------- batches */

ash_agg_scratch *ash_agg_scratch_new(void)
{
	ash_agg_scratch *s = ash_calloc(1, sizeof(ash_agg_scratch));
	/* threads start their flushes at different partitions */
	s->rot = (unsigned)mix((uintptr_t)s);
	return s;
}

void ash_agg_scratch_free(ash_agg_scratch *s)
{
	if (!s)
		return;
	region_free(&s->cr);
	free(s->lpairs);
	free(s->keys);
	free(s->pbuf);
	free(s);
}

static void prepare(ash_agg_scratch *s, size_t ncodes, size_t nrows, bool pairs)
{
	if (ncodes > s->codecap) { /* all zero: nothing to keep */
		size_t cap = (ncodes + ncodes / 4 + 4095) & ~(size_t)4095;
		size_t each = DIRS * sizeof *s->loc + sizeof *s->ref +
			      sizeof *s->hash + sizeof *s->items +
			      sizeof *s->lrec + sizeof *s->touched;
		region_free(&s->cr);
		uint8_t *m = region_alloc(&s->cr, cap * each + cap / 8, false);
		s->loc = (uint64_t *)(void *)m;
		s->ref = s->loc + cap * DIRS;
		s->hash = s->ref + cap;
		s->items = (item *)(void *)(s->hash + cap);
		s->lrec = (uint32_t *)(void *)(s->items + cap);
		s->touched = s->lrec + cap;
		s->seen = (uint64_t *)(void *)(s->touched + cap);
		s->codecap = cap;
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

/* The sums of code c in s->loc (dirs: the table's). */
static inline uint64_t *loc_of(const ash_agg_scratch *s, uint32_t c,
			       bool dirs)
{
	return s->loc + (size_t)c * (dirs ? DIRS : 2);
}

/* Add row i to its code's sums (pf: prefetch those of a later row). */
static inline __attribute__((always_inline)) void
sum_row(ash_agg_scratch *s, const ash_batch *b, const ash_agg_group *g,
	size_t i, bool dirs, bool pf)
{
	if (pf && i + ROW_AHEAD < b->n) {
		uint32_t f = g->codes[i + ROW_AHEAD];
		__builtin_prefetch(loc_of(s, f < g->ncodes ? f : 0, dirs), 1);
	}
	uint32_t c = g->codes[i];
	if (c >= g->ncodes)
		return;
	uint64_t *x = loc_of(s, c, dirs);
	s->seen[c >> 6] |= 1ull << (c & 63);
	s->lrec[c]++;
	if (dirs) {
		x[0] = sat(x[0], b->obytes[i]);
		x[1] = sat(x[1], b->rbytes[i]);
		x[2] = sat(x[2], b->opkts[i]);
		x[3] = sat(x[3], b->rpkts[i]);
	} else {
		x[0] = sat(sat(x[0], b->obytes[i]), b->rbytes[i]);
		x[1] = sat(sat(x[1], b->opkts[i]), b->rpkts[i]);
	}
	if (g->other && g->other[i] < b->naddrs)
		local_pair(s, c, g->other[i]);
}

static inline __attribute__((always_inline)) void
sum_sel(ash_agg_scratch *s, const ash_batch *b, const uint64_t *sel,
	const ash_agg_group *g, bool dirs, bool pf)
{
	size_t words = (b->n + 63) / 64;
	for (size_t w = 0; w < words; w++) {
		uint64_t m = sel ? sel[w] : ~0ull;
		size_t base = w * 64, end = b->n - base < 64 ? b->n - base : 64;
		if (end < 64)
			m &= (1ull << end) - 1;
		if (m == ~0ull) { /* every row of the word: no bit scanning */
			for (size_t i = base; i < base + 64; i++)
				sum_row(s, b, g, i, dirs, pf);
			continue;
		}
		while (m) {
			size_t i = base + (size_t)__builtin_ctzll(m);
			m &= m - 1;
			sum_row(s, b, g, i, dirs, pf);
		}
	}
}

/* Sum selected rows into s->loc; returns the number of touched codes,
 * listed in s->touched in ascending order (so that they are then read
 * in memory order). */
static size_t sum_rows(ash_agg_scratch *s, const ash_batch *b,
		       const uint64_t *sel, const ash_agg_group *g, bool dirs)
{
	size_t nt = 0;
	bool pf = g->ncodes > PF_CODES;
	if (dirs && pf)
		sum_sel(s, b, sel, g, true, true);
	else if (dirs)
		sum_sel(s, b, sel, g, true, false);
	else if (pf)
		sum_sel(s, b, sel, g, false, true);
	else
		sum_sel(s, b, sel, g, false, false);
	for (size_t w = 0; w < (g->ncodes + 63) / 64; w++) {
		uint64_t m = s->seen[w];
		s->seen[w] = 0;
		for (; m; m &= m - 1)
			s->touched[nt++] = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(m));
	}
	return nt;
}

/* Key of touched code c at position k: a pointer into the batch's
 * addresses or into s->keys. */
static inline const uint8_t *key_at(const ash_agg_scratch *s,
				    const ash_agg_group *g, bool direct,
				    uint32_t c, uint32_t k)
{
	return direct ? g->addr_keys[c].b : s->keys[k].b;
}

/* Hash the touched codes and list them in s->items grouped by partition;
 * start[p] .. start[p + 1] is partition p. */
static void group(const ash_agg *a, ash_agg_scratch *s,
		  const ash_agg_group *g, bool direct, size_t nt,
		  size_t start[NPART + 1])
{
	size_t cnt[NPART] = {0}, fill[NPART];
	if (!direct && nt > s->kcap) {
		s->keys = ash_reallocarray(s->keys, nt, sizeof *s->keys);
		s->kcap = nt;
	}
	for (size_t k = 0; k < nt; k++) {
		uint32_t c = s->touched[k];
		if (direct) {
			s->hash[k] = hash_short(g->addr_keys[c].b);
			continue;
		}
		if (g->addr_keys) {
			memset(&s->keys[k], 0, sizeof s->keys[k]);
			memcpy(s->keys[k].b, g->addr_keys[c].b, 16);
		} else {
			g->key_of(g->ctx, c, &s->keys[k]);
		}
		s->hash[k] = key_hash(a->klen, s->keys[k].b);
	}
	for (size_t k = 0; k < nt; k++)
		cnt[part_of(s->hash[k])]++;
	start[0] = 0;
	for (unsigned p = 0; p < NPART; p++)
		start[p + 1] = start[p] + cnt[p];
	memcpy(fill, start, sizeof fill);
	for (size_t k = 0; k < nt; k++) {
		s->items[fill[part_of(s->hash[k])]++] = (item){
			.h = s->hash[k], .code = s->touched[k], .k = (uint32_t)k};
	}
}

/* Move items[lo..hi) into partition p (locked by the caller) in two
 * passes, so that no cache miss waits for another: the first reads each
 * item's first index slot (prefetched AHEAD items before), the second
 * looks the items up with the entries those slots name prefetched AHEAD
 * items before (usually the item's own entry; a stale or wrong guess
 * costs only a useless prefetch). */
static inline __attribute__((always_inline)) int
flush_part(ash_agg *a, ash_agg_scratch *s, const ash_agg_group *g,
	   bool direct, unsigned p, size_t lo, size_t hi, size_t klen,
	   bool dirs, ash_err *err)
{
	tab *t = &a->part[p];
	item *it = s->items;
	for (size_t j = lo; j < hi; j++) {
		if (j + AHEAD < hi)
			__builtin_prefetch(&t->index[it[j + AHEAD].h & (t->icap - 1)]);
		it[j].guess = (uint32_t)t->index[it[j].h & (t->icap - 1)];
	}
	for (size_t j = lo; j < hi; j++) {
		if (j + AHEAD < hi && it[j + AHEAD].guess) {
			const uint8_t *q = ent(a, it[j + AHEAD].guess - 1);
			__builtin_prefetch(q, 1);
			if (klen != ASH_AGG_SHORTKEY)
				__builtin_prefetch(q + a->esize - 1, 1);
		}
		uint32_t idx, c = it[j].code;
		uint8_t *e;
		int rc = find(a, t, key_at(s, g, direct, c, it[j].k), it[j].h,
			      klen, &idx, &e, err);
		if (rc)
			return rc;
		uint64_t *x = loc_of(s, c, dirs);
		if (dirs)
			add_sums(e, klen, s->lrec[c], x[0], x[1], x[2], x[3]);
		else
			add_sums(e, klen, s->lrec[c], x[0], 0, x[1], 0);
		memset(x, 0, (dirs ? DIRS : 2) * sizeof *x); /* for the next batch */
		s->lrec[c] = 0;
		if (g->other)
			s->ref[c] = (uint64_t)p << 32 | idx;
	}
	return ASH_OK;
}

static int flush_one(ash_agg *a, ash_agg_scratch *s, const ash_agg_group *g,
		     bool direct, unsigned p, size_t lo, size_t hi, ash_err *err)
{
	if (a->klen != ASH_AGG_SHORTKEY) /* long keys keep directions */
		return flush_part(a, s, g, direct, p, lo, hi, ASH_AGG_KEYLEN,
				  true, err);
	if (a->dirs)
		return flush_part(a, s, g, direct, p, lo, hi, ASH_AGG_SHORTKEY,
				  true, err);
	return flush_part(a, s, g, direct, p, lo, hi, ASH_AGG_SHORTKEY, false,
			  err);
}

/* Every non-empty group into its partition: first those whose lock is
 * free (trying from a rotating start), then the rest, waiting. */
static int flush(ash_agg *a, ash_agg_scratch *s, const ash_agg_group *g,
		 bool direct, const size_t start[NPART + 1], ash_err *err)
{
	uint64_t todo = 0;
	for (unsigned p = 0; p < NPART; p++)
		if (start[p] < start[p + 1])
			todo |= 1ull << p;
	unsigned r = s->rot++;
	int rc = ASH_OK;
	for (int pass = 0; pass < 2 && todo && !rc; pass++)
		for (unsigned j = 0; j < NPART && !rc; j++) {
			unsigned p = (r + j) & (NPART - 1);
			if (!(todo >> p & 1))
				continue;
			if (pass == 0 && pthread_mutex_trylock(&a->lock[p]))
				continue;
			if (pass == 1)
				pthread_mutex_lock(&a->lock[p]);
			rc = flush_one(a, s, g, direct, p, start[p], start[p + 1],
				       err);
			pthread_mutex_unlock(&a->lock[p]);
			todo &= ~(1ull << p);
		}
	return rc;
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
	if (b->n > UINT32_MAX || g->ncodes > UINT32_MAX)
		return ash_errf(err, ASH_ELIMIT, "agg: batch of %zu rows, %zu "
				"groups", b->n, g->ncodes);
	bool direct = g->addr_keys && a->klen == ASH_AGG_SHORTKEY;
	prepare(s, g->ncodes, b->n, g->other != NULL);
	size_t nt = sum_rows(s, b, sel, g, a->dirs);
	group(a, s, g, direct, nt, start);
	int rc = flush(a, s, g, direct, start, err);
	if (rc) /* zero the sums the failed flush left */
		for (size_t k = 0; k < nt; k++) {
			memset(loc_of(s, s->touched[k], a->dirs), 0,
			       (a->dirs ? DIRS : 2) * sizeof *s->loc);
			s->lrec[s->touched[k]] = 0;
		}
	if (!rc && g->other)
		rc = flush_pairs(a, s, b, err);
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
