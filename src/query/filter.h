/* SPDX-License-Identifier: MIT */
/* filter.h: the filter language (docs/filter.md) - compile a filter text
 * into an immutable tree, then evaluate it over decoded chunks (ash_batch)
 * into a selection bitmap, or ask whether a whole chunk may match.
 *
 * Owns: lexing (filter_lex.c), parsing and checking (filter_parse.c),
 * evaluation and chunk skipping (filter_eval.c).  Does not own: reading
 * the store (scan.c), case.yaml (zones come through ash_filter_env), or
 * printing errors (the CLI prints err->msg and a caret under the column).
 *
 * Errors: "filter:COL: what was expected, got 'token'" with COL the 1-based
 * byte column in the filter text; code ASH_EUSAGE.  Nothing here prints. */
#ifndef ASH_FILTER_H
#define ASH_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/ip.h"
#include "store/record.h"
#include "store/store.h"

/* Limits on a filter text (it comes from a user or a script). */
#define ASH_FILTER_MAX_LEN 65536   /* bytes of text */
#define ASH_FILTER_MAX_DEPTH 64    /* nesting of ( ) and not */
#define ASH_FILTER_MAX_NODES 4096  /* predicates and operators */

typedef struct ash_filter ash_filter;
typedef struct ash_filter_scratch ash_filter_scratch;

/* Zone of an address: the zone name of the most specific case network
 * holding ip, or NULL.  Must be safe to call from several threads. */
typedef const char *(*ash_zone_of_fn)(const void *ctx, const ash_ip *ip);

/* What a filter may refer to besides the records.  All optional; the
 * filter keeps these pointers: they must outlive it. */
typedef struct ash_filter_env {
	ash_zone_of_fn zone_of;   /* NULL: no zones (zone predicates rejected) */
	const void *zone_ctx;
	const char *const *zones; /* known zone names; NULL: accept any name */
	size_t nzones;
	const char *const *sites; /* known site names; NULL: accept any name */
	size_t nsites;
} ash_filter_env;

/* Compile text[0..n) (need not be NUL-terminated; may hold any bytes).
 * An empty or all-blank text matches every record.  env may be NULL.
 * On success *out owns the filter (ash_filter_free).  On error returns
 * ASH_EUSAGE (ASH_ELIMIT past the limits above), *out is untouched and
 * err holds "filter:COL: ...". */
int ash_filter_compile(const char *text, size_t n, const ash_filter_env *env,
		       ash_filter **out, ash_err *err);
void ash_filter_free(ash_filter *f);

/* Column of a compile error (from "filter:COL: ..."), or 0. */
int ash_filter_error_column(const ash_err *err);

/* AND the filter with from <= t_start < to (INT64_MIN / INT64_MAX for an
 * open side).  Used for --from/--to; chunk skipping sees it. */
void ash_filter_restrict_time(ash_filter *f, int64_t from, int64_t to);

/* ASH_COL_* columns that ash_filter_run reads. */
unsigned ash_filter_columns(const ash_filter *f);
/* True when the filter matches every record (empty filter). */
bool ash_filter_is_all(const ash_filter *f);
/* False only when no record of the chunk can match: time bounds against
 * time predicates, bloom against host predicates, where the predicate is
 * logically required (a conjunct, not under "not"). */
bool ash_filter_chunk_may_match(const ash_filter *f, const ash_chunk_meta *m);

/* Canonical text of the compiled tree, fully parenthesised ("(src host
 * 10.0.0.1 and (port 80 or port 443))") into buf (truncated to cap). */
size_t ash_filter_describe(const ash_filter *f, char *buf, size_t cap);

/* Evaluation.  One scratch per thread (buffers reused across batches). */
ash_filter_scratch *ash_filter_scratch_new(void);
void ash_filter_scratch_free(ash_filter_scratch *s);

/* Evaluate f over the rows of b: bit i of sel (sel[i / 64] >> (i % 64))
 * is set when row i matches.  sel must hold (b->n + 63) / 64 words; bits
 * past n are cleared.  *matched (may be NULL) gets the number of matching
 * rows.  Returns 0, or ASH_EINTERNAL when b lacks a column the filter
 * needs (see ash_filter_columns). */
int ash_filter_run(const ash_filter *f, ash_filter_scratch *s,
		   const ash_batch *b, uint64_t *sel, size_t *matched,
		   ash_err *err);

#endif
