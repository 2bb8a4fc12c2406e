/* SPDX-License-Identifier: MIT */
/* line_fuzz.h: the shared body of the line-parser fuzz targets: the
 * sniffer on the whole input, then every line through open/line/close.
 * The first byte picks the options (zone with or without DST, given or
 * inferred year).  A target is: LINE_FUZZ_TARGET(ash_asa_parser). */
#ifndef ASH_LINE_FUZZ_H
#define ASH_LINE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ingest/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ash_tz *line_fuzz_zone(int which)
{
	static ash_tz *z[4];
	static const char *const names[4] = {"UTC", "America/New_York",
						"Europe/Berlin", "Asia/Singapore"};
	if (!z[which] && ash_tz_open(names[which], &z[which], NULL) != 0)
		return NULL;
	return z[which];
}

static void line_fuzz_touch(ash_str s)
{
	if (!s.p)
		return; /* unknown ({NULL, 0}, record.h); NULL + 0 is UB in C */
	volatile char sink = 0;
	for (uint32_t k = 0; k < s.n; k++)
		sink ^= s.p[k];
	(void)sink;
}

static int line_fuzz(const ash_parser *p, const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	int mode = size ? data[0] : 0;
	ash_parse_opts o = {
		.tz = line_fuzz_zone((mode >> 4) & 3),
		.year = (mode & 4) ? 0 : 2026,
		.ref_time_us = (mode & 8) ? 0 : 1795539731LL * 1000000,
	};
	int score;
	(void)ash_parser_sniff(s, size, &score);
	void *st = p->open(&o);
	for (size_t i = size ? 1 : 0; i < size;) {
		const char *nl = memchr(s + i, '\n', size - i);
		size_t e = nl ? (size_t)(nl - s) : size;
		ash_rec r;
		const char *why = NULL;
		int rc = p->line(st, s + i, e - i, &r, &why);
		if (rc == ASH_LINE_REJECT && (!why || !why[0]))
			__builtin_trap(); /* a reject always says why */
		if (rc == ASH_LINE_RECORD) { /* borrowed strings are readable */
			line_fuzz_touch(r.rule);
			line_fuzz_touch(r.device);
			line_fuzz_touch(r.in_if);
			line_fuzz_touch(r.out_if);
			line_fuzz_touch(r.note);
		}
		i = e + 1;
	}
	p->close(st);
	return 0;
}

#define LINE_FUZZ_TARGET(parser)                                          \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)      \
	{                                                                 \
		return line_fuzz(&(parser), data, size);                  \
	}

#endif
