/* SPDX-License-Identifier: MIT */
/* fuzz_csv.c: libFuzzer target for the csv format: the
 * sniffer on the whole input, then every line through open/line/close.
 * The first byte picks the options (zone with or without DST, given or
 * inferred year) so that the time code is fuzzed too, and the column
 * mapping (by numbers, by header names, another separator, none). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ingest/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ash_tz *zone(int which)
{
	static ash_tz *z[3];
	static const char *const names[3] = {"UTC", "America/New_York", "Asia/Singapore"};
	if (!z[which] && ash_tz_open(names[which], &z[which], NULL) != 0)
		return NULL;
	return z[which];
}

/* Every borrowed string of a record must be readable. */
static void touch(const ash_rec *r)
{
	const ash_str *s[4] = {&r->rule, &r->device, &r->in_if, &r->out_if};
	volatile char sink = 0;
	for (int i = 0; i < 4; i++)
		for (uint32_t k = 0; k < s[i]->n; k++)
			sink ^= s[i]->p[k];
	(void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	int mode = size ? data[0] : 0;
	ash_parse_opts o = {
		.tz = zone(mode % 3),
		.year = (mode & 4) ? 0 : 2026,
		.ref_time_us = (mode & 8) ? 0 : 1795539731LL * 1000000,
	};
	static const char *const maps[4] = {
		"time=0,src=2,dst=3,sport=4,dport=5,proto=6,bytes=7,action=8,"
		"rule=9,in=10,out=11,device=12,end=13,rbytes=14,packets=15,rpackets=16",
		"time=Time,src=Source IP,dst=Dst,dport=Port,proto=P,rule=R",
		"sep=;,time=1,src=0,dst=2,action=3", NULL};
	o.csv_map = maps[(mode >> 4) & 3];
	int score;
	(void)ash_parser_sniff(s, size, &score);
	void *st = ash_csv_parser.open(&o);
	for (size_t i = size ? 1 : 0; i < size;) {
		const char *nl = memchr(s + i, '\n', size - i);
		size_t e = nl ? (size_t)(nl - s) : size;
		ash_rec r;
		const char *why = NULL;
		int rc = ash_csv_parser.line(st, s + i, e - i, &r, &why);
		if (rc == ASH_LINE_REJECT && (!why || !why[0]))
			__builtin_trap(); /* a reject always says why */
		if (rc == ASH_LINE_RECORD)
			touch(&r);
		i = e + 1;
	}
	ash_csv_parser.close(st);
	return 0;
}
