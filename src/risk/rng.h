/* SPDX-License-Identifier: MIT */
/* rng.h: the risk simulation's pseudo-random numbers: xoshiro256**
 * (core/xoshiro.h) seeded through splitmix64 from (seed, stream,
 * substream), so that every
 * (scenario, simulated year) draws from its own stream and results do not
 * depend on the number of threads or on the order of the work.  Not for
 * cryptography.  (src/gen seeds the same core its own way: changing one's
 * seeding or draws never moves the other's numbers.) */
#ifndef ASH_RISK_RNG_H
#define ASH_RISK_RNG_H

#include <stdint.h>

#include "core/xoshiro.h"

typedef ash_xoshiro ash_rrng;

/* Seed r from (seed, stream, sub): any two distinct triples give
 * independent-looking streams; the same triple always the same stream.
 * (ash_xoshiro_jump cuts non-overlapping streams another way.) */
void ash_rrng_seed(ash_rrng *r, uint64_t seed, uint64_t stream, uint64_t sub);

/* 64-bit FNV-1a of a NUL-terminated string (stream keys from names). */
uint64_t ash_rrng_hash(const char *s);

/* Next 64 random bits (xoshiro256**). */
static inline uint64_t ash_rrng_next(ash_rrng *r)
{
	return ash_xoshiro_next(r);
}

/* Uniform double in the open interval (0, 1): never 0, never 1, so log(u)
 * and log(1 - u) are always finite.  53 random bits, offset by half a
 * step: values are (k + 0.5) / 2^53. */
static inline double ash_rrng_u01(ash_rrng *r)
{
	return ((double)(ash_rrng_next(r) >> 11) + 0.5) * 0x1.0p-53;
}

#endif
