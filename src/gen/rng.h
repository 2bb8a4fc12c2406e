/* SPDX-License-Identifier: MIT */
/* rng.h: the generator's own pseudo-random numbers (xoshiro256** of
 * core/xoshiro.h, seeded through splitmix64).  Deterministic for a seed on every platform; never
 * libc rand().  Each independent stream of the scenario gets its own state
 * (ash_rng_seed with a stream number), so adding a stream does not change
 * the numbers the others draw.  Not for cryptography. */
#ifndef ASH_RNG_H
#define ASH_RNG_H

#include <stdint.h>

#include "core/xoshiro.h"

typedef ash_xoshiro ash_rng;

/* Seed state r from (seed, stream): different streams are independent. */
void ash_rng_seed(ash_rng *r, uint64_t seed, uint64_t stream);

/* Next 64 random bits. */
static inline uint64_t ash_rng_next(ash_rng *r)
{
	return ash_xoshiro_next(r);
}

/* Uniform in [0, n) (n > 0), Lemire's multiply-shift (bias < 2^-32). */
static inline uint32_t ash_rng_below(ash_rng *r, uint32_t n)
{
	return (uint32_t)(((ash_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi] (lo <= hi). */
static inline uint64_t ash_rng_range(ash_rng *r, uint64_t lo, uint64_t hi)
{
	uint64_t span = hi - lo + 1;
	if (span == 0)
		return ash_rng_next(r);
	return lo + ash_rng_next(r) % span;
}

/* Uniform double in [0, 1). */
static inline double ash_rng_unit(ash_rng *r)
{
	return (double)(ash_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Exponential with the given mean (> 0). */
double ash_rng_exp(ash_rng *r, double mean);
/* Log-uniform integer in [lo, hi] (0 < lo <= hi): many small, few large. */
uint64_t ash_rng_logu(ash_rng *r, uint64_t lo, uint64_t hi);
/* Index in [0, n) skewed towards 0 (a few heavy hitters), n > 0. */
uint32_t ash_rng_skew(ash_rng *r, uint32_t n);

#endif
