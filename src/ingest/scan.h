/* SPDX-License-Identifier: MIT */
/* scan.h: finding a byte in a short span, for the text parsers' token
 * and column splitting.  Tokens are a few bytes long, so a word-at-a-time
 * loop beats a memchr call per token.  Reads only inside [p, end). */
#ifndef ASH_SCAN_H
#define ASH_SCAN_H

#include <stdint.h>
#include <string.h>

/* First byte equal to c in [p, end), or end. */
static inline const char *ash_scan_byte(const char *p, const char *end, char c)
{
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t highs = 0x8080808080808080ull;
	const uint64_t pat = ones * (uint8_t)c;
	while (end - p >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		w ^= pat; /* a byte equal to c becomes zero */
		uint64_t z = (w - ones) & ~w & highs;
		if (z) /* lowest flagged byte is the first match (little endian) */
			return p + (__builtin_ctzll(z) >> 3);
		p += 8;
	}
	while (p < end && *p != c)
		p++;
	return p;
}

#endif
