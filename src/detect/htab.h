/* SPDX-License-Identifier: MIT */
/* htab.h: a hash table from fixed-size keys to fixed-size values, the
 * detectors' one tool for "per host", "per pair", "per host and hour"
 * state.  Open addressing, entries inline (key then value), a per-table
 * random hash seed (keys are attacker-chosen addresses), a cap on
 * entries (ASH_ELIMIT past it).  One thread per table: scans give each
 * worker its own and fold them with ash_htab_merge.  Iteration order is
 * unspecified: detectors sort what they report. */
#ifndef ASH_HTAB_H
#define ASH_HTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

typedef struct ash_htab ash_htab;

/* Fold the value src into dst (same key). */
typedef void (*ash_htab_merge_fn)(void *dst, const void *src);

/* keylen, vallen in bytes (keylen <= 64); max_entries 0 = 16 M. */
ash_htab *ash_htab_new(size_t keylen, size_t vallen, size_t max_entries);
void ash_htab_free(ash_htab *h);
size_t ash_htab_count(const ash_htab *h);

/* Value of key, created zeroed when absent (*created set when given).
 * NULL when the table is full (cap reached). */
void *ash_htab_get(ash_htab *h, const void *key, bool *created);
/* Value of key or NULL; never creates. */
void *ash_htab_find(const ash_htab *h, const void *key);
/* Walk: *pos = 0 first; returns false at the end. */
bool ash_htab_next(const ash_htab *h, size_t *pos, const void **key,
		   void **val);
/* Fold every entry of from into into (merge for keys in both, copy for
 * the others).  ASH_ELIMIT when into fills up. */
int ash_htab_merge(ash_htab *into, const ash_htab *from, ash_htab_merge_fn fn,
		   ash_err *err);

#endif
