/* SPDX-License-Identifier: MIT */
/* rng.c: seeding and the non-uniform draws of the generator's PRNG (the
 * uniform core is inline in rng.h).  Owns no state of its own. */
#include "gen/rng.h"

#include <math.h>

void ash_rng_seed(ash_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ ash_rotl64(stream * 0xd1342543de82ef95ULL + 1, 29);
	for (int i = 0; i < 4; i++)
		r->s[i] = ash_splitmix64(&x);
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = 1; /* the all-zero state is a fixed point */
}

double ash_rng_exp(ash_rng *r, double mean)
{
	/* 1 - u is in (0, 1]: log never sees 0 */
	return -log(1.0 - ash_rng_unit(r)) * mean;
}

uint64_t ash_rng_logu(ash_rng *r, uint64_t lo, uint64_t hi)
{
	if (lo == 0)
		lo = 1;
	if (hi <= lo)
		return lo;
	double a = log((double)lo), b = log((double)hi + 1.0);
	double v = exp(a + (b - a) * ash_rng_unit(r));
	uint64_t x = (uint64_t)v;
	if (x < lo)
		x = lo;
	if (x > hi)
		x = hi;
	return x;
}

uint32_t ash_rng_skew(ash_rng *r, uint32_t n)
{
	double u = ash_rng_unit(r);
	uint32_t i = (uint32_t)((double)n * u * u); /* P(i < k) = sqrt(k / n) */
	return i < n ? i : n - 1;
}
