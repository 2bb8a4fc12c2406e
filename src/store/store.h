/* SPDX-License-Identifier: MIT */
/* store.h: the columnar flow store of a case (CASE/store), public API.
 *
 * Records enter through an ingest transaction (one per evidence file) and
 * become visible all at once when it commits; a crash before commit leaves
 * the store exactly as it was (DESIGN §4).  Readers decode one chunk at a
 * time into an ash_batch; a reader per thread may read chunks in parallel.
 * The on-disk format is specified in store_format.h.
 *
 * Nothing here prints.  Errors follow core/err.h. */
#ifndef ASH_STORE_H
#define ASH_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/record.h"

typedef struct ash_store ash_store;
typedef struct ash_store_txn ash_store_txn;
typedef struct ash_chunk_reader ash_chunk_reader;

/* One evidence file as the manifest records it. */
typedef struct ash_evidence {
	uint8_t sha256[32];
	char name[256];      /* name as given by the user (basename) */
	uint64_t size;       /* bytes of the evidence file as received */
	uint64_t records;    /* records stored */
	uint64_t rejected;   /* records rejected (see rejects file) */
	uint64_t meta_lines; /* header/comment/blank lines, not records */
	int64_t ingested_at; /* microseconds UTC */
	uint8_t format;      /* enum ash_format */
	char site[64];
} ash_evidence;

/* Per chunk summary kept in the manifest, for skipping chunks. */
#define ASH_BLOOM_BYTES 256
typedef struct ash_chunk_meta {
	uint32_t evidence;   /* index into the evidence list */
	uint32_t records;
	int64_t t_min, t_max; /* t_start range, microseconds UTC */
	uint8_t bloom[ASH_BLOOM_BYTES]; /* src and dst addresses */
	char file[64];       /* chunk file name inside store/chunks */
	uint64_t file_size;
} ash_chunk_meta;

/* Open (and with create, make) the store in directory dir.  Reads the
 * manifest; chunk files not listed in it (left by a crash) are ignored. */
int ash_store_open(const char *dir, bool create, ash_store **out, ash_err *err);
void ash_store_close(ash_store *s);

/* Manifest contents. */
size_t ash_store_evidence_count(const ash_store *s);
const ash_evidence *ash_store_evidence(const ash_store *s, size_t i);
/* Index of the evidence with this hash, or -1. */
long ash_store_find_evidence(const ash_store *s, const uint8_t sha256[32]);
size_t ash_store_chunk_count(const ash_store *s);
const ash_chunk_meta *ash_store_chunk(const ash_store *s, size_t i);
uint64_t ash_store_record_count(const ash_store *s);
const char *ash_store_dir(const ash_store *s);

/* Bloom membership test: false means the chunk surely lacks ip. */
bool ash_chunk_may_have(const ash_chunk_meta *m, const ash_ip *ip);

/* Ingest transaction.  ev gives sha256, name, size, format and site; the
 * counts are filled by the store.  Only one transaction at a time per
 * store (an exclusive lock file enforces it across processes). */
int ash_store_begin(ash_store *s, const ash_evidence *ev, ash_store_txn **out,
		    ash_err *err);
/* Append one record (copied).  Flushes a chunk to disk when full. */
int ash_store_append(ash_store_txn *t, const ash_rec *r, ash_err *err);
/* Record a rejected input record: where (line or offset), why, and the
 * raw text (kept escaped and truncated to 512 bytes). */
int ash_store_reject(ash_store_txn *t, uint64_t where, const char *reason,
		     const char *text, size_t n, ash_err *err);
/* Count a header/comment line (not a record). */
void ash_store_meta_line(ash_store_txn *t);
/* Make everything appended durable and visible; frees t in all cases. */
int ash_store_commit(ash_store_txn *t, ash_err *err);
/* Drop everything appended; frees t. */
void ash_store_abort(ash_store_txn *t);
/* Counts so far (for progress and accounting). */
uint64_t ash_store_txn_records(const ash_store_txn *t);
uint64_t ash_store_txn_rejected(const ash_store_txn *t);

/* Reading.  A reader owns decode buffers; one per thread. */
ash_chunk_reader *ash_chunk_reader_new(void);
void ash_chunk_reader_free(ash_chunk_reader *r);
/* Decode chunk i of s, the columns in cols (ASH_COL_*), into *b.  The
 * chunk's checksums are verified; damage gives ASH_ECORRUPT.  Only the
 * columns asked for are read from disk.  b->addrs is sorted ascending
 * (ash_ip_cmp) and has no duplicates, so an address can be looked up by
 * binary search and rows matched by index (both checked on decode);
 * the store also writes b->strs without duplicates (equal strings have
 * equal indexes within a chunk). */
int ash_chunk_read(ash_chunk_reader *r, const ash_store *s, size_t i,
		   unsigned cols, ash_batch *b, ash_err *err);

/* Verify every chunk and the manifest; counts per problem in err.
 * Returns 0 when intact, ASH_ECORRUPT otherwise.  progress may be NULL. */
int ash_store_check(const ash_store *s, uint64_t *records_checked,
		    void (*progress)(void *ctx, size_t done, size_t total),
		    void *ctx, ash_err *err);

/* Path of the rejects file of evidence i (store/rejects/<sha>.tsv). */
void ash_store_rejects_path(const ash_store *s, size_t i, char *buf,
			    size_t cap);

/* --- Additions (store owner) ------------------------------------------ */

/* What ash_store_check_ex found.  Orphans are chunk, rejects and temp
 * files that no committed manifest names (left by an interrupted ingest;
 * the next ash_store_begin deletes them): reported, not damage. */
typedef struct ash_store_report {
	uint64_t records;      /* records decoded and verified */
	size_t chunks;         /* chunks verified */
	size_t damaged;        /* chunks (or rejects files) found damaged */
	size_t orphans;        /* orphan files */
	uint64_t orphan_bytes; /* their total size */
} ash_store_report;

/* ash_store_check with the full report (rep may be NULL).  Returns 0 when
 * intact (orphans allowed), ASH_ECORRUPT with the damaged files named in
 * err, or ASH_EIO when the store cannot be listed. */
int ash_store_check_ex(const ash_store *s, ash_store_report *rep,
		       void (*progress)(void *ctx, size_t done, size_t total),
		       void *ctx, ash_err *err);

/* Encoder settings of later transactions on s (tests and measurements):
 * records per chunk (0 = default 65536, max 1048576) and zstd level
 * (default -1; negative = faster, positive = smaller). */
void ash_store_tune(ash_store *s, uint32_t chunk_records, int zstd_level);

/* Limits: strings (interface, zone, rule, device, note) longer than 1024
 * bytes are stored cut to 1024 bytes; rejected text is kept escaped and
 * cut to 512 bytes, the reason to 256 bytes.
 *
 * Pointers from ash_store_evidence and ash_store_chunk stay valid until
 * the next ash_store_begin or ash_store_commit on s, which re-read and
 * replace the manifest. */

#endif
