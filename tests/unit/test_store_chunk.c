/* SPDX-License-Identifier: MIT */
/* test_store_chunk.c: the chunk encoder and decoder without a store:
 * round trips under every layout and level, the empty chunk, constant
 * columns, and the decoder's behaviour on damaged and hostile images. */
#include "harness.h"

#include <stdlib.h>

#include "store/store_chunk.h"
#include "test_store_gen.h"

/* Build a chunk of records first.. (count) with tuning t; *img is a
 * malloc'ed copy of the image. */
static uint8_t *build(const ash_chunk_tuning *t, uint64_t first,
		      uint32_t count, size_t *n, ash_chunk_meta *m)
{
	ash_chunk_builder *cb = ash_chunk_builder_new(t);
	ash_chunk_enc *enc = ash_chunk_enc_new();
	ash_rec r;
	gen_buf gb;
	const uint8_t *img;
	ash_err err;
	for (uint32_t i = 0; i < count; i++) {
		gen_rec(first + i, &r, &gb);
		CHECK(ash_chunk_builder_add(cb, &r));
	}
	CHECK_INT(ash_chunk_builder_count(cb), count);
	memset(m, 0, sizeof *m);
	CHECK_INT(ash_chunk_encode(enc, cb, &img, n, m, &err), 0);
	uint8_t *copy = malloc(*n);
	memcpy(copy, img, *n);
	ash_chunk_builder_free(cb);
	ash_chunk_enc_free(enc);
	return copy;
}

static void roundtrip(const ash_chunk_tuning *t, uint64_t first,
		      uint32_t count)
{
	size_t n;
	ash_chunk_meta m;
	ash_batch b;
	ash_chunk_info info;
	ash_rec r;
	gen_buf gb;
	ash_err err;
	uint8_t *img = build(t, first, count, &n, &m);
	CHECK_INT(m.records, count);
	CHECK_INT(m.file_size, n);
	ash_chunk_reader *rd = ash_chunk_reader_new();
	CHECK_INT(ash_chunk_verify_mem(rd, img, n, &b, &info, &err), 0);
	CHECK_INT(b.n, count);
	CHECK_INT(info.records, count);
	CHECK_INT(info.t_min, m.t_min);
	CHECK_INT(info.t_max, m.t_max);
	for (uint32_t i = 0; i < b.n; i++) {
		gen_rec(first + i, &r, &gb);
		if (!gen_row_eq(&b, i, &r))
			break;
	}
	ash_chunk_reader_free(rd);
	free(img);
}

TEST(chunk_roundtrip_layouts_and_levels)
{
	ash_chunk_tuning planes1 = {5000, 1, false}, fixed = {5000, 1, true};
	ash_chunk_tuning fast = {5000, -5, false}, high = {5000, 9, false};
	roundtrip(&planes1, 0, 5000);
	roundtrip(&fixed, 77, 3000);
	roundtrip(&fast, 123, 4000);
	roundtrip(&high, 9, 1000);
	roundtrip(NULL, 5, 1);
}

TEST(chunk_empty_image)
{
	size_t n;
	ash_chunk_meta m;
	ash_batch b;
	ash_err err;
	uint8_t *img = build(NULL, 0, 0, &n, &m);
	ash_chunk_reader *rd = ash_chunk_reader_new();
	CHECK_INT(ash_chunk_decode_mem(rd, img, n, ASH_COL_ALL, &b, &err), 0);
	CHECK_INT(b.n, 0);
	CHECK_INT(b.nstrs, 1);
	CHECK_INT(b.naddrs, 0);
	ash_chunk_reader_free(rd);
	free(img);
}

TEST(chunk_constant_columns_are_tiny)
{
	ash_chunk_builder *cb = ash_chunk_builder_new(NULL);
	ash_chunk_enc *enc = ash_chunk_enc_new();
	ash_rec r;
	gen_buf gb;
	const uint8_t *img;
	size_t n;
	ash_chunk_meta m;
	ash_batch b;
	ash_err err;
	gen_rec(42, &r, &gb);
	for (int i = 0; i < 10000; i++)
		CHECK(ash_chunk_builder_add(cb, &r));
	CHECK_INT(ash_chunk_encode(enc, cb, &img, &n, &m, &err), 0);
	CHECK(n < 2000); /* 29 columns of one value each */
	CHECK_INT(m.t_min, r.t_start);
	CHECK_INT(m.t_max, r.t_start);
	ash_chunk_reader *rd = ash_chunk_reader_new();
	CHECK_INT(ash_chunk_decode_mem(rd, img, n, ASH_COL_ALL, &b, &err), 0);
	CHECK_INT(b.n, 10000);
	CHECK(gen_row_eq(&b, 9999, &r));
	ash_chunk_reader_free(rd);
	ash_chunk_builder_free(cb);
	ash_chunk_enc_free(enc);
}

TEST(chunk_builder_full_and_reset)
{
	ash_chunk_tuning t = {10, 1, false};
	ash_chunk_builder *cb = ash_chunk_builder_new(&t);
	ash_rec r;
	gen_buf gb;
	for (uint64_t i = 0; i < 10; i++) {
		gen_rec(i, &r, &gb);
		CHECK(ash_chunk_builder_add(cb, &r));
	}
	CHECK(!ash_chunk_builder_add(cb, &r));
	CHECK_INT(ash_chunk_builder_count(cb), 10);
	ash_chunk_builder_reset(cb);
	CHECK_INT(ash_chunk_builder_count(cb), 0);
	CHECK(ash_chunk_builder_add(cb, &r));
	ash_chunk_builder_free(cb);
}

/* Deterministic pseudo-random numbers for the mutation test. */
static uint64_t rnd_state = 12345;
static uint64_t rnd(void)
{
	rnd_state = gen_mix(rnd_state);
	return rnd_state;
}

TEST(chunk_decoder_survives_mutations)
{
	ash_chunk_tuning t = {300, 1, false};
	size_t n;
	ash_chunk_meta m;
	ash_batch b;
	ash_err err;
	uint8_t *img = build(&t, 0, 300, &n, &m);
	uint8_t *mut = malloc(n);
	ash_chunk_reader *rd = ash_chunk_reader_new();
	int ok = 0, bad = 0, other = 0;
	for (int it = 0; it < 3000; it++) {
		memcpy(mut, img, n);
		int flips = 1 + (int)(rnd() % 4);
		for (int k = 0; k < flips; k++) {
			/* mostly the header and directory, where the logic is */
			size_t at = rnd() % 2 ? rnd() % 800 : rnd() % n;
			mut[at % n] ^= (uint8_t)(1u << (rnd() % 8));
		}
		size_t len = rnd() % 8 == 0 ? rnd() % n : n;
		if (rnd() % 4)
			ash_chunk_fix_crcs(mut, len);
		int rc = ash_chunk_decode_mem(rd, mut, len, ASH_COL_ALL, &b, &err);
		if (rc == 0) {
			ok++;
			/* whatever decoded must be safe to index */
			for (size_t i = 0; i < b.n; i++) {
				CHECK(b.src_idx[i] < b.naddrs);
				CHECK(b.rule[i] < b.nstrs);
			}
		} else if (rc == ASH_ECORRUPT) {
			bad++;
		} else {
			other++;
		}
	}
	CHECK(bad > 1000);
	CHECK(ok > 0); /* some flips land in data and are fixed up */
	CHECK_INT(other, 0);
	/* garbage and empty input */
	CHECK_INT(ash_chunk_decode_mem(rd, img, 0, ASH_COL_ALL, &b, &err),
		  ASH_ECORRUPT);
	CHECK_INT(ash_chunk_decode_mem(rd, (const uint8_t *)"ASHCHUNK", 8,
				       ASH_COL_ALL, &b, &err), ASH_ECORRUPT);
	ash_chunk_reader_free(rd);
	free(mut);
	free(img);
}

TEST(chunk_every_truncation_rejected)
{
	ash_chunk_tuning t = {50, 1, false};
	size_t n;
	ash_chunk_meta m;
	ash_batch b;
	ash_err err;
	uint8_t *img = build(&t, 0, 50, &n, &m);
	ash_chunk_reader *rd = ash_chunk_reader_new();
	int accepted = 0;
	for (size_t len = 0; len < n; len++) {
		uint8_t *cut = malloc(len + 1);
		memcpy(cut, img, len);
		accepted += ash_chunk_decode_mem(rd, cut, len, ASH_COL_ALL, &b,
						 &err) == 0;
		free(cut);
	}
	CHECK_INT(accepted, 0);
	CHECK_INT(ash_chunk_decode_mem(rd, img, n, ASH_COL_ALL, &b, &err), 0);
	ash_chunk_reader_free(rd);
	free(img);
}
