/* SPDX-License-Identifier: MIT */
/* rng.c: seeding of the risk simulation's xoshiro256** streams (the
 * generator itself is inline in rng.h).  Owns no state. */
#include "risk/rng.h"

uint64_t ash_rrng_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Each part of the triple goes through its own splitmix round before the
 * next is folded in, so (seed, stream, sub) triples that differ in any
 * part start far apart; the four state words are then splitmix outputs
 * (never all zero in practice; guarded anyway). */
void ash_rrng_seed(ash_rrng *r, uint64_t seed, uint64_t stream, uint64_t sub)
{
	uint64_t x = seed;
	uint64_t h = ash_rrng_splitmix(&x);
	x = h ^ stream;
	h = ash_rrng_splitmix(&x);
	x = h ^ sub;
	for (int i = 0; i < 4; i++)
		r->s[i] = ash_rrng_splitmix(&x);
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

void ash_rrng_jump(ash_rrng *r)
{
	static const uint64_t jump[4] = {
		0x180ec6d33cfd0abaull, 0xd5a61266f0c9392cull,
		0xa9582618e03fc9aaull, 0x39abdc4529b1661cull};
	uint64_t t[4] = {0, 0, 0, 0};
	for (int i = 0; i < 4; i++) {
		for (int b = 0; b < 64; b++) {
			if (jump[i] & ((uint64_t)1 << b)) {
				for (int j = 0; j < 4; j++)
					t[j] ^= r->s[j];
			}
			(void)ash_rrng_next(r);
		}
	}
	for (int j = 0; j < 4; j++)
		r->s[j] = t[j];
}
