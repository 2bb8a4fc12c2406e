/* SPDX-License-Identifier: MIT */
/* store_chunk.c: the chunk builder and encoder (see store_chunk.h; layout
 * in store_format.h).
 *
 * The builder copies records column-wise.  Strings go through a per-chunk
 * dictionary at once; addresses are kept as they come (IPv4 as 32-bit
 * values, others through a small hash dictionary), because the encoder
 * builds the sorted address dictionary in one radix sort, which is far
 * cheaper than a hash lookup with a cache miss per address.  The encoder
 * then lays out and compresses each column.  Writing images to disk is
 * store_txn.c's job; decoding is in store_chunk_read.c. */
#include "store/store_chunk.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <zstd.h>

#include "core/xalloc.h"
#include "store/store_bloom.h"
#include "store/store_io.h"

#define NCOLS (ASH_CC_MAX_ - 1)
#define HDR_LEN (ASH_CHUNK_HDR + NCOLS * ASH_CHUNK_DIRENT + 4)
#define TAG_MASK 0xffffffff00000000ull

struct ash_chunk_builder {
	ash_chunk_tuning t;
	uint32_t n, cap;
	int64_t *t_start, *t_end;
	int32_t *tz_off;
	uint32_t *have, *str[4];
	/* addresses by column (src, dst, nat src, nat dst): the IPv4 value,
	 * or (when is6) the index in the v6 dictionary */
	uint32_t *acode[4];
	uint8_t *is6[4];
	uint16_t *sport, *dport, *nsport, *ndport;
	uint8_t *proto, *flags, *action, *format;
	uint64_t *cnt[4], *line;
	int64_t t_min, t_max;
	uint8_t bloom[ASH_BLOOM_BYTES]; /* the non-IPv4 part */
	uint64_t seed;
	uint32_t n4refs; /* rows x columns holding an IPv4 address */
	/* non-IPv4 dictionary: atab slots hold hash tag << 32 | (index + 1) */
	ash_ip *v6;
	uint8_t *v6_bloomed;
	size_t nv6, cap_v6, cap_v6b;
	uint64_t *atab;
	size_t atab_size;
	ash_ip alast[4];
	uint32_t alast_idx[4];
	/* string dictionary: entry 0 is ""; stab slots hold tag << 32 | index */
	char *sdata;
	size_t sbytes;
	uint32_t *soff, *slen;
	size_t nstrs, cap_soff, cap_slen;
	uint64_t *stab;
	size_t stab_size;
	uint32_t slast[4];
};

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
	(void **)&(cb)->acode[0], (void **)&(cb)->acode[1],                     \
	(void **)&(cb)->acode[2], (void **)&(cb)->acode[3],                     \
	(void **)&(cb)->is6[0], (void **)&(cb)->is6[1], (void **)&(cb)->is6[2], \
	(void **)&(cb)->is6[3], (void **)&(cb)->sport, (void **)&(cb)->dport,   \
	(void **)&(cb)->nsport, (void **)&(cb)->ndport, (void **)&(cb)->proto,  \
	(void **)&(cb)->flags, (void **)&(cb)->action, (void **)&(cb)->format,  \
	(void **)&(cb)->cnt[0], (void **)&(cb)->cnt[1], (void **)&(cb)->cnt[2], \
	(void **)&(cb)->cnt[3], (void **)&(cb)->line
#define BUILDER_SIZES 8, 8, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1, 1, 1, 1, 2, 2, \
		      2, 2, 1, 1, 1, 1, 8, 8, 8, 8, 8

ash_chunk_builder *ash_chunk_builder_new(const ash_chunk_tuning *t)
{
	ash_chunk_builder *cb = ash_calloc(1, sizeof *cb);
	ash_chunk_tuning d = {ASH_CHUNK_DEFAULT_RECORDS, 1, false};
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
	const ash_str *s[4] = {&r->in_if, &r->out_if, &r->rule, &r->device};
	size_t need = 0;
	for (int k = 0; k < 4; k++)
		need += s[k]->n > ASH_STORE_STR_MAX ? ASH_STORE_STR_MAX : s[k]->n;
	return need;
}

bool ash_chunk_builder_add(ash_chunk_builder *cb, const ash_rec *r)
{
	if (cb->n >= cb->cap ||
	    (cb->n > 0 && cb->sbytes + str_need(r) > ASH_CHUNK_MAX_STR_BYTES))
		return false;
	uint32_t i = cb->n++;
	cb->t_start[i] = r->t_start;
	cb->t_end[i] = r->t_end;
	cb->tz_off[i] = r->tz_off;
	cb->have[i] = r->have;
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
	if (i == 0 || r->t_start < cb->t_min)
		cb->t_min = r->t_start;
	if (i == 0 || r->t_start > cb->t_max)
		cb->t_max = r->t_start;
	return true;
}

/* --- the encoder ----------------------------------------------------- */

struct ash_chunk_enc {
	ZSTD_CCtx *cctx;
	const ash_chunk_builder *cb;
	int level;
	bool fixed;
	uint64_t *tmp, *keys, *keys2;
	size_t cap_tmp, cap_keys, cap_keys2;
	uint32_t *idx[4];     /* final dictionary index per address column */
	size_t cap_idx[4];
	uint32_t *dict4;      /* sorted IPv4 dictionary */
	size_t cap_dict4, n4;
	uint32_t *order6, *remap6; /* v6 dictionary sorted, old -> new */
	size_t cap_order6, cap_remap6, lo6;
	uint8_t bloom[ASH_BLOOM_BYTES];
	uint8_t *raw, *img, *codes;
	size_t cap_raw, cap_img, img_len, cap_codes;
	unsigned ncols;
};

ash_chunk_enc *ash_chunk_enc_new(void)
{
	ash_chunk_enc *e = ash_calloc(1, sizeof *e);
	e->cctx = ZSTD_createCCtx();
	if (!e->cctx)
		abort(); /* out of memory, as in xalloc */
	return e;
}

void ash_chunk_enc_free(ash_chunk_enc *e)
{
	if (!e)
		return;
	ZSTD_freeCCtx(e->cctx);
	free(e->tmp), free(e->keys), free(e->keys2), free(e->dict4);
	for (int c = 0; c < 4; c++)
		free(e->idx[c]);
	free(e->order6), free(e->remap6), free(e->raw), free(e->img);
	free(e->codes);
	free(e);
}

static inline uint64_t zz(uint64_t d)
{
	return (d << 1) ^ (0 - (d >> 63));
}

/* Append one column's raw bytes to the image, compressed when that pays
 * (saves at least 1/8: else decoding a stored column is a plain copy). */
static int put_col(ash_chunk_enc *e, unsigned id, unsigned tr, unsigned width,
		   const uint8_t *raw, size_t rn, ash_err *err)
{
	size_t bound = ZSTD_compressBound(rn);
	ash_grow((void **)&e->img, &e->cap_img, e->img_len + bound + rn, 1);
	uint8_t *dst = e->img + e->img_len;
	size_t cn = rn;
	unsigned codec = ASH_CODEC_NONE;
	if (rn >= 64) {
		size_t z = ZSTD_compressCCtx(e->cctx, dst, bound, raw, rn,
					     e->level);
		if (!ZSTD_isError(z) && z <= rn - rn / 8) {
			codec = ASH_CODEC_ZSTD;
			cn = z;
		}
	}
	if (codec == ASH_CODEC_NONE && rn)
		memcpy(dst, raw, rn);
	if (e->img_len + cn > UINT32_MAX || rn > UINT32_MAX)
		return ash_errf(err, ASH_ELIMIT, "chunk: column %u too large", id);
	uint8_t *d = e->img + ASH_CHUNK_HDR + e->ncols++ * ASH_CHUNK_DIRENT;
	memset(d, 0, ASH_CHUNK_DIRENT);
	d[0] = (uint8_t)id, d[1] = (uint8_t)tr;
	d[2] = (uint8_t)width, d[3] = (uint8_t)codec;
	ash_put32(d + 4, ash_io_crc32(dst, cn));
	ash_put32(d + 8, (uint32_t)e->img_len);
	ash_put32(d + 12, (uint32_t)cn);
	ash_put32(d + 16, (uint32_t)rn);
	e->img_len += cn;
	return 0;
}

static uint8_t *raw_buf(ash_chunk_enc *e, size_t n)
{
	ash_grow((void **)&e->raw, &e->cap_raw, n + 1, 1);
	return e->raw;
}

static unsigned width_of(uint64_t orv)
{
	unsigned w = 1;
	while (w < 8 && (orv >> (8 * w)) != 0)
		w++;
	return w;
}

/* Lay v[0..n) out as PLANES (or FIXED) of width w at out. */
static void layout(const uint64_t *v, size_t n, unsigned w, bool fixed,
		   uint8_t *out)
{
	if (fixed) {
		for (size_t i = 0; i < n; i++)
			for (unsigned k = 0; k < w; k++)
				out[i * w + k] = (uint8_t)(v[i] >> (8 * k));
		return;
	}
	for (unsigned k = 0; k < w; k++) {
		uint8_t *p = out + k * n;
		for (size_t i = 0; i < n; i++)
			p[i] = (uint8_t)(v[i] >> (8 * k));
	}
}

/* The distinct values of a column when there are at most 16: a 64-slot
 * open-addressing set, so each value costs a multiply and a compare. */
typedef struct smallset {
	uint64_t key[64];
	int8_t code[64];
	unsigned k;
	uint64_t vals[16];
} smallset;

/* Code (0..15) of v, added if new; -1 when a 17th value shows up. */
static inline int small_code(smallset *s, uint64_t v)
{
	unsigned j = (unsigned)((v * 0x9E3779B97F4A7C15ull) >> 58);
	for (;; j = (j + 1) & 63) {
		if (s->code[j] < 0) {
			if (s->k == 16)
				return -1;
			s->key[j] = v;
			s->vals[s->k] = v;
			return s->code[j] = (int8_t)s->k++;
		}
		if (s->key[j] == v)
			return s->code[j];
	}
}

/* Codes of v[0..n) into codes (n bytes); returns the number of distinct
 * values (in s->vals), or 0 when there are more than 16. */
static unsigned few_values(const uint64_t *v, size_t n, smallset *s,
			   uint8_t *codes)
{
	memset(s->code, -1, sizeof s->code);
	s->k = 0;
	for (size_t i = 0; i < n; i++) {
		int c = small_code(s, v[i]);
		if (c < 0)
			return 0;
		codes[i] = (uint8_t)c;
	}
	return s->k;
}

/* PACK n values given by their codes (s->k of them, 2..16). */
static int put_pack(ash_chunk_enc *e, unsigned id, const uint8_t *c8,
		    size_t n, const smallset *s, ash_err *err)
{
	unsigned k = s->k, bits = k <= 2 ? 1 : k <= 4 ? 2 : 4, per = 8 / bits;
	size_t rn = 1 + 8 * (size_t)k + (n * bits + 7) / 8;
	uint8_t *raw = raw_buf(e, rn), *codes = raw + 1 + 8 * k;
	raw[0] = (uint8_t)k;
	for (unsigned j = 0; j < k; j++)
		ash_put64(raw + 1 + 8 * j, s->vals[j]);
	memset(codes, 0, (n * bits + 7) / 8);
	for (size_t i = 0; i < n; i++)
		codes[i / per] |= (uint8_t)(c8[i] << (bits * (i % per)));
	return put_col(e, id, ASH_CT_PACK, bits, raw, rn, err);
}

enum mode { M_PLAIN, M_DELTA, M_REF };

/* Encode e->tmp[0..n) (the column's values widened to 64 bits) as column
 * id of natural width natw. */
static int put_ints(ash_chunk_enc *e, unsigned id, enum mode mode,
		    unsigned natw, size_t n, ash_err *err)
{
	uint64_t *v = e->tmp, orv = 0, base = n ? v[0] : 0;
	smallset set;
	ash_grow((void **)&e->codes, &e->cap_codes, n + 1, 1);
	unsigned k = n ? few_values(v, n, &set, e->codes) : 1;
	if (k == 1) {
		uint8_t *raw = raw_buf(e, 8);
		ash_put64(raw, base);
		return put_col(e, id, ASH_CT_CONST, natw, raw, 8, err);
	}
	if (k && mode == M_PLAIN)
		return put_pack(e, id, e->codes, n, &set, err);
	unsigned tr = e->fixed ? ASH_CT_FIXED : ASH_CT_PLANES;
	size_t pre = 0;
	if (mode == M_DELTA) {
		uint64_t prev = base;
		for (size_t i = 0; i < n; i++) {
			uint64_t x = v[i];
			v[i] = zz(x - prev);
			prev = x;
		}
		tr = ASH_CT_DELTA, pre = 8;
	} else if (mode == M_REF) {
		const int64_t *ts = e->cb->t_start;
		for (size_t i = 0; i < n; i++)
			v[i] = v[i] ? zz(v[i] - (uint64_t)ts[i]) + 1 : 0;
		tr = ASH_CT_REF;
	}
	for (size_t i = 0; i < n; i++)
		orv |= v[i];
	unsigned w = width_of(orv);
	uint8_t *raw = raw_buf(e, pre + w * n);
	if (pre)
		ash_put64(raw, base);
	layout(v, n, w, tr == ASH_CT_FIXED, raw + pre);
	return put_col(e, id, tr, w, raw, pre + w * n, err);
}

/* REF cannot represent an end whose zigzag difference is all ones. */
static bool ref_ok(const ash_chunk_builder *cb)
{
	for (size_t i = 0; i < cb->n; i++)
		if (cb->t_end[i] &&
		    zz((uint64_t)cb->t_end[i] - (uint64_t)cb->t_start[i]) ==
			    UINT64_MAX)
			return false;
	return true;
}

#define WIDEN(e, arr, n, T)                                               \
	do {                                                              \
		ash_grow((void **)&(e)->tmp, &(e)->cap_tmp, (n) + 1, 8);  \
		for (size_t i_ = 0; i_ < (n); i_++)                       \
			(e)->tmp[i_] = (uint64_t)(T)(arr)[i_];            \
	} while (0)

static int put_time(ash_chunk_enc *e, ash_err *err)
{
	const ash_chunk_builder *cb = e->cb;
	size_t n = cb->n;
	int rc;
	WIDEN(e, cb->t_start, n, uint64_t);
	if ((rc = put_ints(e, ASH_CC_T_START, M_DELTA, 8, n, err)))
		return rc;
	bool ref = ref_ok(cb);
	WIDEN(e, cb->t_end, n, uint64_t);
	if ((rc = put_ints(e, ASH_CC_T_END, ref ? M_REF : M_DELTA, 8, n, err)))
		return rc;
	WIDEN(e, cb->tz_off, n, uint32_t);
	if ((rc = put_ints(e, ASH_CC_TZ_OFF, M_PLAIN, 4, n, err)))
		return rc;
	WIDEN(e, cb->have, n, uint32_t);
	return put_ints(e, ASH_CC_HAVE, M_PLAIN, 4, n, err);
}

/* --- the address dictionary ------------------------------------------ */

/* Sort keys (value << 32 | ref) by value: LSD radix, 11 bits a pass,
 * skipping passes whose digit is the same in every key.  Returns the
 * array (k or tmp) that holds the result. */
static uint64_t *radix_sort(uint64_t *k, uint64_t *tmp, size_t n)
{
	static const unsigned shift[3] = {32, 43, 54};
	uint32_t cnt[3][2048];
	memset(cnt, 0, sizeof cnt);
	for (size_t i = 0; i < n; i++)
		for (unsigned d = 0; d < 3; d++)
			cnt[d][(k[i] >> shift[d]) & 2047]++;
	for (unsigned d = 0; d < 3 && n > 0; d++) {
		uint32_t pos[2048], sum = 0;
		if (cnt[d][(k[0] >> shift[d]) & 2047] == n)
			continue;
		for (unsigned b = 0; b < 2048; b++) {
			pos[b] = sum;
			sum += cnt[d][b];
		}
		for (size_t i = 0; i < n; i++)
			tmp[pos[(k[i] >> shift[d]) & 2047]++] = k[i];
		uint64_t *t = k;
		k = tmp;
		tmp = t;
	}
	return k;
}

static int cmp_v6(const void *a, const void *b, void *ctx)
{
	const ash_ip *d = ctx;
	return memcmp(d[*(const uint32_t *)a].b, d[*(const uint32_t *)b].b, 16);
}

/* Sort the non-IPv4 entries; fill order6, remap6 and lo6 (how many sort
 * below the IPv4 block). */
static void order_v6(ash_chunk_enc *e)
{
	const ash_chunk_builder *cb = e->cb;
	size_t n6 = cb->nv6, lo = 0;
	ash_grow((void **)&e->order6, &e->cap_order6, n6 + 1, 4);
	ash_grow((void **)&e->remap6, &e->cap_remap6, n6 + 1, 4);
	for (size_t i = 0; i < n6; i++)
		e->order6[i] = (uint32_t)i;
	qsort_r(e->order6, n6, sizeof *e->order6, cmp_v6, cb->v6);
	while (lo < n6 && memcmp(cb->v6[e->order6[lo]].b, v4prefix, 12) < 0)
		lo++;
	e->lo6 = lo;
}

/* Build the IPv4 dictionary from every IPv4 reference (one radix sort)
 * and the final index of every address of every column. */
static void build_dict(ash_chunk_enc *e)
{
	const ash_chunk_builder *cb = e->cb;
	size_t n = cb->n, m = 0, n4 = 0;
	order_v6(e);
	ash_grow((void **)&e->keys, &e->cap_keys, cb->n4refs + 1, 8);
	ash_grow((void **)&e->keys2, &e->cap_keys2, cb->n4refs + 1, 8);
	ash_grow((void **)&e->dict4, &e->cap_dict4, cb->n4refs + 1, 4);
	for (uint64_t c = 0; c < 4; c++) {
		ash_grow((void **)&e->idx[c], &e->cap_idx[c], n + 1, 4);
		for (size_t i = 0; i < n; i++)
			if (!cb->is6[c][i])
				e->keys[m++] = (uint64_t)cb->acode[c][i] << 32 |
					       c << 20 | i;
	}
	const uint64_t *k = radix_sort(e->keys, e->keys2, m);
	for (size_t j = 0; j < m; j++) {
		uint32_t v = (uint32_t)(k[j] >> 32), ref = (uint32_t)k[j];
		uint32_t c = ref >> 20, i = ref & 0xfffff;
		if (n4 == 0 || e->dict4[n4 - 1] != v)
			e->dict4[n4++] = v;
		e->idx[c][i] = (uint32_t)(e->lo6 + n4 - 1);
		if (c < 2) { /* src and dst go into the filter */
			ash_ip ip;
			ash_ip_from_v4(&ip, v);
			if (j + 1 == m || (uint32_t)(k[j + 1] >> 32) != v ||
			    (uint32_t)k[j + 1] >> 20 >= 2)
				ash_bloom_add(e->bloom, &ip);
		}
	}
	e->n4 = n4;
	for (size_t r = 0; r < cb->nv6; r++) {
		size_t old = e->order6[r];
		e->remap6[old] = (uint32_t)(r < e->lo6 ? r : n4 + r);
	}
	for (int c = 0; c < 4; c++)
		for (size_t i = 0; i < n; i++)
			if (cb->is6[c][i])
				e->idx[c][i] = e->remap6[cb->acode[c][i]];
}

static int put_addrs(ash_chunk_enc *e, ash_err *err)
{
	const ash_chunk_builder *cb = e->cb;
	size_t n6 = cb->nv6, n4 = e->n4;
	uint8_t *raw = raw_buf(e, 16 * n6);
	for (size_t i = 0; i < n6; i++) {
		const ash_ip *ip = &cb->v6[e->order6[i]];
		if (e->fixed)
			memcpy(raw + 16 * i, ip->b, 16);
		else
			for (unsigned k = 0; k < 16; k++)
				raw[k * n6 + i] = ip->b[k];
	}
	int rc = put_col(e, ASH_CC_ADDRS, e->fixed ? ASH_CT_FIXED : ASH_CT_PLANES,
			 16, raw, 16 * n6, err);
	if (rc)
		return rc;
	WIDEN(e, e->dict4, n4, uint32_t);
	return put_ints(e, ASH_CC_ADDRS4, M_DELTA, 4, n4, err);
}

static int put_rows(ash_chunk_enc *e, ash_err *err)
{
	const ash_chunk_builder *cb = e->cb;
	size_t n = cb->n;
	int rc = 0;
#define P(id, arr, T, natw, mode)                                          \
	do {                                                               \
		WIDEN(e, arr, n, T);                                       \
		if ((rc = put_ints(e, id, mode, natw, n, err)))            \
			return rc;                                         \
	} while (0)
	build_dict(e);
	P(ASH_CC_SRC_IDX, e->idx[0], uint32_t, 4, M_PLAIN);
	P(ASH_CC_DST_IDX, e->idx[1], uint32_t, 4, M_PLAIN);
	if ((rc = put_addrs(e, err)))
		return rc;
	P(ASH_CC_SPORT, cb->sport, uint16_t, 2, M_PLAIN);
	P(ASH_CC_DPORT, cb->dport, uint16_t, 2, M_PLAIN);
	P(ASH_CC_PROTO, cb->proto, uint8_t, 1, M_PLAIN);
	P(ASH_CC_FLAGS, cb->flags, uint8_t, 1, M_PLAIN);
	P(ASH_CC_ACTION, cb->action, uint8_t, 1, M_PLAIN);
	for (unsigned k = 0; k < 4; k++)
		P(ASH_CC_OBYTES + k, cb->cnt[k], uint64_t, 8, M_PLAIN);
	P(ASH_CC_NAT_SRC_IDX, e->idx[2], uint32_t, 4, M_PLAIN);
	P(ASH_CC_NAT_DST_IDX, e->idx[3], uint32_t, 4, M_PLAIN);
	P(ASH_CC_NAT_SPORT, cb->nsport, uint16_t, 2, M_PLAIN);
	P(ASH_CC_NAT_DPORT, cb->ndport, uint16_t, 2, M_PLAIN);
	for (unsigned k = 0; k < 4; k++)
		P(ASH_CC_IN_IF + k, cb->str[k], uint32_t, 4, M_PLAIN);
	size_t ns = cb->nstrs;
	WIDEN(e, cb->slen, ns, uint32_t);
	if ((rc = put_ints(e, ASH_CC_STR_LENS, M_PLAIN, 4, ns, err)))
		return rc;
	if ((rc = put_col(e, ASH_CC_STR_DATA, ASH_CT_BLOB, 1,
			  (const uint8_t *)cb->sdata, cb->sbytes, err)))
		return rc;
	P(ASH_CC_FORMAT, cb->format, uint8_t, 1, M_PLAIN);
	P(ASH_CC_SRC_LINE, cb->line, uint64_t, 8, M_DELTA);
#undef P
	return rc;
}

static void put_header(ash_chunk_enc *e)
{
	const ash_chunk_builder *cb = e->cb;
	uint8_t *h = e->img;
	memcpy(h, ASH_CHUNK_MAGIC, 8);
	ash_put16(h + 8, ASH_CHUNK_VERSION);
	ash_put16(h + 10, (uint16_t)e->ncols);
	ash_put32(h + 12, cb->n);
	ash_put32(h + 16, (uint32_t)(e->n4 + cb->nv6));
	ash_put32(h + 20, (uint32_t)cb->nstrs);
	ash_put64(h + 24, (uint64_t)cb->t_min);
	ash_put64(h + 32, (uint64_t)cb->t_max);
	ash_put32(h + 40, (uint32_t)cb->sbytes);
	ash_put32(h + 44, (uint32_t)e->n4);
	size_t hl = ASH_CHUNK_HDR + e->ncols * ASH_CHUNK_DIRENT;
	ash_put32(h + hl, ash_io_crc32(h, hl));
}

int ash_chunk_encode(ash_chunk_enc *e, const ash_chunk_builder *cb,
		     const uint8_t **img, size_t *n, ash_chunk_meta *meta,
		     ash_err *err)
{
	int rc;
	e->cb = cb;
	e->level = cb->t.zstd_level;
	e->fixed = cb->t.fixed;
	memcpy(e->bloom, cb->bloom, sizeof e->bloom);
	ash_grow((void **)&e->img, &e->cap_img, HDR_LEN, 1);
	e->img_len = HDR_LEN;
	e->ncols = 0;
	if ((rc = put_time(e, err)) || (rc = put_rows(e, err)))
		goto out;
	if (e->ncols != NCOLS) {
		rc = ash_errf(err, ASH_EINTERNAL, "chunk: %u columns written",
			      e->ncols);
		goto out;
	}
	put_header(e);
	*img = e->img;
	*n = e->img_len;
	meta->records = cb->n;
	meta->t_min = cb->t_min;
	meta->t_max = cb->t_max;
	memcpy(meta->bloom, e->bloom, sizeof meta->bloom);
	meta->file_size = e->img_len;
out:
	e->cb = NULL;
	return rc;
}
