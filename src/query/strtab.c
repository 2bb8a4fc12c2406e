/* SPDX-License-Identifier: MIT */
/* strtab.c: the shared string interning table (strtab.h): open
 * addressing on a 64-bit hash, one mutex (callers intern once per string
 * and chunk, not per row). */
#include "query/strtab.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

typedef struct entry {
	char *s;
	size_t n;
} entry;

struct ash_strtab {
	pthread_mutex_t mu;
	entry *v;          /* by id */
	size_t nv, capv;
	uint32_t *slot;    /* id + 1, 0 = empty */
	size_t nslot;      /* power of two */
};

static uint64_t hash(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull ^ n;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)p[i]) * 0x100000001b3ull;
	return h ^ (h >> 29);
}

ash_strtab *ash_strtab_new(void)
{
	ash_strtab *t = ash_calloc(1, sizeof *t);
	pthread_mutex_init(&t->mu, NULL);
	t->nslot = 64;
	t->slot = ash_calloc(t->nslot, sizeof *t->slot);
	return t;
}

void ash_strtab_free(ash_strtab *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nv; i++)
		free(t->v[i].s);
	free(t->v);
	free(t->slot);
	pthread_mutex_destroy(&t->mu);
	free(t);
}

static void grow(ash_strtab *t)
{
	size_t n = t->nslot * 2, mask = n - 1;
	uint32_t *slot = ash_calloc(n, sizeof *slot);
	for (size_t i = 0; i < t->nv; i++) {
		size_t j = (size_t)hash(t->v[i].s, t->v[i].n) & mask;
		while (slot[j])
			j = (j + 1) & mask;
		slot[j] = (uint32_t)i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->nslot = n;
}

uint32_t ash_strtab_intern(ash_strtab *t, const char *p, size_t n)
{
	pthread_mutex_lock(&t->mu);
	size_t mask = t->nslot - 1, j = (size_t)hash(p, n) & mask;
	uint32_t id;
	for (;; j = (j + 1) & mask) {
		if (!t->slot[j]) {
			id = (uint32_t)t->nv;
			ash_grow((void **)&t->v, &t->capv, t->nv + 1, sizeof *t->v);
			char *s = ash_malloc(n + 1);
			memcpy(s, p, n);
			s[n] = '\0';
			t->v[t->nv++] = (entry){s, n};
			t->slot[j] = id + 1;
			if (t->nv * 2 > t->nslot)
				grow(t);
			break;
		}
		const entry *e = &t->v[t->slot[j] - 1];
		if (e->n == n && !memcmp(e->s, p, n)) {
			id = t->slot[j] - 1;
			break;
		}
	}
	pthread_mutex_unlock(&t->mu);
	return id;
}

const char *ash_strtab_get(const ash_strtab *t, uint32_t id, size_t *n)
{
	if (id >= t->nv)
		return NULL;
	if (n)
		*n = t->v[id].n;
	return t->v[id].s;
}
