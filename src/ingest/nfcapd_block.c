/* SPDX-License-Identifier: MIT */
/* nfcapd_block.c: decompression of one nfcapd data block (LZO1X, BZ2,
 * LZ4 raw block, ZSTD frame), each codec as nfdump writes it: the block
 * payload is one independent compressed buffer.
 * Does not: read files, frame blocks or look at records (nfcapd.c,
 * nfcapd_rec.c).  Output is bounded by the caller's capacity: a block
 * that would inflate beyond it is rejected, never grown into. */
#include "ingest/nfcapd.h"

#include <bzlib.h>
#include <stdbool.h>
#include <limits.h>
#include <lz4.h>
#include <lzo/lzo1x.h>
#include <zstd.h>
#include <zstd_errors.h>

static int inflate_lzo(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
		       size_t *outn, const char **why)
{
	static int lzo_ready; /* lzo_init only checks the build: idempotent */
	if (!lzo_ready) {
		if (lzo_init() != LZO_E_OK) {
			*why = "lzo: library initialisation failed";
			return -1;
		}
		lzo_ready = 1;
	}
	lzo_uint len = cap;
	int r = lzo1x_decompress_safe(in, n, out, &len, NULL);
	if (r != LZO_E_OK) {
		*why = r == LZO_E_OUTPUT_OVERRUN ? "lzo: block inflates beyond the cap"
						  : "lzo: corrupt block";
		return r == LZO_E_OUTPUT_OVERRUN ? -2 : -1;
	}
	*outn = len;
	return 0;
}

static int inflate_bz2(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
		       size_t *outn, const char **why)
{
	unsigned int len = cap > UINT_MAX ? UINT_MAX : (unsigned int)cap;
	int r = BZ2_bzBuffToBuffDecompress((char *)out, &len, (char *)in,
					   (unsigned int)n, 0, 0);
	if (r != BZ_OK) {
		*why = r == BZ_OUTBUFF_FULL ? "bz2: block inflates beyond the cap"
					    : "bz2: corrupt block";
		return r == BZ_OUTBUFF_FULL ? -2 : -1;
	}
	*outn = len;
	return 0;
}

static int inflate_lz4(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
		       size_t *outn, const char **why)
{
	int c = cap > INT_MAX ? INT_MAX : (int)cap;
	int r = LZ4_decompress_safe((const char *)in, (char *)out, (int)n, c);
	if (r < 0) {
		/* LZ4 does not tell a short output from damage; it never
		 * inflates more than 255 times, so beyond that it is damage */
		bool small = cap / 255 < n + 1;
		*why = small ? "lz4: block inflates beyond the cap" : "lz4: corrupt block";
		return small ? -2 : -1;
	}
	*outn = (size_t)r;
	return 0;
}

static int inflate_zstd(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			size_t *outn, const char **why)
{
	size_t r = ZSTD_decompress(out, cap, in, n);
	if (ZSTD_isError(r)) {
		bool small = ZSTD_getErrorCode(r) == ZSTD_error_dstSize_tooSmall;
		*why = small ? "zstd: block inflates beyond the cap" : "zstd: corrupt block";
		return small ? -2 : -1;
	}
	*outn = r;
	return 0;
}

int ash_nfcapd_block_inflate(int codec, const uint8_t *in, size_t n,
			     uint8_t *out, size_t cap, size_t *outn,
			     const char **why)
{
	*outn = 0;
	if (n == 0 || n > ASH_NFCAPD_BLOCK_MAX) {
		*why = "compressed block size out of range";
		return -1;
	}
	switch (codec) {
	case ASH_NFCAPD_LZO:
		return inflate_lzo(in, n, out, cap, outn, why);
	case ASH_NFCAPD_BZ2:
		return inflate_bz2(in, n, out, cap, outn, why);
	case ASH_NFCAPD_LZ4:
		return inflate_lz4(in, n, out, cap, outn, why);
	case ASH_NFCAPD_ZSTD:
		return inflate_zstd(in, n, out, cap, outn, why);
	default:
		*why = "unknown block compression";
		return -1;
	}
}
