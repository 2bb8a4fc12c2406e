/* SPDX-License-Identifier: MIT */
/* fuzz_pkt.c: libFuzzer target for the frame decoder (ingest/pkt.c).
 * The first byte picks the link type, the second how much longer the
 * frame was on the wire; the rest is the captured frame.  Checks that the
 * decoded payload lies within the captured bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int linktypes[] = {1, 113, 276, 0, 108, 12, 101, 228, 229, 147};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2 || size > 65535)
		return 0;
	int lt = linktypes[data[0] % (sizeof linktypes / sizeof linktypes[0])];
	uint32_t n = (uint32_t)size - 2;
	/* a copy of exactly n bytes, so ASan sees any read past caplen */
	uint8_t *frame = malloc(n ? n : 1);
	if (!frame)
		return 0;
	memcpy(frame, data + 2, n);
	ash_pkt p;
	const char *why = NULL;
	int rc = ash_pkt_decode(lt, frame, n, n + data[1] * 16u, &p, &why);
	if (rc == ASH_PKT_OK) {
		if (p.payload_len &&
		    (p.payload < frame || p.payload + p.payload_len > frame + n))
			abort();
		if (p.ipver != 4 && p.ipver != 6)
			abort();
	} else if (!why) {
		abort();
	}
	free(frame);
	return 0;
}
