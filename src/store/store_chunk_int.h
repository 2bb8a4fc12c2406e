/* SPDX-License-Identifier: MIT */
/* store_chunk_int.h: the chunk builder's fields, shared by the builder
 * (store_chunk.c) and the encoder (store_chunk_enc.c) and nothing else. */
#ifndef ASH_STORE_CHUNK_INT_H
#define ASH_STORE_CHUNK_INT_H

#include "store/store_chunk.h"

struct ash_chunk_builder {
	ash_chunk_tuning t;
	uint32_t n, cap;
	int64_t *t_start, *t_end;
	int32_t *tz_off;
	uint32_t *have, *str[5]; /* in_if, out_if, rule, device, note */
	uint32_t *sampling;
	/* addresses by column (src, dst, nat src, nat dst): the IPv4 value,
	 * or (when is6) the index in the v6 dictionary */
	uint32_t *acode[4];
	uint8_t *is6[4];
	uint16_t *sport, *dport, *nsport, *ndport;
	uint8_t *proto, *flags, *action, *format;
	uint64_t *cnt[4], *line;
	int64_t t_min, t_max;
	uint8_t bloom[ASH_BLOOM_BYTES]; /* the non-IPv4 part */
	uint64_t seed;
	uint32_t n4refs; /* rows x columns holding an IPv4 address */
	/* non-IPv4 dictionary: atab slots hold hash tag << 32 | (index + 1) */
	ash_ip *v6;
	uint8_t *v6_bloomed;
	size_t nv6, cap_v6, cap_v6b;
	uint64_t *atab;
	size_t atab_size;
	ash_ip alast[4];
	uint32_t alast_idx[4];
	/* string dictionary: entry 0 is ""; stab slots hold tag << 32 | index */
	char *sdata;
	size_t sbytes;
	uint32_t *soff, *slen;
	size_t nstrs, cap_soff, cap_slen;
	uint64_t *stab;
	size_t stab_size;
	uint32_t slast[5];
};

#endif
