/* SPDX-License-Identifier: MIT */
/* fuzz_chunk.c: libFuzzer target for the chunk decoder
 * (ash_chunk_decode_mem, store_chunk_read.c).  Input: one control byte,
 * then a chunk image.  Control bit 0 asks to recompute the checksums first
 * (so mutations reach the column decoders, not just the crc check); bits
 * 1..7 are the ASH_COL_* groups to decode.  Every decoded index (notes
 * included, also in chunks without the note column) must be in range. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_chunk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ash_chunk_reader *r;
	ash_batch b;
	ash_err err;
	if (size < 1)
		return 0;
	if (!r)
		r = ash_chunk_reader_new();
	uint8_t ctl = data[0];
	size_t n = size - 1;
	uint8_t *img = malloc(n + 1); /* exact size: ASan sees overreads */
	memcpy(img, data + 1, n);
	if (ctl & 1)
		ash_chunk_fix_crcs(img, n);
	unsigned cols = (ctl >> 1) & ASH_COL_ALL;
	if (ash_chunk_decode_mem(r, img, n, cols, &b, &err) == 0) {
		for (size_t i = 0; i < b.n; i++) {
			if ((b.src_idx && b.src_idx[i] >= b.naddrs) ||
			    (b.nat_dst_idx && b.nat_dst_idx[i] >= b.naddrs) ||
			    (b.device && b.device[i] >= b.nstrs) ||
			    (b.note && b.note[i] >= b.nstrs))
				abort();
		}
		for (size_t i = 0; b.strs && i < b.nstrs; i++)
			if (b.strs[i].n && b.strs[i].p[b.strs[i].n - 1] == 1)
				err.code = 0; /* touch every string byte range */
	}
	if (ctl == 0xff)
		(void)ash_chunk_verify_mem(r, img, n, &b, NULL, &err);
	free(img);
	return 0;
}
