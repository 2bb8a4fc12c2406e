/* SPDX-License-Identifier: MIT */
/* fuzz_filter.c: the filter compiler and evaluator on arbitrary bytes.
 * Besides "no crash", checks two properties of every filter F that
 * compiles: "not (F)" selects exactly the rows F does not, and the
 * canonical text of F, when it compiles again, describes itself. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/filter.h"

static const char *zone_of(const void *ctx, const ash_ip *ip)
{
	(void)ctx;
	return ip->b[15] & 1 ? "dmz" : ip->b[15] & 2 ? "lan" : NULL;
}

/* Four rows over a dictionary of three addresses and three strings. */
static void batch(ash_batch *b)
{
	static ash_ip addrs[3];
	static const int64_t ts[4] = {0, 1795539600000000, 1795543200000000, -5};
	static const int64_t te[4] = {10, 1795539601000000, 0, -9};
	static const int32_t tz[4];
	static const uint32_t have[4] = {0x1fff, 0x8ff, 0, 0x107a};
	static const uint32_t smp[4] = {100, 0, 0, 7}, nt[4] = {2, 0, 1, 9};
	static const uint32_t si[4] = {0, 1, 2, 7}, di[4] = {1, 2, 0, 0};
	static const uint16_t sp[4] = {53, 0, 65535, 22}, dp[4] = {80, 2048, 1, 22};
	static const uint8_t pr[4] = {6, 1, 17, 58}, fl[4] = {0x12, 0xff, 0, 2};
	static const uint8_t ac[4] = {1, 2, 3, 0}, fm[4] = {1, 2, 3, 200};
	static const uint64_t ob[4] = {1, UINT64_MAX, 0, 1000000};
	static const uint64_t rb[4] = {2, UINT64_MAX, 0, 0};
	static const uint32_t sx[4] = {0, 1, 2, 9};
	static const ash_str strs[3] = {{"", 0}, {"eth0", 4}, {"web\0x", 5}};
	static const uint64_t line[4] = {1, 2, 3, 4};
	ash_ip_parse("203.0.113.1", 11, &addrs[0]);
	ash_ip_parse("10.0.0.2", 8, &addrs[1]);
	ash_ip_parse("2001:db8::3", 11, &addrs[2]);
	*b = (ash_batch){
		.n = 4, .site = "s1", .t_start = ts, .t_end = te, .tz_off = tz,
		.have = have, .src_idx = si, .dst_idx = di, .addrs = addrs,
		.naddrs = 3, .sport = sp, .dport = dp, .proto = pr,
		.tcp_flags = fl, .action = ac, .obytes = ob, .rbytes = rb,
		.opkts = ob, .rpkts = rb, .in_if = sx, .out_if = di, .rule = sx,
		.device = si, .note = nt, .sampling = smp, .strs = strs,
		.nstrs = 3, .format = fm,
		.src_line = line,
	};
}

static uint64_t run(const ash_filter *f)
{
	ash_batch b;
	uint64_t sel = 0;
	batch(&b);
	ash_filter_scratch *s = ash_filter_scratch_new();
	if (ash_filter_run(f, s, &b, &sel, NULL, NULL) != 0)
		abort();
	ash_filter_scratch_free(s);
	if (sel >> 4)
		abort();
	return sel;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const ash_filter_env env = {.zone_of = zone_of};
	ash_filter *f = NULL, *g = NULL, *h = NULL;
	ash_err err;
	char *neg = NULL, d1[2048], d2[2048];
	if (ash_filter_compile((const char *)data, size, &env, &f, &err) != 0)
		goto out;
	ash_chunk_meta m = {.records = 1, .t_min = 0, .t_max = INT64_MAX};
	(void)ash_filter_chunk_may_match(f, &m);
	uint64_t sel = run(f);
	/* not (F) is the complement */
	neg = malloc(size + 8);
	memcpy(neg, "not (", 5);
	memcpy(neg + 5, data, size);
	memcpy(neg + 5 + size, "\n)", 2);
	if (ash_filter_compile(neg, size + 7, &env, &g, &err) == 0 &&
	    run(g) != (~sel & 15))
		abort();
	/* the canonical text describes itself */
	size_t n1 = ash_filter_describe(f, d1, sizeof d1);
	if (n1 < sizeof d1 && !strstr(d1, "\\x") &&
	    ash_filter_compile(d1, n1, &env, &h, &err) == 0) {
		ash_filter_describe(h, d2, sizeof d2);
		if (strcmp(d1, d2) != 0 || run(h) != sel)
			abort();
	}
out:
	ash_filter_free(f);
	ash_filter_free(g);
	ash_filter_free(h);
	free(neg);
	return 0;
}
