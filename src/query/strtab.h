/* SPDX-License-Identifier: MIT */
/* strtab.h: a string interning table several threads share: each distinct
 * string gets a small id, the same for every thread, and stays readable
 * by id until the table is freed.  Used by top.c to group records by a
 * string field (rule, note, ...) across chunks, whose dictionaries number
 * the same string differently.  Memory grows with the distinct strings
 * only; the caller bounds how many it adds. */
#ifndef ASH_STRTAB_H
#define ASH_STRTAB_H

#include <stddef.h>
#include <stdint.h>

typedef struct ash_strtab ash_strtab;

ash_strtab *ash_strtab_new(void);
void ash_strtab_free(ash_strtab *t);
/* The id of the n bytes at p (copied on first sight).  Thread-safe. */
uint32_t ash_strtab_intern(ash_strtab *t, const char *p, size_t n);
/* The string of an id, NUL-terminated (*n its length when n is not
 * NULL); NULL for an id never returned.  Not while others intern. */
const char *ash_strtab_get(const ash_strtab *t, uint32_t id, size_t *n);

#endif
