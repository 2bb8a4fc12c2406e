/* SPDX-License-Identifier: MIT */
/* store_bloom.h: the per-chunk address filter (ASH_BLOOM_BYTES bytes, k=3,
 * bit positions from ash_ip_hash; exact layout in store_format.h).
 * Internal to src/store; the public test is ash_chunk_may_have (store.h). */
#ifndef ASH_STORE_BLOOM_H
#define ASH_STORE_BLOOM_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ip.h"
#include "store/store.h"

/* Set the three bits of ip in bloom. */
void ash_bloom_add(uint8_t bloom[ASH_BLOOM_BYTES], const ash_ip *ip);
/* True when all three bits of ip are set. */
bool ash_bloom_test(const uint8_t bloom[ASH_BLOOM_BYTES], const ash_ip *ip);

#endif
