/* SPDX-License-Identifier: MIT */
/* fuzz_ioc.c: the indicator list reader of `triage --ioc` (detect_ioc.c)
 * on arbitrary bytes; every loaded indicator must be a valid prefix and
 * the list must free cleanly. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "detect/detect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	FILE *f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	ash_ioc o;
	ash_err err;
	if (ash_ioc_read(f, "fuzz", &o, &err) == ASH_OK) {
		for (size_t i = 0; i < o.n; i++)
			if (o.v[i].bits > 128)
				abort();
	}
	ash_ioc_free(&o);
	fclose(f);
	return 0;
}
