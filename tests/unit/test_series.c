/* SPDX-License-Identifier: MIT */
/* test_series.c: time buckets over the fixture records - alignment,
 * zero fill, ranges, distinct counts per bucket, batches that span many
 * buckets, merge of per-batch accumulators.  Numbers summed by hand
 * from test_filter_fixture.c. */
#include "harness.h"

#include <stdlib.h>

#include "query/filter.h"
#include "query/series.h"
#include "test_filter_fixture.h"

#define MIN 60000000LL
#define HOUR (60 * MIN)

static ash_series *run(const ash_series_spec *sp, const char *filter)
{
	fx_batch a, b;
	ash_err err;
	ash_filter *f = NULL;
	uint64_t sel[1];
	fx_build(&a, fx_rows, FX_SPLIT, "sg-hub", 0);
	fx_build(&b, fx_rows + FX_SPLIT, FX_N - FX_SPLIT, "jp-branch", 1);
	ash_series *s1 = ash_series_new(sp), *s2 = ash_series_new(sp);
	ash_filter_scratch *fs = ash_filter_scratch_new();
	if (filter)
		CHECK_INT(ash_filter_compile(filter, strlen(filter), NULL, &f, &err), 0);
	if (f)
		CHECK(ash_filter_run(f, fs, &a.b, sel, NULL, &err) == 0);
	CHECK_INT(ash_series_add(s1, &a.b, f ? sel : NULL, &err), 0);
	if (f)
		CHECK(ash_filter_run(f, fs, &b.b, sel, NULL, &err) == 0);
	CHECK_INT(ash_series_add(s2, &b.b, f ? sel : NULL, &err), 0);
	CHECK_INT(ash_series_merge(s1, s2, &err), 0);
	ash_series_free(s2);
	ash_filter_free(f);
	ash_filter_scratch_free(fs);
	fx_free(&a);
	fx_free(&b);
	return s1;
}

TEST(series_bytes_hourly)
{
	ash_series_spec sp = {.metric = ASH_M_BYTES, .step = HOUR};
	ash_series *s = run(&sp, NULL);
	ash_series_point *p;
	size_t n;
	ash_err err;
	CHECK_INT(ash_series_result(s, INT64_MIN, INT64_MAX, &p, &n, &err), 0);
	/* 2026-11-23T23:00 .. 2026-11-25T00:00: 1 + 24 + 1 buckets */
	CHECK_INT(n, 26);
	if (n == 26) {
		CHECK(p[0].t == fx_time("2026-11-23T23:00Z"));
		CHECK_INT(p[0].sums.records, 1); /* record 28, no counts */
		CHECK_INT(p[0].sums.bytes, 0);
		for (int h = 1; h <= 17; h++) /* 00:00 .. 16:00 empty */
			CHECK_INT(p[h].sums.records, 0);
		CHECK(p[18].t == fx_time("2026-11-24T17:00Z"));
		CHECK_INT(p[18].sums.records, 25);
		CHECK_INT(p[18].sums.bytes, 5820370387ull);
		CHECK_INT(p[19].sums.records, 2);
		CHECK_INT(p[19].sums.bytes, 2000096);
		CHECK_INT(p[20].sums.bytes, 20);
		for (int h = 21; h <= 24; h++)
			CHECK_INT(p[h].sums.records, 0);
		CHECK(p[25].t == fx_time("2026-11-25T00:00Z"));
		CHECK_INT(p[25].sums.bytes, 300);
		uint64_t total = 0, recs = 0;
		for (size_t i = 0; i < n; i++)
			total += p[i].sums.bytes, recs += p[i].sums.records;
		CHECK_INT(total, 5822370803ull);
		CHECK_INT(recs, 30);
	}
	free(p);
	/* an explicit range: zero-filled outside the data too */
	CHECK_INT(ash_series_result(s, fx_time("2026-11-24T16:00Z"),
				    fx_time("2026-11-24T20:00Z"), &p, &n, &err), 0);
	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK_INT(p[0].sums.records, 0);
		CHECK_INT(p[1].sums.bytes, 5820370387ull);
		CHECK_INT(p[3].sums.bytes, 20);
	}
	free(p);
	/* unaligned range: buckets of from and of to - 1 */
	CHECK_INT(ash_series_result(s, fx_time("2026-11-24T17:30Z"),
				    fx_time("2026-11-24T18:00:00.000001Z"), &p, &n,
				    &err), 0);
	CHECK_INT(n, 2);
	free(p);
	ash_series_free(s);
}

TEST(series_minutes_with_filter)
{
	ash_series_spec sp = {.metric = ASH_M_BYTES, .step = MIN};
	ash_series *s = run(&sp, "time 2026-11-24T17:00Z..+10m");
	ash_series_point *p;
	size_t n;
	ash_err err;
	CHECK_INT(ash_series_result(s, fx_time("2026-11-24T17:00Z"),
				    fx_time("2026-11-24T17:10Z"), &p, &n, &err), 0);
	static const uint64_t want[10] = {280, 5001500, 0, 0, 180, 2013000, 84,
					  84, 56, 9700};
	CHECK_INT(n, 10);
	for (size_t i = 0; i < n && i < 10; i++) {
		CHECK_INT(p[i].sums.bytes, want[i]);
		CHECK(p[i].t == fx_time("2026-11-24T17:00Z") + (int64_t)i * MIN);
	}
	CHECK_INT(p[5].sums.records, 2);
	free(p);
	ash_series_free(s);
}

TEST(series_distinct_per_bucket)
{
	ash_series_spec sp = {.metric = ASH_M_DSTS, .step = HOUR};
	ash_series *s = run(&sp, "time 2026-11-24T17:00Z..+2h");
	ash_series_point *p;
	size_t n;
	ash_err err;
	CHECK_INT(ash_series_result(s, INT64_MIN, INT64_MAX, &p, &n, &err), 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(ash_metric_value(ASH_M_DSTS, &p[0].sums), 15);
		CHECK_INT(ash_metric_value(ASH_M_DSTS, &p[1].sums), 2);
	}
	free(p);
	ash_series_free(s);
}

TEST(series_fine_steps_and_limits)
{
	/* 1 ms buckets: one batch spans more than 2^20 of them (hashed
	 * codes) and the whole range more than the point cap */
	ash_series_spec sp = {.metric = ASH_M_RECORDS, .step = 1000};
	ash_series *s = run(&sp, NULL);
	ash_series_point *p;
	size_t n;
	ash_err err;
	CHECK_INT(ash_series_result(s, INT64_MIN, INT64_MAX, &p, &n, &err),
		  ASH_ELIMIT);
	CHECK(p == NULL);
	int64_t t0 = fx_time("2026-11-24T18:59:59.998Z");
	CHECK_INT(ash_series_result(s, t0, t0 + 3000, &p, &n, &err), 0);
	CHECK_INT(n, 3);
	if (n == 3) { /* 25 at 18:59:59.999999, 26 at 19:00:00 */
		CHECK_INT(p[0].sums.records, 0);
		CHECK_INT(p[1].sums.records, 1);
		CHECK_INT(p[2].sums.records, 1);
	}
	free(p);
	ash_series_free(s);
	/* empty: no points for an open range, zeros for a closed one */
	sp.step = HOUR;
	s = run(&sp, "host 192.0.2.99");
	CHECK_INT(ash_series_result(s, INT64_MIN, INT64_MAX, &p, &n, &err), 0);
	CHECK_INT(n, 0);
	free(p);
	CHECK_INT(ash_series_result(s, 0, 2 * HOUR, &p, &n, &err), 0);
	CHECK_INT(n, 2);
	free(p);
	ash_series_free(s);
}

TEST(series_bucket_alignment)
{
	ash_series_spec sp = {.metric = ASH_M_RECORDS, .step = HOUR};
	CHECK(ash_series_bucket(&sp, 0) == 0);
	CHECK(ash_series_bucket(&sp, HOUR - 1) == 0);
	CHECK(ash_series_bucket(&sp, -1) == -HOUR);
	CHECK(ash_series_bucket(&sp, -HOUR) == -HOUR);
	CHECK(ash_series_bucket(&sp, fx_time("2026-11-24T17:59:59.999999Z")) ==
	      fx_time("2026-11-24T17:00Z"));
	sp.step = 15 * MIN;
	CHECK(ash_series_bucket(&sp, fx_time("2026-11-24T17:44Z")) ==
	      fx_time("2026-11-24T17:30Z"));
	CHECK_INT(ash_series_columns(&sp), ASH_COL_TIME | ASH_COL_COUNTS);
	sp.metric = ASH_M_SRCS;
	CHECK_INT(ash_series_columns(&sp), ASH_COL_TIME | ASH_COL_COUNTS | ASH_COL_ADDR);
}
