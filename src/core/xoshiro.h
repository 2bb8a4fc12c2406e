/* SPDX-License-Identifier: MIT */
/* xoshiro.h: xoshiro256** (Blackman and Vigna) and splitmix64, the one
 * pseudo-random core of the log generator (gen/rng.h) and the risk
 * simulation (risk/rng.h).  Each of those seeds it its own way and keeps
 * its own draws, so neither moves the other's numbers; the algorithm is
 * fixed by its published definition.  Not for cryptography. */
#ifndef ASH_XOSHIRO_H
#define ASH_XOSHIRO_H

#include <stdint.h>

typedef struct ash_xoshiro {
	uint64_t s[4];
} ash_xoshiro;

/* splitmix64 step: advances *x and returns a well-mixed 64-bit value. */
uint64_t ash_splitmix64(uint64_t *x);

/* Advance r by 2^128 draws (the xoshiro256** jump). */
void ash_xoshiro_jump(ash_xoshiro *r);

static inline uint64_t ash_rotl64(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* Next 64 random bits. */
static inline uint64_t ash_xoshiro_next(ash_xoshiro *r)
{
	uint64_t *s = r->s;
	uint64_t out = ash_rotl64(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = ash_rotl64(s[3], 45);
	return out;
}

#endif
