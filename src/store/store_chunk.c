/* SPDX-License-Identifier: MIT */
/* store_chunk.c: the chunk builder and encoder (see store_chunk.h; layout
 * in store_format.h).  Records are buffered column-wise with per-chunk
 * address and string dictionaries; encode turns them into a chunk file
 * image.  Writing the image to disk is store_txn.c's job; decoding is in
 * store_chunk_read.c. */
#include "store/store_chunk.h"

#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <zstd.h>

#include "core/xalloc.h"
#include "store/store_bloom.h"
#include "store/store_io.h"

#define NCOLS (ASH_CC_MAX_ - 1)
#define HDR_LEN (ASH_CHUNK_HDR + NCOLS * ASH_CHUNK_DIRENT + 4)

struct ash_chunk_builder {
	ash_chunk_tuning t;
	uint32_t n, cap;
	int64_t *t_start, *t_end;
	int32_t *tz_off;
	uint32_t *have, *src, *dst, *nsrc, *ndst, *str[4];
	uint16_t *sport, *dport, *nsport, *ndport;
	uint8_t *proto, *flags, *action, *format;
	uint64_t *cnt[4], *line;
	int64_t t_min, t_max;
	uint8_t bloom[ASH_BLOOM_BYTES];
	uint64_t seed;
	/* address dictionary: atab slots hold hash tag << 32 | (index + 1) */
	ash_ip *addrs;
	uint8_t *in_bloom;
	size_t naddrs, cap_addrs, cap_inb;
	uint64_t *atab;
	size_t atab_size;
	/* string dictionary: entry 0 is ""; stab slots hold tag << 32 | index */
	char *sdata;
	size_t sbytes;
	uint32_t *soff, *slen;
	size_t nstrs, cap_soff, cap_slen;
	uint64_t *stab;
	size_t stab_size;
	uint32_t slast[4];
	/* encoder state */
	ZSTD_CCtx *cctx;
	uint64_t *tmp;
	size_t cap_tmp;
	uint8_t *raw;
	size_t cap_raw;
	uint8_t *img;
	size_t cap_img, img_len;
	unsigned ncols;
};

static uint64_t mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

static uint64_t new_seed(void)
{
	uint64_t s = 0;
	if (getrandom(&s, sizeof s, GRND_NONBLOCK) != (ssize_t)sizeof s)
		s = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)&s;
	return s;
}

static void *rows(size_t n, size_t sz)
{
	return ash_calloc(n, sz);
}

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
	size_t c = cb->cap = cb->t.records;
	cb->t_start = rows(c, 8), cb->t_end = rows(c, 8);
	cb->tz_off = rows(c, 4), cb->have = rows(c, 4);
	cb->src = rows(c, 4), cb->dst = rows(c, 4);
	cb->nsrc = rows(c, 4), cb->ndst = rows(c, 4);
	for (int k = 0; k < 4; k++) {
		cb->str[k] = rows(c, 4);
		cb->cnt[k] = rows(c, 8);
	}
	cb->sport = rows(c, 2), cb->dport = rows(c, 2);
	cb->nsport = rows(c, 2), cb->ndport = rows(c, 2);
	cb->proto = rows(c, 1), cb->flags = rows(c, 1);
	cb->action = rows(c, 1), cb->format = rows(c, 1);
	cb->line = rows(c, 8);
	cb->seed = new_seed();
	cb->cctx = ZSTD_createCCtx();
	if (!cb->cctx)
		abort(); /* out of memory, as in xalloc */
	ash_chunk_builder_reset(cb);
	return cb;
}

void ash_chunk_builder_free(ash_chunk_builder *cb)
{
	if (!cb)
		return;
	void *arrays[] = {cb->t_start, cb->t_end, cb->tz_off, cb->have,
			  cb->src, cb->dst, cb->nsrc, cb->ndst, cb->str[0],
			  cb->str[1], cb->str[2], cb->str[3], cb->sport,
			  cb->dport, cb->nsport, cb->ndport, cb->proto,
			  cb->flags, cb->action, cb->format, cb->cnt[0],
			  cb->cnt[1], cb->cnt[2], cb->cnt[3], cb->line,
			  cb->addrs, cb->in_bloom, cb->atab, cb->sdata,
			  cb->soff, cb->slen, cb->stab, cb->tmp, cb->raw,
			  cb->img};
	for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
		free(arrays[i]);
	ZSTD_freeCCtx(cb->cctx);
	free(cb);
}

static void table_clear(uint64_t **tab, size_t *size, size_t want)
{
	if (*size != want) {
		free(*tab);
		*tab = ash_calloc(want, sizeof **tab);
		*size = want;
	} else {
		memset(*tab, 0, want * sizeof **tab);
	}
}

void ash_chunk_builder_reset(ash_chunk_builder *cb)
{
	cb->n = 0;
	cb->t_min = cb->t_max = 0;
	memset(cb->bloom, 0, sizeof cb->bloom);
	cb->naddrs = 0;
	/* start small again: tables only grow with what a chunk holds */
	table_clear(&cb->atab, &cb->atab_size, 1024);
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

/* --- dictionaries ---------------------------------------------------- */

static void atab_grow(ash_chunk_builder *cb)
{
	size_t size = cb->atab_size * 2, mask = size - 1;
	uint64_t *tab = ash_calloc(size, sizeof *tab);
	for (size_t i = 0; i < cb->atab_size; i++) {
		uint64_t e = cb->atab[i];
		if (!e)
			continue;
		/* the tag is the high half of the hash: recompute the slot */
		uint32_t idx = (uint32_t)e - 1;
		uint64_t h = mix64(ash_ip_hash(&cb->addrs[idx]) + cb->seed);
		size_t j = (size_t)h & mask;
		while (tab[j])
			j = (j + 1) & mask;
		tab[j] = e;
	}
	free(cb->atab);
	cb->atab = tab;
	cb->atab_size = size;
}

static uint32_t addr_idx(ash_chunk_builder *cb, const ash_ip *ip, bool bloom)
{
	uint64_t h = mix64(ash_ip_hash(ip) + cb->seed);
	uint64_t tag = h & 0xffffffff00000000ull;
	size_t mask = cb->atab_size - 1, j = (size_t)h & mask;
	uint32_t idx;
	for (;; j = (j + 1) & mask) {
		uint64_t e = cb->atab[j];
		if (!e)
			break;
		idx = (uint32_t)e - 1;
		if ((e & 0xffffffff00000000ull) == tag &&
		    memcmp(&cb->addrs[idx], ip, sizeof *ip) == 0)
			goto found;
	}
	idx = (uint32_t)cb->naddrs++;
	ash_grow((void **)&cb->addrs, &cb->cap_addrs, cb->naddrs,
		 sizeof *cb->addrs);
	ash_grow((void **)&cb->in_bloom, &cb->cap_inb, cb->naddrs, 1);
	cb->addrs[idx] = *ip;
	cb->in_bloom[idx] = 0;
	cb->atab[j] = tag | (idx + 1);
	if (cb->naddrs * 2 > cb->atab_size)
		atab_grow(cb);
found:
	if (bloom && !cb->in_bloom[idx]) {
		cb->in_bloom[idx] = 1;
		ash_bloom_add(cb->bloom, ip);
	}
	return idx;
}

static uint64_t str_hash(const char *p, size_t n, uint64_t seed)
{
	uint64_t h = seed ^ (n * 0x9E3779B97F4A7C15ull), w;
	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, p, n);
	return mix64(h ^ w);
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
	cb->stab[j] = (h & 0xffffffff00000000ull) | idx;
	if (cb->nstrs * 2 > cb->stab_size)
		stab_grow(cb);
	return idx;
}

static uint32_t str_idx(ash_chunk_builder *cb, int col, const ash_str *s)
{
	uint32_t n = s->n > ASH_STORE_STR_MAX ? ASH_STORE_STR_MAX : s->n;
	if (n == 0 || !s->p)
		return 0;
	uint32_t last = cb->slast[col];
	if (last && cb->slen[last] == n &&
	    memcmp(cb->sdata + cb->soff[last], s->p, n) == 0)
		return last;
	uint64_t h = str_hash(s->p, n, cb->seed);
	uint64_t tag = h & 0xffffffff00000000ull;
	size_t mask = cb->stab_size - 1, j = (size_t)h & mask;
	uint32_t idx;
	for (;; j = (j + 1) & mask) {
		uint64_t e = cb->stab[j];
		if (!e) {
			idx = str_insert(cb, s->p, n, h, j);
			break;
		}
		idx = (uint32_t)e;
		if ((e & 0xffffffff00000000ull) == tag && cb->slen[idx] == n &&
		    memcmp(cb->sdata + cb->soff[idx], s->p, n) == 0)
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
	cb->src[i] = addr_idx(cb, &r->src, true);
	cb->dst[i] = addr_idx(cb, &r->dst, true);
	cb->nsrc[i] = addr_idx(cb, &r->nat_src, false);
	cb->ndst[i] = addr_idx(cb, &r->nat_dst, false);
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

/* --- encoding -------------------------------------------------------- */

static inline uint64_t zz(uint64_t d)
{
	return (d << 1) ^ (0 - (d >> 63));
}

/* Append one column's raw bytes to the image, compressed when that pays
 * (saves at least 1/8: else decoding a stored column is a plain copy). */
static int put_col(ash_chunk_builder *cb, unsigned id, unsigned tr,
		   unsigned width, const uint8_t *raw, size_t rn, ash_err *err)
{
	size_t bound = ZSTD_compressBound(rn);
	ash_grow((void **)&cb->img, &cb->cap_img, cb->img_len + bound + rn, 1);
	uint8_t *dst = cb->img + cb->img_len;
	size_t cn = rn;
	unsigned codec = ASH_CODEC_NONE;
	if (rn >= 64) {
		size_t z = ZSTD_compressCCtx(cb->cctx, dst, bound, raw, rn,
					     cb->t.zstd_level);
		if (!ZSTD_isError(z) && z <= rn - rn / 8) {
			codec = ASH_CODEC_ZSTD;
			cn = z;
		}
	}
	if (codec == ASH_CODEC_NONE && rn)
		memcpy(dst, raw, rn);
	if (cb->img_len + cn > UINT32_MAX || rn > UINT32_MAX)
		return ash_errf(err, ASH_ELIMIT, "chunk: column %u too large", id);
	uint8_t *e = cb->img + ASH_CHUNK_HDR + cb->ncols++ * ASH_CHUNK_DIRENT;
	memset(e, 0, ASH_CHUNK_DIRENT);
	e[0] = (uint8_t)id, e[1] = (uint8_t)tr;
	e[2] = (uint8_t)width, e[3] = (uint8_t)codec;
	ash_put32(e + 4, ash_io_crc32(dst, cn));
	ash_put32(e + 8, (uint32_t)cb->img_len);
	ash_put32(e + 12, (uint32_t)cn);
	ash_put32(e + 16, (uint32_t)rn);
	cb->img_len += cn;
	return 0;
}

static unsigned width_of(uint64_t orv)
{
	unsigned w = 1;
	while (w < 8 && (orv >> (8 * w)) != 0)
		w++;
	return w;
}

/* Lay v[0..n) out as PLANES or FIXED of width w at out. */
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

static uint8_t *raw_buf(ash_chunk_builder *cb, size_t n)
{
	ash_grow((void **)&cb->raw, &cb->cap_raw, n, 1);
	return cb->raw;
}

enum mode { M_PLAIN, M_DELTA, M_REF };

/* Encode cb->tmp[0..n) (the column's values widened to 64 bits) as column
 * id of natural width natw. */
static int put_ints(ash_chunk_builder *cb, unsigned id, enum mode mode,
		    unsigned natw, size_t n, ash_err *err)
{
	uint64_t *v = cb->tmp, orv = 0, base = n ? v[0] : 0;
	bool same = true;
	for (size_t i = 1; i < n; i++)
		same &= v[i] == base;
	if (same) {
		uint8_t *raw = raw_buf(cb, 8);
		ash_put64(raw, base);
		return put_col(cb, id, ASH_CT_CONST, natw, raw, 8, err);
	}
	unsigned tr = cb->t.fixed ? ASH_CT_FIXED : ASH_CT_PLANES;
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
		for (size_t i = 0; i < n; i++)
			v[i] = v[i] ? zz(v[i] - (uint64_t)cb->t_start[i]) + 1 : 0;
		tr = ASH_CT_REF;
	}
	for (size_t i = 0; i < n; i++)
		orv |= v[i];
	unsigned w = width_of(orv);
	uint8_t *raw = raw_buf(cb, pre + w * n);
	if (pre)
		ash_put64(raw, base);
	layout(v, n, w, tr == ASH_CT_FIXED, raw + pre);
	return put_col(cb, id, tr, w, raw, pre + w * n, err);
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

#define WIDEN(cb, arr, n, T)                                              \
	do {                                                              \
		ash_grow((void **)&(cb)->tmp, &(cb)->cap_tmp, (n) + 1, 8); \
		for (size_t i_ = 0; i_ < (n); i_++)                       \
			(cb)->tmp[i_] = (uint64_t)(T)(arr)[i_];           \
	} while (0)

static int put_time(ash_chunk_builder *cb, ash_err *err)
{
	size_t n = cb->n;
	int rc;
	WIDEN(cb, cb->t_start, n, uint64_t);
	if ((rc = put_ints(cb, ASH_CC_T_START, M_DELTA, 8, n, err)))
		return rc;
	bool ref = ref_ok(cb);
	WIDEN(cb, cb->t_end, n, uint64_t);
	if ((rc = put_ints(cb, ASH_CC_T_END, ref ? M_REF : M_DELTA, 8, n, err)))
		return rc;
	WIDEN(cb, cb->tz_off, n, uint32_t);
	if ((rc = put_ints(cb, ASH_CC_TZ_OFF, M_PLAIN, 4, n, err)))
		return rc;
	WIDEN(cb, cb->have, n, uint32_t);
	return put_ints(cb, ASH_CC_HAVE, M_PLAIN, 4, n, err);
}

static int put_addrs(ash_chunk_builder *cb, ash_err *err)
{
	size_t a = cb->naddrs;
	uint8_t *raw = raw_buf(cb, 16 * a + 1);
	if (cb->t.fixed) {
		if (a)
			memcpy(raw, cb->addrs, 16 * a);
	} else {
		for (size_t i = 0; i < a; i++)
			for (unsigned k = 0; k < 16; k++)
				raw[k * a + i] = cb->addrs[i].b[k];
	}
	return put_col(cb, ASH_CC_ADDRS,
		       cb->t.fixed ? ASH_CT_FIXED : ASH_CT_PLANES, 16, raw,
		       16 * a, err);
}

static int put_rows(ash_chunk_builder *cb, ash_err *err)
{
	size_t n = cb->n;
	int rc = 0;
#define P(id, arr, T, natw, mode)                                          \
	do {                                                               \
		WIDEN(cb, arr, n, T);                                      \
		if ((rc = put_ints(cb, id, mode, natw, n, err)))           \
			return rc;                                         \
	} while (0)
	P(ASH_CC_SRC_IDX, cb->src, uint32_t, 4, M_PLAIN);
	P(ASH_CC_DST_IDX, cb->dst, uint32_t, 4, M_PLAIN);
	if ((rc = put_addrs(cb, err)))
		return rc;
	P(ASH_CC_SPORT, cb->sport, uint16_t, 2, M_PLAIN);
	P(ASH_CC_DPORT, cb->dport, uint16_t, 2, M_PLAIN);
	P(ASH_CC_PROTO, cb->proto, uint8_t, 1, M_PLAIN);
	P(ASH_CC_FLAGS, cb->flags, uint8_t, 1, M_PLAIN);
	P(ASH_CC_ACTION, cb->action, uint8_t, 1, M_PLAIN);
	for (unsigned k = 0; k < 4; k++)
		P(ASH_CC_OBYTES + k, cb->cnt[k], uint64_t, 8, M_PLAIN);
	P(ASH_CC_NAT_SRC_IDX, cb->nsrc, uint32_t, 4, M_PLAIN);
	P(ASH_CC_NAT_DST_IDX, cb->ndst, uint32_t, 4, M_PLAIN);
	P(ASH_CC_NAT_SPORT, cb->nsport, uint16_t, 2, M_PLAIN);
	P(ASH_CC_NAT_DPORT, cb->ndport, uint16_t, 2, M_PLAIN);
	for (unsigned k = 0; k < 4; k++)
		P(ASH_CC_IN_IF + k, cb->str[k], uint32_t, 4, M_PLAIN);
	size_t ns = cb->nstrs;
	WIDEN(cb, cb->slen, ns, uint32_t);
	if ((rc = put_ints(cb, ASH_CC_STR_LENS, M_PLAIN, 4, ns, err)))
		return rc;
	if ((rc = put_col(cb, ASH_CC_STR_DATA, ASH_CT_BLOB, 1,
			  (const uint8_t *)cb->sdata, cb->sbytes, err)))
		return rc;
	P(ASH_CC_FORMAT, cb->format, uint8_t, 1, M_PLAIN);
	P(ASH_CC_SRC_LINE, cb->line, uint64_t, 8, M_DELTA);
#undef P
	return rc;
}

static void put_header(ash_chunk_builder *cb)
{
	uint8_t *h = cb->img;
	memcpy(h, ASH_CHUNK_MAGIC, 8);
	ash_put16(h + 8, ASH_CHUNK_VERSION);
	ash_put16(h + 10, (uint16_t)cb->ncols);
	ash_put32(h + 12, cb->n);
	ash_put32(h + 16, (uint32_t)cb->naddrs);
	ash_put32(h + 20, (uint32_t)cb->nstrs);
	ash_put64(h + 24, (uint64_t)cb->t_min);
	ash_put64(h + 32, (uint64_t)cb->t_max);
	ash_put32(h + 40, (uint32_t)cb->sbytes);
	ash_put32(h + 44, 0);
	size_t hl = ASH_CHUNK_HDR + cb->ncols * ASH_CHUNK_DIRENT;
	ash_put32(h + hl, ash_io_crc32(h, hl));
}

int ash_chunk_encode(ash_chunk_builder *cb, const uint8_t **img, size_t *n,
		     ash_chunk_meta *meta, ash_err *err)
{
	int rc;
	ash_grow((void **)&cb->img, &cb->cap_img, HDR_LEN, 1);
	cb->img_len = HDR_LEN;
	cb->ncols = 0;
	if ((rc = put_time(cb, err)) || (rc = put_rows(cb, err)))
		goto out;
	if (cb->ncols != NCOLS) {
		rc = ash_errf(err, ASH_EINTERNAL, "chunk: %u columns written",
			      cb->ncols);
		goto out;
	}
	put_header(cb);
	*img = cb->img;
	*n = cb->img_len;
	meta->records = cb->n;
	meta->t_min = cb->t_min;
	meta->t_max = cb->t_max;
	memcpy(meta->bloom, cb->bloom, sizeof meta->bloom);
	meta->file_size = cb->img_len;
out:
	return rc;
}
