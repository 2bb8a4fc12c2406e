/* SPDX-License-Identifier: MIT */
/* store_chunk_enc.c: the chunk encoder (see store_chunk.h; layout in
 * store_format.h).  Builds the sorted address dictionary (one radix sort
 * of every IPv4 reference), then lays out each column (byte planes, delta,
 * small-dictionary packing or a constant) and compresses it with zstd when
 * that pays.  Does not touch files: store_flush.c writes the image. */
#include "store/store_chunk_int.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "core/xalloc.h"
#include "store/store_bloom.h"
#include "core/io.h"

#define NCOLS (ASH_CC_MAX_ - 1)
#define HDR_LEN (ASH_CHUNK_HDR + NCOLS * ASH_CHUNK_DIRENT + 4)

static const uint8_t v4prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

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
ASH_VECTORIZE static void layout(const uint64_t *v, size_t n, unsigned w,
				 bool fixed, uint8_t *out)
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

/* Codes c8[0..n) (each < 2^bits) packed LSB first, bits 1, 2 or 4. */
ASH_VECTORIZE static void pack_codes(const uint8_t *c8, size_t n,
				     unsigned bits, uint8_t *codes)
{
	size_t per = 8 / bits, full = n / per, i = full * per;
	switch (bits) {
	case 1:
		for (size_t j = 0; j < full; j++) {
			const uint8_t *c = c8 + 8 * j;
			codes[j] = (uint8_t)(c[0] | c[1] << 1 | c[2] << 2 |
					     c[3] << 3 | c[4] << 4 | c[5] << 5 |
					     c[6] << 6 | c[7] << 7);
		}
		break;
	case 2:
		for (size_t j = 0; j < full; j++) {
			const uint8_t *c = c8 + 4 * j;
			codes[j] = (uint8_t)(c[0] | c[1] << 2 | c[2] << 4 |
					     c[3] << 6);
		}
		break;
	default:
		for (size_t j = 0; j < full; j++)
			codes[j] = (uint8_t)(c8[2 * j] | c8[2 * j + 1] << 4);
		break;
	}
	if (i < n) {
		codes[full] = 0;
		for (; i < n; i++)
			codes[full] |= (uint8_t)(c8[i] << (bits * (i % per)));
	}
}

ASH_VECTORIZE static void delta_zz(uint64_t *v, size_t n, uint64_t base)
{
	uint64_t prev = base;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = v[i];
		v[i] = zz(x - prev);
		prev = x;
	}
}

ASH_VECTORIZE static void ref_zz(uint64_t *v, const int64_t *ts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		v[i] = v[i] ? zz(v[i] - (uint64_t)ts[i]) + 1 : 0;
}

ASH_VECTORIZE static uint64_t or_all(const uint64_t *v, size_t n)
{
	uint64_t orv = 0;
	for (size_t i = 0; i < n; i++)
		orv |= v[i];
	return orv;
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
	unsigned k = s->k, bits = k <= 2 ? 1 : k <= 4 ? 2 : 4;
	size_t rn = 1 + 8 * (size_t)k + (n * bits + 7) / 8;
	uint8_t *raw = raw_buf(e, rn);
	raw[0] = (uint8_t)k;
	for (unsigned j = 0; j < k; j++)
		ash_put64(raw + 1 + 8 * j, s->vals[j]);
	pack_codes(c8, n, bits, raw + 1 + 8 * k);
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
		delta_zz(v, n, base);
		tr = ASH_CT_DELTA, pre = 8;
	} else if (mode == M_REF) {
		ref_zz(v, e->cb->t_start, n);
		tr = ASH_CT_REF;
	}
	orv = or_all(v, n);
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

/* Columns widened to 64 bits into e->tmp (T: the unsigned type the
 * value is read as, so int32 offsets stay 32-bit patterns). */
#define DEF_WIDEN(NAME, A, T)                                              \
	ASH_VECTORIZE static void NAME(uint64_t *o, const A *a, size_t n)  \
	{                                                                  \
		for (size_t i = 0; i < n; i++)                             \
			o[i] = (uint64_t)(T)a[i];                          \
	}
DEF_WIDEN(widen_u8, uint8_t, uint8_t)
DEF_WIDEN(widen_u16, uint16_t, uint16_t)
DEF_WIDEN(widen_u32, uint32_t, uint32_t)
DEF_WIDEN(widen_i32, int32_t, uint32_t)
DEF_WIDEN(widen_u64, uint64_t, uint64_t)
DEF_WIDEN(widen_i64, int64_t, uint64_t)
#define WIDEN(e, arr, n, T)                                               \
	do {                                                              \
		ash_grow((void **)&(e)->tmp, &(e)->cap_tmp, (n) + 1, 8);  \
		_Generic((arr), uint8_t *: widen_u8, uint16_t *: widen_u16, \
			 uint32_t *: widen_u32, int32_t *: widen_i32,     \
			 uint64_t *: widen_u64,                           \
			 int64_t *: widen_i64)((e)->tmp, (arr), (n));     \
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
	P(ASH_CC_SAMPLING, cb->sampling, uint32_t, 4, M_PLAIN);
	P(ASH_CC_NAT_SRC_IDX, e->idx[2], uint32_t, 4, M_PLAIN);
	P(ASH_CC_NAT_DST_IDX, e->idx[3], uint32_t, 4, M_PLAIN);
	P(ASH_CC_NAT_SPORT, cb->nsport, uint16_t, 2, M_PLAIN);
	P(ASH_CC_NAT_DPORT, cb->ndport, uint16_t, 2, M_PLAIN);
	for (unsigned k = 0; k < 4; k++)
		P(ASH_CC_IN_IF + k, cb->str[k], uint32_t, 4, M_PLAIN);
	P(ASH_CC_NOTE, cb->str[4], uint32_t, 4, M_PLAIN);
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
