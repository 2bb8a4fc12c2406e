/* SPDX-License-Identifier: MIT */
/* store_chunk.h: one chunk of records, column-wise (format in
 * store_format.h): the builder that buffers records and encodes a chunk
 * file image, and the decoder that turns an image (or a chunk file of a
 * store) back into an ash_batch.
 *
 * Internal to src/store, except that tests and fuzz targets call
 * ash_chunk_decode_mem directly.  Nothing here names files or takes locks:
 * store_txn.c writes the images, store.c lists them. */
#ifndef ASH_STORE_CHUNK_H
#define ASH_STORE_CHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/record.h"
#include "store/store.h"
#include "store/store_format.h"

/* For the column loops (encode and decode): gcc -O2 vectorizes only
 * "very cheap" loops, which excludes widening and narrowing loops, so ask
 * for it (clang vectorizes at -O2); and on x86-64 build the function for
 * AVX2 and for the baseline, picked at load time (ifunc).  Not under
 * sanitizers, whose runtimes are not ready when ifunc resolvers run. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ASH_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ASH_SANITIZED 1
#endif
#if defined(__GNUC__) && !defined(__clang__)
#define ASH_VECTORIZE_O \
	__attribute__((optimize("tree-vectorize", "vect-cost-model=dynamic")))
#else
#define ASH_VECTORIZE_O
#endif
#if defined(__x86_64__) && !defined(ASH_SANITIZED)
#define ASH_VECTORIZE \
	ASH_VECTORIZE_O __attribute__((target_clones("avx2", "default")))
#else
#define ASH_VECTORIZE ASH_VECTORIZE_O
#endif

/* Strings longer than this are cut to it when stored (documented limit;
 * interface, zone, rule and device names are far shorter). */
#define ASH_STORE_STR_MAX 1024

/* Encoder settings.  Defaults (measured, see docs/store-format.md): 65536
 * records per chunk, zstd level -1, PLANES layout. */
#define ASH_CHUNK_DEFAULT_RECORDS 65536u
#define ASH_CHUNK_DEFAULT_LEVEL (-1)
typedef struct ash_chunk_tuning {
	uint32_t records; /* records per chunk, 1..ASH_CHUNK_MAX_RECORDS */
	int zstd_level;   /* zstd level; negative levels are faster */
	bool fixed;       /* FIXED layout instead of PLANES (measurements) */
} ash_chunk_tuning;

/* --- Building and encoding ------------------------------------------ */
typedef struct ash_chunk_builder ash_chunk_builder;

/* New empty builder; t NULL means the defaults (t is copied, its values
 * clamped to the valid ranges).  Memory: about 120 bytes per record of
 * t->records, allocated up front, plus the dictionaries (bounded by the
 * record count and ASH_CHUNK_MAX_STR_BYTES). */
ash_chunk_builder *ash_chunk_builder_new(const ash_chunk_tuning *t);
void ash_chunk_builder_free(ash_chunk_builder *cb);
/* Forget all records (keeps the allocations). */
void ash_chunk_builder_reset(ash_chunk_builder *cb);
uint32_t ash_chunk_builder_count(const ash_chunk_builder *cb);
/* Copy r into the chunk.  Returns false and adds nothing when the chunk is
 * full (records, string bytes or distinct strings); an empty builder
 * always accepts. */
bool ash_chunk_builder_add(ash_chunk_builder *cb, const ash_rec *r);
/* The encoder: compression context and scratch buffers, reusable across
 * chunks and builders (one per thread that encodes).  Memory: about 90
 * bytes per record of the largest chunk encoded. */
typedef struct ash_chunk_enc ash_chunk_enc;
ash_chunk_enc *ash_chunk_enc_new(void);
void ash_chunk_enc_free(ash_chunk_enc *e);
/* Encode the records of cb into a chunk file image.  *img (*n bytes) is
 * owned by e and valid until e encodes again or is freed.  Fills
 * meta->records, t_min, t_max, bloom and file_size; leaves evidence and
 * file alone.  cb is not modified. */
int ash_chunk_encode(ash_chunk_enc *e, const ash_chunk_builder *cb,
		     const uint8_t **img, size_t *n, ash_chunk_meta *meta,
		     ash_err *err);

/* --- Decoding -------------------------------------------------------- */
/* Header facts of a chunk image. */
typedef struct ash_chunk_info {
	uint32_t records, naddrs, naddrs4, nstrs, str_bytes, ncols;
	int64_t t_min, t_max;
} ash_chunk_info;

/* Decode the columns cols (ASH_COL_*) of the chunk image buf (n bytes,
 * the whole file) into *b, verifying the header and the checksum of every
 * column it decodes.  b's arrays belong to r (valid until r decodes
 * again); b->chunk, evidence and site are zero/NULL.  Returns 0 or
 * ASH_ECORRUPT (b is then zeroed).  Any bytes are safe input. */
int ash_chunk_decode_mem(ash_chunk_reader *r, const uint8_t *buf, size_t n,
			 unsigned cols, ash_batch *b, ash_err *err);
/* Like decode_mem with every column, also verifying the checksums of
 * columns this version does not know; info gets the header facts. */
int ash_chunk_verify_mem(ash_chunk_reader *r, const uint8_t *buf, size_t n,
			 ash_batch *b, ash_chunk_info *info, ash_err *err);
/* Read the whole chunk file of chunk i of s into r's buffer: *buf (*n
 * bytes) is owned by r, valid until r reads again.  ASH_ECORRUPT when its
 * size differs from the manifest's, ASH_EIO/ASH_ENOTFOUND otherwise. */
int ash_chunk_load_file(ash_chunk_reader *r, const ash_store *s, size_t i,
			const uint8_t **buf, size_t *n, ash_err *err);

/* For tests and fuzzing: recompute the header and column checksums of an
 * image in place, so that mutated images reach the decoder proper.  Does
 * nothing to images too short to hold their header. */
void ash_chunk_fix_crcs(uint8_t *buf, size_t n);

#endif
