/* SPDX-License-Identifier: MIT */
/* arena.h: a bump allocator for data freed all at once (a case.db
 * snapshot).  Allocations never fail (xalloc policy) and are aligned for
 * any type; ash_arena_free releases everything. */
#ifndef ASH_ARENA_H
#define ASH_ARENA_H

#include <stddef.h>

typedef struct ash_arena ash_arena;

ash_arena *ash_arena_new(void);
void ash_arena_free(ash_arena *a);
/* n zeroed bytes (n may be 0). */
void *ash_arena_alloc(ash_arena *a, size_t n);
/* Copy of s[0..n) with a NUL after it. */
char *ash_arena_strndup(ash_arena *a, const char *s, size_t n);

#endif
