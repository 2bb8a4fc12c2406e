/* SPDX-License-Identifier: MIT */
/* rng.c: seeding of the risk simulation's xoshiro256** streams (the
 * generator itself is inline in rng.h).  Owns no state. */
#include "risk/rng.h"

/* Each part of the triple goes through its own splitmix round before the
 * next is folded in, so (seed, stream, sub) triples that differ in any
 * part start far apart; the four state words are then splitmix outputs
 * (never all zero in practice; guarded anyway). */
void ash_rrng_seed(ash_rrng *r, uint64_t seed, uint64_t stream, uint64_t sub)
{
	uint64_t x = seed;
	uint64_t h = ash_splitmix64(&x);
	x = h ^ stream;
	h = ash_splitmix64(&x);
	x = h ^ sub;
	for (int i = 0; i < 4; i++)
		r->s[i] = ash_splitmix64(&x);
	if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
		r->s[0] = 1;
}

uint64_t ash_rrng_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ull;
	}
	return h;
}
