/* SPDX-License-Identifier: MIT */
/* series.h: a metric per time bucket - "series bytes --step 1h".
 *
 * A record falls in the bucket of its start time.  Buckets are aligned
 * to the step in UTC (multiples of the step since 1970-01-01T00:00Z), also
 * when times are shown in another zone: with --tz Asia/Kolkata (+05:30)
 * and --step 1h, buckets start at hh:30 local time.  Several threads add
 * through workers into one table; two series merge like tops.
 * Does not read the store or print. */
#ifndef ASH_SERIES_H
#define ASH_SERIES_H

#include "query/agg.h"

/* Most buckets a result may hold (ELIMIT past it). */
#define ASH_SERIES_MAX_POINTS (10u * 1000 * 1000)

typedef struct ash_series_spec {
	int metric;
	int64_t step;      /* microseconds, > 0 */
	size_t max_pairs;  /* 0 = agg.h default */
} ash_series_spec;

typedef struct ash_series ash_series;

/* spec is borrowed and must outlive the series. */
ash_series *ash_series_new(const ash_series_spec *spec);
void ash_series_free(ash_series *s);
/* ASH_COL_* needed by ash_series_add. */
unsigned ash_series_columns(const ash_series_spec *spec);
/* Add the rows of b selected in sel (NULL = all); one thread at a time. */
int ash_series_add(ash_series *s, const ash_batch *b, const uint64_t *sel,
		   ash_err *err);
/* Workers add from several threads at once (one per thread); free them
 * before ash_series_result. */
typedef struct ash_series_worker ash_series_worker;
ash_series_worker *ash_series_worker_new(ash_series *s);
void ash_series_worker_free(ash_series_worker *w);
int ash_series_worker_add(ash_series_worker *w, const ash_batch *b,
			  const uint64_t *sel, ash_err *err);
/* Add everything of from to into; from is consumed (free it only). */
int ash_series_merge(ash_series *into, ash_series *from, ash_err *err);

/* Start of the bucket holding t (floor to the step). */
int64_t ash_series_bucket(const ash_series_spec *spec, int64_t t);

/* sums is zero for an empty bucket; obytes, rbytes, opkts and rpkts are
 * summed only when the metric is one of them (else 0). */
typedef struct ash_series_point {
	int64_t t;      /* bucket start, microseconds UTC */
	ash_sums sums;
} ash_series_point;

/* Every bucket from the one holding from to the one holding to - 1, in
 * time order, zero-filled.  from = INT64_MIN / to = INT64_MAX mean the
 * first / last bucket with records.  No records and an open range give
 * no points.  *pts is malloc'd (caller frees).  ASH_ELIMIT past
 * ASH_SERIES_MAX_POINTS. */
int ash_series_result(const ash_series *s, int64_t from, int64_t to,
		      ash_series_point **pts, size_t *n, ash_err *err);

#endif
