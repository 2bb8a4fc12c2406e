/* SPDX-License-Identifier: MIT */
/* store_bloom.c: the per-chunk address filter (see store_bloom.h).  Only
 * the bit arithmetic; the chunk encoder decides which addresses go in. */
#include "store/store_bloom.h"

#define BLOOM_BITS (ASH_BLOOM_BYTES * 8u)

static inline void bits_of(const ash_ip *ip, uint32_t b[3])
{
	uint64_t h = ash_ip_hash(ip);
	b[0] = (uint32_t)(h & (BLOOM_BITS - 1));
	b[1] = (uint32_t)((h >> 11) & (BLOOM_BITS - 1));
	b[2] = (uint32_t)((h >> 22) & (BLOOM_BITS - 1));
}

void ash_bloom_add(uint8_t bloom[ASH_BLOOM_BYTES], const ash_ip *ip)
{
	uint32_t b[3];
	bits_of(ip, b);
	for (int i = 0; i < 3; i++)
		bloom[b[i] >> 3] |= (uint8_t)(1u << (b[i] & 7));
}

bool ash_bloom_test(const uint8_t bloom[ASH_BLOOM_BYTES], const ash_ip *ip)
{
	uint32_t b[3];
	bits_of(ip, b);
	for (int i = 0; i < 3; i++)
		if (!(bloom[b[i] >> 3] & (1u << (b[i] & 7))))
			return false;
	return true;
}

bool ash_chunk_may_have(const ash_chunk_meta *m, const ash_ip *ip)
{
	return ash_bloom_test(m->bloom, ip);
}
