/* SPDX-License-Identifier: MIT */
/* test_store_cols.c: the chunk columns added after the first chunks were
 * written, SAMPLING and NOTE: round trips with hostile note text, the
 * builder keeping a rate and its presence bit together, constant columns
 * costing a few bytes, chunks of the older layout (without the two
 * columns) still decoding, out-of-range note indices rejected, and
 * `check` finding a rate without its bit. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/io.h"
#include "store/store_chunk.h"
#include "test_store_gen.h"

/* Encode recs[0..n) into a malloc'ed image (*len bytes). */
static uint8_t *encode(const ash_rec *recs, size_t n, size_t *len)
{
	ash_chunk_builder *cb = ash_chunk_builder_new(NULL);
	ash_chunk_enc *enc = ash_chunk_enc_new();
	const uint8_t *img;
	ash_chunk_meta m;
	ash_err err;
	uint8_t *copy = NULL;
	for (size_t i = 0; i < n; i++)
		CHECK(ash_chunk_builder_add(cb, &recs[i]));
	memset(&m, 0, sizeof m);
	if (ash_chunk_encode(enc, cb, &img, len, &m, &err) == 0) {
		copy = malloc(*len);
		memcpy(copy, img, *len);
	}
	CHECK(copy != NULL);
	ash_chunk_builder_free(cb);
	ash_chunk_enc_free(enc);
	return copy;
}

/* Directory entry of column id in img, or NULL. */
static uint8_t *dirent_of(uint8_t *img, size_t n, unsigned id)
{
	size_t k = ash_le16(img + 10);
	for (size_t i = 0; i < k && ASH_CHUNK_HDR + (i + 1) * ASH_CHUNK_DIRENT <= n;
	     i++) {
		uint8_t *d = img + ASH_CHUNK_HDR + i * ASH_CHUNK_DIRENT;
		if (d[0] == id)
			return d;
	}
	return NULL;
}

/* The image as a writer of the older layout would have made it: the
 * columns ids[0..nids) removed from the directory and the file, the
 * others moved up, checksums recomputed.  malloc'ed, *out_n bytes. */
static uint8_t *strip_cols(const uint8_t *img, size_t n, const unsigned *ids,
			   size_t nids, size_t *out_n)
{
	size_t k = ash_le16(img + 10), kept = 0, off;
	uint8_t *out = calloc(1, n);
	memcpy(out, img, ASH_CHUNK_HDR);
	for (size_t i = 0; i < k; i++) {
		const uint8_t *d = img + ASH_CHUNK_HDR + i * ASH_CHUNK_DIRENT;
		bool drop = false;
		for (size_t j = 0; j < nids; j++)
			drop |= d[0] == ids[j];
		if (!drop)
			memcpy(out + ASH_CHUNK_HDR + kept++ * ASH_CHUNK_DIRENT, d,
			       ASH_CHUNK_DIRENT);
	}
	ash_put16(out + 10, (uint16_t)kept);
	off = ASH_CHUNK_HDR + kept * ASH_CHUNK_DIRENT + 4;
	/* the encoder lays columns out in directory order */
	for (size_t i = 0; i < kept; i++) {
		uint8_t *d = out + ASH_CHUNK_HDR + i * ASH_CHUNK_DIRENT;
		uint32_t from = ash_le32(d + 8), size = ash_le32(d + 12);
		memcpy(out + off, img + from, size);
		ash_put32(d + 8, (uint32_t)off);
		off += size;
	}
	ash_chunk_fix_crcs(out, off);
	*out_n = off;
	return out;
}

static bool str_is(const ash_batch *b, uint32_t idx, const char *p, size_t n)
{
	return idx < b->nstrs && b->strs[idx].n == n &&
	       (n == 0 || memcmp(b->strs[idx].p, p, n) == 0);
}

TEST(chunk_note_and_sampling_hostile_roundtrip)
{
	static char big[5000];
	memset(big, 'n', sizeof big);
	big[10] = '\0';
	ash_rec r[6];
	gen_buf gb;
	for (int i = 0; i < 6; i++)
		gen_rec((uint64_t)i * 7, &r[i], &gb);
	r[0].note = (ash_str){"tcp-rst-from-client", 19};
	r[0].have |= ASH_HAVE_SAMPLING, r[0].sampling = 100;
	r[1].note = (ash_str){"a\0b\xff\xc0\x80", 6}; /* NUL, invalid UTF-8 */
	r[1].have |= ASH_HAVE_SAMPLING, r[1].sampling = UINT32_MAX;
	r[2].note = (ash_str){big, sizeof big}; /* cut to ASH_STORE_STR_MAX */
	r[2].have |= ASH_HAVE_SAMPLING, r[2].sampling = 0; /* bit, no rate */
	r[3].note = (ash_str){NULL, 0};
	r[3].have &= ~(uint32_t)ASH_HAVE_SAMPLING, r[3].sampling = 64; /* rate, no bit */
	r[4].note = r[0].note; /* shares the dictionary entry */
	r[4].have &= ~(uint32_t)ASH_HAVE_SAMPLING, r[4].sampling = 0;
	r[5].note = (ash_str){"dmz", 3}; /* same text as an interface */
	r[5].in_if = (ash_str){"dmz", 3};
	r[5].have |= ASH_HAVE_SAMPLING, r[5].sampling = 2;
	size_t n;
	uint8_t *img = encode(r, 6, &n);
	ash_chunk_reader *rd = ash_chunk_reader_new();
	ash_batch b;
	ash_chunk_info info;
	ash_err err;
	CHECK_INT(ash_chunk_verify_mem(rd, img, n, &b, &info, &err), 0);
	CHECK_INT(info.ncols, 31);
	CHECK_INT(b.n, 6);
	CHECK(str_is(&b, b.note[0], "tcp-rst-from-client", 19));
	CHECK(str_is(&b, b.note[1], "a\0b\xff\xc0\x80", 6));
	CHECK(str_is(&b, b.note[2], big, ASH_STORE_STR_MAX));
	CHECK_INT(b.note[3], 0);
	CHECK_INT(b.note[4], b.note[0]);
	CHECK_INT(b.note[5], b.in_if[5]);
	CHECK_INT(b.sampling[0], 100);
	CHECK(b.have[0] & ASH_HAVE_SAMPLING);
	CHECK_INT(b.sampling[1], UINT32_MAX);
	/* the store keeps a rate and its bit together */
	CHECK_INT(b.sampling[2], 0);
	CHECK(!(b.have[2] & ASH_HAVE_SAMPLING));
	CHECK_INT(b.sampling[3], 0);
	CHECK_INT(b.sampling[5], 2);
	/* every other field as given */
	CHECK(ash_ip_eq(ash_batch_src(&b, 4), &r[4].src));
	CHECK_INT(b.obytes[4], r[4].obytes);
	/* the groups: sampling comes with the counts, notes with strings */
	CHECK_INT(ash_chunk_decode_mem(rd, img, n, ASH_COL_COUNTS, &b, &err), 0);
	CHECK(b.sampling && !b.note && b.sampling[0] == 100);
	CHECK_INT(ash_chunk_decode_mem(rd, img, n, ASH_COL_STRS, &b, &err), 0);
	CHECK(b.note && !b.sampling && str_is(&b, b.note[0], "tcp-rst-from-client", 19));
	ash_chunk_reader_free(rd);
	free(img);
}

TEST(chunk_unsampled_unnoted_columns_cost_bytes_not_rows)
{
	enum { N = 20000 };
	ash_rec *r = calloc(N, sizeof *r);
	gen_buf gb;
	for (int i = 0; i < N; i++) {
		gen_rec((uint64_t)i, &r[i], &gb);
		r[i].rule = (ash_str){"r", 1};
		r[i].have &= ~(uint32_t)ASH_HAVE_SAMPLING;
		r[i].sampling = 0;
		r[i].note = (ash_str){NULL, 0};
	}
	size_t n;
	uint8_t *img = encode(r, N, &n);
	const uint8_t *ds = dirent_of(img, n, ASH_CC_SAMPLING);
	const uint8_t *dn = dirent_of(img, n, ASH_CC_NOTE);
	CHECK(ds && dn);
	if (ds && dn) {
		CHECK_INT(ds[1], ASH_CT_CONST);
		CHECK_INT(ash_le32(ds + 12), 8); /* stored bytes */
		CHECK_INT(dn[1], ASH_CT_CONST);
		CHECK_INT(ash_le32(dn + 12), 8);
	}
	/* against the same chunk without the columns: 2 entries + 16 bytes */
	static const unsigned both[] = {ASH_CC_SAMPLING, ASH_CC_NOTE};
	size_t on;
	uint8_t *old = strip_cols(img, n, both, 2, &on);
	CHECK_INT(n - on, 2 * ASH_CHUNK_DIRENT + 16);
	/* a sampled flow in a few rows: PACK, still small */
	for (int i = 0; i < N; i += 1000)
		r[i].have |= ASH_HAVE_SAMPLING, r[i].sampling = 512;
	size_t n2;
	uint8_t *img2 = encode(r, N, &n2);
	ds = dirent_of(img2, n2, ASH_CC_SAMPLING);
	CHECK(ds && ds[1] == ASH_CT_PACK && ash_le32(ds + 12) < 200);
	free(img2);
	free(old);
	free(img);
	free(r);
}

TEST(chunk_old_layout_without_new_columns_decodes)
{
	enum { N = 500 };
	ash_rec r[N];
	gen_buf gb[N];
	for (int i = 0; i < N; i++)
		gen_rec((uint64_t)i + 3, &r[i], &gb[i]);
	size_t n, on;
	uint8_t *img = encode(r, N, &n);
	static const unsigned both[] = {ASH_CC_SAMPLING, ASH_CC_NOTE};
	static const unsigned one[] = {ASH_CC_NOTE};
	ash_chunk_reader *rd = ash_chunk_reader_new();
	ash_batch b;
	ash_chunk_info info;
	ash_err err;
	for (int pass = 0; pass < 2; pass++) {
		uint8_t *old = strip_cols(img, n, pass ? one : both, pass ? 1 : 2,
					  &on);
		CHECK_INT(ash_chunk_verify_mem(rd, old, on, &b, &info, &err), 0);
		CHECK_INT(info.ncols, pass ? 30 : 29);
		CHECK_INT(b.n, N);
		int nonzero = 0;
		for (int i = 0; i < N; i++) {
			ash_rec want = r[i];
			want.note = (ash_str){"", 0};
			if (!pass) { /* the old writer knew no rate: all 0 */
				nonzero += r[i].sampling != 0;
				want.sampling = 0;
			}
			if (!gen_row_eq(&b, (size_t)i, &want))
				break;
		}
		CHECK(pass || nonzero > 0); /* the stripped column mattered */
		/* each group alone, as queries read them */
		CHECK_INT(ash_chunk_decode_mem(rd, old, on, ASH_COL_STRS, &b, &err), 0);
		CHECK(b.note && b.note[N - 1] == 0);
		CHECK_INT(ash_chunk_decode_mem(rd, old, on, ASH_COL_COUNTS, &b, &err), 0);
		CHECK(b.sampling && (pass || b.sampling[N - 1] == 0));
		free(old);
	}
	ash_chunk_reader_free(rd);
	free(img);
}

TEST(chunk_note_index_out_of_range_is_corrupt)
{
	ash_rec r[3];
	gen_buf gb;
	for (int i = 0; i < 3; i++) {
		gen_rec((uint64_t)i, &r[i], &gb);
		r[i].note = (ash_str){"aged-out", 8}; /* one value: CONST */
	}
	size_t n;
	uint8_t *img = encode(r, 3, &n);
	uint8_t *d = dirent_of(img, n, ASH_CC_NOTE);
	ash_chunk_reader *rd = ash_chunk_reader_new();
	ash_batch b;
	ash_err err;
	CHECK(d && d[1] == ASH_CT_CONST && d[3] == ASH_CODEC_NONE);
	if (d) {
		uint32_t nstrs = ash_le32(img + 20);
		ash_put64(img + ash_le32(d + 8), nstrs); /* one past the end */
		ash_chunk_fix_crcs(img, n);
		CHECK_INT(ash_chunk_decode_mem(rd, img, n, ASH_COL_STRS, &b, &err),
			  ASH_ECORRUPT);
		CHECK(strstr(err.msg, "index out of range") != NULL);
		CHECK(b.note == NULL && b.n == 0);
		/* the other groups do not read the column */
		CHECK_INT(ash_chunk_decode_mem(rd, img, n, ASH_COL_COUNTS, &b, &err), 0);
		ash_put64(img + ash_le32(d + 8), nstrs - 1); /* the last entry */
		ash_chunk_fix_crcs(img, n);
		CHECK_INT(ash_chunk_decode_mem(rd, img, n, ASH_COL_STRS, &b, &err), 0);
	}
	ash_chunk_reader_free(rd);
	free(img);
}

TEST(store_check_finds_rate_without_its_bit)
{
	char dir[600], path[700];
	snprintf(dir, sizeof dir, "%s/store", ash_test_tmpdir());
	ash_store *s = NULL;
	ash_store_txn *t = NULL;
	ash_err err;
	ash_rec r;
	gen_buf gb;
	ash_evidence ev = gen_evidence("nf.pcap", 3);
	CHECK_INT(ash_store_open(dir, true, &s, &err), 0);
	if (!s)
		return;
	CHECK_INT(ash_store_begin(s, &ev, &t, &err), 0);
	for (int i = 0; t && i < 50; i++) {
		gen_rec((uint64_t)i, &r, &gb);
		r.have |= ASH_HAVE_SAMPLING;
		r.sampling = 1000; /* one value: CONST */
		CHECK_INT(ash_store_append(t, &r, &err), 0);
	}
	CHECK_INT(ash_store_commit(t, &err), 0);
	uint64_t checked = 0;
	CHECK_INT(ash_store_check(s, &checked, NULL, NULL, &err), 0);
	CHECK_INT(checked, 50);
	/* rewrite the rate to 0 (bits stay set), checksums fixed up */
	snprintf(path, sizeof path, "%s/chunks/%s", dir, ash_store_chunk(s, 0)->file);
	FILE *f = fopen(path, "r+b");
	CHECK(f != NULL);
	if (f) {
		size_t n = (size_t)ash_store_chunk(s, 0)->file_size;
		uint8_t *img = malloc(n);
		CHECK_INT(fread(img, 1, n, f), n);
		uint8_t *d = dirent_of(img, n, ASH_CC_SAMPLING);
		CHECK(d && d[1] == ASH_CT_CONST);
		if (d) {
			ash_put64(img + ash_le32(d + 8), 0);
			ash_chunk_fix_crcs(img, n);
		}
		rewind(f);
		CHECK_INT(fwrite(img, 1, n, f), n);
		fclose(f);
		free(img);
	}
	CHECK_INT(ash_store_check(s, &checked, NULL, NULL, &err), ASH_ECORRUPT);
	CHECK(strstr(err.msg, "sampling rate and its presence bit disagree") != NULL);
	ash_store_close(s);
}
