/* SPDX-License-Identifier: MIT */
/* htab.c: open-addressing hash table with inline entries (htab.h).
 * Slot layout: 8 bytes of header (the key's hash with the low bit set:
 * 0 = empty), key, value, each part padded to 8 bytes so values are
 * aligned for any field type.  Probes compare the header first, so keys
 * are compared only on a full hash match. */
#include "detect/htab.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "core/mix.h"
#include "core/xalloc.h"

struct ash_htab {
	uint8_t *slots;
	size_t keylen, vallen, stride, voff; /* voff: value offset */
	size_t cap, n, max;   /* cap is a power of two */
	uint64_t seed;
};

static uint64_t hash(const ash_htab *h, const uint8_t *k)
{
	uint64_t x = h->seed;
	size_t i = 0;
	for (; i + 8 <= h->keylen; i += 8) {
		uint64_t w;
		memcpy(&w, k + i, 8);
		x = ash_fmix64(x ^ w) + 0x9e3779b97f4a7c15ULL;
	}
	uint64_t w = 0;
	memcpy(&w, k + i, h->keylen - i);
	return ash_fmix64(x ^ w ^ h->keylen);
}

ash_htab *ash_htab_new(size_t keylen, size_t vallen, size_t max_entries)
{
	ash_htab *h = ash_calloc(1, sizeof *h);
	h->keylen = keylen;
	h->vallen = vallen;
	h->voff = 8 + ((keylen + 7) & ~(size_t)7);
	h->stride = h->voff + ((vallen + 7) & ~(size_t)7);
	h->max = max_entries ? max_entries : (16u << 20);
	h->cap = 64;
	h->slots = ash_calloc(h->cap, h->stride);
	if (getrandom(&h->seed, sizeof h->seed, 0) != sizeof h->seed)
		h->seed = 0x2545f4914f6cdd1dULL ^ (uint64_t)(uintptr_t)h;
	return h;
}

void ash_htab_free(ash_htab *h)
{
	if (!h)
		return;
	free(h->slots);
	free(h);
}

size_t ash_htab_count(const ash_htab *h)
{
	return h->n;
}

static inline uint64_t tag(uint64_t hv)
{
	return hv | 1;
}

static inline bool key_eq(const ash_htab *h, const uint8_t *a, const void *b)
{
	if (h->keylen == 8)
		return !memcmp(a, b, 8);
	if (h->keylen == 16)
		return !memcmp(a, b, 16);
	return !memcmp(a, b, h->keylen);
}

/* the slot holding key, or the empty slot where it would go */
static uint8_t *probe_hv(const ash_htab *h, const void *key, uint64_t hv)
{
	size_t mask = h->cap - 1, i = (hv >> 7) & mask;
	uint64_t want = tag(hv);
	for (;;) {
		uint8_t *s = h->slots + i * h->stride;
		uint64_t hd;
		memcpy(&hd, s, 8);
		if (!hd || (hd == want && key_eq(h, s + 8, key)))
			return s;
		i = (i + 1) & mask;
	}
}

static uint8_t *probe(const ash_htab *h, const void *key)
{
	return probe_hv(h, key, hash(h, key));
}

static void grow(ash_htab *h)
{
	uint8_t *old = h->slots;
	size_t ocap = h->cap;
	h->cap *= 2;
	h->slots = ash_calloc(h->cap, h->stride);
	for (size_t i = 0; i < ocap; i++) {
		uint8_t *s = old + i * h->stride;
		uint64_t hd;
		memcpy(&hd, s, 8);
		if (hd) /* re-place by the stored hash: no rehash of the key */
			memcpy(probe_hv(h, s + 8, hd), s, h->stride);
	}
	free(old);
}

void *ash_htab_get(ash_htab *h, const void *key, bool *created)
{
	uint64_t hv = hash(h, key);
	uint8_t *s = probe_hv(h, key, hv);
	if (created)
		*created = false;
	uint64_t hd;
	memcpy(&hd, s, 8);
	if (hd)
		return s + h->voff;
	if (h->n >= h->max)
		return NULL;
	if ((h->n + 1) * 4 > h->cap * 3) {
		grow(h);
		s = probe_hv(h, key, hv);
	}
	hd = tag(hv);
	memcpy(s, &hd, 8);
	memcpy(s + 8, key, h->keylen);
	h->n++;
	if (created)
		*created = true;
	return s + h->voff;
}

void *ash_htab_find(const ash_htab *h, const void *key)
{
	uint8_t *s = probe(h, key);
	uint64_t hd;
	memcpy(&hd, s, 8);
	return hd ? s + h->voff : NULL;
}

bool ash_htab_next(const ash_htab *h, size_t *pos, const void **key, void **val)
{
	while (*pos < h->cap) {
		uint8_t *s = h->slots + (*pos)++ * h->stride;
		uint64_t hd;
		memcpy(&hd, s, 8);
		if (hd) {
			if (key)
				*key = s + 8;
			if (val)
				*val = s + h->voff;
			return true;
		}
	}
	return false;
}

int ash_htab_merge(ash_htab *into, const ash_htab *from, ash_htab_merge_fn fn,
		   ash_err *err)
{
	size_t pos = 0;
	const void *k;
	void *v;
	while (ash_htab_next(from, &pos, &k, &v)) {
		bool created;
		void *d = ash_htab_get(into, k, &created);
		if (!d)
			return ash_errf(err, ASH_ELIMIT, "detect: more than %zu "
					"entries in one table", into->max);
		if (created)
			memcpy(d, v, into->vallen);
		else
			fn(d, v);
	}
	return ASH_OK;
}
