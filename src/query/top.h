/* SPDX-License-Identifier: MIT */
/* top.h: rank groups of records by a metric - "top src/bytes".
 *
 * Keys: src, dst, srcport, dstport, proto, pair (src>dst), zone, srczone,
 * dstzone, and the record's strings: rule, note, device, inif, outif.  "zone" is the zone of the site-side address: the zone of the
 * source when the source lies in a case network, else the zone of the
 * destination, else unknown.  Ports of ICMP records and absent ports or
 * protocols are the unknown key.  Metrics: see agg.h.
 *
 * An ash_top accumulates batches, from several threads through workers,
 * and merges with another built from other records; ranking is by metric descending,
 * ties by key ascending (addresses in byte order, ports numerically,
 * zones and strings by name, unknown last), so output is deterministic.
 * Does not read the store (scan.c) or format rows (the CLI). */
#ifndef ASH_TOP_H
#define ASH_TOP_H

#include "query/agg.h"
#include "query/filter.h"

enum ash_top_key {
	ASH_TOP_SRC = 0, ASH_TOP_DST, ASH_TOP_SRCPORT, ASH_TOP_DSTPORT,
	ASH_TOP_PROTO, ASH_TOP_PAIR, ASH_TOP_ZONE, ASH_TOP_SRCZONE,
	ASH_TOP_DSTZONE, ASH_TOP_RULE, ASH_TOP_NOTE, ASH_TOP_DEVICE,
	ASH_TOP_INIF, ASH_TOP_OUTIF, ASH_TOP_KEY_COUNT_
};

/* Room for the text of any key (ash_top_key_text): strings of the store
 * are at most 1024 bytes. */
#define ASH_TOP_KEY_TEXT_MAX 1100

typedef struct ash_top_spec {
	int key, metric;
	/* zones (zone keys only): zone_of and the list of zone names */
	ash_zone_of_fn zone_of;
	const void *zone_ctx;
	const char *const *zones;
	size_t nzones;
	size_t max_keys, max_pairs; /* 0 = agg.h defaults */
} ash_top_spec;

/* Parse "KEY/METRIC" ("src/bytes") into spec->key and spec->metric;
 * other fields untouched.  ASH_EUSAGE naming the choices. */
int ash_top_parse(const char *text, ash_top_spec *spec, ash_err *err);
const char *ash_top_key_name(int key);
/* ASH_COL_* needed by ash_top_add. */
unsigned ash_top_columns(const ash_top_spec *spec);

typedef struct ash_top ash_top;

typedef struct ash_top_worker ash_top_worker;

/* New accumulator; spec is borrowed and must outlive it. */
ash_top *ash_top_new(const ash_top_spec *spec);
void ash_top_free(ash_top *t);
/* Add the rows of b selected in sel (NULL = all).  ASH_ELIMIT past the
 * caps of agg.h.  One thread at a time: for several, use workers. */
int ash_top_add(ash_top *t, const ash_batch *b, const uint64_t *sel,
		ash_err *err);

/* Workers add batches to one ash_top from several threads at once (one
 * worker per thread; the top's table is shared and locked by parts).
 * Free the workers before ranking. */
ash_top_worker *ash_top_worker_new(ash_top *t);
void ash_top_worker_free(ash_top_worker *w);
int ash_top_worker_add(ash_top_worker *w, const ash_batch *b,
		       const uint64_t *sel, ash_err *err);
/* Add everything of from to into (same spec).  from is consumed (only
 * ash_top_free it afterwards); rows ranked before are invalidated.
 * ASH_EUSAGE for string keys (rule, note, ...): each table numbers its
 * strings, so add every batch to one table (workers share it) instead. */
int ash_top_merge(ash_top *into, ash_top *from, ash_err *err);

/* key and sums are valid while both the rows and the ash_top live.  sums
 * has records, bytes, packets and distinct; obytes, rbytes, opkts and
 * rpkts only when the metric is one of them (else 0: cheaper to sum). */
typedef struct ash_top_row {
	const ash_aggkey *key;
	const ash_sums *sums;
	uint64_t value;        /* the ranked metric */
} ash_top_row;

/* The first limit groups (0 = all) in rank order into *rows (malloc'd,
 * caller frees); returns how many. */
size_t ash_top_rank(const ash_top *t, size_t limit, ash_top_row **rows);
/* Number of groups. */
size_t ash_top_groups(const ash_top *t);

/* Text of a key of t into buf (cap ASH_TOP_KEY_TEXT_MAX; shorter cuts
 * strings).  Returns 0 for the unknown key (buf ""), 1 for text, 2 for a
 * number (ports; also in *num). */
int ash_top_key_text(const ash_top *t, const ash_aggkey *k, char *buf,
		     size_t cap, uint64_t *num);

#endif
