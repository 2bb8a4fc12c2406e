/* SPDX-License-Identifier: MIT */
/* xalloc.h: the one allocation policy.  These wrappers never return NULL:
 * on out-of-memory they print "ashiato: out of memory" and abort, so call
 * sites stay clean.  Sizes are overflow-checked (array forms).  Callers
 * still bound every allocation that grows with input by a documented cap. */
#ifndef ASH_XALLOC_H
#define ASH_XALLOC_H

#include <stddef.h>

void *ash_malloc(size_t n);
void *ash_calloc(size_t nmemb, size_t size);
void *ash_realloc(void *p, size_t n);
/* realloc for nmemb * size bytes, aborting on multiplication overflow */
void *ash_reallocarray(void *p, size_t nmemb, size_t size);
char *ash_strdup(const char *s);
char *ash_strndup(const char *s, size_t n);
/* Grow *p (holding *cap elements of size sz) to hold at least need. */
void ash_grow(void **p, size_t *cap, size_t need, size_t sz);

#endif
