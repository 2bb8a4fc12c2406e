/* SPDX-License-Identifier: MIT */
/* store_internal.h: the store handle shared by store.c (open, manifest
 * access), store_txn.c (ingest) and store_check.c (verification).
 * Internal to src/store. */
#ifndef ASH_STORE_INTERNAL_H
#define ASH_STORE_INTERNAL_H

#include <stdbool.h>

#include "store/store.h"
#include "store/store_chunk.h"
#include "store/store_manifest.h"

struct ash_store {
	char *dir;              /* store directory (owned) */
	ash_manifest man;       /* committed state as last read or written */
	ash_chunk_tuning tuning;
	bool in_txn;            /* a transaction is open on this handle */
};

/* Count (and with remove, delete) the orphan files of s: chunk, rejects
 * and temp files its manifest does not name.  Only names the store
 * writes are considered; other files are left alone.  count and bytes
 * may be NULL. */
int ash_store_orphans(const ash_store *s, bool remove, size_t *count,
		      uint64_t *bytes, ash_err *err);

#endif
