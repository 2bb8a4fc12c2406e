/* SPDX-License-Identifier: MIT */
/* store_manifest.h: the MANIFEST of a store (format in store_format.h):
 * the committed evidence entries and chunk metas, decoded into memory,
 * validated, and written back durably.
 *
 * Internal to src/store.  Does not touch chunk files or the lock. */
#ifndef ASH_STORE_MANIFEST_H
#define ASH_STORE_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

typedef struct ash_manifest {
	uint64_t generation;
	ash_evidence *ev;
	size_t nev, cap_ev;
	ash_chunk_meta *ch;
	size_t nch, cap_ch;
	uint64_t records; /* sum of ch[].records */
} ash_manifest;

/* An empty manifest (generation 0). */
void ash_manifest_init(ash_manifest *m);
/* Free the arrays; m becomes empty. */
void ash_manifest_free(ash_manifest *m);
/* Deep copy of src into *dst (dst is overwritten, not freed). */
void ash_manifest_copy(ash_manifest *dst, const ash_manifest *src);
/* Append entries (copied).  Return ASH_ELIMIT beyond the format caps. */
int ash_manifest_add_evidence(ash_manifest *m, const ash_evidence *ev,
			      ash_err *err);
int ash_manifest_add_chunk(ash_manifest *m, const ash_chunk_meta *c,
			   ash_err *err);

/* Bytes of the encoded manifest, and the encoding into buf (that many
 * bytes, crc included). */
size_t ash_manifest_size(const ash_manifest *m);
void ash_manifest_encode(const ash_manifest *m, uint8_t *buf);
/* Decode and validate n bytes into *m (initialised by the call).  Returns
 * 0, or ASH_ECORRUPT with the reason; *m is then empty. */
int ash_manifest_decode(const uint8_t *buf, size_t n, ash_manifest *m,
			ash_err *err);

/* Read dir/MANIFEST into *m.  ASH_ENOTFOUND when it does not exist,
 * ASH_ECORRUPT when damaged, ASH_EIO. *m is empty on failure. */
int ash_manifest_load(const char *dir, ash_manifest *m, ash_err *err);
/* Replace dir/MANIFEST durably (temp, fsync, rename, fsync dir).  On
 * failure *renamed tells whether the new manifest is nevertheless in
 * place (only the directory fsync failed). */
int ash_manifest_save(const char *dir, const ash_manifest *m, bool *renamed,
		      ash_err *err);

/* True when s (NUL-terminated) is an acceptable chunk file name. */
bool ash_manifest_valid_name(const char *s);

#endif
