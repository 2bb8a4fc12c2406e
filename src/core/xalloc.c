/* SPDX-License-Identifier: MIT */
/* xalloc.c: aborting allocation wrappers (see xalloc.h). */
#include "core/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
	fprintf(stderr, "ashiato: out of memory (%zu bytes)\n", n);
	abort();
}

void *ash_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *ash_calloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		oom(nmemb * size);
	return p;
}

void *ash_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

void *ash_reallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	return ash_realloc(p, nmemb * size);
}

char *ash_strdup(const char *s)
{
	return ash_strndup(s, strlen(s));
}

char *ash_strndup(const char *s, size_t n)
{
	char *p = ash_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void ash_grow(void **p, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			oom(SIZE_MAX);
		n *= 2;
	}
	*p = ash_reallocarray(*p, n, sz);
	*cap = n;
}
