/* SPDX-License-Identifier: MIT */
/* rng.h: the risk simulation's pseudo-random numbers: xoshiro256** seeded
 * through splitmix64 from (seed, stream, substream), so that every
 * (scenario, simulated year) draws from its own stream and results do not
 * depend on the number of threads or on the order of the work.  Not for
 * cryptography.  (src/gen has its own generator for the log generator; the
 * two are independent on purpose: changing one never moves the other's
 * numbers.) */
#ifndef ASH_RISK_RNG_H
#define ASH_RISK_RNG_H

#include <stdint.h>

typedef struct ash_rrng {
	uint64_t s[4];
} ash_rrng;

/* Seed r from (seed, stream, sub): any two distinct triples give
 * independent-looking streams; the same triple always the same stream. */
void ash_rrng_seed(ash_rrng *r, uint64_t seed, uint64_t stream, uint64_t sub);

/* splitmix64 step: advances *x, returns a well-mixed 64-bit value. */
uint64_t ash_rrng_splitmix(uint64_t *x);

/* 64-bit FNV-1a of a NUL-terminated string (stream keys from names). */
uint64_t ash_rrng_hash(const char *s);

/* Advance r by 2^128 draws (xoshiro256** jump): an alternative way to
 * cut non-overlapping streams from one seed. */
void ash_rrng_jump(ash_rrng *r);

static inline uint64_t ash_rrng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* Next 64 random bits (xoshiro256**). */
static inline uint64_t ash_rrng_next(ash_rrng *r)
{
	uint64_t *s = r->s;
	uint64_t out = ash_rrng_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = ash_rrng_rotl(s[3], 45);
	return out;
}

/* Uniform double in the open interval (0, 1): never 0, never 1, so log(u)
 * and log(1 - u) are always finite.  53 random bits, offset by half a
 * step: values are (k + 0.5) / 2^53. */
static inline double ash_rrng_u01(ash_rrng *r)
{
	return ((double)(ash_rrng_next(r) >> 11) + 0.5) * 0x1.0p-53;
}

#endif
