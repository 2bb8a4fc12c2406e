/* SPDX-License-Identifier: MIT */
/* agg.h: mergeable aggregates - a table from a key (16 or 32 bytes) to
 * the sums of the records grouped under it (records, bytes and packets
 * both ways), plus exact distinct counting of addresses per key (srcs,
 * dsts).
 *
 * Built for "aggregate per chunk, then once into the table": for each
 * batch, ash_agg_add_batch first sums rows into a small dense array
 * indexed by a per-chunk code (e.g. the chunk's address dictionary
 * index), then moves each touched code into the table once.  The table
 * is split by key hash into partitions, each with its own lock, so
 * several threads add batches to one table at once (each with its own
 * scratch) and every key is stored once: no per-thread copies to merge.
 * Two tables built from disjoint records also merge (ash_agg_merge: later
 * digests of several sites).  Sums saturate at UINT64_MAX instead of
 * wrapping (log values are attacker-controlled).
 *
 * Owns: the table, the distinct-pair set, metric names.  Does not know
 * what keys mean (top.c, series.c) or read the store (scan.c). */
#ifndef ASH_AGG_H
#define ASH_AGG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/ip.h"
#include "store/record.h"

/* Sums of a group.  Unknown counts add 0; bytes = obytes + rbytes. */
typedef struct ash_sums {
	uint64_t records, bytes, packets, obytes, rbytes, opkts, rpkts;
	uint64_t distinct; /* distinct addresses (when counted) */
} ash_sums;

enum ash_metric {
	ASH_M_RECORDS = 0, ASH_M_BYTES, ASH_M_PACKETS, ASH_M_OBYTES,
	ASH_M_RBYTES, ASH_M_OPKTS, ASH_M_RPKTS, ASH_M_SRCS, ASH_M_DSTS,
	ASH_M_COUNT_
};

/* Metric by name (records bytes packets obytes rbytes opackets rpackets
 * srcs dsts); ASH_EUSAGE naming the choices otherwise. */
int ash_metric_parse(const char *name, size_t n, int *m, ash_err *err);
const char *ash_metric_name(int m);
uint64_t ash_metric_value(int m, const ash_sums *s);
/* Whether metric m is one direction of bytes or packets (obytes, rbytes,
 * opackets, rpackets): a table must keep directions apart for it. */
bool ash_metric_dirs(int m);
void ash_sums_add(ash_sums *into, const ash_sums *s);

/* A key: ASH_AGG_KEYLEN bytes, compared with memcmp.  A table made for
 * short keys (ash_agg_new keylen <= 16) keeps only the first 16 bytes:
 * the others must be zero. */
#define ASH_AGG_KEYLEN 32
#define ASH_AGG_SHORTKEY 16
typedef struct ash_aggkey {
	uint8_t b[ASH_AGG_KEYLEN];
} ash_aggkey;

/* Default caps (ELIMIT past them): keys per table and distinct
 * (key, address) pairs per table. */
#define ASH_AGG_MAX_KEYS (16u << 20)
#define ASH_AGG_MAX_PAIRS (16u << 20)

typedef struct ash_agg ash_agg;
typedef struct ash_agg_scratch ash_agg_scratch;

/* New empty table for keys of at most keylen significant bytes (<= 16:
 * short keys, smaller entries; else ASH_AGG_KEYLEN).  dirs: sum obytes,
 * rbytes, opkts and rpkts; without (short keys only, it makes adding rows
 * cheaper) those read 0 and records, bytes, packets and distinct are
 * summed.  max_keys / max_pairs 0 = the defaults above. */
ash_agg *ash_agg_new(size_t keylen, bool dirs, size_t max_keys,
		     size_t max_pairs);
void ash_agg_free(ash_agg *a);
/* Number of keys (not while batches are being added). */
size_t ash_agg_count(const ash_agg *a);
/* Walk the entries: *pos = 0 first; true with a copy of the key in *k and
 * of the sums in *s (either may be NULL), false at the end.  The entry
 * just returned is number *pos - 1 for ash_agg_entry.  Order is
 * unspecified.  Not while batches are being added. */
bool ash_agg_next(const ash_agg *a, uint64_t *pos, ash_aggkey *k,
		  ash_sums *s);
/* Copy key and sums (either may be NULL) of entry number i
 * (< ash_agg_count). */
void ash_agg_entry(const ash_agg *a, uint64_t i, ash_aggkey *k, ash_sums *s);
/* Pointers to the key and sums of entry i, valid until the table
 * changes; false (nothing set) for a short-key table, whose entries hold
 * them in another form: copy them with ash_agg_entry. */
bool ash_agg_ref(const ash_agg *a, uint64_t i, const ash_aggkey **k,
		 const ash_sums **s);
/* Make into the union of into and from (same keylen).  from is consumed:
 * afterwards it holds unspecified contents and may only be freed.  On
 * ASH_ELIMIT into holds a part.  Not while batches are being added to
 * either. */
int ash_agg_merge(ash_agg *into, ash_agg *from, ash_err *err);

/* How ash_agg_add_batch groups rows: codes[i] (< ncodes) is the group of
 * row i (rows with codes[i] >= ncodes are skipped); the key of a group is
 * addr_keys[code] (its 16 bytes, zero padded) when addr_keys is set, else
 * key_of's.  other (may be NULL): per row an index into b->addrs whose
 * distinct values are counted per key. */
typedef void (*ash_code_key_fn)(const void *ctx, uint32_t code, ash_aggkey *k);
typedef struct ash_agg_group {
	const uint32_t *codes;
	size_t ncodes;
	const ash_ip *addr_keys;
	ash_code_key_fn key_of;
	const void *ctx;
	const uint32_t *other;
} ash_agg_group;

/* Per-thread buffers of ash_agg_add_batch. */
ash_agg_scratch *ash_agg_scratch_new(void);
void ash_agg_scratch_free(ash_agg_scratch *s);
/* Add the rows of b whose bit is set in sel (NULL = all rows) to a.
 * b needs ASH_COL_COUNTS (and ASH_COL_ADDR when other is set).  Safe to
 * call from several threads on the same a, each with its own s.  On
 * ASH_ELIMIT part of the batch may have been added. */
int ash_agg_add_batch(ash_agg *a, ash_agg_scratch *s, const ash_batch *b,
		      const uint64_t *sel, const ash_agg_group *g,
		      ash_err *err);

/* Dense codes 0, 1, 2 ... for arbitrary 64-bit values, per batch (a
 * pair of dictionary indices, a time bucket).  Zero-initialise. */
typedef struct ash_agg_codes {
	uint64_t *vals;     /* vals[code] */
	uint32_t *slots;    /* code + 1, 0 = empty */
	size_t n, cap;      /* codes handed out; slots capacity (2^k) */
} ash_agg_codes;
/* Forget all values; room for up to max distinct values. */
void ash_agg_codes_reset(ash_agg_codes *c, size_t max);
/* Code of v (a new one if unseen; at most max distinct values). */
uint32_t ash_agg_codes_get(ash_agg_codes *c, uint64_t v);
void ash_agg_codes_free(ash_agg_codes *c);

#endif
