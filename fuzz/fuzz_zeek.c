/* SPDX-License-Identifier: MIT */
/* fuzz_zeek.c: libFuzzer target for the zeek format (TSV with its header,
 * and JSON lines): the sniffer on the whole input, then every line
 * through open/line/close. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ingest/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	ash_parse_opts o = {0};
	int score;
	(void)ash_parser_sniff(s, size, &score);
	void *st = ash_zeek_parser.open(&o);
	for (size_t i = 0; i < size;) {
		const char *nl = memchr(s + i, '\n', size - i);
		size_t e = nl ? (size_t)(nl - s) : size;
		ash_rec r;
		const char *why = NULL;
		int rc = ash_zeek_parser.line(st, s + i, e - i, &r, &why);
		if (rc == ASH_LINE_REJECT && (!why || !why[0]))
			__builtin_trap(); /* a reject always says why */
		if (rc == ASH_LINE_RECORD && (r.have & ASH_HAVE_END) && r.t_end < r.t_start)
			__builtin_trap(); /* durations are not negative */
		i = e + 1;
	}
	ash_zeek_parser.close(st);
	return 0;
}
