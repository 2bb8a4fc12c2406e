/* SPDX-License-Identifier: MIT */
/* scan.h: read the chunks of a store that a filter may match, decode
 * them and evaluate the filter, handing each batch and its selection to a
 * consumer.
 *
 * Two ways: ash_scan runs worker threads (online CPUs, at most
 * ASH_SCAN_MAX_THREADS), each with its own chunk reader, filter scratch
 * and consumer state, taking chunks from a shared counter; the states are
 * merged in the calling thread at the end (aggregates: top, series).
 * ash_scan_ordered reads in the calling thread in time order (by chunk
 * t_min) and tells the consumer below which start time no later chunk
 * can add a row (query output sorted by time).
 *
 * Chunks are skipped by ash_filter_chunk_may_match (time bounds, bloom).
 * Nothing here prints; progress is a callback. */
#ifndef ASH_SCAN_H
#define ASH_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query/filter.h"
#include "store/store.h"

#define ASH_SCAN_MAX_THREADS 8

typedef struct ash_scan_stats {
	size_t chunks;     /* chunks in the store */
	size_t skipped;    /* skipped without reading */
	size_t read;       /* decoded */
	uint64_t rows;     /* rows decoded */
	uint64_t matched;  /* rows the filter selected */
	int threads;       /* threads used */
} ash_scan_stats;

typedef struct ash_scan_opts {
	const ash_filter *filter; /* NULL: every row */
	unsigned cols;            /* ASH_COL_* the consumer reads */
	int threads;              /* 0: online CPUs, capped */
	/* optional, called (serialised) after each chunk */
	void (*progress)(void *pctx, size_t done, size_t total);
	void *pctx;
} ash_scan_opts;

/* Consumer of a parallel scan. */
typedef struct ash_scan_ops {
	/* state of one worker; called in the calling thread */
	void *(*thread_new)(void *ctx);
	/* rows of b selected in sel (matched > 0); called in a worker */
	int (*batch)(void *tstate, const ash_batch *b, const uint64_t *sel,
		     size_t matched, ash_err *err);
	/* fold a worker's state into ctx; calling thread, worker order */
	int (*merge)(void *ctx, void *tstate, ash_err *err);
	void (*thread_free)(void *tstate);
} ash_scan_ops;

/* Parallel scan of s.  Returns 0 or the first error of a worker (the
 * others stop at their next chunk); consumer states are freed in all
 * cases.  st may be NULL. */
int ash_scan(const ash_store *s, const ash_scan_opts *o,
	     const ash_scan_ops *ops, void *ctx, ash_scan_stats *st,
	     ash_err *err);

/* Ordered consumer: watermark is the smallest t_min of the chunks not yet
 * delivered (INT64_MAX after the last): no later row starts before it.
 * Set *stop to end the scan early (returns 0). */
typedef int (*ash_scan_ordered_fn)(void *ctx, const ash_batch *b,
				   const uint64_t *sel, size_t matched,
				   int64_t watermark, bool *stop,
				   ash_err *err);

/* Read candidate chunks in order of (t_min, index) in the calling thread.
 * o->threads is ignored. */
int ash_scan_ordered(const ash_store *s, const ash_scan_opts *o,
		     ash_scan_ordered_fn fn, void *ctx, ash_scan_stats *st,
		     ash_err *err);

/* Number of worker threads ash_scan would use for nchunks chunks. */
int ash_scan_threads(int want, size_t nchunks);

#endif
