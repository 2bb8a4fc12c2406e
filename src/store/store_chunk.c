/* SPDX-License-Identifier: MIT */
/* store_chunk.c: the chunk builder (see store_chunk.h): records copied
 * column-wise.  Strings go through a per-chunk dictionary at once;
 * addresses are kept as they come (IPv4 as 32-bit values, others through a
 * small hash dictionary), because the encoder (store_chunk_enc.c) builds
 * the sorted address dictionary in one radix sort, far cheaper than a hash
 * lookup with a cache miss per address.  Encoding, writing and decoding
 * are elsewhere (store_chunk_enc.c, store_flush.c, store_chunk_read.c). */
#include "store/store_chunk_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <zstd.h>

#include "core/xalloc.h"
#include "store/store_bloom.h"

#define TAG_MASK 0xffffffff00000000ull


static uint64_t new_seed(void)
{
	uint64_t s = 0;
	if (getrandom(&s, sizeof s, GRND_NONBLOCK) != (ssize_t)sizeof s)
		s = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)&s;
	return s | 1;
}

#define BUILDER_ROWS(cb)                                                     \
	(void **)&(cb)->t_start, (void **)&(cb)->t_end, (void **)&(cb)->tz_off, \
	(void **)&(cb)->have, (void **)&(cb)->str[0], (void **)&(cb)->str[1],   \
	(void **)&(cb)->str[2], (void **)&(cb)->str[3],                         \
	(void **)&(cb)->str[4], (void **)&(cb)->sampling,                       \
	(void **)&(cb)->acode[0], (void **)&(cb)->acode[1],                     \
	(void **)&(cb)->acode[2], (void **)&(cb)->acode[3],                     \
	(void **)&(cb)->is6[0], (void **)&(cb)->is6[1], (void **)&(cb)->is6[2], \
	(void **)&(cb)->is6[3], (void **)&(cb)->sport, (void **)&(cb)->dport,   \
	(void **)&(cb)->nsport, (void **)&(cb)->ndport, (void **)&(cb)->proto,  \
	(void **)&(cb)->flags, (void **)&(cb)->action, (void **)&(cb)->format,  \
	(void **)&(cb)->cnt[0], (void **)&(cb)->cnt[1], (void **)&(cb)->cnt[2], \
	(void **)&(cb)->cnt[3], (void **)&(cb)->line
#define BUILDER_SIZES 8, 8, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1, 1, 1, 1, \
		      2, 2, 2, 2, 1, 1, 1, 1, 8, 8, 8, 8, 8

ash_chunk_builder *ash_chunk_builder_new(const ash_chunk_tuning *t)
{
	ash_chunk_builder *cb = ash_calloc(1, sizeof *cb);
	ash_chunk_tuning d = {ASH_CHUNK_DEFAULT_RECORDS, ASH_CHUNK_DEFAULT_LEVEL,
			      false};
	cb->t = t ? *t : d;
	if (cb->t.records == 0 || cb->t.records > ASH_CHUNK_MAX_RECORDS)
		cb->t.records = ASH_CHUNK_DEFAULT_RECORDS;
	if (cb->t.zstd_level < ZSTD_minCLevel())
		cb->t.zstd_level = ZSTD_minCLevel();
	if (cb->t.zstd_level > ZSTD_maxCLevel())
		cb->t.zstd_level = ZSTD_maxCLevel();
	cb->cap = cb->t.records;
	void **arr[] = {BUILDER_ROWS(cb)};
	static const size_t sz[] = {BUILDER_SIZES};
	for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++)
		*arr[i] = ash_calloc(cb->cap, sz[i]);
	cb->seed = new_seed();
	ash_chunk_builder_reset(cb);
	return cb;
}

void ash_chunk_builder_free(ash_chunk_builder *cb)
{
	if (!cb)
		return;
	void **arr[] = {BUILDER_ROWS(cb)};
	for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++)
		free(*arr[i]);
	free(cb->v6), free(cb->v6_bloomed), free(cb->atab);
	free(cb->sdata), free(cb->soff), free(cb->slen), free(cb->stab);
	free(cb);
}

/* Empty a hash table, keeping its size (the next chunk is likely to need
 * as much; reallocating would cost page faults every chunk). */
static void table_clear(uint64_t **tab, size_t *size, size_t min)
{
	if (!*tab) {
		*tab = ash_calloc(min, sizeof **tab);
		*size = min;
	} else {
		memset(*tab, 0, *size * sizeof **tab);
	}
}

void ash_chunk_builder_reset(ash_chunk_builder *cb)
{
	cb->n = 0;
	cb->n4refs = 0;
	cb->t_min = cb->t_max = 0;
	memset(cb->bloom, 0, sizeof cb->bloom);
	cb->nv6 = 0;
	memset(cb->alast_idx, 0xff, sizeof cb->alast_idx);
	table_clear(&cb->atab, &cb->atab_size, 64);
	table_clear(&cb->stab, &cb->stab_size, 256);
	cb->nstrs = 1;
	cb->sbytes = 0;
	ash_grow((void **)&cb->soff, &cb->cap_soff, 1, sizeof *cb->soff);
	ash_grow((void **)&cb->slen, &cb->cap_slen, 1, sizeof *cb->slen);
	cb->soff[0] = cb->slen[0] = 0;
	memset(cb->slast, 0, sizeof cb->slast);
}

uint32_t ash_chunk_builder_count(const ash_chunk_builder *cb)
{
	return cb->n;
}

/* --- the non-IPv4 address dictionary ---------------------------------- */

static inline uint64_t ip_hash(const ash_ip *ip, uint64_t seed)
{
	uint64_t lo, hi;
	memcpy(&lo, ip->b, 8);
	memcpy(&hi, ip->b + 8, 8);
	uint64_t h = (hi ^ seed) * 0x9E3779B97F4A7C15ull;
	h ^= (lo + (h >> 31)) * 0xC2B2AE3D27D4EB4Full;
	return h ^ (h >> 29);
}

static inline bool ip_same(const ash_ip *a, const ash_ip *b)
{
	uint64_t a0, a1, b0, b1;
	memcpy(&a0, a->b, 8), memcpy(&a1, a->b + 8, 8);
	memcpy(&b0, b->b, 8), memcpy(&b1, b->b + 8, 8);
	return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

static void atab_grow(ash_chunk_builder *cb)
{
	size_t size = cb->atab_size * 2, mask = size - 1;
	uint64_t *tab = ash_calloc(size, sizeof *tab);
	for (size_t i = 0; i < cb->atab_size; i++) {
		uint64_t e = cb->atab[i];
		if (!e)
			continue;
		uint64_t h = ip_hash(&cb->v6[(uint32_t)e - 1], cb->seed);
		size_t j = (size_t)h & mask;
		while (tab[j])
			j = (j + 1) & mask;
		tab[j] = e;
	}
	free(cb->atab);
	cb->atab = tab;
	cb->atab_size = size;
}

/* Index of the non-IPv4 address ip in the v6 dictionary, added if new;
 * col (0..3) selects the one-entry cache, bloom whether ip goes into the
 * chunk's filter. */
static uint32_t v6_idx(ash_chunk_builder *cb, const ash_ip *ip, int col,
		       bool bloom)
{
	uint64_t h = ip_hash(ip, cb->seed), tag = h & TAG_MASK;
	size_t mask = cb->atab_size - 1, j = (size_t)h & mask;
	uint32_t idx;
	for (;; j = (j + 1) & mask) {
		uint64_t e = cb->atab[j];
		if (!e)
			break;
		idx = (uint32_t)e - 1;
		if ((e & TAG_MASK) == tag && ip_same(&cb->v6[idx], ip))
			goto found;
	}
	idx = (uint32_t)cb->nv6++;
	ash_grow((void **)&cb->v6, &cb->cap_v6, cb->nv6, sizeof *cb->v6);
	ash_grow((void **)&cb->v6_bloomed, &cb->cap_v6b, cb->nv6, 1);
	cb->v6[idx] = *ip;
	cb->v6_bloomed[idx] = 0;
	cb->atab[j] = tag | (idx + 1);
	if (cb->nv6 * 2 > cb->atab_size)
		atab_grow(cb);
found:
	if (bloom && !cb->v6_bloomed[idx]) {
		cb->v6_bloomed[idx] = 1;
		ash_bloom_add(cb->bloom, ip);
	}
	cb->alast[col] = *ip;
	cb->alast_idx[col] = idx;
	return idx;
}

static const uint8_t v4prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static inline void put_addr(ash_chunk_builder *cb, int col, uint32_t i,
			    const ash_ip *ip)
{
	if (memcmp(ip->b, v4prefix, 12) == 0) {
		cb->acode[col][i] = ash_ip_v4(ip);
		cb->is6[col][i] = 0;
		cb->n4refs++;
		return;
	}
	cb->is6[col][i] = 1;
	if (cb->alast_idx[col] != UINT32_MAX && ip_same(&cb->alast[col], ip))
		cb->acode[col][i] = cb->alast_idx[col];
	else
		cb->acode[col][i] = v6_idx(cb, ip, col, col < 2);
}

/* --- the string dictionary ------------------------------------------- */

/* Seeded hash of n bytes; short strings (the usual case) take a few
 * overlapping loads and two multiplies. */
static uint64_t str_hash(const char *p, size_t n, uint64_t seed)
{
	uint64_t h = seed ^ (n * 0x9E3779B97F4A7C15ull), w = 0, x = 0;
	uint32_t a, b;
	for (; n > 16; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 29;
	}
	if (n >= 8) {
		memcpy(&w, p, 8);
		memcpy(&x, p + n - 8, 8);
	} else if (n >= 4) {
		memcpy(&a, p, 4), memcpy(&b, p + n - 4, 4);
		w = a, x = b;
	} else if (n > 0) {
		w = (uint64_t)(uint8_t)p[0] << 16 |
		    (uint64_t)(uint8_t)p[n / 2] << 8 | (uint8_t)p[n - 1];
	}
	h = (h ^ w) * 0xC2B2AE3D27D4EB4Full;
	h = (h ^ x ^ (h >> 32)) * 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 32);
}

static void stab_grow(ash_chunk_builder *cb)
{
	size_t size = cb->stab_size * 2, mask = size - 1;
	uint64_t *tab = ash_calloc(size, sizeof *tab);
	for (size_t i = 0; i < cb->stab_size; i++) {
		uint64_t e = cb->stab[i];
		if (!e)
			continue;
		uint32_t idx = (uint32_t)e;
		uint64_t h = str_hash(cb->sdata + cb->soff[idx], cb->slen[idx],
				      cb->seed);
		size_t j = (size_t)h & mask;
		while (tab[j])
			j = (j + 1) & mask;
		tab[j] = e;
	}
	free(cb->stab);
	cb->stab = tab;
	cb->stab_size = size;
}

static uint32_t str_insert(ash_chunk_builder *cb, const char *p, uint32_t n,
			   uint64_t h, size_t j)
{
	uint32_t idx = (uint32_t)cb->nstrs++;
	ash_grow((void **)&cb->soff, &cb->cap_soff, cb->nstrs, sizeof *cb->soff);
	ash_grow((void **)&cb->slen, &cb->cap_slen, cb->nstrs, sizeof *cb->slen);
	if (!cb->sdata)
		cb->sdata = ash_malloc(ASH_CHUNK_MAX_STR_BYTES);
	memcpy(cb->sdata + cb->sbytes, p, n);
	cb->soff[idx] = (uint32_t)cb->sbytes;
	cb->slen[idx] = n;
	cb->sbytes += n;
	cb->stab[j] = (h & TAG_MASK) | idx;
	if (cb->nstrs * 2 > cb->stab_size)
		stab_grow(cb);
	return idx;
}

/* a[0..n) == b[0..n), inline for the short strings of logs. */
static inline bool bytes_eq(const char *a, const char *b, size_t n)
{
	uint64_t x, y, u, v;
	uint32_t p, q, r, t;
	if (n > 16)
		return memcmp(a, b, n) == 0;
	if (n >= 8) {
		memcpy(&x, a, 8), memcpy(&y, b, 8);
		memcpy(&u, a + n - 8, 8), memcpy(&v, b + n - 8, 8);
		return ((x ^ y) | (u ^ v)) == 0;
	}
	if (n >= 4) {
		memcpy(&p, a, 4), memcpy(&q, b, 4);
		memcpy(&r, a + n - 4, 4), memcpy(&t, b + n - 4, 4);
		return ((p ^ q) | (r ^ t)) == 0;
	}
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static uint32_t str_idx(ash_chunk_builder *cb, int col, const ash_str *s)
{
	uint32_t n = s->n > ASH_STORE_STR_MAX ? ASH_STORE_STR_MAX : s->n;
	if (n == 0 || !s->p)
		return 0;
	uint32_t last = cb->slast[col];
	if (last && cb->slen[last] == n &&
	    bytes_eq(cb->sdata + cb->soff[last], s->p, n))
		return last;
	uint64_t h = str_hash(s->p, n, cb->seed), tag = h & TAG_MASK;
	size_t mask = cb->stab_size - 1, j = (size_t)h & mask;
	uint32_t idx;
	for (;; j = (j + 1) & mask) {
		uint64_t e = cb->stab[j];
		if (!e) {
			idx = str_insert(cb, s->p, n, h, j);
			break;
		}
		idx = (uint32_t)e;
		if ((e & TAG_MASK) == tag && cb->slen[idx] == n &&
		    bytes_eq(cb->sdata + cb->soff[idx], s->p, n))
			break;
	}
	cb->slast[col] = idx;
	return idx;
}

/* --- adding records -------------------------------------------------- */

static size_t str_need(const ash_rec *r)
{
	const ash_str *s[5] = {&r->in_if, &r->out_if, &r->rule, &r->device,
			       &r->note};
	size_t need = 0;
	for (int k = 0; k < 5; k++)
		need += s[k]->n > ASH_STORE_STR_MAX ? ASH_STORE_STR_MAX : s[k]->n;
	return need;
}

bool ash_chunk_builder_add(ash_chunk_builder *cb, const ash_rec *r)
{
	if (cb->n >= cb->cap ||
	    (cb->n > 0 && (cb->sbytes + str_need(r) > ASH_CHUNK_MAX_STR_BYTES ||
			   cb->nstrs + 5 > ASH_CHUNK_MAX_STRS)))
		return false;
	uint32_t i = cb->n++;
	cb->t_start[i] = r->t_start;
	cb->t_end[i] = r->t_end;
	cb->tz_off[i] = r->tz_off;
	/* the sampling rate and its bit go together (store_format.h) */
	bool sampled = (r->have & ASH_HAVE_SAMPLING) && r->sampling;
	cb->have[i] = sampled ? r->have : r->have & ~(uint32_t)ASH_HAVE_SAMPLING;
	cb->sampling[i] = sampled ? r->sampling : 0;
	put_addr(cb, 0, i, &r->src);
	put_addr(cb, 1, i, &r->dst);
	put_addr(cb, 2, i, &r->nat_src);
	put_addr(cb, 3, i, &r->nat_dst);
	cb->sport[i] = r->sport, cb->dport[i] = r->dport;
	cb->nsport[i] = r->nat_sport, cb->ndport[i] = r->nat_dport;
	cb->proto[i] = r->proto, cb->flags[i] = r->tcp_flags;
	cb->action[i] = r->action, cb->format[i] = r->format;
	cb->cnt[0][i] = r->obytes, cb->cnt[1][i] = r->rbytes;
	cb->cnt[2][i] = r->opkts, cb->cnt[3][i] = r->rpkts;
	cb->line[i] = r->src_line;
	cb->str[0][i] = str_idx(cb, 0, &r->in_if);
	cb->str[1][i] = str_idx(cb, 1, &r->out_if);
	cb->str[2][i] = str_idx(cb, 2, &r->rule);
	cb->str[3][i] = str_idx(cb, 3, &r->device);
	cb->str[4][i] = str_idx(cb, 4, &r->note);
	if (i == 0 || r->t_start < cb->t_min)
		cb->t_min = r->t_start;
	if (i == 0 || r->t_start > cb->t_max)
		cb->t_max = r->t_start;
	return true;
}
