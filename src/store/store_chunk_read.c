/* SPDX-License-Identifier: MIT */
/* store_chunk_read.c: the chunk decoder and the chunk reader (see
 * store_chunk.h and store.h; layout in store_format.h).  Every byte of a
 * chunk is treated as hostile: the header is validated as a whole before
 * any column is touched, each column's checksum is verified before it is
 * decompressed, and every dictionary index is bounds-checked, so a batch
 * handed out is safe to index.  Only the requested column groups are
 * read from disk and decoded.  Columns added after version 1 was first
 * written (SAMPLING, NOTE) may be absent: they then decode as all zero.
 * Encoding lives in store_chunk.c and store_chunk_enc.c. */
#include "store/store_chunk.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "core/xalloc.h"
#include "core/io.h"

enum kind { K_NONE, K_ROW, K_ADDRS, K_ADDRS4, K_LENS, K_BLOB };

/* Natural width, kind and column group of each known column id. */
static const struct {
	uint8_t natw, kind;
	unsigned group;
} spec[ASH_CC_MAX_] = {
	[ASH_CC_T_START] = {8, K_ROW, ASH_COL_TIME},
	[ASH_CC_T_END] = {8, K_ROW, ASH_COL_TIME},
	[ASH_CC_TZ_OFF] = {4, K_ROW, ASH_COL_TIME},
	[ASH_CC_HAVE] = {4, K_ROW, ASH_COL_TIME},
	[ASH_CC_SRC_IDX] = {4, K_ROW, ASH_COL_ADDR},
	[ASH_CC_DST_IDX] = {4, K_ROW, ASH_COL_ADDR},
	[ASH_CC_ADDRS] = {16, K_ADDRS, ASH_COL_ADDR | ASH_COL_NAT},
	[ASH_CC_SPORT] = {2, K_ROW, ASH_COL_PORTS},
	[ASH_CC_DPORT] = {2, K_ROW, ASH_COL_PORTS},
	[ASH_CC_PROTO] = {1, K_ROW, ASH_COL_PORTS},
	[ASH_CC_FLAGS] = {1, K_ROW, ASH_COL_PORTS},
	[ASH_CC_ACTION] = {1, K_ROW, ASH_COL_PORTS},
	[ASH_CC_OBYTES] = {8, K_ROW, ASH_COL_COUNTS},
	[ASH_CC_RBYTES] = {8, K_ROW, ASH_COL_COUNTS},
	[ASH_CC_OPKTS] = {8, K_ROW, ASH_COL_COUNTS},
	[ASH_CC_RPKTS] = {8, K_ROW, ASH_COL_COUNTS},
	[ASH_CC_NAT_SRC_IDX] = {4, K_ROW, ASH_COL_NAT},
	[ASH_CC_NAT_DST_IDX] = {4, K_ROW, ASH_COL_NAT},
	[ASH_CC_NAT_SPORT] = {2, K_ROW, ASH_COL_NAT},
	[ASH_CC_NAT_DPORT] = {2, K_ROW, ASH_COL_NAT},
	[ASH_CC_IN_IF] = {4, K_ROW, ASH_COL_STRS},
	[ASH_CC_OUT_IF] = {4, K_ROW, ASH_COL_STRS},
	[ASH_CC_RULE] = {4, K_ROW, ASH_COL_STRS},
	[ASH_CC_DEVICE] = {4, K_ROW, ASH_COL_STRS},
	[ASH_CC_STR_LENS] = {4, K_LENS, ASH_COL_STRS},
	[ASH_CC_STR_DATA] = {1, K_BLOB, ASH_COL_STRS},
	[ASH_CC_FORMAT] = {1, K_ROW, ASH_COL_PROV},
	[ASH_CC_SRC_LINE] = {8, K_ROW, ASH_COL_PROV},
	[ASH_CC_ADDRS4] = {4, K_ADDRS4, ASH_COL_ADDR | ASH_COL_NAT},
	[ASH_CC_SAMPLING] = {4, K_ROW, ASH_COL_COUNTS},
	[ASH_CC_NOTE] = {4, K_ROW, ASH_COL_STRS},
};

typedef struct col_ent {
	uint8_t id, tr, width, codec;
	uint32_t crc, off, csize, rsize;
} col_ent;

typedef struct chunk_hdr {
	ash_chunk_info info;
	size_t hdr_len;
	col_ent ent[ASH_CHUNK_MAX_COLS];
	int by_id[ASH_CC_MAX_]; /* index into ent, or -1 */
} chunk_hdr;

struct ash_chunk_reader {
	ZSTD_DCtx *dctx;
	uint8_t *file, *raw;
	size_t cap_file, cap_raw;
	uint64_t *tmp;
	size_t cap_tmp, cap_rows;
	int64_t *t_start, *t_end;
	int32_t *tz_off;
	uint32_t *have, *src, *dst, *nsrc, *ndst, *str[5], *sampling;
	uint16_t *sport, *dport, *nsport, *ndport;
	uint8_t *proto, *flags, *action, *format;
	uint64_t *cnt[4], *line;
	ash_ip *addrs, *v6;
	size_t cap_addrs, cap_v6;
	ash_str *strs;
	uint32_t *slens;
	size_t cap_strs, cap_slens;
	char *sdata;
	size_t cap_sdata;
};

ash_chunk_reader *ash_chunk_reader_new(void)
{
	ash_chunk_reader *r = ash_calloc(1, sizeof *r);
	r->dctx = ZSTD_createDCtx();
	if (!r->dctx)
		abort(); /* out of memory, as in xalloc */
	return r;
}

#define ROW_ARRAYS(r)                                                      \
	(void **)&(r)->t_start, (void **)&(r)->t_end, (void **)&(r)->tz_off,   \
	(void **)&(r)->have, (void **)&(r)->src, (void **)&(r)->dst,           \
	(void **)&(r)->nsrc, (void **)&(r)->ndst, (void **)&(r)->str[0],       \
	(void **)&(r)->str[1], (void **)&(r)->str[2], (void **)&(r)->str[3],   \
	(void **)&(r)->sport, (void **)&(r)->dport, (void **)&(r)->nsport,     \
	(void **)&(r)->ndport, (void **)&(r)->proto, (void **)&(r)->flags,     \
	(void **)&(r)->action, (void **)&(r)->format, (void **)&(r)->cnt[0],   \
	(void **)&(r)->cnt[1], (void **)&(r)->cnt[2], (void **)&(r)->cnt[3],   \
	(void **)&(r)->line, (void **)&(r)->str[4], (void **)&(r)->sampling
#define ROW_SIZES 8, 8, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2, 2, 2, 2, 1, 1, 1, 1, \
		  8, 8, 8, 8, 8, 4, 4

void ash_chunk_reader_free(ash_chunk_reader *r)
{
	if (!r)
		return;
	void **arr[] = {ROW_ARRAYS(r)};
	for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++)
		free(*arr[i]);
	free(r->file), free(r->raw), free(r->tmp), free(r->addrs), free(r->v6);
	free(r->strs), free(r->slens), free(r->sdata);
	ZSTD_freeDCtx(r->dctx);
	free(r);
}

static void rows_reserve(ash_chunk_reader *r, size_t n)
{
	if (n <= r->cap_rows)
		return;
	void **arr[] = {ROW_ARRAYS(r)};
	static const size_t sz[] = {ROW_SIZES};
	for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) {
		free(*arr[i]);
		*arr[i] = ash_reallocarray(NULL, n, sz[i]);
	}
	r->cap_rows = n;
}

/* --- header ---------------------------------------------------------- */

static int corrupt(ash_err *err, const char *what)
{
	return ash_errf(err, ASH_ECORRUPT, "chunk: %s", what);
}

static uint64_t count_of(const chunk_hdr *h, unsigned kind)
{
	switch (kind) {
	case K_ROW: return h->info.records;
	case K_ADDRS: return h->info.naddrs - h->info.naddrs4;
	case K_ADDRS4: return h->info.naddrs4;
	case K_LENS: return h->info.nstrs;
	case K_BLOB: return h->info.str_bytes;
	default: return 0;
	}
}

/* The K a PACK column of cnt values must have (from its raw size), or 0
 * when no K in 2..2^width fits. */
static unsigned pack_k(const col_ent *e, uint64_t cnt)
{
	uint64_t packed = (cnt * e->width + 7) / 8, rs = e->rsize;
	if (rs < 1 + packed || (rs - 1 - packed) % 8)
		return 0;
	uint64_t k = (rs - 1 - packed) / 8;
	return k >= 2 && k <= (1u << e->width) ? (unsigned)k : 0;
}

/* Is entry e a valid encoding of its (known) column? */
static bool col_valid(const chunk_hdr *h, const col_ent *e)
{
	unsigned natw = spec[e->id].natw, kind = spec[e->id].kind, w = e->width;
	uint64_t cnt = count_of(h, kind);
	switch (e->tr) {
	case ASH_CT_PLANES:
	case ASH_CT_FIXED:
		if (kind == K_BLOB || kind == K_ADDRS4 || w < 1 || w > natw ||
		    (kind == K_ADDRS && w != 16))
			return false;
		return e->rsize == w * cnt;
	case ASH_CT_DELTA:
		return ((kind == K_ROW && natw == 8) || kind == K_ADDRS4) &&
		       w >= 1 && w <= 8 && e->rsize == 8 + w * cnt;
	case ASH_CT_REF:
		return e->id == ASH_CC_T_END && w >= 1 && w <= 8 &&
		       e->rsize == w * cnt;
	case ASH_CT_CONST:
		return (kind == K_ROW || kind == K_LENS ||
			(kind == K_ADDRS4 && cnt <= 1)) &&
		       w == natw && e->rsize == 8;
	case ASH_CT_BLOB:
		return kind == K_BLOB && w == 1 && e->rsize == cnt;
	case ASH_CT_PACK:
		return (kind == K_ROW || kind == K_LENS) &&
		       (w == 1 || w == 2 || w == 4) && pack_k(e, cnt) != 0;
	default:
		return false;
	}
}

static int parse_info(const uint8_t *b, size_t avail, uint64_t fsize,
		      chunk_hdr *h, ash_err *err)
{
	if (avail < ASH_CHUNK_HDR || memcmp(b, ASH_CHUNK_MAGIC, 8) != 0)
		return corrupt(err, "not a chunk (bad magic)");
	if (ash_le16(b + 8) != ASH_CHUNK_VERSION)
		return corrupt(err, "unsupported version");
	ash_chunk_info *in = &h->info;
	in->ncols = ash_le16(b + 10);
	if (in->ncols < 1 || in->ncols > ASH_CHUNK_MAX_COLS)
		return corrupt(err, "bad column count");
	h->hdr_len = ASH_CHUNK_HDR + in->ncols * ASH_CHUNK_DIRENT + 4;
	if (h->hdr_len > avail || h->hdr_len > fsize)
		return corrupt(err, "truncated header");
	if (ash_io_crc32(b, h->hdr_len - 4) != ash_le32(b + h->hdr_len - 4))
		return corrupt(err, "header checksum mismatch");
	in->records = ash_le32(b + 12);
	in->naddrs = ash_le32(b + 16);
	in->nstrs = ash_le32(b + 20);
	in->t_min = (int64_t)ash_le64(b + 24);
	in->t_max = (int64_t)ash_le64(b + 32);
	in->str_bytes = ash_le32(b + 40);
	in->naddrs4 = ash_le32(b + 44);
	if (in->records > ASH_CHUNK_MAX_RECORDS ||
	    in->naddrs > 4ull * in->records || in->naddrs4 > in->naddrs ||
	    in->nstrs < 1 || in->nstrs > ASH_CHUNK_MAX_STRS ||
	    in->nstrs > 5ull * in->records + 1 ||
	    in->str_bytes > ASH_CHUNK_MAX_STR_BYTES || in->t_min > in->t_max)
		return corrupt(err, "implausible header counts");
	return 0;
}

/* Columns must not overlap and the last one must end the file. */
static int check_layout(chunk_hdr *h, uint64_t fsize, ash_err *err)
{
	size_t k = h->info.ncols, ord[ASH_CHUNK_MAX_COLS];
	for (size_t i = 0; i < k; i++) {
		size_t j = i;
		for (; j > 0 && h->ent[ord[j - 1]].off > h->ent[i].off; j--)
			ord[j] = ord[j - 1];
		ord[j] = i;
	}
	uint64_t end = h->hdr_len;
	for (size_t i = 0; i < k; i++) {
		const col_ent *e = &h->ent[ord[i]];
		if (e->off < end)
			return corrupt(err, "overlapping columns");
		end = (uint64_t)e->off + e->csize;
	}
	if (end != fsize)
		return corrupt(err, "file size does not match its columns");
	return 0;
}

static int parse_header(const uint8_t *b, size_t avail, uint64_t fsize,
			chunk_hdr *h, ash_err *err)
{
	int rc = parse_info(b, avail, fsize, h, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < ASH_CC_MAX_; i++)
		h->by_id[i] = -1;
	for (size_t i = 0; i < h->info.ncols; i++) {
		const uint8_t *p = b + ASH_CHUNK_HDR + i * ASH_CHUNK_DIRENT;
		col_ent *e = &h->ent[i];
		e->id = p[0], e->tr = p[1], e->width = p[2], e->codec = p[3];
		e->crc = ash_le32(p + 4), e->off = ash_le32(p + 8);
		e->csize = ash_le32(p + 12), e->rsize = ash_le32(p + 16);
		if (e->codec > ASH_CODEC_ZSTD ||
		    (e->codec == ASH_CODEC_NONE && e->csize != e->rsize))
			return corrupt(err, "bad column codec");
		if (e->id == 0 || e->id >= ASH_CC_MAX_)
			continue; /* unknown: skipped (still laid out) */
		if (h->by_id[e->id] >= 0)
			return corrupt(err, "duplicate column");
		if (!col_valid(h, e))
			return ash_errf(err, ASH_ECORRUPT,
					"chunk: column %u: bad encoding", e->id);
		h->by_id[e->id] = (int)i;
	}
	return check_layout(h, fsize, err);
}

/* --- columns --------------------------------------------------------- */

/* Verify column e's checksum and give its raw bytes (in base, or in r's
 * scratch buffer when compressed). */
static int get_raw(ash_chunk_reader *r, const uint8_t *base,
		   const col_ent *e, const uint8_t **out, ash_err *err)
{
	const uint8_t *src = base + e->off;
	if (ash_io_crc32(src, e->csize) != e->crc)
		return ash_errf(err, ASH_ECORRUPT,
				"chunk: column %u: checksum mismatch", e->id);
	if (e->codec == ASH_CODEC_NONE) {
		*out = src;
		return 0;
	}
	ash_grow((void **)&r->raw, &r->cap_raw, (size_t)e->rsize + 1, 1);
	size_t z = ZSTD_decompressDCtx(r->dctx, r->raw, e->rsize, src,
				       e->csize);
	if (ZSTD_isError(z) || z != e->rsize)
		return ash_errf(err, ASH_ECORRUPT,
				"chunk: column %u: bad compressed data", e->id);
	*out = r->raw;
	return 0;
}

static const col_ent *need(const chunk_hdr *h, unsigned id, ash_err *err)
{
	if (h->by_id[id] < 0) {
		ash_errf(err, ASH_ECORRUPT, "chunk: column %u missing", id);
		return NULL;
	}
	return &h->ent[h->by_id[id]];
}

#define BLOCK 1024
/* m values of width w from planes (stride bytes apart) at raw into o;
 * with m constant (BLOCK) compilers vectorize the loops at -O2. */
#define UNPLANE(T, raw, stride, w, o, m)                                   \
	do {                                                               \
		const uint8_t *p_ = (raw);                                 \
		T *o_ = (o);                                               \
		for (size_t i_ = 0; i_ < (m); i_++)                        \
			o_[i_] = p_[i_];                                   \
		for (unsigned k_ = 1; k_ < (w); k_++) {                    \
			p_ = (raw) + k_ * (stride);                        \
			for (size_t i_ = 0; i_ < (m); i_++)                \
				o_[i_] |= (T)((T)p_[i_] << (8 * k_));      \
		}                                                          \
	} while (0)
/* Typed decoders of PLANES, FIXED and CONST; width <= sizeof(T) holds
 * (col_valid), except for CONST whose value is checked here. */
/* PACK (validated by col_valid except K and the codes themselves). */
#define DEF_UNPACK(NAME, T)                                                \
	static int NAME##_unpack(const uint8_t *raw, size_t n,             \
				 const col_ent *e, T *out, ash_err *err)   \
	{                                                                  \
		unsigned k = raw[0], bits = e->width, per = 8 / bits;      \
		unsigned mask = (1u << bits) - 1, bad = 0;                 \
		T tab[16] = {0};                                           \
		if (k != pack_k(e, n))                                     \
			return corrupt(err, "bad packed column");          \
		for (unsigned j = 0; j < k; j++) {                         \
			uint64_t v = ash_le64(raw + 1 + 8 * j);            \
			if (sizeof(T) < 8 && v >> (8 * sizeof(T) % 64))    \
				return corrupt(err, "packed value too wide"); \
			tab[j] = (T)v;                                     \
		}                                                          \
		const uint8_t *codes = raw + 1 + 8 * k;                    \
		for (size_t i = 0; i < n; i++) {                           \
			unsigned c = (codes[i / per] >> (bits * (i % per))) \
				     & mask;                               \
			bad |= c >= k;                                     \
			out[i] = tab[c];                                   \
		}                                                          \
		return bad ? corrupt(err, "bad packed code") : 0;          \
	}
#define DEF_DEC(NAME, T)                                                   \
	ASH_VECTORIZE static int NAME(const uint8_t *raw, size_t n,            \
				  const col_ent *e, T *out, ash_err *err) \
	{                                                                  \
		unsigned w = e->width;                                     \
		if (e->tr == ASH_CT_CONST) {                               \
			uint64_t v = ash_le64(raw);                        \
			if (sizeof(T) < 8 && v >> (8 * sizeof(T) % 64))    \
				return corrupt(err, "constant too wide");  \
			for (size_t i = 0; i < n; i++)                     \
				out[i] = (T)v;                             \
			return 0;                                          \
		}                                                          \
		if (e->tr == ASH_CT_PACK)                                  \
			return NAME##_unpack(raw, n, e, out, err);         \
		if (e->tr == ASH_CT_FIXED) {                               \
			for (size_t i = 0; i < n; i++) {                   \
				uint64_t v = 0;                            \
				for (unsigned k = 0; k < w; k++)           \
					v |= (uint64_t)raw[i * w + k]      \
					     << (8 * k);                   \
				out[i] = (T)v;                             \
			}                                                  \
			return 0;                                          \
		}                                                          \
		size_t b0 = 0;                                             \
		for (; b0 + BLOCK <= n; b0 += BLOCK)                       \
			UNPLANE(T, raw + b0, n, w, out + b0, BLOCK);       \
		UNPLANE(T, raw + b0, n, w, out + b0, n - b0);              \
		return 0;                                                  \
	}
DEF_UNPACK(dec8, uint8_t)
DEF_UNPACK(dec16, uint16_t)
DEF_UNPACK(dec32, uint32_t)
DEF_UNPACK(dec64, uint64_t)
DEF_DEC(dec8, uint8_t)
DEF_DEC(dec16, uint16_t)
DEF_DEC(dec32, uint32_t)
DEF_DEC(dec64, uint64_t)

static inline uint64_t unzz(uint64_t u)
{
	return (u >> 1) ^ (0 - (u & 1));
}

/* 64-bit column id (n values) into out[0..n): any transform. */
static int col64(ash_chunk_reader *r, const uint8_t *base, const chunk_hdr *h,
		 unsigned id, size_t n, uint64_t *out, ash_err *err)
{
	const col_ent *e = need(h, id, err);
	const uint8_t *raw;
	if (!e)
		return ASH_ECORRUPT;
	int rc = get_raw(r, base, e, &raw, err);
	if (rc)
		return rc;
	if (e->tr == ASH_CT_DELTA) {
		col_ent pl = *e;
		pl.tr = ASH_CT_PLANES;
		dec64(raw + 8, n, &pl, out, err);
		uint64_t prev = ash_le64(raw);
		for (size_t i = 0; i < n; i++)
			out[i] = prev = prev + unzz(out[i]);
		return 0;
	}
	if (e->tr == ASH_CT_REF) {
		/* dec_time decodes T_START first; it is present (need) */
		col_ent pl = *e;
		pl.tr = ASH_CT_PLANES;
		dec64(raw, n, &pl, out, err);
		for (size_t i = 0; i < n; i++)
			out[i] = out[i] ? (uint64_t)r->t_start[i] +
						  unzz(out[i] - 1)
					: 0;
		return 0;
	}
	return dec64(raw, n, e, out, err);
}

#define DEF_COL(NAME, T, DEC)                                              \
	static int NAME(ash_chunk_reader *r, const uint8_t *base,          \
			const chunk_hdr *h, unsigned id, size_t n, T *out, \
			ash_err *err)                                      \
	{                                                                  \
		const col_ent *e = need(h, id, err);                       \
		const uint8_t *raw;                                        \
		if (!e)                                                    \
			return ASH_ECORRUPT;                               \
		int rc = get_raw(r, base, e, &raw, err);                   \
		return rc ? rc : DEC(raw, n, e, out, err);                 \
	}
DEF_COL(col8, uint8_t, dec8)
DEF_COL(col16, uint16_t, dec16)
DEF_COL(col32, uint32_t, dec32)

ASH_VECTORIZE static uint32_t max_u32(const uint32_t *v, size_t n)
{
	uint32_t mx = 0;
	for (size_t i = 0; i < n; i++)
		mx = v[i] > mx ? v[i] : mx;
	return mx;
}

/* An index column: decode and check every value is below lim. */
static int col_idx(ash_chunk_reader *r, const uint8_t *base,
		   const chunk_hdr *h, unsigned id, uint32_t lim, uint32_t *out,
		   ash_err *err)
{
	size_t n = h->info.records;
	int rc = col32(r, base, h, id, n, out, err);
	if (rc)
		return rc;
	if (n && max_u32(out, n) >= lim)
		return ash_errf(err, ASH_ECORRUPT,
				"chunk: column %u: index out of range", id);
	return 0;
}

static const uint8_t v4prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* The non-IPv4 entries of the dictionary into r->v6, checked ascending;
 * *lo gets how many sort below the IPv4 block. */
static int dec_v6(ash_chunk_reader *r, const uint8_t *base, const chunk_hdr *h,
		  size_t *lo, ash_err *err)
{
	const col_ent *e = need(h, ASH_CC_ADDRS, err);
	const uint8_t *raw;
	size_t a6 = h->info.naddrs - h->info.naddrs4;
	if (!e)
		return ASH_ECORRUPT;
	int rc = get_raw(r, base, e, &raw, err);
	if (rc)
		return rc;
	ash_grow((void **)&r->v6, &r->cap_v6, a6 + 1, sizeof *r->v6);
	if (e->tr == ASH_CT_FIXED) {
		if (a6)
			memcpy(r->v6, raw, 16 * a6);
	} else {
		for (unsigned k = 0; k < 16; k++)
			for (size_t i = 0; i < a6; i++)
				r->v6[i].b[k] = raw[k * a6 + i];
	}
	*lo = 0;
	for (size_t i = 0; i < a6; i++) {
		int c = memcmp(r->v6[i].b, v4prefix, 12);
		if (c == 0 || (i && memcmp(r->v6[i - 1].b, r->v6[i].b, 16) >= 0))
			return corrupt(err, "address dictionary out of order");
		*lo += c < 0;
	}
	return 0;
}

/* The address dictionary (store_format.h) into r->addrs. */
static int dec_addrs(ash_chunk_reader *r, const uint8_t *base,
		     const chunk_hdr *h, ash_batch *b, ash_err *err)
{
	size_t a = h->info.naddrs, a4 = h->info.naddrs4, lo;
	int rc = dec_v6(r, base, h, &lo, err);
	if (rc)
		return rc;
	ash_grow((void **)&r->tmp, &r->cap_tmp, a4 + 1, sizeof *r->tmp);
	if ((rc = col64(r, base, h, ASH_CC_ADDRS4, a4, r->tmp, err)))
		return rc;
	ash_grow((void **)&r->addrs, &r->cap_addrs, a + 1, sizeof *r->addrs);
	for (size_t i = 0; i < a4; i++) {
		if (r->tmp[i] > UINT32_MAX || (i && r->tmp[i] <= r->tmp[i - 1]))
			return corrupt(err, "IPv4 dictionary out of order");
		uint8_t *b4 = r->addrs[lo + i].b;
		uint32_t v = (uint32_t)r->tmp[i];
		memcpy(b4, v4prefix, 12);
		b4[12] = (uint8_t)(v >> 24), b4[13] = (uint8_t)(v >> 16);
		b4[14] = (uint8_t)(v >> 8), b4[15] = (uint8_t)v;
	}
	if (lo)
		memcpy(r->addrs, r->v6, lo * sizeof *r->addrs);
	if (a - a4 - lo)
		memcpy(r->addrs + lo + a4, r->v6 + lo,
		       (a - a4 - lo) * sizeof *r->addrs);
	b->addrs = r->addrs;
	b->naddrs = a;
	b->addrs_sorted = true; /* both parts checked in order above */
	return 0;
}

static int dec_strs(ash_chunk_reader *r, const uint8_t *base,
		    const chunk_hdr *h, ash_batch *b, ash_err *err)
{
	size_t ns = h->info.nstrs, nb = h->info.str_bytes;
	ash_grow((void **)&r->slens, &r->cap_slens, ns, sizeof *r->slens);
	int rc = col32(r, base, h, ASH_CC_STR_LENS, ns, r->slens, err);
	if (rc)
		return rc;
	uint64_t sum = 0;
	for (size_t i = 0; i < ns; i++)
		sum += r->slens[i];
	if (r->slens[0] != 0 || sum != nb)
		return corrupt(err, "string lengths do not add up");
	const col_ent *e = need(h, ASH_CC_STR_DATA, err);
	const uint8_t *raw;
	if (!e)
		return ASH_ECORRUPT;
	if ((rc = get_raw(r, base, e, &raw, err)))
		return rc;
	ash_grow((void **)&r->sdata, &r->cap_sdata, nb + 1, 1);
	ash_grow((void **)&r->strs, &r->cap_strs, ns, sizeof *r->strs);
	if (nb)
		memcpy(r->sdata, raw, nb);
	size_t off = 0;
	for (size_t i = 0; i < ns; i++) {
		r->strs[i].p = r->sdata + off;
		r->strs[i].n = r->slens[i];
		off += r->slens[i];
	}
	b->strs = r->strs;
	b->nstrs = ns;
	return 0;
}

/* --- groups ---------------------------------------------------------- */

static int dec_time(ash_chunk_reader *r, const uint8_t *base,
		    const chunk_hdr *h, ash_batch *b, ash_err *err)
{
	size_t n = h->info.records;
	int rc;
	if ((rc = col64(r, base, h, ASH_CC_T_START, n, (uint64_t *)r->t_start,
			err)) ||
	    (rc = col64(r, base, h, ASH_CC_T_END, n, (uint64_t *)r->t_end,
			err)) ||
	    (rc = col32(r, base, h, ASH_CC_TZ_OFF, n, (uint32_t *)r->tz_off,
			err)) ||
	    (rc = col32(r, base, h, ASH_CC_HAVE, n, r->have, err)))
		return rc;
	b->t_start = r->t_start, b->t_end = r->t_end;
	b->tz_off = r->tz_off, b->have = r->have;
	return 0;
}

static int dec_addr(ash_chunk_reader *r, const uint8_t *base,
		    const chunk_hdr *h, ash_batch *b, ash_err *err)
{
	uint32_t a = h->info.naddrs;
	int rc;
	if ((rc = col_idx(r, base, h, ASH_CC_SRC_IDX, a, r->src, err)) ||
	    (rc = col_idx(r, base, h, ASH_CC_DST_IDX, a, r->dst, err)))
		return rc;
	b->src_idx = r->src, b->dst_idx = r->dst;
	return 0;
}

static int dec_ports(ash_chunk_reader *r, const uint8_t *base,
		     const chunk_hdr *h, ash_batch *b, ash_err *err)
{
	size_t n = h->info.records;
	int rc;
	if ((rc = col16(r, base, h, ASH_CC_SPORT, n, r->sport, err)) ||
	    (rc = col16(r, base, h, ASH_CC_DPORT, n, r->dport, err)) ||
	    (rc = col8(r, base, h, ASH_CC_PROTO, n, r->proto, err)) ||
	    (rc = col8(r, base, h, ASH_CC_FLAGS, n, r->flags, err)) ||
	    (rc = col8(r, base, h, ASH_CC_ACTION, n, r->action, err)))
		return rc;
	b->sport = r->sport, b->dport = r->dport, b->proto = r->proto;
	b->tcp_flags = r->flags, b->action = r->action;
	return 0;
}

static int dec_counts(ash_chunk_reader *r, const uint8_t *base,
		      const chunk_hdr *h, ash_batch *b, ash_err *err)
{
	size_t n = h->info.records;
	int rc = 0;
	for (unsigned k = 0; k < 4 && !rc; k++)
		rc = col64(r, base, h, ASH_CC_OBYTES + k, n, r->cnt[k], err);
	if (rc)
		return rc;
	if (h->by_id[ASH_CC_SAMPLING] < 0) /* written before the column */
		memset(r->sampling, 0, n * sizeof *r->sampling);
	else if ((rc = col32(r, base, h, ASH_CC_SAMPLING, n, r->sampling, err)))
		return rc;
	b->obytes = r->cnt[0], b->rbytes = r->cnt[1];
	b->opkts = r->cnt[2], b->rpkts = r->cnt[3];
	b->sampling = r->sampling;
	return 0;
}

static int dec_nat(ash_chunk_reader *r, const uint8_t *base,
		   const chunk_hdr *h, ash_batch *b, ash_err *err)
{
	size_t n = h->info.records;
	uint32_t a = h->info.naddrs;
	int rc;
	if ((rc = col_idx(r, base, h, ASH_CC_NAT_SRC_IDX, a, r->nsrc, err)) ||
	    (rc = col_idx(r, base, h, ASH_CC_NAT_DST_IDX, a, r->ndst, err)) ||
	    (rc = col16(r, base, h, ASH_CC_NAT_SPORT, n, r->nsport, err)) ||
	    (rc = col16(r, base, h, ASH_CC_NAT_DPORT, n, r->ndport, err)))
		return rc;
	b->nat_src_idx = r->nsrc, b->nat_dst_idx = r->ndst;
	b->nat_sport = r->nsport, b->nat_dport = r->ndport;
	return 0;
}

static int dec_str_idx(ash_chunk_reader *r, const uint8_t *base,
		       const chunk_hdr *h, ash_batch *b, ash_err *err)
{
	uint32_t s = h->info.nstrs;
	int rc = 0;
	for (unsigned k = 0; k < 4 && !rc; k++)
		rc = col_idx(r, base, h, ASH_CC_IN_IF + k, s, r->str[k], err);
	if (rc)
		return rc;
	if (h->by_id[ASH_CC_NOTE] < 0) /* written before the column: "" */
		memset(r->str[4], 0, h->info.records * sizeof *r->str[4]);
	else if ((rc = col_idx(r, base, h, ASH_CC_NOTE, s, r->str[4], err)))
		return rc;
	b->in_if = r->str[0], b->out_if = r->str[1];
	b->rule = r->str[2], b->device = r->str[3];
	b->note = r->str[4];
	return dec_strs(r, base, h, b, err);
}

static int dec_prov(ash_chunk_reader *r, const uint8_t *base,
		    const chunk_hdr *h, ash_batch *b, ash_err *err)
{
	int rc;
	if ((rc = col8(r, base, h, ASH_CC_FORMAT, h->info.records, r->format,
		       err)) ||
	    (rc = col64(r, base, h, ASH_CC_SRC_LINE, h->info.records, r->line,
			err)))
		return rc;
	b->format = r->format, b->src_line = r->line;
	return 0;
}

/* Decode the groups in cols from base (holding at least those columns). */
static int decode(ash_chunk_reader *r, const uint8_t *base,
		  const chunk_hdr *h, unsigned cols, ash_batch *b,
		  ash_err *err)
{
	int rc = 0;
	memset(b, 0, sizeof *b);
	rows_reserve(r, h->info.records + 1);
	b->n = h->info.records;
	if ((cols & ASH_COL_TIME) && (rc = dec_time(r, base, h, b, err)))
		goto out;
	if ((cols & (ASH_COL_ADDR | ASH_COL_NAT)) &&
	    (rc = dec_addrs(r, base, h, b, err)))
		goto out;
	if ((cols & ASH_COL_ADDR) && (rc = dec_addr(r, base, h, b, err)))
		goto out;
	if ((cols & ASH_COL_PORTS) && (rc = dec_ports(r, base, h, b, err)))
		goto out;
	if ((cols & ASH_COL_COUNTS) && (rc = dec_counts(r, base, h, b, err)))
		goto out;
	if ((cols & ASH_COL_NAT) && (rc = dec_nat(r, base, h, b, err)))
		goto out;
	if ((cols & ASH_COL_STRS) && (rc = dec_str_idx(r, base, h, b, err)))
		goto out;
	if ((cols & ASH_COL_PROV) && (rc = dec_prov(r, base, h, b, err)))
		goto out;
out:
	if (rc)
		memset(b, 0, sizeof *b);
	return rc;
}

/* --- entry points ---------------------------------------------------- */

int ash_chunk_decode_mem(ash_chunk_reader *r, const uint8_t *buf, size_t n,
			 unsigned cols, ash_batch *b, ash_err *err)
{
	chunk_hdr h;
	int rc = parse_header(buf, n, n, &h, err);
	if (rc == 0)
		rc = decode(r, buf, &h, cols, b, err);
	if (rc)
		memset(b, 0, sizeof *b);
	return rc;
}

/* Every column's checksum (known or not) and the header time range. */
static int verify_all(const uint8_t *buf, const chunk_hdr *h,
		      const ash_batch *b, ash_err *err)
{
	for (size_t i = 0; i < h->info.ncols; i++) {
		const col_ent *e = &h->ent[i];
		if (ash_io_crc32(buf + e->off, e->csize) != e->crc)
			return ash_errf(err, ASH_ECORRUPT,
					"chunk: column %u: checksum mismatch",
					e->id);
	}
	int64_t lo = 0, hi = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (i == 0 || b->t_start[i] < lo)
			lo = b->t_start[i];
		if (i == 0 || b->t_start[i] > hi)
			hi = b->t_start[i];
	}
	if (lo != h->info.t_min || hi != h->info.t_max)
		return corrupt(err, "time range in header does not hold");
	return 0;
}

int ash_chunk_verify_mem(ash_chunk_reader *r, const uint8_t *buf, size_t n,
			 ash_batch *b, ash_chunk_info *info, ash_err *err)
{
	chunk_hdr h;
	int rc = parse_header(buf, n, n, &h, err);
	if (rc == 0)
		rc = decode(r, buf, &h, ASH_COL_ALL, b, err);
	if (rc == 0)
		rc = verify_all(buf, &h, b, err);
	if (rc == 0 && info)
		*info = h.info;
	if (rc)
		memset(b, 0, sizeof *b);
	return rc;
}

void ash_chunk_fix_crcs(uint8_t *buf, size_t n)
{
	if (n < ASH_CHUNK_HDR)
		return;
	size_t k = ash_le16(buf + 10);
	size_t hl = ASH_CHUNK_HDR + k * ASH_CHUNK_DIRENT;
	if (k > ASH_CHUNK_MAX_COLS || hl + 4 > n)
		return;
	for (size_t i = 0; i < k; i++) {
		uint8_t *p = buf + ASH_CHUNK_HDR + i * ASH_CHUNK_DIRENT;
		uint64_t off = ash_le32(p + 8), cn = ash_le32(p + 12);
		if (off + cn <= n)
			ash_put32(p + 4, ash_io_crc32(buf + off, (size_t)cn));
	}
	ash_put32(buf + hl, ash_io_crc32(buf, hl));
}

/* --- reading from a store -------------------------------------------- */

static int open_chunk(const char *path, const ash_chunk_meta *m, int *fd,
		      ash_err *err)
{
	struct stat st;
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return ash_errno(err, errno == ENOENT ? ASH_ECORRUPT : ASH_EIO,
				 "open");
	if (fstat(*fd, &st) != 0)
		return ash_errno(err, ASH_EIO, "stat");
	if ((uint64_t)st.st_size != m->file_size)
		return ash_errf(err, ASH_ECORRUPT,
				"size %lld, manifest says %llu (truncated?)",
				(long long)st.st_size,
				(unsigned long long)m->file_size);
	return 0;
}

static int chunk_path(const ash_store *s, const ash_chunk_meta *m,
		      char *path, size_t cap, ash_err *err)
{
	int n = snprintf(path, cap, "%s/chunks/%s", ash_store_dir(s), m->file);
	if (n < 0 || (size_t)n >= cap)
		return ash_errf(err, ASH_ELIMIT, "%s: path too long",
				ash_store_dir(s));
	return 0;
}

int ash_chunk_load_file(ash_chunk_reader *r, const ash_store *s, size_t i,
			const uint8_t **buf, size_t *n, ash_err *err)
{
	char path[PATH_MAX];
	int fd = -1, rc;
	if (i >= ash_store_chunk_count(s))
		return ash_errf(err, ASH_ENOTFOUND, "chunk %zu: no such chunk", i);
	const ash_chunk_meta *m = ash_store_chunk(s, i);
	if ((rc = chunk_path(s, m, path, sizeof path, err)))
		return rc;
	if ((rc = open_chunk(path, m, &fd, err)))
		goto out;
	ash_grow((void **)&r->file, &r->cap_file, (size_t)m->file_size + 1, 1);
	if ((rc = ash_io_pread_all(fd, r->file, (size_t)m->file_size, 0,
				   "read", err)))
		goto out;
	*buf = r->file;
	*n = (size_t)m->file_size;
out:
	if (fd >= 0)
		close(fd);
	if (rc)
		ash_err_prefix(err, path);
	return rc;
}

/* Read the bytes of the columns of groups cols into r->file at their
 * offsets, merging neighbouring ranges into one read. */
static int read_cols(ash_chunk_reader *r, int fd, const chunk_hdr *h,
		     unsigned cols, ash_err *err)
{
	const col_ent *sel[ASH_CHUNK_MAX_COLS];
	size_t k = 0;
	for (unsigned id = 1; id < ASH_CC_MAX_; id++) {
		if (h->by_id[id] < 0 || !(spec[id].group & cols))
			continue;
		const col_ent *e = &h->ent[h->by_id[id]];
		size_t j = k++;
		for (; j > 0 && sel[j - 1]->off > e->off; j--)
			sel[j] = sel[j - 1];
		sel[j] = e;
	}
	for (size_t i = 0; i < k;) {
		uint64_t lo = sel[i]->off, hi = lo + sel[i]->csize;
		for (i++; i < k && sel[i]->off <= hi + 4096; i++)
			hi = (uint64_t)sel[i]->off + sel[i]->csize;
		int rc = ash_io_pread_all(fd, r->file + lo, (size_t)(hi - lo),
					  lo, "read", err);
		if (rc)
			return rc;
	}
	return 0;
}

static int check_meta(const chunk_hdr *h, const ash_chunk_meta *m,
		      ash_err *err)
{
	if (h->info.records != m->records || h->info.t_min != m->t_min ||
	    h->info.t_max != m->t_max)
		return corrupt(err, "header does not match the manifest");
	return 0;
}

int ash_chunk_read(ash_chunk_reader *r, const ash_store *s, size_t i,
		   unsigned cols, ash_batch *b, ash_err *err)
{
	char path[PATH_MAX] = "";
	chunk_hdr h;
	int fd = -1, rc;
	memset(b, 0, sizeof *b);
	if (i >= ash_store_chunk_count(s))
		return ash_errf(err, ASH_ENOTFOUND, "chunk %zu: no such chunk", i);
	const ash_chunk_meta *m = ash_store_chunk(s, i);
	if ((rc = chunk_path(s, m, path, sizeof path, err)) ||
	    (rc = open_chunk(path, m, &fd, err)))
		goto out;
	size_t size = (size_t)m->file_size;
	size_t head = size < 4096 ? size : 4096;
	ash_grow((void **)&r->file, &r->cap_file, size + 1, 1);
	if ((rc = ash_io_pread_all(fd, r->file, head, 0, "read", err)) ||
	    (rc = parse_header(r->file, head, size, &h, err)) ||
	    (rc = check_meta(&h, m, err)) ||
	    (rc = read_cols(r, fd, &h, cols, err)) ||
	    (rc = decode(r, r->file, &h, cols, b, err)))
		goto out;
	b->chunk = (uint32_t)i;
	b->evidence = m->evidence;
	b->site = ash_store_evidence(s, m->evidence)->site;
out:
	if (fd >= 0)
		close(fd);
	if (rc)
		ash_err_prefix(err, path);
	return rc;
}
