/* SPDX-License-Identifier: MIT */
/* evidence.h: keeping originals as received (DESIGN §2): every input is
 * copied, byte for byte, to CASE/evidence/<sha256 hex>, read-only, before
 * anything parses it; parsing reads the copy, so record provenance
 * (evidence hash + line) always points at a file that cannot change. */
#ifndef ASH_EVIDENCE_H
#define ASH_EVIDENCE_H

#include <stdint.h>

#include "core/err.h"

/* Progress callback: bytes done of total (0 when unknown), records so far. */
typedef void (*ash_progress_fn)(void *ctx, uint64_t done, uint64_t total,
				uint64_t records);

/* Hash path (or standard input for "-") and keep it in evdir.  Fills the
 * SHA-256, the size and the kept copy's path (cap bytes).  Keeping the same
 * content twice is harmless: the existing copy is reused.  progress may be
 * NULL; it is called once per MiB copied. */
int ash_evidence_keep(const char *evdir, const char *path, uint8_t sha[32],
		      uint64_t *size, char *kept, size_t cap,
		      ash_progress_fn progress, void *ctx, ash_err *err);

/* SHA-256 of a file. */
int ash_evidence_hash(const char *path, uint8_t sha[32], uint64_t *size,
		      ash_err *err);

/* Lower-case hex of a SHA-256 into out (65 bytes). */
void ash_sha_hex(const uint8_t sha[32], char out[65]);

#endif
