/* SPDX-License-Identifier: MIT */
/* store_flush.h: writes the chunks of one ingest transaction.  Full chunk
 * builders are encoded and written as chunk files (temp file, fsync,
 * rename) by a background thread, so that appending records overlaps with
 * compression and I/O; two builders alternate, which bounds memory.  Small
 * transactions never start the thread.  Chunk files written here are not
 * in the manifest: committing them is store_txn.c's job.
 *
 * Internal to src/store.  One ash_flush is used by one thread (the one that
 * appends); the background thread is private to it. */
#ifndef ASH_STORE_FLUSH_H
#define ASH_STORE_FLUSH_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store_chunk.h"

typedef struct ash_flush ash_flush;

/* New writer for chunks of evidence index evidence in dir/chunks, named
 * "prefix-NNNNNN.ach", at most max_chunks of them (ASH_ELIMIT beyond).  t
 * is copied. */
ash_flush *ash_flush_new(const char *dir, const char *prefix,
			 uint32_t evidence, size_t max_chunks,
			 const ash_chunk_tuning *t);
/* The builder to append records to (owned by f; changes after submit). */
ash_chunk_builder *ash_flush_builder(ash_flush *f);
/* Hand the current builder over to be written and make an empty one
 * current.  Returns 0, or the first error of any earlier write (sticky:
 * every later call returns it too). */
int ash_flush_submit(ash_flush *f, ash_err *err);
/* Write what the current builder holds, wait until every chunk is on
 * disk and stop the thread.  Returns 0 or the first error. */
int ash_flush_finish(ash_flush *f, ash_err *err);
/* The chunks written, in order (after ash_flush_finish). */
const ash_chunk_meta *ash_flush_chunks(const ash_flush *f, size_t *n);
/* Free f; with remove, first stop the thread without writing what is
 * pending and delete every chunk file written (an aborted ingest). */
void ash_flush_free(ash_flush *f, bool remove);

#endif
