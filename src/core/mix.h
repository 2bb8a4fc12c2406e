/* SPDX-License-Identifier: MIT */
/* mix.h: the 64-bit finalizer of MurmurHash3 (fmix64): every input bit
 * moves every output bit.  The building block of the hash tables and
 * fingerprints that fold words through it (detect/htab.c,
 * detect/rhythm.c, ingest/nf_pending.c). */
#ifndef ASH_MIX_H
#define ASH_MIX_H

#include <stdint.h>

static inline uint64_t ash_fmix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

#endif
